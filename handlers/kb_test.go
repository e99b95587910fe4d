package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// kbEnv is a router with the knowledge-base handlers on a real database.
type kbEnv struct {
	t       *testing.T
	r       *bot.Router
	chat    *chattest.Recorder
	store   *storage.KnowledgeBase
	indexer *handlers.Indexer
	export  string
	ts      int
	// notes are the indexer's remarks on unreadable files.
	notes []string
	cfg   *config.Config
	// blobDir holds the blob store's files; clock, when set, is the
	// router's time.
	blobDir string
	clock   time.Time
	// ws is the workspace of what the env's helpers do; "" means T1.
	ws campaignbot.WorkspaceID
	// logs holds what the handlers logged.
	logs *logRecorder
}

// logRecorder is a slog.Handler keeping what the handlers log, one line
// per record: the message, then key=value for each attribute.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

// Enabled implements slog.Handler: every level is kept.
func (*logRecorder) Enabled(context.Context, slog.Level) bool { return true }

// Handle implements slog.Handler.
func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	line := rec.Message
	rec.Attrs(func(a slog.Attr) bool {
		line += " " + a.String()
		return true
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, line)
	return nil
}

// WithAttrs implements slog.Handler; the attributes are not kept.
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return r }

// WithGroup implements slog.Handler; groups are not kept.
func (r *logRecorder) WithGroup(string) slog.Handler { return r }

// String returns the lines logged so far.
func (r *logRecorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n")
}

// workspace is the workspace the helpers act in.
func (e *kbEnv) workspace() campaignbot.WorkspaceID {
	if e.ws == "" {
		return "T1"
	}
	return e.ws
}

var (
	wang     = campaignbot.User{ID: "wang.fang", Name: "wang.fang"}
	lina     = campaignbot.User{ID: "li.na", Name: "li.na"}
	alice    = campaignbot.User{ID: "alice", Name: "alice"}
	bob      = campaignbot.User{ID: "bob", Name: "bob"}
	zhangwei = campaignbot.User{ID: "zhang.wei", Name: "zhang.wei"}
	general  = campaignbot.Channel{ID: "general", Name: "general"}
	design   = campaignbot.Channel{ID: "double11-design", Name: "double11-design"}
	dataCh   = campaignbot.Channel{ID: "double11-data", Name: "double11-data", Private: true}
	leaders  = campaignbot.Channel{ID: "leaders", Name: "leaders", Private: true}
)

// newKBEnv returns a knowledge base on db whose entries are numbered 1,
// 2, 3, … per workspace (storagetest.SequentialNumbers), unless opts say
// otherwise.
func newKBEnv(t *testing.T, db *storage.DB, opts ...storage.Option) *kbEnv {
	t.Helper()
	ctx := context.Background()
	cfg := exampleConfig(t)
	blobDir := t.TempDir()
	blobs, err := storage.OpenBlobStore(ctx, blobDir, storage.WithReferences(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	opts = append([]storage.Option{storage.WithNumbers(storagetest.SequentialNumbers())}, opts...)
	e := &kbEnv{t: t, store: storage.NewKnowledgeBase(db, opts...), export: t.TempDir(), blobDir: blobDir, logs: &logRecorder{}}
	e.indexer = handlers.NewIndexer(ctx, e.store, blobs, 2, nil)
	e.cfg = cfg
	e.r = bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return e.cfg }, Now: func() time.Time {
		if e.clock.IsZero() {
			return time.Now()
		}
		return e.clock
	}})
	handlers.Register(e.r, handlers.Deps{KnowledgeBase: e.store, Blobs: blobs, Indexer: e.indexer, ExportDir: e.export, Logger: slog.New(e.logs)})
	e.chat = newRecorder()
	return e
}

// newRecorder returns a chat with the test's users, channels and members.
func newRecorder() *chattest.Recorder {
	return &chattest.Recorder{
		Users:    []campaignbot.User{wang, lina, alice, bob, zhangwei},
		Channels: []campaignbot.Channel{general, design, dataCh, leaders},
		Files:    map[string][]byte{},
		Members:  map[string][]campaignbot.UserID{"double11-data": {"li.na", "zhang.wei"}, "leaders": {"wang.fang", "li.na"}},
	}
}

