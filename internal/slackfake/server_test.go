package slackfake

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestFilesNeedTheBotToken(t *testing.T) {
	s := New(t)
	f := s.AddFile(File{ID: "F1", Name: "a.txt", Mimetype: "text/plain", Bytes: []byte("hello")})
	get := func(token string) (string, string) {
		req, _ := http.NewRequest(http.MethodGet, f["url_private_download"].(string), nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.Header.Get("Content-Type"), string(b)
	}
	if ct, body := get(""); !strings.HasPrefix(ct, "text/html") || body == "hello" {
		t.Errorf("without token: %s %q", ct, body)
	}
	if _, body := get("xoxb-wrong"); body == "hello" {
		t.Error("a wrong token got the bytes")
	}
	if _, body := get(BotToken); body != "hello" {
		t.Errorf("with the token: %q", body)
	}
	if s.Downloads() != 1 {
		t.Errorf("downloads = %d", s.Downloads())
	}
}

func TestWebAPIFaultsAndAuth(t *testing.T) {
	s := New(t)
	s.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	post := func(method string, v url.Values) (int, string, string) {
		resp, err := http.PostForm(s.APIURL()+method, v)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Retry-After"), string(b)
	}
	s.Fail("chat.postMessage", Fault{Status: 429, RetryAfter: 7}, Fault{Status: 503}, Fault{Error: "msg_too_long"})
	ok := url.Values{"token": {BotToken}, "channel": {"C1"}, "text": {"hi"}}
	for _, want := range []struct {
		code  int
		retry string
		body  string
	}{
		{429, "7", ""}, {503, "", ""}, {200, "", `"error":"msg_too_long"`}, {200, "", `"ok":true`},
	} {
		code, retry, body := post("chat.postMessage", ok)
		if code != want.code || retry != want.retry || !strings.Contains(body, want.body) {
			t.Errorf("got %d %q %s, want %+v", code, retry, body, want)
		}
	}
	if _, _, body := post("chat.postMessage", url.Values{"token": {"xoxb-nope"}, "channel": {"C1"}}); !strings.Contains(body, "invalid_auth") {
		t.Errorf("wrong token: %s", body)
	}
	if n := len(s.Delivered("chat.postMessage")); n != 1 {
		t.Errorf("%d delivered, want 1", n)
	}
	if n := len(s.Calls("chat.postMessage")); n != 5 {
		t.Errorf("%d calls recorded, want 5", n)
	}
}
