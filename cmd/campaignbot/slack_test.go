package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/storage"
)

// syncBuffer is a bytes.Buffer safe for the test to read while serve writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestServeOnSlack runs `campaignbot serve` against the fake Slack in both
// modes: a slash command is answered, /todo add stores a to-do, a shared
// file lands in the knowledge base and the blob store, and no secret ever
// reaches the output.
func TestServeOnSlack(t *testing.T) {
	for _, mode := range []string{"socket", "http"} {
		t.Run(mode, func(t *testing.T) {
			dir := isolate(t)
			fake := slackfake.New(t)
			fake.AddUser(slackfake.User{ID: "U0ALICE", Name: "alice", RealName: "Alice"})
			fake.AddUser(slackfake.User{ID: "U0BOB", Name: "bob", RealName: "Bob"})
			fake.AddChannel(slackfake.Channel{ID: "C0DESIGN", Name: "double11-design", IsMember: true})
			file := fake.AddFile(slackfake.File{ID: "F0FILE1", Name: "hero.psd", Mimetype: "image/vnd.adobe.photoshop", Bytes: []byte("PSD bytes of the hero banner"), User: "U0ALICE"})
			addr := freeAddr(t)
			t.Setenv("CAMPAIGNBOT_HTTP_LISTEN", addr)
			t.Setenv("CAMPAIGNBOT_SLACK_MODE", mode)
			t.Setenv("CAMPAIGNBOT_SLACK_API_URL", fake.APIURL())
			t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", slackfake.BotToken)
			t.Setenv("CAMPAIGNBOT_SLACK_APP_TOKEN", slackfake.AppToken)
			t.Setenv("CAMPAIGNBOT_SLACK_SIGNING_SECRET", slackfake.Secret)

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out, errOut syncBuffer
			exit := make(chan int, 1)
			go func() { exit <- execute(ctx, []string{"serve"}, strings.NewReader(""), &out, &errOut) }()
			wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
			defer wcancel()
			wait := func(what string, cond func() bool) {
				t.Helper()
				if err := fake.Wait(wctx, cond); err != nil {
					t.Fatalf("waiting for %s: %v\nstderr:\n%s", what, err, errOut.String())
				}
			}

			command := func(id, cmd, text string) {
				t.Helper()
				form := url.Values{"team_id": {slackfake.TeamID}, "channel_id": {"C0DESIGN"}, "channel_name": {"double11-design"},
					"user_id": {"U0ALICE"}, "user_name": {"alice"}, "command": {cmd}, "text": {text},
					"response_url": {fake.ResponseURL(id)}, "trigger_id": {"trigger-" + id}, "api_app_id": {slackfake.AppID}}
				if mode == "socket" {
					payload := map[string]string{}
					for k := range form {
						payload[k] = form.Get(k)
					}
					fake.Deliver(slackfake.SlashCommands, payload)
					return
				}
				post(t, wctx, "http://"+addr+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()))
			}
			event := map[string]any{
				"team_id": slackfake.TeamID, "api_app_id": slackfake.AppID, "type": "event_callback",
				"event_id": "Ev0FILE1", "event_time": 1700000100,
				"event": map[string]any{"type": "message", "subtype": "file_share", "text": "hero banner v1",
					"user": "U0ALICE", "channel": "C0DESIGN", "channel_type": "channel",
					"ts": "1700000100.000200", "event_ts": "1700000100.000200", "files": []any{file}},
			}

			if mode == "socket" {
				wait("the socket connection", func() bool { _, open := fake.Connections(); return open })
			} else {
				// Ready means the Slack endpoints are mounted and the first plan ran.
				waitHTTP(t, wctx, "http://"+addr+"/readyz")
			}
			command("help", "/help", "")
			command("todo", "/todo", "add <@U0BOB|bob> finish the coupon banner by tomorrow 6pm")
			if mode == "socket" {
				fake.Deliver(slackfake.EventsAPI, event)
			} else {
				post(t, wctx, "http://"+addr+"/slack/events", "application/json", mustJSON(t, event))
				// Slack's retry of the same event has no second effect.
				post(t, wctx, "http://"+addr+"/slack/events", "application/json", mustJSON(t, event))
			}
			has := func(id string) bool {
				for _, r := range fake.Responses() {
					if r.ID == id {
						return true
					}
				}
				return false
			}
			wait("the /help answer", func() bool { return has("help") })
			wait("the /todo answer", func() bool { return has("todo") })
			wait("the file reply", func() bool { return len(fake.Delivered("chat.postMessage")) >= 1 })
			cancel()
			if code := <-exit; code != 0 {
				t.Fatalf("serve exited %d\nstderr:\n%s", code, errOut.String())
			}
			for _, secret := range []string{slackfake.BotToken, slackfake.AppToken, slackfake.Secret} {
				if strings.Contains(out.String()+errOut.String(), secret) {
					t.Fatalf("a secret reached the output:\n%s%s", out.String(), errOut.String())
				}
			}
			for _, r := range fake.Responses() {
				if r.ID == "help" && !strings.Contains(fmt.Sprint(r.Body["text"]), "campaignbot") {
					t.Errorf("/help answered %v", r.Body)
				}
			}

			db, err := storage.Open(context.Background(), storage.Options{Driver: "sqlite", DSN: filepath.Join(dir, "bot.db")})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			todos, err := storage.NewTodoService(db).FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: slackfake.TeamID})
			if err != nil {
				t.Fatal(err)
			}
			if len(todos) != 1 || todos[0].Assignees[0] != "U0BOB" {
				t.Errorf("to-dos after /todo add: %+v", todos)
			}
			files, err := storage.NewKnowledgeBase(db).FindFiles(context.Background(), campaignbot.FileFilter{Workspace: slackfake.TeamID})
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 1 || files[0].Name != "hero.psd" {
				t.Fatalf("knowledge base after the share: %+v", files)
			}
			blobs, err := storage.OpenBlobStore(context.Background(), filepath.Join(dir, "files"))
			if err != nil {
				t.Fatal(err)
			}
			defer blobs.Close()
			if ok, err := blobs.Exists(context.Background(), files[0].SHA256); err != nil || !ok {
				t.Errorf("file bytes not in the blob store (err %v)", err)
			}
			if n := fake.Downloads(); n != 1 {
				t.Errorf("%d downloads, want 1", n)
			}
			// The first start filled the user directory with users.list, so
			// planning and replies know everyone's zone without users.info.
			users, err := storage.NewUserStore(db).Users(context.Background(), slackfake.TeamID)
			if err != nil || users["U0BOB"].Name != "bob" || users["U0ALICE"].Timezone != "Asia/Shanghai" {
				t.Errorf("user directory after the first start: %v, %v", users, err)
			}
			if n := len(fake.Calls("users.list")); n == 0 {
				t.Error("the first start did not list the users")
			}
		})
	}
}

