package slackfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMessageBlockLimits: a message over Block Kit's limits (51 blocks, a
// section over 3,000 characters, 26 buttons in one actions block) fails
// with invalid_blocks, posted or through a response_url; one at the
// limits is taken.
func TestMessageBlockLimits(t *testing.T) {
	s := NewInProcess(t)
	s.SetLimits(NoLimits())
	s.AddChannel(Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
	section := func(n int) map[string]any {
		return map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": strings.Repeat("字", n)}}
	}
	actions := func(n int) map[string]any {
		var elems []any
		for i := range n {
			elems = append(elems, map[string]any{"type": "button", "action_id": "b" + string(rune('a'+i)), "value": "v",
				"text": map[string]any{"type": "plain_text", "text": "x"}})
		}
		return map[string]any{"type": "actions", "elements": elems}
	}
	many := func(n int) []any {
		var out []any
		for range n {
			out = append(out, section(10))
		}
		return out
	}
	tests := []struct {
		name   string
		blocks []any
		want   string
	}{
		{"50 blocks", many(50), ""},
		{"51 blocks", many(51), "invalid_blocks"},
		{"3000 characters", []any{section(3000)}, ""},
		{"3001 characters", []any{section(3001)}, "invalid_blocks"},
		{"25 buttons", []any{actions(25)}, ""},
		{"26 buttons", []any{actions(26)}, "invalid_blocks"},
	}
	for _, tt := range tests {
		b, _ := json.Marshal(tt.blocks)
		for _, method := range []string{"chat.postMessage", "chat.postEphemeral"} {
			_, _, out := callIn(t, s, method, url.Values{"channel": {"C0WAR"}, "user": {"U0ALICE"}, "text": {"hi"}, "blocks": {string(b)}})
			if got, _ := out["error"].(string); got != tt.want {
				t.Errorf("%s with %s: error %q, want %q", method, tt.name, got, tt.want)
			}
		}
		body, _ := json.Marshal(map[string]any{"text": "hi", "blocks": tt.blocks})
		resp, err := s.Client().Post(s.ResponseURL("r"), "application/json", strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if ok := resp.StatusCode == http.StatusOK; ok != (tt.want == "") {
			t.Errorf("response_url with %s: status %d", tt.name, resp.StatusCode)
		}
	}
}
