package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/minutes"
)

// importTTL is how long a preview waits for its confirmation.
const importTTL = 24 * time.Hour

// pendingImport is a preview of meeting notes waiting for the user's
// confirmation: nothing of it is stored until then.
type pendingImport struct {
	// id tells this preview's buttons from an earlier preview's.
	id string
	// source is the link every to-do is stored with; label names it for
	// people ("the message", "notes.md").
	source, label string
	channel       campaignbot.Channel
	rows          []importRow
	problems      []minutes.Problem
	at            time.Time
	// done is set once its to-dos were created.
	done bool
}

// importRow is one to-do of a preview.
type importRow struct {
	// key names the row for the edit form however rows before it are
	// dropped, so that a retried submission changes the same rows.
	key  int
	line int
	todo campaignbot.Todo
	// dateOnly is set when the due date had no time of day.
	dateOnly bool
	// self is set when the line named no owner: the importer owns it.
	self bool
}

// importKey is whose preview it is.
type importKey struct {
	ws   campaignbot.WorkspaceID
	user campaignbot.UserID
}

// importStore keeps each user's latest preview in memory. A preview lost
// to a restart is harmless: nothing was stored, and importing again shows
// it again.
type importStore struct {
	mu sync.Mutex
	m  map[importKey]*pendingImport
}

// put makes p the user's preview, replacing an earlier one, and gives it
// a fresh id.
func (s *importStore) put(ws campaignbot.WorkspaceID, user campaignbot.UserID, p *pendingImport) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	p.id = hex.EncodeToString(b[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[importKey]*pendingImport{}
	}
	for k, v := range s.m {
		if p.at.Sub(v.at) > importTTL {
			delete(s.m, k)
		}
	}
	s.m[importKey{ws, user}] = p
}

// get returns the user's preview as of now; with an id, only that one.
func (s *importStore) get(ws campaignbot.WorkspaceID, user campaignbot.UserID, id string, now time.Time) *pendingImport {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.m[importKey{ws, user}]
	if p == nil || now.Sub(p.at) > importTTL || (id != "" && p.id != id) {
		return nil
	}
	return p
}

// drop forgets the user's preview, when it is the one with id ("" for
// any).
func (s *importStore) drop(ws campaignbot.WorkspaceID, user campaignbot.UserID, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.m[importKey{ws, user}]
	if p == nil || (id != "" && p.id != id) {
		return false
	}
	delete(s.m, importKey{ws, user})
	return true
}

// markDone records that the preview's to-dos were created.
func (s *importStore) markDone(p *pendingImport) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.done = true
}

// isDone reports whether the preview's to-dos were created.
func (s *importStore) isDone(p *pendingImport) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return p.done
}

// replace makes next, an edited copy of the preview with p's id, the
// user's preview, when p is still it and not done; previews are never
// changed in place, so that readers of p need no lock.
func (s *importStore) replace(ws campaignbot.WorkspaceID, user campaignbot.UserID, p, next *pendingImport) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := importKey{ws, user}
	if s.m[k] != p || p.done {
		return false
	}
	next.id = p.id
	s.m[k] = next
	return true
}
