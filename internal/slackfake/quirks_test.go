package slackfake

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// callIn makes one Web API call through the fake's client and returns the
// HTTP status, Retry-After and decoded body.
func callIn(t *testing.T, s *Server, method string, v url.Values) (int, string, map[string]any) {
	t.Helper()
	v.Set("token", BotToken)
	resp, err := s.Client().PostForm(s.APIURL()+method, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("%s answered %s: %v", method, body, err)
		}
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), out
}

// TestChannelNamesWhereSlackTakesThem: chat.postMessage takes a channel's
// name, with or without '#', and answers with its id; history and replies
// take ids only.
func TestChannelNamesWhereSlackTakesThem(t *testing.T) {
	s := NewInProcess(t)
	s.SetLimits(NoLimits())
	s.AddChannel(Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
	s.AddChannel(Channel{ID: "C0HUSH", Name: "hush", IsPrivate: true})
	for _, name := range []string{"double11-war-room", "#double11-war-room", "C0WAR"} {
		_, _, out := callIn(t, s, "chat.postMessage", url.Values{"channel": {name}, "text": {"hi"}})
		if out["ok"] != true || out["channel"] != "C0WAR" {
			t.Errorf("post to %q: %v, want ok in C0WAR", name, out)
		}
	}
	if _, _, out := callIn(t, s, "chat.postMessage", url.Values{"channel": {"hush"}, "text": {"hi"}}); out["error"] != "channel_not_found" {
		t.Errorf("post by name to a private channel the bot is not in: %v, want channel_not_found", out)
	}
	_, _, first := callIn(t, s, "conversations.history", url.Values{"channel": {"C0WAR"}})
	if msgs, _ := first["messages"].([]any); len(msgs) != 3 {
		t.Errorf("history by id holds %d messages, want 3", len(msgs))
	}
	parent := first["messages"].([]any)[2].(map[string]any)["ts"].(string)
	for _, method := range []string{"conversations.history", "conversations.replies"} {
		for _, name := range []string{"double11-war-room", "#double11-war-room"} {
			if _, _, out := callIn(t, s, method, url.Values{"channel": {name}, "ts": {parent}}); out["error"] != "channel_not_found" {
				t.Errorf("%s by name %q: %v, want channel_not_found", method, name, out)
			}
		}
	}
	callIn(t, s, "chat.postMessage", url.Values{"channel": {"C0WAR"}, "text": {"reply"}, "thread_ts": {parent},
		"metadata": {`{"event_type":"campaignbot_reminder","event_payload":{"key":"k"}}`}})
	_, _, thread := callIn(t, s, "conversations.replies", url.Values{"channel": {"C0WAR"}, "ts": {parent}, "include_all_metadata": {"true"}})
	msgs, _ := thread["messages"].([]any)
	if len(msgs) != 2 || msgs[1].(map[string]any)["metadata"] == nil {
		t.Errorf("replies = %v, want the parent and the reply with its metadata", thread)
	}
	s.RenameChannel("C0WAR", "double11-hq")
	if _, _, out := callIn(t, s, "chat.postMessage", url.Values{"channel": {"double11-war-room"}, "text": {"hi"}}); out["error"] != "channel_not_found" {
		t.Errorf("post to the old name after a rename: %v", out)
	}
}

// TestRateLimits: one post a second per conversation (its name and id
// share the budget), a workspace-wide cap, and Retry-After on 429.
func TestRateLimits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewInProcess(t)
		s.SetLimits(Limits{ChannelPosts: Pace{Every: time.Second, Burst: 1}, WorkspacePosts: PerMinute(120, 3)})
		s.AddChannel(Channel{ID: "C1", Name: "one", IsMember: true})
		s.AddChannel(Channel{ID: "C2", Name: "two", IsMember: true})
		s.AddChannel(Channel{ID: "C3", Name: "three", IsMember: true})
		post := func(ch string) (int, string) {
			code, retry, _ := callIn(t, s, "chat.postMessage", url.Values{"channel": {ch}, "text": {"x"}})
			return code, retry
		}
		if code, _ := post("C1"); code != 200 {
			t.Fatalf("first post: %d", code)
		}
		if code, retry := post("one"); code != 429 || retry != "1" {
			t.Errorf("second post into C1 by name within a second: %d Retry-After %q, want 429 1", code, retry)
		}
		if code, _ := post("C2"); code != 200 {
			t.Errorf("a post into another channel: %d", code)
		}
		if code, _ := post("C3"); code != 200 {
			t.Errorf("the workspace's burst: %d", code)
		}
		if code, retry := post("C3"); code != 429 || retry != "1" {
			t.Errorf("over the workspace cap: %d Retry-After %q", code, retry)
		}
		time.Sleep(time.Second)
		if code, _ := post("C1"); code != 200 {
			t.Errorf("after a second: %d", code)
		}
		if n := len(s.Delivered("chat.postMessage")); n != 4 {
			t.Errorf("%d posts took effect, want 4", n)
		}
	})
}

