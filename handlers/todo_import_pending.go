package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/minutes"
)

// importTTL is how long a preview waits for its confirmation.
const importTTL = 24 * time.Hour

// pendingImport is a preview of meeting notes waiting for the user's
// confirmation: nothing of it is stored as to-dos until then.
type pendingImport struct {
	// id tells this preview's buttons from an earlier preview's; version
	// is the edit it is at.
	id      string
	version int
	// source is the link every to-do is stored with; label names it for
	// people ("the message", "notes.md").
	source, label string
	channel       campaignbot.Channel
	// origin is where the notes were read from, checked again on
	// confirmation.
	origin   importOrigin
	rows     []importRow
	problems []minutes.Problem
	at       time.Time
	// done is set once its to-dos were created.
	done bool
}

// importRow is one to-do of a preview.
type importRow struct {
	// key names the row for the edit form however rows before it are
	// dropped, so that a retried submission changes the same rows.
	key  int
	line int
	// source is the line as written (trimmed), which knows it again in a
	// later import however lines above it moved.
	source string
	todo   campaignbot.Todo
	// dateOnly is set when the due date had no time of day.
	dateOnly bool
	// self is set when the line named no owner: the importer owns it.
	self bool
}

// importStore keeps each user's latest preview in a
// campaignbot.ImportPreviews: the database's when the bot has one, so
// that the confirmation, an edit or a cancel may reach any replica or the
// process after a restart; else in memory.
type importStore struct {
	previews campaignbot.ImportPreviews
	mem      memoryPreviews
}

// backend returns where previews are kept.
func (s *importStore) backend() campaignbot.ImportPreviews {
	if s.previews != nil {
		return s.previews
	}
	return &s.mem
}

// put makes p the user's preview, replacing an earlier one, and gives it
// a fresh id.
func (s *importStore) put(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, p *pendingImport) error {
	var b [8]byte
	_, _ = rand.Read(b[:])
	p.id, p.version, p.done = hex.EncodeToString(b[:]), 1, false
	payload, err := encodeImport(p)
	if err != nil {
		return err
	}
	rec := campaignbot.ImportPreview{Workspace: ws, User: user, ID: p.id, Payload: payload, CreatedAt: p.at}
	return s.backend().PutPreview(ctx, rec, p.at.Add(-importTTL))
}

// get returns the user's preview as of now; with an id, only that one;
// nil when none is waiting.
func (s *importStore) get(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string, now time.Time) (*pendingImport, error) {
	rec, err := s.backend().Preview(ctx, ws, user)
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	case now.Sub(rec.CreatedAt) > importTTL || (id != "" && rec.ID != id):
		return nil, nil
	}
	p, err := decodeImport(rec.Payload)
	if err != nil {
		return nil, err
	}
	p.id, p.version, p.done = rec.ID, rec.Version, rec.Done
	return p, nil
}

// drop forgets the user's preview, when it is the one with id.
func (s *importStore) drop(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, id string) (bool, error) {
	return s.backend().DropPreview(ctx, ws, user, id)
}

// markDone records that the preview's to-dos were created.
func (s *importStore) markDone(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, p *pendingImport) error {
	p.done = true
	return s.backend().MarkPreviewDone(ctx, ws, user, p.id)
}

// isDone reports whether the preview's to-dos were created, as of when
// it was read.
func (s *importStore) isDone(p *pendingImport) bool { return p.done }

// replace makes next, an edited copy of the preview p, the user's
// preview, when p is still it at its version and not done.
func (s *importStore) replace(ctx context.Context, ws campaignbot.WorkspaceID, user campaignbot.UserID, p, next *pendingImport) (bool, error) {
	if p.done {
		return false, nil
	}
	payload, err := encodeImport(next)
	if err != nil {
		return false, err
	}
	ok, err := s.backend().ReplacePreview(ctx, ws, user, p.id, p.version, payload)
	if ok {
		next.id, next.version = p.id, p.version+1
	}
	return ok, err
}

// importJSON is a preview as stored.
type importJSON struct {
	Source   string              `json:"source"`
	Label    string              `json:"label"`
	Channel  campaignbot.Channel `json:"channel"`
	OriginTS string              `json:"origin_ts,omitempty"`
	Shortcut bool                `json:"shortcut,omitempty"`
	File     *bot.SharedFile     `json:"file,omitempty"`
	Rows     []importRowJSON     `json:"rows"`
	Problems []minutes.Problem   `json:"problems"`
	At       time.Time           `json:"at"`
}

// importRowJSON is a row as stored.
type importRowJSON struct {
	Key      int              `json:"key"`
	Line     int              `json:"line"`
	Source   string           `json:"source,omitempty"`
	Todo     campaignbot.Todo `json:"todo"`
	DateOnly bool             `json:"date_only"`
	Self     bool             `json:"self"`
}

// encodeImport encodes a preview for its store.
func encodeImport(p *pendingImport) ([]byte, error) {
	j := importJSON{Source: p.source, Label: p.label, Channel: p.channel, OriginTS: p.origin.ts, Shortcut: p.origin.shortcut, File: p.origin.file, Problems: p.problems, At: p.at}
	for _, r := range p.rows {
		j.Rows = append(j.Rows, importRowJSON{Key: r.key, Line: r.line, Source: r.source, Todo: r.todo, DateOnly: r.dateOnly, Self: r.self})
	}
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("encode a to-do import preview: %w", err)
	}
	return b, nil
}

// decodeImport decodes a stored preview.
func decodeImport(b []byte) (*pendingImport, error) {
	var j importJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("decode a to-do import preview: %w", err)
	}
	p := &pendingImport{source: j.Source, label: j.Label, channel: j.Channel, origin: importOrigin{ts: j.OriginTS, shortcut: j.Shortcut, file: j.File}, problems: j.Problems, at: j.At}
	for _, r := range j.Rows {
		p.rows = append(p.rows, importRow{key: r.Key, line: r.Line, source: r.Source, todo: r.Todo, dateOnly: r.DateOnly, self: r.Self})
	}
	return p, nil
}
