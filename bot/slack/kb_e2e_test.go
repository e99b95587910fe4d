package slack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// kbBot is a running adapter with the real knowledge-base handlers.
type kbBot struct {
	*testBot
	kb      *storage.KnowledgeBase
	indexer *handlers.Indexer
	// exportDir is where /kb export writes (and, in Slack, stages) zips.
	exportDir string
}

// startKB runs an adapter with the knowledge-base handlers on w's
// database and blob store.
func (w *world) startKB(t *testing.T) *kbBot {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	k := &kbBot{kb: storage.NewKnowledgeBase(w.db, storage.WithNumbers(storagetest.SequentialNumbers())), exportDir: t.TempDir()}
	k.indexer = handlers.NewIndexer(ctx, k.kb, w.blobs, 1, nil)
	t.Cleanup(func() { cancel(); k.indexer.Wait() })
	k.testBot = w.startWith(t, func(b *testBot) {
		handlers.Register(b.router, handlers.Deps{KnowledgeBase: k.kb, Blobs: w.blobs, Indexer: k.indexer, ExportDir: k.exportDir, Logger: testLogger(t)})
	})
	return k
}

// settle waits until the adapter finished the work it acknowledged and
// the text extraction it started.
func (k *kbBot) settle() {
	k.adapter.work.Wait()
	k.indexer.Wait()
}

// lastView returns the id and JSON of the view opened last.
func (k *kbBot) lastView() (string, string) {
	k.t.Helper()
	views := k.w.fake.Views()
	if len(views) == 0 {
		k.t.Fatal("no view was opened")
	}
	v := views[len(views)-1]
	b, _ := json.Marshal(v)
	return v["id"].(string), string(b)
}

// suggest types query into the folder picker of view id as user and
// returns the options Slack would show.
func (k *kbBot) suggest(viewID, user, query string) []slackfake.Option {
	k.t.Helper()
	p, err := k.w.fake.BlockSuggestion(viewID, user, handlers.FieldFolder, query)
	if err != nil {
		k.t.Fatal(err)
	}
	ack := k.deliverInteraction(mustMarshal(k.t, p))
	opts, err := slackfake.CheckOptions([]byte(ack))
	if err != nil {
		k.t.Fatalf("the options for %q: %v (ack %s)", query, err, ack)
	}
	return opts
}

// submit submits view id as user and returns the acknowledgement.
func (k *kbBot) submit(viewID, user string, values map[string]any) string {
	k.t.Helper()
	p, err := k.w.fake.ViewSubmission(viewID, user, values)
	if err != nil {
		k.t.Fatal(err)
	}
	return k.deliverInteraction(mustMarshal(k.t, p))
}

// sha256Hex is the hex SHA-256 of s.
func sha256Hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// shortcutOn returns a "Save to knowledge base" payload for a message of
// channel with file f, answered at the response_url named respID.
func shortcutOn(k *kbBot, channel, channelName, respID string, f map[string]any) []byte {
	return mustMarshal(k.t, map[string]any{
		"type": "message_action", "callback_id": handlers.ShortcutSave, "action_ts": "1700000700.000100",
		"team":         map[string]any{"id": slackfake.TeamID, "domain": "fake"},
		"user":         map[string]any{"id": "U0ALICE", "username": "alice", "team_id": slackfake.TeamID, "name": "alice"},
		"channel":      map[string]any{"id": channel, "name": channelName},
		"trigger_id":   "trigger-" + respID,
		"response_url": k.w.fake.ResponseURL(respID),
		"message_ts":   "1700000300.000100",
		"message": map[string]any{"type": "message", "subtype": "file_share", "text": "promo banner", "user": "U0BOB",
			"ts": "1700000300.000100", "files": []any{f}},
	})
}

