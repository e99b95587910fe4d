package slackfake

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Message is a message in a conversation's history.
type Message struct {
	// TS is the message's timestamp; AddMessage assigns one when empty.
	TS string
	// User is the author; BotID is set on messages of apps.
	User  string
	BotID string
	Text  string
	// ThreadTS is the parent's ts for thread replies (and the message's
	// own ts for a thread parent); Broadcast is set for replies also sent
	// to the channel.
	ThreadTS  string
	Broadcast bool
	// Metadata is the message metadata, nil when none.
	Metadata *Metadata
	// Files are the files the message shares (files.completeUploadExternal).
	Files []File
}

// Metadata is message metadata as chat.postMessage accepts it.
type Metadata struct {
	EventType    string         `json:"event_type"`
	EventPayload map[string]any `json:"event_payload"`
}

// historyPageDefault and historyPageMax are conversations.history's
// default and largest limit.
const (
	historyPageDefault = 100
	historyPageMax     = 999
)

// AddMessage appends m to channel's history as if it had been posted
// (by someone other than the bot, unless m says so) and returns its ts.
func (s *Server) AddMessage(channel string, m Message) string {
	if m.TS == "" {
		m.TS = s.newTS()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.appendLocked(channel, m)
	s.notifyLocked()
	return m.TS
}

// DeleteMessage deletes message ts of channel, as its author deleting it
// in Slack does: conversations.history and conversations.replies no
// longer return it (replies to it answer thread_not_found).
func (s *Server) DeleteMessage(channel, ts string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.history[channel] = slices.DeleteFunc(s.history[channel], func(m Message) bool { return m.TS == ts })
	s.notifyLocked()
}

// Messages returns the messages posted into channel (a user id means the
// bot's DM with the user), oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.HasPrefix(channel, "U") {
		channel = dmChannel(channel)
	}
	return append([]Message(nil), s.history[channel]...)
}

// appendLocked stores m in channel's history, keeping it ordered by ts;
// s.mu is held.
func (s *Server) appendLocked(channel string, m Message) {
	h := s.history[channel]
	i := len(h)
	for i > 0 && tsMicros(h[i-1].TS) > tsMicros(m.TS) {
		i--
	}
	s.history[channel] = append(h[:i], append([]Message{m}, h[i:]...)...)
}

// dmChannel is the id of the bot's DM with user: stable, D instead of U.
func dmChannel(user string) string { return "D" + strings.TrimPrefix(user, "U") }

// openDMLocked returns the DM channel of user, creating it if needed, and
// whether it existed; s.mu is held.
func (s *Server) openDMLocked(user string) (string, bool) {
	id := dmChannel(user)
	if _, ok := s.channels[id]; ok {
		return id, true
	}
	s.channels[id] = Channel{ID: id, IsIM: true, IsMember: true}
	return id, false
}

