package slackfake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// serveAPI answers one Web API call: a queued fault or a matching rule
// first, then the token, then the rate limits, then the method itself. A
// slow-answer fault lets the call take effect and holds the answer back.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	params, token := parseParams(r, body)
	call := Call{Method: method, Params: params, Body: body, Status: http.StatusOK}
	now := s.clock()
	channel := s.resolve(params.Get("channel"))
	f, faulty := s.takeFault(method)
	if !faulty {
		f, faulty = s.ruleFault(method, channel, now)
	}
	failing := faulty && (f.Status != 0 && f.Status != http.StatusOK || f.Error != "")
	if failing && !f.AfterEffect {
		wait(r, f.Delay)
		s.answerFault(w, call, f)
		return
	}
	if faulty && f.EffectAfter > 0 {
		// Slack carries the call out later, whatever the client does.
		t := time.NewTimer(f.EffectAfter)
		<-t.C
	}
	want := BotToken
	if method == "apps.connections.open" {
		want = AppToken
	}
	if token != want {
		call.Error = "invalid_auth"
		s.record(call)
		writeJSON(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	if d := s.admit(method, channel, now); d > 0 {
		call.Status = http.StatusTooManyRequests
		s.record(call)
		w.Header().Set("Retry-After", fmt.Sprint(retryAfterSeconds(d)))
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	resp, errCode := s.answer(method, params)
	if failing && errCode == "" {
		// It took effect; the client hears a failure.
		wait(r, f.Delay)
		s.answerFault(w, call, f)
		return
	}
	call.Error = errCode
	s.record(call)
	if faulty {
		wait(r, f.Delay)
	}
	if errCode != "" {
		writeJSON(w, map[string]any{"ok": false, "error": errCode})
		return
	}
	resp["ok"] = true
	writeJSON(w, resp)
}

// answerFault records call and answers it with the fault's Slack error or
// HTTP status (with Retry-After for 429).
func (s *Server) answerFault(w http.ResponseWriter, call Call, f Fault) {
	if f.Error != "" && (f.Status == 0 || f.Status == http.StatusOK) {
		call.Error = f.Error
		s.record(call)
		writeJSON(w, map[string]any{"ok": false, "error": f.Error})
		return
	}
	call.Status = f.Status
	s.record(call)
	if f.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", fmt.Sprint(f.RetryAfter))
	}
	w.WriteHeader(f.Status)
	io.WriteString(w, "<html>fault</html>")
}

// wait holds an answer back for d, or until the client is gone.
func wait(r *http.Request, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// parseParams reads form or JSON parameters and the token.
func parseParams(r *http.Request, body []byte) (url.Values, string) {
	params := url.Values{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil {
			for k, v := range m {
				var str string
				if json.Unmarshal(v, &str) == nil {
					params.Set(k, str)
				} else {
					params.Set(k, string(v))
				}
			}
		}
	} else {
		params, _ = url.ParseQuery(string(body))
		for k, v := range r.URL.Query() {
			params[k] = v
		}
	}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if t := params.Get("token"); t != "" {
		token = t
	}
	return params, token
}

// writeJSON writes v as the JSON answer.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

// answer computes the successful answer of a method, or a Slack error code.
func (s *Server) answer(method string, p url.Values) (map[string]any, string) {
	switch method {
	case "auth.test":
		return map[string]any{"url": "https://fake.slack.com/", "team": "Fake", "user": "campaignbot",
			"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID}, ""
	case "chat.postMessage":
		// Slack accepts a channel's name (with or without '#') here, and
		// answers with its id.
		ch := s.resolve(p.Get("channel"))
		if code := s.checkPost(ch); code != "" {
			return nil, code
		}
		if code := checkMessageBlocks(p.Get("blocks")); code != "" {
			return nil, code
		}
		ts := s.newTS()
		msg := s.recordPost(ch, ts, p)
		if strings.HasPrefix(ch, "U") {
			ch = dmChannel(ch)
		}
		return map[string]any{"channel": ch, "ts": ts, "message": msg}, ""
	case "chat.postEphemeral":
		if code := s.checkPost(s.resolve(p.Get("channel"))); code != "" {
			return nil, code
		}
		if p.Get("user") == "" {
			return nil, "user_not_found"
		}
		if code := checkMessageBlocks(p.Get("blocks")); code != "" {
			return nil, code
		}
		return map[string]any{"message_ts": s.newTS()}, ""
	case "chat.update":
		if code := s.checkPost(p.Get("channel")); code != "" {
			return nil, code
		}
		if code := checkMessageBlocks(p.Get("blocks")); code != "" {
			return nil, code
		}
		s.updateMessage(p.Get("channel"), p.Get("ts"), p)
		return map[string]any{"channel": p.Get("channel"), "ts": p.Get("ts"), "text": p.Get("text")}, ""
	case "views.open", "views.publish":
		if method == "views.open" && p.Get("trigger_id") == "" {
			return nil, "invalid_trigger_id"
		}
		if method == "views.publish" && p.Get("user_id") == "" {
			return nil, "invalid_arguments"
		}
		var view map[string]any
		if json.Unmarshal([]byte(p.Get("view")), &view) != nil {
			return nil, "invalid_arguments"
		}
		if code := checkView(view); code != "" {
			return nil, code
		}
		view["id"] = "V" + strings.ReplaceAll(s.newTS(), ".", "")
		view["team_id"] = TeamID
		if method == "views.open" {
			s.rememberView(view)
		}
		return map[string]any{"view": view}, ""
	case "users.info":
		return s.userInfo(p.Get("user"), p.Get("include_locale") == "true" || p.Get("include_locale") == "1")
	case "conversations.info":
		return s.conversationInfo(p.Get("channel"))
	case "conversations.history":
		return s.conversationHistory(p)
	case "conversations.replies":
		return s.conversationReplies(p)
	case "users.list":
		return s.userList(p)
	case "conversations.open":
		return s.conversationOpen(p)
	case "files.info":
		s.mu.Lock()
		f, ok := s.files[p.Get("file")]
		deleted := s.deletedFiles[p.Get("file")]
		s.mu.Unlock()
		if deleted {
			return nil, "file_deleted"
		}
		if !ok || !s.botSeesFile(f) {
			return nil, "file_not_found"
		}
		return map[string]any{"file": s.fileJSON(f), "comments": []any{},
			"paging": map[string]any{"count": 100, "total": 0, "page": 1, "pages": 0}}, ""
	case "files.getUploadURLExternal":
		return s.getUploadURL(p)
	case "files.completeUploadExternal":
		return s.completeUpload(p)
	case "conversations.list":
		return s.conversationList(p)
	case "conversations.members":
		return s.conversationMembers(p)
	case "usergroups.list":
		return s.userGroupList(p)
	case "usergroups.users.list":
		s.mu.Lock()
		g, ok := s.groups[p.Get("usergroup")]
		s.mu.Unlock()
		if !ok {
			return nil, "no_such_subteam"
		}
		return map[string]any{"users": nonNil(g.Members)}, ""
	case "apps.connections.open":
		return map[string]any{"url": s.socketURL()}, ""
	}
	return nil, "unknown_method"
}

// resolve returns the id of the conversation a channel argument names: an
// id as it is, a name (with or without '#') of a channel the bot may see
// as its id. Anything else comes back unchanged, to fail as Slack does.
func (s *Server) resolve(channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resolveLocked(channel)
}

// resolveLocked is resolve with s.mu held.
func (s *Server) resolveLocked(channel string) string {
	if channel == "" {
		return ""
	}
	if _, ok := s.channels[channel]; ok {
		return channel
	}
	if _, ok := s.users[channel]; ok {
		return channel
	}
	name := strings.TrimPrefix(channel, "#")
	for id, c := range s.channels {
		if c.Name != "" && c.Name == name && !c.IsIM && (!c.IsPrivate || c.IsMember) {
			return id
		}
	}
	return channel
}

// checkPost says why the bot cannot post into channel, or "".
func (s *Server) checkPost(channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[channel]; ok && strings.HasPrefix(channel, "U") {
		return ""
	}
	c, ok := s.channels[channel]
	if ok && c.IsArchived {
		return "is_archived"
	}
	switch {
	case !ok:
		return "channel_not_found"
	case !c.IsMember:
		return "not_in_channel"
	}
	return ""
}

// userInfo answers users.info.
func (s *Server) userInfo(id string, withLocale bool) (map[string]any, string) {
	s.mu.Lock()
	u, ok := s.users[id]
	s.mu.Unlock()
	if !ok {
		return nil, "user_not_found"
	}
	return map[string]any{"user": userJSON(u, withLocale)}, ""
}

// userJSON renders u as Slack's user object, with its locale when asked
// (include_locale).
func userJSON(u User, withLocale bool) map[string]any {
	tz := u.TZ
	if tz == "" {
		tz = "Asia/Shanghai"
	}
	offset := 28800
	if loc, err := time.LoadLocation(tz); err == nil {
		_, offset = time.Now().In(loc).Zone()
	}
	out := map[string]any{
		"id": u.ID, "team_id": TeamID, "name": u.Name, "deleted": u.Deleted, "real_name": u.RealName,
		"tz": tz, "tz_label": tz, "tz_offset": offset, "is_bot": u.IsBot,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name},
	}
	if withLocale {
		locale := u.Locale
		if locale == "" {
			locale = "en-US"
		}
		out["locale"] = locale
	}
	return out
}

// userList answers users.list: every member sorted by id, one page at a
// time (Slack recommends at most 200 a page).
func (s *Server) userList(p url.Values) (map[string]any, string) {
	s.mu.Lock()
	users := make([]User, 0, len(s.users))
	for _, u := range s.users {
		users = append(users, u)
	}
	pageSize := s.pageSize
	s.mu.Unlock()
	slices.SortFunc(users, func(a, b User) int { return strings.Compare(a.ID, b.ID) })
	from, to, next, code := page(p, len(users), len(users), pageSize)
	if code != "" {
		return nil, code
	}
	withLocale := p.Get("include_locale") == "true" || p.Get("include_locale") == "1"
	out := make([]any, 0, to-from)
	for _, u := range users[from:to] {
		out = append(out, userJSON(u, withLocale))
	}
	return map[string]any{"members": out, "cache_ts": s.clock().Unix(), "response_metadata": map[string]any{"next_cursor": next}}, ""
}

// conversationInfo answers conversations.info.
func (s *Server) conversationInfo(id string) (map[string]any, string) {
	s.mu.Lock()
	c, ok := s.channels[id]
	s.mu.Unlock()
	if !ok || (c.IsPrivate && !c.IsMember) {
		// Slack hides private channels from bots that are not in them.
		return nil, "channel_not_found"
	}
	return map[string]any{"channel": channelJSON(c)}, ""
}

// channelJSON renders c as Slack's conversation object.
func channelJSON(c Channel) map[string]any {
	ch := map[string]any{"id": c.ID, "name": c.Name, "is_channel": !c.IsPrivate && !c.IsIM,
		"is_group": false, "is_im": c.IsIM, "is_private": c.IsPrivate, "is_member": c.IsMember,
		"created": 1700000000, "is_archived": c.IsArchived}
	if c.IsIM {
		delete(ch, "name")
	}
	return ch
}

// conversationList answers conversations.list: the conversations of the
// requested types (default public_channel) the bot may see, sorted by id,
// one page at a time. Private channels are listed only when the bot is in
// them, as Slack does.
func (s *Server) conversationList(p url.Values) (map[string]any, string) {
	types := map[string]bool{}
	for _, t := range strings.Split(firstOr(p.Get("types"), "public_channel"), ",") {
		switch t = strings.TrimSpace(t); t {
		case "public_channel", "private_channel", "im", "mpim":
			types[t] = true
		default:
			return nil, "invalid_types"
		}
	}
	excludeArchived := p.Get("exclude_archived") == "true" || p.Get("exclude_archived") == "1"
	s.mu.Lock()
	var list []Channel
	for _, c := range s.channels {
		kind := "public_channel"
		switch {
		case c.IsIM:
			kind = "im"
		case c.IsPrivate:
			kind = "private_channel"
		}
		if !types[kind] || (excludeArchived && c.IsArchived) || (kind != "public_channel" && !c.IsMember) {
			continue
		}
		list = append(list, c)
	}
	pageSize := s.pageSize
	s.mu.Unlock()
	slices.SortFunc(list, func(a, b Channel) int { return strings.Compare(a.ID, b.ID) })
	from, to, next, code := page(p, len(list), 100, pageSize)
	if code != "" {
		return nil, code
	}
	out := make([]any, 0, to-from)
	for _, c := range list[from:to] {
		out = append(out, channelJSON(c))
	}
	return map[string]any{"channels": out, "response_metadata": map[string]any{"next_cursor": next}}, ""
}

// conversationMembers answers conversations.members, one page at a time.
func (s *Server) conversationMembers(p url.Values) (map[string]any, string) {
	s.mu.Lock()
	c, ok := s.channels[p.Get("channel")]
	pageSize := s.pageSize
	s.mu.Unlock()
	if !ok || (c.IsPrivate && !c.IsMember) {
		return nil, "channel_not_found"
	}
	from, to, next, code := page(p, len(c.Members), 100, pageSize)
	if code != "" {
		return nil, code
	}
	return map[string]any{"members": nonNil(c.Members[from:to]), "response_metadata": map[string]any{"next_cursor": next}}, ""
}

// userGroupList answers usergroups.list, sorted by id; members are
// included with include_users.
func (s *Server) userGroupList(p url.Values) (map[string]any, string) {
	withUsers := p.Get("include_users") == "true"
	s.mu.Lock()
	groups := make([]Group, 0, len(s.groups))
	for _, g := range s.groups {
		groups = append(groups, g)
	}
	s.mu.Unlock()
	slices.SortFunc(groups, func(a, b Group) int { return strings.Compare(a.ID, b.ID) })
	out := make([]any, 0, len(groups))
	for _, g := range groups {
		j := map[string]any{"id": g.ID, "team_id": TeamID, "is_usergroup": true, "name": g.Name,
			"description": "", "handle": g.Handle, "is_external": false, "date_create": 1700000000,
			"date_update": 1700000000, "date_delete": 0, "auto_type": nil, "user_count": len(g.Members)}
		if withUsers {
			j["users"] = nonNil(g.Members)
		}
		out = append(out, j)
	}
	return map[string]any{"usergroups": out}, ""
}

// page reads the cursor and limit of a paginated call over n items and
// returns the slice bounds of this page and the cursor of the next ("" on
// the last page), or invalid_cursor. The page holds limit items (def when
// absent), at most max when max > 0.
func page(p url.Values, n, def, max int) (from, to int, next, code string) {
	limit := def
	if l, err := strconv.Atoi(p.Get("limit")); err == nil && l > 0 {
		limit = l
	}
	if max > 0 && limit > max {
		limit = max
	}
	if c := p.Get("cursor"); c != "" {
		raw, err := base64.StdEncoding.DecodeString(c)
		off, ok := strings.CutPrefix(string(raw), "offset:")
		o, err2 := strconv.Atoi(off)
		if err != nil || !ok || err2 != nil || o < 0 || o > n {
			return 0, 0, "", "invalid_cursor"
		}
		from = o
	}
	to = min(from+limit, n)
	if to < n {
		next = base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(to)))
	}
	return from, to, next, ""
}

// firstOr returns s, or def when s is empty.
func firstOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// nonNil returns ss, or an empty slice for nil, so JSON has [] not null.
func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