// TestSaveShortcutAnswersInAChannelTheBotHasNotJoined: the shortcut from
// a channel the bot is not in opens the form with a searchable folder
// picker (no guess when no folder's name is a word of the channel's), saves the file, and tells the saver through the shortcut's
// response_url, since the bot cannot post there.
func TestSaveShortcutAnswersInAChannelTheBotHasNotJoined(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddChannel(slackfake.Channel{ID: "C0PROMO", Name: "promo", Members: []string{"U0ALICE", "U0BOB"}})
		f := w.fake.AddFile(slackfake.File{ID: "F0PROMO", Name: "promo.png", Mimetype: "image/png", Bytes: []byte("PNG promo banner"), User: "U0BOB", Channels: []string{"C0PROMO"}})
		k := w.startKB(t)
		k.deliverInteraction(shortcutOn(k, "C0PROMO", "promo", "shortcut", f))
		k.waitFor(func() bool { return len(w.fake.Views()) == 1 }, "the save form")
		viewID, view := k.lastView()
		for _, want := range []string{`"type":"external_select"`, `"min_query_length":0`} {
			if !strings.Contains(view, want) {
				t.Errorf("the folder picker lacks %s: %s", want, view)
			}
		}
		// No folder's name is a word of #promo: the picker guesses none.
		if strings.Contains(view, `"initial_option"`) {
			t.Errorf("the folder picker guesses a folder for #promo: %s", view)
		}
		k.settle() // the file is received, held for alice

		opts := k.suggest(viewID, "U0ALICE", "desi")
		if len(opts) != 1 || opts[0].Value != "Double 11/Design" {
			t.Fatalf("options for desi: %+v", opts)
		}
		if ack := k.submit(viewID, "U0ALICE", map[string]any{handlers.FieldFolder: opts[0], "title": "Promo banner"}); ack != "" {
			t.Fatalf("the submission was answered %s", ack)
		}
		k.settle()
		var failed bool
		for _, c := range w.fake.Calls("chat.postMessage") {
			failed = failed || (c.Params.Get("channel") == "C0PROMO" && c.Error == "not_in_channel")
		}
		got := responses(w.fake, "shortcut")
		if !failed || len(got) != 1 || got[0]["response_type"] != "ephemeral" ||
			!strings.HasPrefix(fmt.Sprint(got[0]["text"]), "Saved *promo.png* to Double 11/Design (file #1).") {
			t.Fatalf("the saver was told %v (post to the channel failed: %v)", got, failed)
		}
		saved, err := k.kb.FindFile(context.Background(), slackfake.TeamID, 1)
		if err != nil || saved.FolderID == nil || saved.HeldFor != "" || saved.Title != "Promo banner" || saved.SavedBy != "U0ALICE" {
			t.Errorf("entry %+v, %v", saved, err)
		}
	})
}

// TestFolderPickerSearchesEveryFolder: with more folders than a select
// may list and a path longer than an option value may be, the picker
// finds each by search and saves into it.
func TestFolderPickerSearchesEveryFolder(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(w.db)
		for i := range 130 {
			if _, err := kb.CreateFolder(ctx, slackfake.TeamID, campaignbot.FolderPath(fmt.Sprintf("Archive/Box %03d", i)), "U0ALICE"); err != nil {
				t.Fatal(err)
			}
		}
		long := campaignbot.FolderPath("Archive/" + strings.Repeat("长", 60) + "/" + strings.Repeat("路", 60) + "/径")
		if _, err := kb.CreateFolder(ctx, slackfake.TeamID, long, "U0ALICE"); err != nil {
			t.Fatal(err)
		}
		f := w.fake.AddFile(slackfake.File{ID: "F0BOX", Name: "box.txt", Mimetype: "text/plain", Bytes: []byte("inventory"), User: "U0BOB", Channels: []string{"C0DESIGN"}})
		k := w.startKB(t)
		k.deliverInteraction(shortcutOn(k, "C0DESIGN", "double11-design", "picker", f))
		k.waitFor(func() bool { return len(w.fake.Views()) == 1 || len(responses(w.fake, "picker")) > 0 }, "the save form")
		if len(w.fake.Views()) != 1 {
			t.Fatalf("no form; the user was told %v", responses(w.fake, "picker"))
		}
		viewID, _ := k.lastView()
		k.settle()
		if opts := k.suggest(viewID, "U0ALICE", ""); len(opts) != 100 {
			t.Errorf("%d options for an empty query, want Slack's 100", len(opts))
		}
		if opts := k.suggest(viewID, "U0ALICE", "box 12"); len(opts) != 10 || opts[9].Text != "Archive/Box 129" {
			t.Errorf("options for box 12: %+v", opts)
		}
		deep := k.suggest(viewID, "U0ALICE", "路/径")
		if len(deep) != 1 || !strings.HasPrefix(deep[0].Value, "folder-sha256:") {
			t.Fatalf("options for the long path: %+v", deep)
		}
		if ack := k.submit(viewID, "U0ALICE", map[string]any{handlers.FieldFolder: deep[0]}); ack != "" {
			t.Fatalf("the submission was answered %s", ack)
		}
		k.settle()
		saved, err := k.kb.FindFile(ctx, slackfake.TeamID, 1)
		folders, _ := k.kb.Folders(ctx, slackfake.TeamID)
		var at campaignbot.FolderPath
		for _, fo := range folders {
			if saved != nil && saved.FolderID != nil && fo.ID == *saved.FolderID {
				at = fo.Path
			}
		}
		if err != nil || at != long {
			t.Errorf("saved into %q (%v), want the long folder", at, err)
		}
	})
}