// share shares files (name → content) and returns the reply: what was said
// in the thread and to the sharer, in one message.
func (e *kbEnv) share(u campaignbot.User, ch campaignbot.Channel, text string, files ...string) (string, campaignbot.OutgoingMessage) {
	e.t.Helper()
	e.ts++
	ts := "1700000000." + string(rune('0'+e.ts/10)) + string(rune('0'+e.ts%10))
	var shared []bot.SharedFile
	for i := 0; i+1 < len(files); i += 2 {
		id := ts + files[i]
		e.chat.Files[id] = []byte(files[i+1])
		shared = append(shared, bot.SharedFile{ID: id, Name: files[i], Size: int64(len(files[i+1]))})
	}
	e.chat.Reset()
	e.r.HandleMessage(context.Background(), e.chat, &bot.Message{Workspace: e.workspace(), TS: ts, User: u, Channel: ch, Text: text, Files: shared, Time: time.Date(2026, 10, 22, 3, 0, 0, 0, time.UTC)})
	e.indexer.Wait()
	var reply campaignbot.OutgoingMessage
	for _, s := range e.chat.Said() {
		if strings.Contains(s.Message.Text, "could not read meaningful text") {
			e.notes = append(e.notes, s.Message.Text)
			continue
		}
		reply.Text = strings.TrimPrefix(reply.Text+"\n"+s.Message.Text, "\n")
		reply.Buttons = append(reply.Buttons, s.Message.Buttons...)
	}
	if reply.Text == "" {
		e.t.Fatalf("share said %v", e.chat.Texts())
	}
	return ts, reply
}

// kb runs /kb args and returns everything said.
func (e *kbEnv) cmd(u campaignbot.User, ch campaignbot.Channel, thread, args string) string {
	e.t.Helper()
	e.chat.Reset()
	e.r.HandleCommand(context.Background(), e.chat, &bot.Command{Workspace: e.workspace(), Name: "kb", Args: bot.Escape(args), User: u, Channel: ch, ThreadTS: thread})
	var out []string
	for _, said := range e.chat.Said() {
		out = append(out, said.Message.Text)
		for _, f := range said.Message.Fields {
			out = append(out, f.Label+": "+f.Value)
		}
	}
	return strings.Join(out, "\n")
}

// want fails unless got contains every one of subs.
func want(t *testing.T, got string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(got, s) {
			t.Errorf("reply lacks %q:\n%s", s, got)
		}
	}
}

