package slackfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// api calls method with form values and the bot token and decodes the
// answer.
func api(t *testing.T, s *Server, method string, v url.Values) map[string]any {
	t.Helper()
	v.Set("token", BotToken)
	resp, err := http.PostForm(s.APIURL()+method, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("%s answered %s: %v", method, body, err)
	}
	return out
}

// texts returns the texts of a conversations.history answer's messages.
func texts(resp map[string]any) []string {
	out := []string{}
	msgs, _ := resp["messages"].([]any)
	for _, m := range msgs {
		out = append(out, m.(map[string]any)["text"].(string))
	}
	return out
}

func TestConversationsHistoryWireFormat(t *testing.T) {
	s := New(t)
	s.AddUser(User{ID: "U1", Name: "alice"})
	s.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	s.AddMessage("C1", Message{TS: "1700000100.000100", User: "U1", Text: "hello"})
	s.AddMessage("C1", Message{TS: "1700000200.000100", User: "U1", Text: "morning", ThreadTS: "1700000200.000100"})
	s.AddMessage("C1", Message{TS: "1700000250.000100", User: "U1", Text: "a reply", ThreadTS: "1700000200.000100"})
	s.AddMessage("C1", Message{TS: "1700000300.000100", User: BotUserID, BotID: BotID, Text: "Warm-up starts in 1 hour",
		Metadata: &Metadata{EventType: "campaignbot_reminder", EventPayload: map[string]any{"key": "milestone:double11/warm-up/1h"}}})
	got := api(t, s, "conversations.history", url.Values{"channel": {"C1"}, "limit": {"2"}, "include_all_metadata": {"1"}})
	data, err := os.ReadFile(filepath.Join("testdata", "conversations_history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		t.Errorf("conversations.history answered\n%s\nwant testdata/conversations_history.json", g)
	}
}

func TestConversationsHistory(t *testing.T) {
	s := New(t)
	s.SetLimits(NoLimits()) // posts faster than Slack allows; this is about the history
	s.AddUser(User{ID: "U1", Name: "alice"})
	s.AddUser(User{ID: "U2", Name: "bob"})
	s.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	s.AddChannel(Channel{ID: "C2", Name: "secret", IsPrivate: true})
	post := func(channel, text string, extra url.Values) map[string]any {
		t.Helper()
		v := url.Values{"channel": {channel}, "text": {text}}
		for k, vs := range extra {
			v[k] = vs
		}
		resp := api(t, s, "chat.postMessage", v)
		if resp["ok"] != true {
			t.Fatalf("chat.postMessage: %v", resp)
		}
		return resp
	}
	meta := url.Values{"metadata": {`{"event_type":"campaignbot_reminder","event_payload":{"key":"k1"}}`}}
	first := post("C1", "one", meta)["ts"].(string)
	second := post("C1", "two", nil)["ts"].(string)
	post("C1", "in a thread", url.Values{"thread_ts": {first}})
	post("C1", "broadcast", url.Values{"thread_ts": {first}, "reply_broadcast": {"true"}})
	dm := post("U2", "to bob", meta)
	if dm["channel"] != "D2" {
		t.Fatalf("a post to U2 landed in %v, want D2", dm["channel"])
	}
	page1 := api(t, s, "conversations.history", url.Values{"channel": {"C1"}, "limit": {"2"}})
	cursor := page1["response_metadata"].(map[string]any)["next_cursor"].(string)

	for _, tt := range []struct {
		name   string
		params url.Values
		want   []string // texts, or the error code after "error:"
	}{
		{"newest first, without thread replies", url.Values{"channel": {"C1"}}, []string{"broadcast", "two", "one"}},
		{"limit", url.Values{"channel": {"C1"}, "limit": {"2"}}, []string{"broadcast", "two"}},
		{"cursor", url.Values{"channel": {"C1"}, "limit": {"2"}, "cursor": {cursor}}, []string{"one"}},
		{"oldest is exclusive", url.Values{"channel": {"C1"}, "oldest": {first}}, []string{"broadcast", "two"}},
		{"oldest inclusive", url.Values{"channel": {"C1"}, "oldest": {first}, "inclusive": {"1"}}, []string{"broadcast", "two", "one"}},
		{"latest", url.Values{"channel": {"C1"}, "latest": {second}}, []string{"one"}},
		{"a DM by its channel", url.Values{"channel": {"D2"}}, []string{"to bob"}},
		{"a channel the bot is not in", url.Values{"channel": {"C2"}}, []string{"error:not_in_channel"}},
		{"an unknown channel", url.Values{"channel": {"C9"}}, []string{"error:channel_not_found"}},
		{"a bad cursor", url.Values{"channel": {"C1"}, "cursor": {"nope"}}, []string{"error:invalid_cursor"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := api(t, s, "conversations.history", tt.params)
			got := texts(resp)
			if resp["ok"] != true {
				got = []string{"error:" + resp["error"].(string)}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	withMeta := api(t, s, "conversations.history", url.Values{"channel": {"C1"}, "oldest": {first}, "inclusive": {"1"}, "include_all_metadata": {"1"}})
	msgs := withMeta["messages"].([]any)
	md, _ := msgs[len(msgs)-1].(map[string]any)["metadata"].(map[string]any)
	if md["event_type"] != "campaignbot_reminder" || md["event_payload"].(map[string]any)["key"] != "k1" {
		t.Errorf("metadata %v", md)
	}
	without := api(t, s, "conversations.history", url.Values{"channel": {"C1"}, "oldest": {first}, "inclusive": {"1"}})
	for _, m := range without["messages"].([]any) {
		if _, ok := m.(map[string]any)["metadata"]; ok {
			t.Errorf("metadata without include_all_metadata: %v", m)
		}
	}
	if got := len(s.Messages("U2")); got != 1 {
		t.Errorf("Messages(U2) has %d messages, want 1", got)
	}
}

func TestConversationsOpen(t *testing.T) {
	s := New(t)
	s.AddUser(User{ID: "U1", Name: "alice"})
	s.AddUser(User{ID: "U2", Name: "bob", Deleted: true})
	for _, tt := range []struct {
		name   string
		params url.Values
		want   string // channel id, or "error:" and the code
		open   bool   // already_open
	}{
		{"a new DM", url.Values{"users": {"U1"}}, "D1", false},
		{"the same DM again", url.Values{"users": {"U1"}}, "D1", true},
		{"resumed by channel", url.Values{"channel": {"D1"}}, "D1", true},
		{"an unknown user", url.Values{"users": {"U9"}}, "error:user_not_found", false},
		{"a deactivated user", url.Values{"users": {"U2"}}, "error:user_disabled", false},
		{"the bot itself", url.Values{"users": {BotUserID}}, "error:cannot_dm_bot", false},
		{"no users", url.Values{}, "error:users_list_not_supplied", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := api(t, s, "conversations.open", tt.params)
			got := "error:" + func() string { e, _ := resp["error"].(string); return e }()
			if resp["ok"] == true {
				got = resp["channel"].(map[string]any)["id"].(string)
				if resp["already_open"] != tt.open {
					t.Errorf("already_open = %v, want %v", resp["already_open"], tt.open)
				}
			}
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
