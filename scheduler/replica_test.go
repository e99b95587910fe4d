package scheduler_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	slackbot "github.com/campaignbot/campaignbot/bot/slack"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// slackWorld is what campaignbot replicas share inside a testing/synctest
// bubble: a fake Slack served in process (on the bubble's clock, with
// Slack's rate limits) and one SQLite database file.
type slackWorld struct {
	t    *testing.T
	fake *slackfake.Server
	dsn  string
	cfg  *config.Config
}

// newSlackWorld makes the world with the war room (C0WAR, named
// double11-war-room), the design channel and 120 more channels c000…c119
// the bot is in, and two users.
func newSlackWorld(t *testing.T) *slackWorld {
	t.Helper()
	fake := slackfake.NewInProcess(t)
	fake.AddChannel(slackfake.Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
	fake.AddChannel(slackfake.Channel{ID: "C0DESIGN", Name: "double11-design", IsMember: true})
	for i := range 120 {
		fake.AddChannel(slackfake.Channel{ID: fmt.Sprintf("C%03d", i), Name: fmt.Sprintf("c%03d", i), IsMember: true})
	}
	fake.AddUser(slackfake.User{ID: "U0ALICE", Name: "alice", RealName: "Alice", TZ: "Asia/Shanghai"})
	fake.AddUser(slackfake.User{ID: "U0BOB", Name: "bob", RealName: "Bob", TZ: "Europe/Berlin"})
	cfg := testConfig()
	cfg.Slack = config.Slack{Mode: slackbot.ModeHTTP, APIURL: fake.APIURL(), BotToken: slackfake.BotToken, SigningSecret: slackfake.Secret}
	return &slackWorld{t: t, fake: fake, dsn: filepath.Join(t.TempDir(), "campaignbot.db"), cfg: cfg}
}

// open opens a connection pool of the shared database, closed when the
// test ends.
func (w *slackWorld) open() *storage.DB {
	w.t.Helper()
	db, err := storage.Open(context.Background(), storage.Options{Driver: storage.DriverSQLite, DSN: w.dsn})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { db.Close() })
	return db
}

// plan stores reminders of one source, planned well before they are due.
func (w *slackWorld) plan(source string, rs ...campaignbot.Reminder) {
	w.t.Helper()
	db := w.open()
	if _, err := storage.NewReminderStore(db).Replan(context.Background(), source, rs, time.Now().Add(-time.Hour)); err != nil {
		w.t.Fatal(err)
	}
}

// reminders returns every stored reminder of source.
func (w *slackWorld) reminders(source string) []campaignbot.Reminder {
	w.t.Helper()
	rs, err := storage.NewReminderStore(w.open()).Reminders(context.Background(), campaignbot.ReminderFilter{Source: source})
	if err != nil {
		w.t.Fatal(err)
	}
	return rs
}

// post is a message the bot posted, as Slack's history holds it.
type post struct {
	key     string
	text    string
	channel string
	at      time.Time
}

// posts returns the bot's posts in a conversation (an id), oldest first.
func (w *slackWorld) posts(channel string) []post {
	var out []post
	for _, m := range w.fake.Messages(channel) {
		if m.User != slackfake.BotUserID {
			continue
		}
		p := post{text: m.Text, channel: channel, at: tsTime(m.TS)}
		if m.Metadata != nil {
			p.key, _ = m.Metadata.EventPayload["key"].(string)
		}
		out = append(out, p)
	}
	return out
}

// postsByKey counts the bot's posts of each reminder key in the given
// conversations.
func (w *slackWorld) postsByKey(channels ...string) map[string]int {
	n := map[string]int{}
	for _, ch := range channels {
		for _, p := range w.posts(ch) {
			n[p.key]++
		}
	}
	return n
}

// tsTime reads a Slack ts.
func tsTime(ts string) time.Time {
	var sec, usec int64
	fmt.Sscanf(ts, "%d.%d", &sec, &usec)
	return time.Unix(sec, usec*1000)
}

// replica is one campaignbot process: its own database pool, Slack
// client and dispatcher. kill stops it dead, as kill -9 does: from then
// on its requests never reach Slack and its database calls fail.
type replica struct {
	name   string
	db     *storage.DB
	slack  *slackbot.Adapter
	d      *scheduler.Dispatcher
	wire   *killableTransport
	cancel context.CancelFunc
	done   chan error
}

// startReplica starts a replica's dispatcher with the given claim lease
// (0 means the default); it stops when the test ends.
func (w *slackWorld) startReplica(name string, lease time.Duration) *replica {
	w.t.Helper()
	r := w.newReplica(name, lease)
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan error, 1)
	go func() { r.done <- r.d.Run(ctx) }()
	w.t.Cleanup(r.stop)
	return r
}