// wantNot fails when got contains any of subs.
func wantNot(t *testing.T, got string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(got, s) {
			t.Errorf("reply has %q:\n%s", s, got)
		}
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "extract", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestKnowledgeBase(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		ctx := context.Background()

		// A file no rule matches is offered with a one-click save.
		_, m := e.share(alice, general, "meeting notes", "notes.txt", "kickoff notes: coupon banner by 10-09")
		want(t, m.Text, "Received *notes.txt*", "Pick a folder")
		if len(m.Buttons) != 1 || m.Buttons[0].ActionID != handlers.ActionSaveFile || m.Buttons[0].Value != "1" || !strings.HasPrefix(m.Buttons[0].Command, "/kb file 1 ") {
			t.Fatalf("buttons = %+v", m.Buttons)
		}
		want(t, e.cmd(alice, general, "", "file 1 double 11/planning"), "Saved *notes.txt* to Double 11/Planning (file #1).")

		// /kb save in a thread files the files of the thread's parent.
		ts, _ := e.share(bob, general, "", "kickoff.md", "# 双11 kickoff\n预热页面 10-22")
		want(t, e.cmd(bob, general, ts, "save Double 11/Nope"), "There is no folder Double 11/Nope")
		got := e.cmd(bob, general, ts, "save Double 11/Planning")
		want(t, got, "Saved *kickoff.md* to Double 11/Planning (file #2).")
		if s := e.chat.Said(); s[0].Message.ThreadID != ts {
			t.Errorf("save reply not in the thread: %+v", s[0])
		}
		// Without a thread: the latest unfiled share in the channel.
		e.share(bob, general, "", "agenda.md", "agenda")
		want(t, e.cmd(bob, general, "", "save Double 11/Review"), "Saved *agenda.md* to Double 11/Review")

		// Rules, a restricted folder, and the private-channel default.
		_, m = e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		want(t, m.Text, "to Double 11/Data")
		_, m = e.share(wang, leaders, "", "budget.txt", "promotion budget 优惠券预算")
		want(t, m.Text, "to Private channels/leaders")
		_, m = e.share(alice, design, "", "scanned.pdf", readTestdata(t, "scanned.pdf"))
		want(t, m.Text, "Received *scanned.pdf*")
		e.share(alice, general, "", "plan.pdf", readTestdata(t, "plan.pdf"))
		e.share(alice, general, "", "shifts.docx", readTestdata(t, "shifts.docx"))
		if texts := strings.Join(e.notes, "\n"); !strings.Contains(texts, "could not read meaningful text from scanned.pdf") {
			t.Errorf("no note about the unreadable PDF: %q", texts)
		}

		// Permissions filter search, tree and listings.
		for _, tt := range []struct {
			user campaignbot.User
			sees bool
		}{{alice, false}, {bob, false}, {lina, true}, {zhangwei, true}, {wang, true}} {
			got := e.cmd(tt.user, general, "", "search 转化率")
			if strings.Contains(got, "conversion.csv") != tt.sees {
				t.Errorf("%s searching 转化率: %s", tt.user.ID, got)
			}
			got = e.cmd(tt.user, general, "", "tree")
			if strings.Contains(got, "Data (1)") != tt.sees {
				t.Errorf("%s tree: %s", tt.user.ID, got)
			}
		}
		got = e.cmd(alice, general, "", "search 优惠券")
		wantNot(t, got, "conversion.csv", "budget.txt")
		want(t, got, "shifts.docx")
		want(t, e.cmd(alice, general, "", "ls Double 11/Data"), "There is no folder Double 11/Data")
		want(t, e.cmd(alice, general, "", "ls Private channels/leaders"), "There is no folder")
		want(t, e.cmd(lina, general, "", "ls Private channels/leaders"), "budget.txt")
		want(t, e.cmd(alice, general, "", "info 4"), "There is no file #4.")
		want(t, e.cmd(alice, general, "", "search coupon banner in:\"Double 11\" type:txt"), "notes.txt", "Double 11/Planning", "kickoff notes: coupon banner")
		want(t, e.cmd(alice, general, "", "search coupon from:@bob"), "Nothing found")
		want(t, e.cmd(alice, general, "", "search 预热 from:@bob after:2026-10-01"), "kickoff.md")
		want(t, e.cmd(alice, general, "", "search deploy-bot C++"), "Nothing found")
		want(t, e.cmd(alice, general, "", "search after:tomorrow"), "takes a date like 2026-10-01")
		want(t, e.cmd(alice, general, "", "search budget review"), "plan.pdf")

		// Grants: owners and admins only.
		want(t, e.cmd(alice, general, "", "grant Double 11/Data @bob viewer"), "There is no folder")
		want(t, e.cmd(lina, general, "", "grant Double 11/Data @bob viewer"), "Only owners of Double 11/Data and admins")
		want(t, e.cmd(wang, general, "", "grant Double 11/Data @bob boss"), "The role must be viewer or editor")
		want(t, e.cmd(wang, general, "", "grant Double 11/Data @bob viewer"), "@bob is now viewer of Double 11/Data.")
		want(t, e.cmd(bob, general, "", "search 转化率"), "conversion.csv")
		want(t, e.cmd(bob, general, "", "rm 4"), "You need to be an editor of Double 11/Data")
		want(t, e.cmd(wang, general, "", "revoke Double 11/Data @bob"), "no longer has access")
		want(t, e.cmd(bob, general, "", "search 转化率"), "Nothing found")
		want(t, e.cmd(wang, general, "", "revoke Double 11/Data @li.na"), "comes from the config")

		// Folders: mkdir, moves with cycles, renames.
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Data/Mine"), "There is no folder Double 11/Data.")
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Design/Banners"), "Created the folder Double 11/Design/Banners; you own it.")
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Design/Banners"), "already exists")
		want(t, e.cmd(alice, general, "", `mv "Double 11/Design" "Double 11/Design/Banners"`), "cannot move into itself")
		want(t, e.cmd(alice, general, "", `mv "Double 11/Design/Banners" "Double 11/Review"`), "Moved the folder Double 11/Design/Banners to Double 11/Review/Banners.")
		want(t, e.cmd(alice, general, "", `rename "Double 11/Review/Banners" KV`), "to Double 11/Review/KV.")
		want(t, e.cmd(alice, general, "", `mv Double 11/Design`), "Give two folder paths")

		// Files: move, rename, tag, rm, trash, restore.
		want(t, e.cmd(alice, general, "", "mv 1 Double 11/Review/KV"), "Moved *notes.txt* (all versions) to Double 11/Review/KV.")
		want(t, e.cmd(alice, general, "", "mv 1 Double 11/Data"), "There is no folder Double 11/Data")
		want(t, e.cmd(alice, general, "", "rename 1 ../../etc/passwd"), "cannot contain slashes")
		want(t, e.cmd(alice, general, "", "rename 1 kickoff-notes.txt"), "Renamed *notes.txt* to *kickoff-notes.txt*")
		want(t, e.cmd(alice, general, "", "tag 1 coupon #kickoff, 双11"), "coupon, kickoff, 双11")
		want(t, e.cmd(alice, general, "", "tag 1 -kickoff"), "coupon, 双11")
		want(t, e.cmd(alice, general, "", "search 双11 in:\"Double 11/Review\""), "kickoff-notes.txt")
		want(t, e.cmd(alice, general, "", "info 1"), "Double 11/Review/KV", "kickoff-notes.txt", "contents indexed")
		want(t, e.cmd(alice, general, "", "rm 1"), "Moved #1 *kickoff-notes.txt* to the recycle bin")
		want(t, e.cmd(alice, general, "", "search kickoff notes"), "Nothing found")
		want(t, e.cmd(alice, general, "", "trash"), "#1 *kickoff-notes.txt*", "30 days left")
		want(t, e.cmd(alice, general, "", "restore 1"), "Restored #1 *kickoff-notes.txt* to Double 11/Review/KV.")
		want(t, e.cmd(alice, general, "", "restore 1"), "is not in the recycle bin")
		want(t, e.cmd(alice, general, "", "rm nine"), "is not a file number")

		// Archive: admins only, then read-only.
		want(t, e.cmd(alice, general, "", `archive Double 11`), "Only admins can archive")
		want(t, e.cmd(wang, general, "", `archive "Double 11"`), "Archived Double 11")
		want(t, e.cmd(alice, general, "", "rm 2"), "archived and read-only")
		want(t, e.cmd(alice, general, "", "tree"), "📦archived")

		// Export: only what the asker may see.
		got = e.cmd(alice, general, "", "export Double 11")
		want(t, got, "Exported Double 11")
		zips, _ := filepath.Glob(filepath.Join(e.export, "*.zip"))
		if len(zips) != 1 {
			t.Fatalf("zips: %v", zips)
		}
		names := zipNames(t, zips[0])
		want(t, strings.Join(names, "\n"), "index.json", "index.html", "Double 11/Planning/kickoff.md", "Double 11/Review/KV/kickoff-notes.txt")
		wantNot(t, strings.Join(names, "\n"), "conversion.csv", "Data/")

		// Bad input: a broken download saves nothing.
		e.chat.BreakAfter = map[string]int{}
		e.ts++
		e.chat.Files["broken"] = []byte(strings.Repeat("x", 1000))
		e.chat.BreakAfter["broken"] = 100
		e.chat.Reset()
		e.r.HandleMessage(ctx, e.chat, &bot.Message{Workspace: "T1", TS: "9.9", User: alice, Channel: general, Files: []bot.SharedFile{{ID: "broken", Name: "big.txt", Size: 1000}}})
		want(t, strings.Join(e.chat.Texts(), ""), "Could not save big.txt: the download broke off partway, so nothing was saved")
		if fs, _ := e.store.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", MessageTS: "9.9"}); len(fs) != 0 {
			t.Errorf("half-saved: %+v", fs)
		}
		_, m = e.share(alice, general, "", "../../evil\x01.txt", "x")
		want(t, m.Text, "*evil.txt*", "name was cleaned")
		_, m = e.share(alice, general, "", strings.Repeat("长", 300)+".txt", "x2")
		want(t, m.Text, "shortened to 255 characters")
		zh := *e.cfg
		zh.Language = campaignbot.Chinese
		e.cfg = &zh
		want(t, e.cmd(alice, general, "", "tree"), "*知识库* — 你可见的文件共", "📦已归档")
		want(t, e.cmd(alice, general, "", "ls Double 11/Nope"), "没有文件夹 Double 11/Nope")
		_, m = e.share(alice, general, "", "empty.txt", "")
		want(t, m.Text, "未能保存 empty.txt：文件是空的")
		e.cfg = &zh
		en := *e.cfg
		en.Language = campaignbot.English
		e.cfg = &en
		want(t, e.cmd(alice, general, "", "frobnicate"), "I don't know /kb frobnicate")
		want(t, e.cmd(alice, general, "", "help"), "/kb search", "/kb grant", "/kb export")
	})
}

