package slack

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// waitLimit only guards against hangs; nothing waits for it to pass.
const waitLimit = 30 * time.Second

// fakeClock is the adapter's clock in tests: sleeping advances it at once
// and is recorded.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now().Truncate(time.Second)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	c.mu.Unlock()
	return ctx.Err()
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// world is what survives an adapter restart: the fake Slack, the
// database and the blob store.
type world struct {
	fake  *slackfake.Server
	db    *storage.DB
	blobs *storage.BlobStore
	cfg   *config.Config
	clock *fakeClock
}

// newWorld starts a fake Slack with alice, bob, the design channel and the
// hero.psd file, and a real SQLite database and blob store.
func newWorld(t *testing.T, mode string) *world {
	t.Helper()
	fake := slackfake.New(t)
	fake.AddUser(slackfake.User{ID: "U0ALICE", Name: "alice", RealName: "Alice", TZ: "Asia/Shanghai"})
	fake.AddUser(slackfake.User{ID: "U0BOB", Name: "bob", RealName: "Bob", TZ: "Europe/Berlin"})
	fake.AddChannel(slackfake.Channel{ID: "C0DESIGN", Name: "double11-design", IsMember: true})
	fake.AddChannel(slackfake.Channel{ID: "C0SECRET", Name: "secret", IsPrivate: true})
	fake.AddChannel(slackfake.Channel{ID: "D0ALICE", IsIM: true, IsMember: true})
	fake.AddFile(slackfake.File{ID: "F0FILE1", Name: "hero.psd", Mimetype: "image/vnd.adobe.photoshop", Bytes: []byte("PSD bytes of the hero banner"), User: "U0ALICE"})
	base, err := config.Parse(campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	cfg := *base
	cfg.Slack = config.Slack{Mode: mode, APIURL: fake.APIURL(), BotToken: slackfake.BotToken,
		AppToken: slackfake.AppToken, SigningSecret: slackfake.Secret}
	cfg.Storage.MaxFileSize = 1 << 20
	db := storagetest.OpenSQLite(t)
	blobs, err := storage.OpenBlobStore(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	clock := newFakeClock()
	// The fake's rate limits run on the adapter's clock, whose sleeps
	// advance it at once.
	fake.SetClock(clock.Now)
	return &world{fake: fake, db: db, blobs: blobs, cfg: &cfg, clock: clock}
}

// bot is one running adapter with its router.
type testBot struct {
	t       *testing.T
	w       *world
	adapter *Adapter
	router  *bot.Router
	srv     *httptest.Server // HTTP mode
	stop    func()
	saved   chan string // sha256 of every stored file
}

// start runs an adapter on w with test handlers, stopped when t ends.
func (w *world) start(t *testing.T) *testBot {
	t.Helper()
	return w.startWith(t, registerTestHandlers)
}

// startWith runs an adapter on w with the handlers register adds to the
// router, stopped when t ends.
func (w *world) startWith(t *testing.T, register func(b *testBot)) *testBot {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, err := New(ctx, Options{
		Config:       func() *config.Config { return w.cfg },
		Logger:       testLogger(t),
		Now:          w.clock.Now,
		Sleep:        w.clock.Sleep,
		PingInterval: time.Minute,
		Users:        storage.NewUserStore(w.db),
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	b := &testBot{t: t, w: w, adapter: a, saved: make(chan string, 100)}
	b.router = bot.NewRouter(bot.RouterOptions{
		Config:    func() *config.Config { return w.cfg },
		Events:    storage.NewEventLog(w.db),
		Now:       w.clock.Now,
		Logger:    testLogger(t),
		Languages: storage.NewLanguageChoices(w.db),
	})
	register(b)
	if a.Mode() == ModeHTTP {
		mux := http.NewServeMux()
		a.Mount(mux)
		b.srv = httptest.NewServer(mux)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, b.router) }()
	select {
	case <-a.ready:
	case <-time.After(waitLimit):
		t.Fatal("adapter never became ready")
	}
	var once sync.Once
	b.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(waitLimit):
				t.Error("Run did not return after cancel")
			}
			if b.srv != nil {
				b.srv.Close()
			}
		})
	}
	t.Cleanup(b.stop)
	if a.Mode() == ModeSocket {
		b.waitFor(func() bool { _, open := w.fake.Connections(); return open }, "a socket connection")
	}
	return b
}