// TestDownloadsRetryTransientFailures: a download that fails with 503,
// 429 or breaks off is retried, resuming where it broke, with backoff on
// the adapter's clock; a file that is gone is not retried.
func TestDownloadsRetryTransientFailures(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		k := w.startKB(t)
		w.fake.FailDownload("F0FILE1", slackfake.DownloadFault{Status: 503}, slackfake.DownloadFault{Status: 429, RetryAfter: 7}, slackfake.DownloadFault{BreakAfter: 9})
		k.deliverEvent(k.fixture("events/message_file_share.json"))
		k.waitFor(func() bool { return len(posted(w.fake)) == 1 }, "the reply")
		k.settle()
		if got := posted(w.fake)[0]; !strings.HasPrefix(got, "Saved *hero.psd* (28 B) to Double 11/Design (file #1).") {
			t.Errorf("reply %q", got)
		}
		var waited7s bool
		for _, d := range w.clock.Sleeps() {
			waited7s = waited7s || d == 7*time.Second
		}
		if !waited7s || len(w.clock.Sleeps()) < 3 {
			t.Errorf("sleeps %v: want a backoff per failure and Retry-After honoured", w.clock.Sleeps())
		}
		f, err := k.kb.FindFile(context.Background(), slackfake.TeamID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if rc, err := w.blobs.Open(context.Background(), f.SHA256); err != nil {
			t.Errorf("the resumed download's bytes: %v", err)
		} else {
			rc.Close()
		}
		if f.Size != 28 || f.SHA256 != sha256Hex("PSD bytes of the hero banner") {
			t.Errorf("resumed bytes differ from the file's: %+v", f)
		}
	})
}

// TestDownloadsGiveUp: persistent failures end with a clear reply after
// the last attempt, and a file that is gone is asked for once.
func TestDownloadsGiveUp(t *testing.T) {
	w := newWorld(t, ModeSocket)
	k := w.startKB(t)
	var faults []slackfake.DownloadFault
	for range maxAttempts {
		faults = append(faults, slackfake.DownloadFault{BreakAfter: 3})
	}
	w.fake.FailDownload("F0FILE1", faults...)
	k.deliverEvent(k.fixture("events/message_file_share.json"))
	k.waitFor(func() bool { return len(posted(w.fake)) == 1 }, "the reply")
	if got := posted(w.fake)[0]; !strings.Contains(got, "Could not save hero.psd: the download broke off partway") {
		t.Errorf("reply %q", got)
	}
	if n := len(w.clock.Sleeps()); n != maxAttempts-1 {
		t.Errorf("%d backoffs, want %d", n, maxAttempts-1)
	}
}