// TestServeRefusesBadSlackTokenWithoutLeakingIt checks that a rejected
// token stops serve with a clear error that does not contain the token.
func TestServeRefusesBadSlackTokenWithoutLeakingIt(t *testing.T) {
	isolate(t)
	fake := slackfake.New(t)
	t.Setenv("CAMPAIGNBOT_SLACK_API_URL", fake.APIURL())
	t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", "xoxb-very-secret")
	t.Setenv("CAMPAIGNBOT_SLACK_APP_TOKEN", "xapp-very-secret")
	code, out, errOut := run(t, "", "serve")
	if code == 0 {
		t.Fatal("serve with a rejected token exited 0")
	}
	if strings.Contains(out+errOut, "very-secret") {
		t.Fatalf("a token reached the output:\n%s%s", out, errOut)
	}
	if !strings.Contains(errOut, "invalid_auth") {
		t.Errorf("the error does not say why:\n%s", errOut)
	}
}

// post sends a request signed like Slack's, again while the bot answers
// 503 (starting up), and fails the test unless it gets 200.
func post(t *testing.T, ctx context.Context, target, contentType string, body []byte) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := slackfake.SignedRequest(target, contentType, slackfake.Secret, time.Now(), body)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
			return
		case http.StatusServiceUnavailable:
		default:
			t.Fatalf("POST %s: %s", target, resp.Status)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("POST %s: still %s", target, resp.Status)
		case <-tick.C:
		}
	}
}

// waitHTTP waits until target answers 200: the listener starts with the
// adapter, and Slack's endpoints answer 503 until events are accepted.
func waitHTTP(t *testing.T, ctx context.Context, target string) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s never answered", target)
		case <-tick.C:
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