// recordPost stores a chat.postMessage by the bot and returns the message
// as the answer carries it.
func (s *Server) recordPost(channel, ts string, p url.Values) map[string]any {
	m := Message{TS: ts, User: BotUserID, BotID: BotID, Text: p.Get("text"), ThreadTS: p.Get("thread_ts"),
		Broadcast: p.Get("reply_broadcast") == "true" || p.Get("reply_broadcast") == "1"}
	if raw := p.Get("metadata"); raw != "" {
		var md Metadata
		if json.Unmarshal([]byte(raw), &md) == nil && md.EventType != "" {
			m.Metadata = &md
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.HasPrefix(channel, "U") {
		channel, _ = s.openDMLocked(channel)
	}
	s.appendLocked(channel, m)
	return messageJSON(m, true)
}

// updateMessage applies a chat.update to the stored message, if any.
func (s *Server) updateMessage(channel, ts string, p url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, m := range s.history[channel] {
		if m.TS != ts {
			continue
		}
		m.Text = p.Get("text")
		if raw := p.Get("metadata"); raw != "" {
			var md Metadata
			if json.Unmarshal([]byte(raw), &md) == nil && md.EventType != "" {
				m.Metadata = &md
			}
		}
		s.history[channel][i] = m
		return
	}
}

// messageJSON renders m as Slack's message object; metadata is left out
// unless asked for (include_all_metadata).
func messageJSON(m Message, withMetadata bool) map[string]any {
	out := map[string]any{"type": "message", "ts": m.TS, "user": m.User, "text": m.Text}
	if m.BotID != "" {
		out["bot_id"] = m.BotID
		if m.BotID == BotID {
			out["app_id"] = AppID
		}
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if m.Broadcast {
		out["subtype"] = "thread_broadcast"
	}
	if len(m.Files) > 0 {
		files := make([]any, 0, len(m.Files))
		for _, f := range m.Files {
			files = append(files, map[string]any{"id": f.ID, "name": f.Name, "title": f.Title,
				"mimetype": f.Mimetype, "size": f.Size, "user": f.User, "mode": "hosted"})
		}
		out["files"] = files
		out["upload"] = true
	}
	if withMetadata && m.Metadata != nil {
		payload := m.Metadata.EventPayload
		if payload == nil {
			payload = map[string]any{}
		}
		out["metadata"] = map[string]any{"event_type": m.Metadata.EventType, "event_payload": payload}
	}
	return out
}

// window is the page size, time bounds, cursor and metadata wish of a
// history or replies call.
type window struct {
	limit          int
	inclusive      bool
	oldest, latest int64 // microseconds; latest -1 when unbounded
	// cursor is the ts the opaque cursor carries, -1 without one.
	cursor       int64
	withMetadata bool
}

// readWindow reads limit, inclusive, oldest, latest, the cursor (an
// opaque base64 of cursorPrefix and a ts) and include_all_metadata as
// Slack does, or returns the error code of a bad one.
func readWindow(p url.Values, cursorPrefix string) (window, string) {
	w := window{limit: historyPageDefault, latest: -1, cursor: -1}
	w.withMetadata = p.Get("include_all_metadata") == "1" || p.Get("include_all_metadata") == "true"
	if c := p.Get("cursor"); c != "" {
		raw, err := base64.StdEncoding.DecodeString(c)
		ts, ok := strings.CutPrefix(string(raw), cursorPrefix)
		if err != nil || !ok || tsMicros(ts) < 0 {
			return w, "invalid_cursor"
		}
		w.cursor = tsMicros(ts)
	}
	if v := p.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return w, "invalid_limit"
		}
		if n > 0 {
			w.limit = min(n, historyPageMax)
		}
	}
	w.inclusive = p.Get("inclusive") == "1" || p.Get("inclusive") == "true"
	if v := p.Get("oldest"); v != "" {
		if w.oldest = tsMicros(v); w.oldest < 0 {
			return w, "invalid_ts_oldest"
		}
	}
	if v := p.Get("latest"); v != "" {
		if w.latest = tsMicros(v); w.latest < 0 {
			return w, "invalid_ts_latest"
		}
	}
	return w, ""
}

// readableLocked says why the bot cannot read the conversation id (an id:
// names are channel_not_found), or ""; s.mu is held.
func (s *Server) readableLocked(id string) string {
	c, ok := s.channels[id]
	switch {
	case !ok:
		return "channel_not_found"
	case !c.IsMember:
		return "not_in_channel"
	}
	return ""
}

// conversationHistory answers conversations.history: the channel's
// messages newest first, without thread replies (unless broadcast), within
// oldest and latest, limit at a time, paged by an opaque cursor.
func (s *Server) conversationHistory(p url.Values) (map[string]any, string) {
	id := p.Get("channel")
	w, code := readWindow(p, "next_ts:")
	if code != "" {
		return nil, code
	}
	limit, inclusive, oldest, latest, withMetadata := w.limit, w.inclusive, w.oldest, w.latest, w.withMetadata
	from := w.cursor // continue with messages at or before it

	s.mu.Lock()
	defer s.mu.Unlock()
	if code := s.readableLocked(id); code != "" {
		return nil, code
	}
	h := s.history[id]
	msgs := []map[string]any{}
	next := ""
	for i := len(h) - 1; i >= 0; i-- {
		m := h[i]
		ts := tsMicros(m.TS)
		switch {
		case m.ThreadTS != "" && m.ThreadTS != m.TS && !m.Broadcast:
			continue // replies live in conversations.replies
		case from >= 0 && ts > from,
			latest >= 0 && (ts > latest || ts == latest && !inclusive):
			continue
		case ts < oldest || ts == oldest && !inclusive:
			continue
		}
		if len(msgs) == limit {
			next = base64.StdEncoding.EncodeToString([]byte("next_ts:" + m.TS))
			break
		}
		msgs = append(msgs, messageJSON(m, withMetadata))
	}
	return map[string]any{"messages": msgs, "has_more": next != "", "pin_count": 0,
		"response_metadata": map[string]any{"next_cursor": next}}, ""
}

// conversationReplies answers conversations.replies: the thread of the
// message ts in channel (an id: names are channel_not_found) — the ts of
// the thread's parent or of any of its replies — parent first
// and then the replies oldest first, within oldest and latest, limit at a
// time, paged by an opaque cursor.
func (s *Server) conversationReplies(p url.Values) (map[string]any, string) {
	id, parent := p.Get("channel"), p.Get("ts")
	if parent == "" {
		return nil, "invalid_arguments"
	}
	w, code := readWindow(p, "after_ts:")
	if code != "" {
		return nil, code
	}
	limit, inclusive, oldest, latest, withMetadata := w.limit, w.inclusive, w.oldest, w.latest, w.withMetadata
	after := w.cursor // continue with messages after it

	s.mu.Lock()
	defer s.mu.Unlock()
	if code := s.readableLocked(id); code != "" {
		return nil, code
	}
	// Like Slack, the ts of a reply stands for its whole thread.
	for _, m := range s.history[id] {
		if m.TS == parent && m.ThreadTS != "" {
			parent = m.ThreadTS
			break
		}
	}
	var thread []Message
	for _, m := range s.history[id] {
		if m.TS == parent || m.ThreadTS == parent {
			thread = append(thread, m)
		}
	}
	if len(thread) == 0 || thread[0].TS != parent {
		return nil, "thread_not_found"
	}
	msgs := []map[string]any{}
	next := ""
	for i, m := range thread {
		ts := tsMicros(m.TS)
		switch {
		case i > 0 && after >= 0 && ts <= after,
			i > 0 && latest >= 0 && (ts > latest || ts == latest && !inclusive),
			i > 0 && (ts < oldest || ts == oldest && !inclusive):
			continue // the parent always comes first, as Slack sends it
		}
		if len(msgs) == limit {
			next = base64.StdEncoding.EncodeToString([]byte("after_ts:" + thread[i-1].TS))
			break
		}
		msgs = append(msgs, messageJSON(m, withMetadata))
	}
	return map[string]any{"messages": msgs, "has_more": next != "",
		"response_metadata": map[string]any{"next_cursor": next}}, ""
}

// conversationOpen answers conversations.open for a 1:1 DM with one user,
// or resumes a conversation by channel id. The DM's id is stable per user.
func (s *Server) conversationOpen(p url.Values) (map[string]any, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id := p.Get("channel"); id != "" {
		if _, ok := s.channels[id]; !ok {
			return nil, "channel_not_found"
		}
		return map[string]any{"channel": map[string]any{"id": id}, "no_op": true, "already_open": true}, ""
	}
	users := p.Get("users")
	if users == "" {
		return nil, "users_list_not_supplied"
	}
	if strings.Contains(users, ",") {
		return nil, "invalid_arguments" // group DMs are not faked
	}
	u, ok := s.users[users]
	switch {
	case !ok:
		return nil, "user_not_found"
	case u.Deleted:
		return nil, "user_disabled"
	case u.IsBot:
		return nil, "cannot_dm_bot"
	}
	id, existed := s.openDMLocked(users)
	ch := map[string]any{"id": id}
	if p.Get("return_im") == "true" || p.Get("return_im") == "1" {
		ch = map[string]any{"id": id, "created": 1700000000, "is_im": true, "is_org_shared": false,
			"user": users, "is_user_deleted": false, "priority": 0}
	}
	return map[string]any{"channel": ch, "no_op": existed, "already_open": existed}, ""
}

// tsMicros parses a Slack ts ("1700000000.000100") into microseconds, or
// -1 when it is not one.
func tsMicros(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || s < 0 || len(frac) > 6 {
		return -1
	}
	var us int64
	if frac != "" {
		if us, err = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64); err != nil || us < 0 {
			return -1
		}
	}
	return s*1_000_000 + us
}