func zipNames(t *testing.T, path string) []string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "index.json" {
			rc, _ := f.Open()
			var idx struct {
				Files []struct {
					Number          int64
					Uploader, Title string
				}
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			if err := json.Unmarshal(b, &idx); err != nil || len(idx.Files) == 0 || idx.Files[0].Number == 0 {
				t.Errorf("index.json: %v, %s", err, b)
			}
		}
	}
	return names
}

func TestSaveFormAndShortcut(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		ctx := context.Background()
		ts, m := e.share(alice, general, "", "notes.txt", "notes")

		// The button opens the form with the folders alice may use.
		e.r.HandleAction(ctx, e.chat, &bot.Action{Workspace: "T1", ActionID: m.Buttons[0].ActionID, Value: m.Buttons[0].Value, User: alice, Channel: general, TriggerID: "trig"})
		forms := e.chat.Forms()
		if len(forms) != 1 || forms[0].ID != handlers.FormSave {
			t.Fatalf("forms = %+v (said %v)", forms, e.chat.Texts())
		}
		var options []string
		for _, o := range forms[0].Fields[0].Options {
			options = append(options, o.Value)
		}
		want(t, "|"+strings.Join(options, "|")+"|", "|Double 11/Planning|")
		wantNot(t, "|"+strings.Join(options, "|")+"|", "|Double 11/Data|")

		e.chat.Reset()
		res := e.r.HandleForm(ctx, e.chat, &bot.FormSubmission{Workspace: "T1", FormID: handlers.FormSave, PrivateValue: forms[0].PrivateValue, User: alice,
			Values: map[string]string{"folder": "Double 11/Data", "title": "", "tags": ""}})
		if res.Errors["folder"] == "" {
			t.Errorf("saving into a hidden folder: %+v", res)
		}
		res = e.r.HandleForm(ctx, e.chat, &bot.FormSubmission{Workspace: "T1", FormID: handlers.FormSave, PrivateValue: forms[0].PrivateValue, User: alice,
			Values: map[string]string{"folder": "Double 11/Planning", "title": "Kickoff notes", "tags": "kickoff, 双11"}})
		if res.Errors != nil {
			t.Fatalf("form errors %+v", res.Errors)
		}
		said := e.chat.Said()
		if len(said) != 1 || said[0].Message.ThreadID != ts || !strings.Contains(said[0].Message.Text, "Saved *notes.txt* to Double 11/Planning (file #1).") {
			t.Errorf("announcement = %+v", said)
		}
		f, _ := e.store.FindFile(ctx, "T1", 1)
		if f.Title != "Kickoff notes" || strings.Join(f.Tags, ",") != "kickoff,双11" || f.SavedBy != "alice" {
			t.Errorf("entry = %+v", f)
		}

		// The shortcut on a message the bot never saw receives its files.
		e.chat.Files["S1"] = []byte("registration form")
		e.chat.Reset()
		e.r.HandleShortcut(ctx, e.chat, &bot.Shortcut{Workspace: "T1", CallbackID: handlers.ShortcutSave, User: bob, Channel: general, TriggerID: "t2",
			Message: &bot.Message{TS: "555.1", User: alice, Channel: general, Text: "gold rush", Files: []bot.SharedFile{{ID: "S1", Name: "gold.xlsx", Size: 17}}}})
		forms = e.chat.Forms()
		if len(forms) != 2 {
			t.Fatalf("shortcut opened no form: %v", e.chat.Texts())
		}
		res = e.r.HandleForm(ctx, e.chat, &bot.FormSubmission{Workspace: "T1", FormID: handlers.FormSave, PrivateValue: forms[1].PrivateValue, User: bob,
			Values: map[string]string{"folder": "Double 11/Registration"}})
		if res.Errors != nil {
			t.Fatalf("form errors %+v", res.Errors)
		}
		fs, _ := e.store.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", MessageTS: "555.1"})
		if len(fs) != 1 || fs[0].FolderID == nil || fs[0].SavedBy != "bob" || fs[0].Uploader != "alice" {
			t.Errorf("shortcut entries = %+v", fs)
		}
		// Without forms, the typed command is offered instead.
		e.chat.FormsEnabled = false
		e.chat.Reset()
		e.r.HandleAction(ctx, e.chat, &bot.Action{Workspace: "T1", ActionID: handlers.ActionSaveFile, Value: "1", User: alice, Channel: general})
		want(t, strings.Join(e.chat.Texts(), ""), "Type /kb file 1 ")
		e.indexer.Wait()
		_ = bytes.MinRead
	})
}

