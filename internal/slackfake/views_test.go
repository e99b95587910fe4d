package slackfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// openView calls views.open with view and returns the Slack error, or "".
func openView(t *testing.T, s *Server, view map[string]any) string {
	t.Helper()
	b, _ := json.Marshal(view)
	resp, err := http.PostForm(s.APIURL()+"views.open", url.Values{"token": {BotToken}, "trigger_id": {"t1"}, "view": {string(b)}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	return out.Error
}

// option is an option object.
func option(value, text string) map[string]any {
	return map[string]any{"text": map[string]any{"type": "plain_text", "text": text}, "value": value}
}

// selectView is a modal with one select element.
func selectView(elem map[string]any) map[string]any {
	elem["action_id"] = "folder"
	return map[string]any{"type": "modal", "callback_id": "kb.save", "private_metadata": "pm",
		"blocks": []any{map[string]any{"type": "input", "block_id": "folder", "element": elem}}}
}

func TestViewsOpenEnforcesBlockKitLimits(t *testing.T) {
	s := New(t)
	many := make([]any, 101)
	for i := range many {
		many[i] = option("v", "t")
	}
	for _, tt := range []struct {
		name string
		elem map[string]any
		want string
	}{
		{"101 options", map[string]any{"type": "static_select", "options": many}, "invalid_arguments"},
		{"no options", map[string]any{"type": "static_select", "options": []any{}}, "invalid_arguments"},
		{"a value of 151 characters", map[string]any{"type": "static_select", "options": []any{option(strings.Repeat("值", 151), "t")}}, "invalid_arguments"},
		{"a text of 76 characters", map[string]any{"type": "static_select", "options": []any{option("v", strings.Repeat("字", 76))}}, "invalid_arguments"},
		{"options on an external select", map[string]any{"type": "external_select", "options": []any{option("v", "t")}}, "invalid_arguments"},
		{"a bad initial option", map[string]any{"type": "external_select", "initial_option": option(strings.Repeat("v", 151), "t")}, "invalid_arguments"},
		{"150 characters", map[string]any{"type": "static_select", "options": []any{option(strings.Repeat("值", 150), strings.Repeat("字", 75))}}, ""},
		{"an external select", map[string]any{"type": "external_select", "min_query_length": 0, "initial_option": option("Double 11/Design", "Double 11/Design")}, ""},
	} {
		if got := openView(t, s, selectView(tt.elem)); got != tt.want {
			t.Errorf("%s: views.open answered %q, want %q", tt.name, got, tt.want)
		}
	}
	if n := len(s.Views()); n != 2 {
		t.Errorf("%d views remembered, want the 2 accepted", n)
	}
}

func TestPayloadsFromOpenedViews(t *testing.T) {
	s := New(t)
	view := selectView(map[string]any{"type": "external_select", "min_query_length": 0})
	view["blocks"] = append(view["blocks"].([]any), map[string]any{"type": "input", "block_id": "title", "element": map[string]any{"type": "plain_text_input", "action_id": "title"}})
	if code := openView(t, s, view); code != "" {
		t.Fatal(code)
	}
	id := s.Views()[0]["id"].(string)
	p, err := s.BlockSuggestion(id, "U0ALICE", "folder", "des")
	if err != nil {
		t.Fatal(err)
	}
	v := p["view"].(map[string]any)
	if p["type"] != "block_suggestion" || p["value"] != "des" || p["block_id"] != "folder" || v["private_metadata"] != "pm" || v["callback_id"] != "kb.save" {
		t.Errorf("block_suggestion payload %v", p)
	}
	if _, err := s.BlockSuggestion(id, "U0ALICE", "title", "x"); err == nil {
		t.Error("a block_suggestion for a text input")
	}
	p, err = s.ViewSubmission(id, "U0ALICE", map[string]any{"folder": Option{Value: "Double 11/Design", Text: "Double 11/Design"}, "title": "Final"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(p)
	for _, want := range []string{`"type":"view_submission"`, `"selected_option":{"text":{"text":"Double 11/Design","type":"plain_text"},"value":"Double 11/Design"}`, `"title":{"title":{"type":"plain_text_input","value":"Final"}}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("view_submission lacks %s: %s", want, b)
		}
	}
	for _, tt := range []struct {
		body string
		ok   bool
	}{
		{`{"options":[{"text":{"type":"plain_text","text":"A"},"value":"a"}]}`, true},
		{`{"options":[]}`, true},
		{`{}`, false},
		{`{"options":[{"text":{"type":"mrkdwn","text":"A"},"value":"a"}]}`, false},
		{`{"options":[{"text":{"type":"plain_text","text":"A"},"value":"` + strings.Repeat("a", 151) + `"}]}`, false},
	} {
		if _, err := CheckOptions([]byte(tt.body)); (err == nil) != tt.ok {
			t.Errorf("CheckOptions(%s) = %v", tt.body, err)
		}
	}
}

func TestDownloadFaultsAndRanges(t *testing.T) {
	s := New(t)
	s.AddChannel(Channel{ID: "G1", Name: "secret", IsPrivate: true})
	f := s.AddFile(File{ID: "F1", Name: "a.txt", Mimetype: "text/plain", Bytes: []byte("0123456789")})
	hidden := s.AddFile(File{ID: "F2", Name: "b.txt", Bytes: []byte("secret"), Channels: []string{"G1"}})
	get := func(u, rng string) (*http.Response, string, error) {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", "Bearer "+BotToken)
		if rng != "" {
			req.Header.Set("Range", rng)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, string(b), err
	}
	u := f["url_private_download"].(string)
	s.FailDownload("F1", DownloadFault{Status: 503, RetryAfter: 2}, DownloadFault{BreakAfter: 4})
	if resp, _, err := get(u, ""); err != nil || resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("first download: %v, %v", resp, err)
	}
	if _, body, err := get(u, ""); err == nil || body != "0123" {
		t.Errorf("second download should break after 4 bytes: %q, %v", body, err)
	}
	if resp, body, err := get(u, "bytes=4-"); err != nil || resp.StatusCode != http.StatusPartialContent || body != "456789" {
		t.Errorf("resumed download: %v %q %v", resp, body, err)
	}
	if resp, _, _ := get(hidden["url_private_download"].(string), ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a file of a private channel the bot is not in: %d", resp.StatusCode)
	}
	resp, err := http.PostForm(s.APIURL()+"files.info", url.Values{"token": {BotToken}, "file": {"F2"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "file_not_found") {
		t.Errorf("files.info of a hidden file: %s", b)
	}
}