// registerTestHandlers registers small handlers that exercise every kind
// of event and reply.
func registerTestHandlers(b *testBot) {
	r := b.router
	r.Command("help", campaignbot.Textf("show help", "帮助"), func(ctx context.Context, req *bot.Request) error {
		return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf("I'm campaignbot.", "我是 campaignbot。")})
	})
	r.Command("todo", campaignbot.Textf("to-dos", "待办"), func(ctx context.Context, req *bot.Request) error {
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: "added: " + req.Args})
	})
	r.OnMention(func(ctx context.Context, req *bot.Request) error {
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: "Hi " + req.User.Label() + "!"})
	})
	r.OnFiles(func(ctx context.Context, req *bot.Request) error {
		var lines []string
		for _, f := range req.Message.Files {
			rc, err := req.Chat.Download(ctx, f, req.Config.Storage.MaxFileSize)
			if err != nil {
				return err
			}
			blob, err := b.w.blobs.Put(ctx, rc, req.Config.Storage.MaxFileSize)
			rc.Close()
			if err != nil {
				return err
			}
			b.saved <- blob.SHA256
			lines = append(lines, fmt.Sprintf("Saved *%s* (%d B)", f.Name, blob.Size))
		}
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: strings.Join(lines, "\n"), ThreadID: req.Message.TS})
	})
	r.Action("todo.done", func(ctx context.Context, req *bot.Request) error {
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: "done #" + req.Action.Value + " in " + string(req.Action.Message.Channel) + "/" + req.Action.Message.TS})
	})
	r.OnShortcut("kb_save", func(ctx context.Context, req *bot.Request) error {
		if req.Message == nil || len(req.Message.Files) == 0 {
			return campaignbot.Errorf(campaignbot.EINVALID, "That message has no files.", "这条消息没有文件。")
		}
		return req.Chat.OpenForm(ctx, req.TriggerID, bot.Form{ID: "kb.save", Title: "Save to knowledge base", Submit: "Save",
			PrivateValue: string(req.Channel.ID) + "/" + req.Message.TS,
			Fields: []bot.FormField{
				{ID: "folder", Label: "Folder", Kind: bot.FieldSelect, Options: []bot.FormOption{{Value: "Double 11/Design", Label: "Double 11/Design"}}},
				{ID: "note", Label: req.Message.Files[0].Name, Optional: true},
			}})
	})
	r.Form("kb.save", func(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
		if req.Form.Values["folder"] != "Double 11/Design" {
			return bot.FormResult{Errors: map[string]string{"folder": "Pick a folder."}}, nil
		}
		return bot.FormResult{}, nil
	})
	r.OnHome(func(ctx context.Context, req *bot.Request) error {
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: "*Your open to-dos* for " + req.User.Label() + " (" + req.User.Timezone + ")"})
	})
}

// waitFor waits until cond holds, re-checking on every change the fake
// Slack records.
func (b *testBot) waitFor(cond func() bool, what string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := b.w.fake.Wait(ctx, cond); err != nil {
		b.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// fixture reads testdata/name with placeholders replaced.
func (b *testBot) fixture(name string) []byte {
	b.t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		b.t.Fatal(err)
	}
	s := strings.TrimSpace(string(data))
	s = strings.ReplaceAll(s, "{{RESPONSE_URL}}", urlEscapeIfForm(name, b.w.fake.ResponseURL(strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)))))
	s = strings.ReplaceAll(s, "{{SELECTED}}", `{"text": {"type": "plain_text", "text": "Double 11/Design"}, "value": "Double 11/Design"}`)
	return []byte(s)
}

func urlEscapeIfForm(name, u string) string {
	if strings.HasSuffix(name, ".form") {
		return strings.NewReplacer(":", "%3A", "/", "%2F").Replace(u)
	}
	return u
}

// post sends a signed HTTP-mode request and returns status and body.
func (b *testBot) post(path, contentType string, body []byte) (int, string) {
	b.t.Helper()
	req, err := slackfake.SignedRequest(b.srv.URL+path, contentType, slackfake.Secret, b.w.clock.Now(), body)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

func (b *testBot) do(req *http.Request) (int, string) {
	b.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// deliverEvent delivers an Events API body in the bot's mode.
func (b *testBot) deliverEvent(body []byte) {
	b.t.Helper()
	if b.adapter.Mode() == ModeHTTP {
		if code, resp := b.post(EventsPath, "application/json", body); code != http.StatusOK {
			b.t.Fatalf("events: %d %s", code, resp)
		}
		return
	}
	id := b.w.fake.Deliver(slackfake.EventsAPI, rawJSON(body))
	b.waitFor(func() bool { ok, _ := b.w.fake.Acked(id); return ok }, "the ack of "+id)
}

// deliverCommand delivers a slash command from a fixture pair (.form for
// HTTP, .json for Socket Mode).
func (b *testBot) deliverCommand(name string) {
	b.t.Helper()
	if b.adapter.Mode() == ModeHTTP {
		if code, resp := b.post(CommandsPath, "application/x-www-form-urlencoded", b.fixture("commands/"+name+".form")); code != http.StatusOK || resp != "" {
			b.t.Fatalf("command: %d %q", code, resp)
		}
		return
	}
	id := b.w.fake.Deliver(slackfake.SlashCommands, rawJSON(b.fixture("commands/"+name+".json")))
	b.waitFor(func() bool { ok, _ := b.w.fake.Acked(id); return ok }, "the ack of "+id)
}

// deliverInteraction delivers an interactivity payload and returns the
// acknowledgement's body.
func (b *testBot) deliverInteraction(payload []byte) string {
	b.t.Helper()
	if b.adapter.Mode() == ModeHTTP {
		form := "payload=" + queryEscape(string(payload))
		code, resp := b.post(InteractivityPath, "application/x-www-form-urlencoded", []byte(form))
		if code != http.StatusOK {
			b.t.Fatalf("interactivity: %d %s", code, resp)
		}
		return strings.TrimSpace(resp)
	}
	id := b.w.fake.Deliver(slackfake.Interactive, rawJSON(payload))
	var ack []byte
	b.waitFor(func() bool { ok, p := b.w.fake.Acked(id); ack = p; return ok }, "the ack of "+id)
	if string(ack) == "null" {
		return ""
	}
	return string(ack)
}

// testLogger logs to the test's output until the test ends; goroutines
// still winding down after that are silenced.
func testLogger(t *testing.T) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
	})
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	t    *testing.T
	mu   sync.Mutex
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimSpace(string(p)))
	}
	return len(p), nil
}