// pendingEntry stores "满减优惠券 plan" and adds an entry named name of it
// whose text is not extracted yet.
func pendingEntry(t *testing.T, db *storage.DB, name string) (*storage.KnowledgeBase, *storage.BlobStore, *campaignbot.File) {
	t.Helper()
	ctx := context.Background()
	kb := storage.NewKnowledgeBase(db)
	blobs, err := storage.OpenBlobStore(ctx, t.TempDir(), storage.WithReferences(db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	b, err := blobs.Put(ctx, strings.NewReader("满减优惠券 plan"), 0)
	if err != nil {
		t.Fatal(err)
	}
	f := &campaignbot.File{Workspace: "T1", Name: name, Size: b.Size, SHA256: b.SHA256}
	if err := kb.AddFile(ctx, f); err != nil {
		t.Fatal(err)
	}
	return kb, blobs, f
}

func TestIndexerResume(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb, blobs, f := pendingEntry(t, db, "left-over.md")
		held := &campaignbot.File{Workspace: "T1", Name: "held.md", Size: f.Size, SHA256: f.SHA256, HeldFor: "alice"}
		if err := kb.AddFile(ctx, held); err != nil {
			t.Fatal(err)
		}
		idx := handlers.NewIndexer(ctx, kb, blobs, 1, nil)
		if n, err := idx.Resume(ctx, 100); err != nil || n != 2 {
			t.Fatalf("Resume = %d, %v; want both entries, the held one too", n, err)
		}
		idx.Wait()
		for _, id := range []int64{f.ID, held.ID} {
			if text, _ := kb.FileText(ctx, "T1", id); text != "满减优惠券 plan" {
				t.Errorf("text of #%d = %q", id, text)
			}
		}
		if n, _ := idx.Resume(ctx, 100); n != 0 {
			t.Errorf("resumed %d again", n)
		}
	})
}

// TestStoppedIndexerLeavesFilesPending: an indexer whose context is done
// (the bot is stopping) extracts nothing and logs nothing: the file stays
// pending, for Resume at the next start.
func TestStoppedIndexerLeavesFilesPending(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb, blobs, f := pendingEntry(t, db, "plan.md")
		stopped, stop := context.WithCancel(ctx)
		stop()
		logs := &logRecorder{}
		idx := handlers.NewIndexer(stopped, kb, blobs, 1, slog.New(logs))
		idx.Enqueue(handlers.IndexJob{Workspace: "T1", File: f})
		idx.Wait()
		pending, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", TextPending: true})
		if err != nil || len(pending) != 1 || logs.String() != "" {
			t.Errorf("pending = %v, %v; logged %q", pending, err, logs.String())
		}
	})
}