// TestRulesAndSlowAnswers: a rule fails every matching call in its
// window; a slow answer takes effect at once and answers late, so a
// client that gave up has still posted.
func TestRulesAndSlowAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewInProcess(t)
		s.AddChannel(Channel{ID: "C1", Name: "one", IsMember: true})
		s.AddChannel(Channel{ID: "C2", Name: "two", IsMember: true})
		start := time.Now()
		s.AddRule(Rule{Method: "chat.postMessage", Channel: "one", Until: start.Add(time.Minute), Fault: Fault{Status: 429, RetryAfter: 60}})
		if code, retry, _ := callIn(t, s, "chat.postMessage", url.Values{"channel": {"C1"}, "text": {"x"}}); code != 429 || retry != "60" {
			t.Errorf("inside the window: %d %q", code, retry)
		}
		if code, _, _ := callIn(t, s, "chat.postMessage", url.Values{"channel": {"C2"}, "text": {"x"}}); code != 200 {
			t.Errorf("another channel: %d", code)
		}
		time.Sleep(time.Minute)
		if code, _, _ := callIn(t, s, "chat.postMessage", url.Values{"channel": {"C1"}, "text": {"x"}}); code != 200 {
			t.Errorf("after the window: %d", code)
		}

		s.Fail("chat.postMessage", Fault{Delay: 40 * time.Second})
		client := s.Client()
		client.Timeout = 30 * time.Second
		ctx := context.Background()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.APIURL()+"chat.postMessage",
			strings.NewReader(url.Values{"token": {BotToken}, "channel": {"C2"}, "text": {"slow"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		_, err := client.Do(req)
		if err == nil || !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "Timeout") {
			t.Fatalf("a 40 s answer with a 30 s client timeout: %v", err)
		}
		if msgs := s.Messages("C2"); len(msgs) != 2 || msgs[1].Text != "slow" {
			t.Errorf("the slow post did not take effect: %+v", msgs)
		}
		time.Sleep(time.Minute) // let the fake finish its slow answer
	})
}

// TestUsersList: users.list pages, with locales when asked.
func TestUsersList(t *testing.T) {
	s := NewInProcess(t)
	s.SetPageSize(2)
	s.AddUser(User{ID: "U1", Name: "alice", TZ: "Europe/Berlin", Locale: "de-DE"})
	s.AddUser(User{ID: "U2", Name: "bob"})
	var ids []string
	cursor := ""
	for range 5 {
		_, _, out := callIn(t, s, "users.list", url.Values{"cursor": {cursor}, "include_locale": {"true"}, "limit": {"200"}})
		for _, m := range out["members"].([]any) {
			u := m.(map[string]any)
			ids = append(ids, u["id"].(string)+"/"+u["tz"].(string)+"/"+u["locale"].(string))
		}
		cursor = out["response_metadata"].(map[string]any)["next_cursor"].(string)
		if cursor == "" {
			break
		}
	}
	if got := strings.Join(ids, " "); got != "U1/Europe/Berlin/de-DE U2/Asia/Shanghai/en-US UBOT/Asia/Shanghai/en-US" {
		t.Errorf("users.list = %s", got)
	}
}

// TestLateEffectsAndErrorsAfterTheFact: Slack can post a message long
// after it was asked (the client has given up), and its edge can answer
// 502 after the backend posted.
func TestLateEffectsAndErrorsAfterTheFact(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewInProcess(t)
		s.AddChannel(Channel{ID: "C1", Name: "one", IsMember: true})
		s.Fail("chat.postMessage", Fault{EffectAfter: 45 * time.Second}, Fault{Status: 502, AfterEffect: true})
		client := s.Client()
		client.Timeout = 30 * time.Second
		form := url.Values{"token": {BotToken}, "channel": {"C1"}, "text": {"late"}}
		if _, err := client.PostForm(s.APIURL()+"chat.postMessage", form); err == nil {
			t.Fatal("a post that takes effect after 45 s answered within the 30 s timeout")
		}
		if n := len(s.Messages("C1")); n != 0 {
			t.Fatalf("posted already: %d", n)
		}
		time.Sleep(20 * time.Second)
		if msgs := s.Messages("C1"); len(msgs) != 1 || msgs[0].Text != "late" {
			t.Fatalf("after 50 s: %+v, want the late post", msgs)
		}
		form.Set("text", "gateway")
		code, _, _ := callIn(t, s, "chat.postMessage", form)
		if msgs := s.Messages("C1"); code != 502 || len(msgs) != 2 || msgs[1].Text != "gateway" {
			t.Errorf("502 after the effect: %d, %+v", code, msgs)
		}
	})
}

// TestUsersInfoLocaleOnlyWhenAsked: users.info answers a user's locale
// only with include_locale=true; without it the field is absent, not
// empty, as on Slack.
func TestUsersInfoLocaleOnlyWhenAsked(t *testing.T) {
	s := NewInProcess(t)
	s.AddUser(User{ID: "U1", Name: "hana", TZ: "Asia/Tokyo", Locale: "ja-JP"})
	tests := []struct {
		name       string
		flag       string
		want       string
		wantLocale bool
	}{
		{"without the flag", "", "", false},
		{"flag false", "false", "", false},
		{"flag true", "true", "ja-JP", true},
		{"flag 1", "1", "ja-JP", true},
	}
	for _, tt := range tests {
		v := url.Values{"user": {"U1"}}
		if tt.flag != "" {
			v.Set("include_locale", tt.flag)
		}
		_, _, out := callIn(t, s, "users.info", v)
		u, _ := out["user"].(map[string]any)
		locale, has := u["locale"]
		if has != tt.wantLocale || (has && locale != tt.want) {
			t.Errorf("%s: locale %v (present %v), want %q (present %v)", tt.name, locale, has, tt.want, tt.wantLocale)
		}
		if u["tz"] != "Asia/Tokyo" {
			t.Errorf("%s: tz %v, want Asia/Tokyo whatever the flag", tt.name, u["tz"])
		}
	}
}
