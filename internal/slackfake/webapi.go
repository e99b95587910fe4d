package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// serveAPI answers one Web API call.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	params, token := parseParams(r, body)
	call := Call{Method: method, Params: params, Body: body, Status: http.StatusOK}
	if f, ok := s.takeFault(method); ok {
		if f.Delay > 0 {
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
			}
		}
		if f.Status != 0 && f.Status != http.StatusOK {
			call.Status = f.Status
			s.record(call)
			if f.Status == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", fmt.Sprint(f.RetryAfter))
			}
			w.WriteHeader(f.Status)
			io.WriteString(w, "<html>fault</html>")
			return
		}
		if f.Error != "" {
			call.Error = f.Error
			s.record(call)
			writeJSON(w, map[string]any{"ok": false, "error": f.Error})
			return
		}
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
	resp, errCode := s.answer(method, params)
	call.Error = errCode
	s.record(call)
	if errCode != "" {
		writeJSON(w, map[string]any{"ok": false, "error": errCode})
		return
	}
	resp["ok"] = true
	writeJSON(w, resp)
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
		ch := p.Get("channel")
		if code := s.checkPost(ch); code != "" {
			return nil, code
		}
		ts := s.newTS()
		msg := s.recordPost(ch, ts, p)
		if strings.HasPrefix(ch, "U") {
			ch = dmChannel(ch)
		}
		return map[string]any{"channel": ch, "ts": ts, "message": msg}, ""
	case "chat.postEphemeral":
		if code := s.checkPost(p.Get("channel")); code != "" {
			return nil, code
		}
		if p.Get("user") == "" {
			return nil, "user_not_found"
		}
		return map[string]any{"message_ts": s.newTS()}, ""
	case "chat.update":
		if code := s.checkPost(p.Get("channel")); code != "" {
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
		view["id"] = "V" + strings.ReplaceAll(s.newTS(), ".", "")
		view["team_id"] = TeamID
		return map[string]any{"view": view}, ""
	case "users.info":
		return s.userInfo(p.Get("user"))
	case "conversations.info":
		return s.conversationInfo(p.Get("channel"))
	case "conversations.history":
		return s.conversationHistory(p)
	case "conversations.open":
		return s.conversationOpen(p)
	case "files.info":
		s.mu.Lock()
		f, ok := s.files[p.Get("file")]
		s.mu.Unlock()
		if !ok {
			return nil, "file_not_found"
		}
		return map[string]any{"file": s.fileJSON(f), "comments": []any{},
			"paging": map[string]any{"count": 100, "total": 0, "page": 1, "pages": 0}}, ""
	case "usergroups.users.list":
		s.mu.Lock()
		members, ok := s.groups[p.Get("usergroup")]
		s.mu.Unlock()
		if !ok {
			return nil, "no_such_subteam"
		}
		return map[string]any{"users": members}, ""
	case "apps.connections.open":
		return map[string]any{"url": s.socketURL()}, ""
	}
	return nil, "unknown_method"
}

// checkPost says why the bot cannot post into channel, or "".
func (s *Server) checkPost(channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[channel]; ok && strings.HasPrefix(channel, "U") {
		return ""
	}
	c, ok := s.channels[channel]
	switch {
	case !ok:
		return "channel_not_found"
	case !c.IsMember:
		return "not_in_channel"
	}
	return ""
}

// userInfo answers users.info.
func (s *Server) userInfo(id string) (map[string]any, string) {
	s.mu.Lock()
	u, ok := s.users[id]
	s.mu.Unlock()
	if !ok {
		return nil, "user_not_found"
	}
	tz := u.TZ
	if tz == "" {
		tz = "Asia/Shanghai"
	}
	return map[string]any{"user": map[string]any{
		"id": u.ID, "team_id": TeamID, "name": u.Name, "deleted": u.Deleted, "real_name": u.RealName,
		"tz": tz, "tz_label": "China Standard Time", "tz_offset": 28800, "is_bot": u.IsBot,
		"profile": map[string]any{"real_name": u.RealName, "display_name": u.Name},
	}}, ""
}

// conversationInfo answers conversations.info.
func (s *Server) conversationInfo(id string) (map[string]any, string) {
	s.mu.Lock()
	c, ok := s.channels[id]
	s.mu.Unlock()
	if !ok {
		return nil, "channel_not_found"
	}
	ch := map[string]any{"id": c.ID, "name": c.Name, "is_channel": !c.IsPrivate && !c.IsIM,
		"is_group": false, "is_im": c.IsIM, "is_private": c.IsPrivate, "is_member": c.IsMember,
		"created": 1700000000, "is_archived": false}
	if c.IsIM {
		delete(ch, "name")
	}
	return map[string]any{"channel": ch}, ""
}