// newReplica builds a replica without starting its dispatcher.
func (w *slackWorld) newReplica(name string, lease time.Duration) *replica {
	w.t.Helper()
	wire := &killableTransport{inner: w.fake.Client().Transport}
	a, err := slackbot.New(context.Background(), slackbot.Options{
		Config:     func() *config.Config { return w.cfg },
		HTTPClient: &http.Client{Transport: wire, Timeout: 30 * time.Second},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	db := w.open()
	d := &scheduler.Dispatcher{
		Store: storage.NewReminderStore(db), Messenger: a, Config: func() *config.Config { return w.cfg },
		Owner: name, Lease: lease,
	}
	return &replica{name: name, db: db, slack: a, d: d, wire: wire}
}

// newAdapterWithUsers returns another Slack adapter on the world that
// keeps users in the directory.
func (w *slackWorld) newAdapterWithUsers(users campaignbot.UserStore) *slackbot.Adapter {
	w.t.Helper()
	a, err := slackbot.New(context.Background(), slackbot.Options{
		Config:     func() *config.Config { return w.cfg },
		HTTPClient: &http.Client{Transport: w.fake.Client().Transport, Timeout: 30 * time.Second},
		Users:      users,
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// stop stops the dispatcher (a graceful shutdown, unless it was killed).
func (r *replica) stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	<-r.done
	r.cancel = nil
}

// kill stops the replica dead now.
func (r *replica) kill() {
	r.wire.kill()
	r.db.Close()
}

// killAfterPost kills the replica right after Slack accepted its n-th
// chat.postMessage, before the answer reaches it.
func (r *replica) killAfterPost(n int) {
	r.wire.mu.Lock()
	defer r.wire.mu.Unlock()
	r.wire.killAt = n
	r.wire.onKill = func() { r.db.Close() }
}

// killableTransport forwards requests to the fake Slack until killed.
type killableTransport struct {
	inner http.RoundTripper

	mu     sync.Mutex
	dead   bool
	posts  int
	killAt int
	onKill func()
}

var errKilled = errors.New("process killed")

// kill makes every later request fail without reaching Slack.
func (k *killableTransport) kill() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.dead = true
}

// RoundTrip implements http.RoundTripper.
func (k *killableTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	k.mu.Lock()
	dead := k.dead
	k.mu.Unlock()
	if dead {
		return nil, errKilled
	}
	resp, err := k.inner.RoundTrip(req)
	if err == nil && req.URL.Path == "/api/chat.postMessage" && resp.StatusCode == http.StatusOK {
		k.mu.Lock()
		k.posts++
		kill := k.killAt > 0 && k.posts == k.killAt
		if kill {
			k.dead = true
		}
		onKill := k.onKill
		k.mu.Unlock()
		if kill {
			resp.Body.Close()
			if onKill != nil {
				onKill()
			}
			return nil, errKilled
		}
	}
	return resp, err
}

// channelReminder is a job reminder into a channel (an id or a name).
func channelReminder(key string, at time.Time, channel campaignbot.ChannelID) campaignbot.Reminder {
	return campaignbot.Reminder{Key: key, Kind: campaignbot.ReminderJob, At: at, Recipient: campaignbot.Recipient{Channel: channel},
		Message: campaignbot.OutgoingMessage{Text: key}}
}

// metadataKey returns the reminder key of a posted message's metadata.
func metadataKey(raw string) string {
	var md struct {
		EventPayload map[string]any `json:"event_payload"`
	}
	json.Unmarshal([]byte(raw), &md)
	k, _ := md.EventPayload["key"].(string)
	return k
}

// drained checks that every planned reminder reached the 100 channels
// C000…C099 exactly once, each channel's in key order, and returns how
// long after due the last one arrived.
func (w *slackWorld) drained(plan []campaignbot.Reminder, due time.Time) time.Duration {
	w.t.Helper()
	seen := map[string]int{}
	var last time.Time
	for ch := range 100 {
		prev := ""
		for _, p := range w.posts(fmt.Sprintf("C%03d", ch)) {
			seen[p.key]++
			if p.key < prev {
				w.t.Errorf("C%03d: %s after %s", ch, p.key, prev)
			}
			prev = p.key
			if p.at.After(last) {
				last = p.at
			}
		}
	}
	for _, r := range plan {
		if seen[r.Key] != 1 {
			w.t.Fatalf("%s delivered %d times, want once", r.Key, seen[r.Key])
		}
	}
	return last.Sub(due)
}

// refused counts the posts Slack refused (rate limited).
func (w *slackWorld) refused() int {
	return len(w.fake.Calls("chat.postMessage")) - len(w.fake.Delivered("chat.postMessage"))
}
