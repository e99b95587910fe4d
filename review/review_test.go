package review_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/chart"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/review"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

const ws campaignbot.WorkspaceID = "T1"

// heldTodos serves to-dos from memory, as FindTodos does by status, so
// their creation times can be pinned.
type heldTodos struct {
	campaignbot.TodoService
	todos []*campaignbot.Todo
}

func (h *heldTodos) FindTodos(_ context.Context, f campaignbot.TodoFilter) ([]*campaignbot.Todo, error) {
	var out []*campaignbot.Todo
	for _, t := range h.todos {
		if slices.Contains(f.Statuses, t.Status) {
			out = append(out, t)
		}
	}
	return out, nil
}

// directory knows the example's channels: those in private are private
// (double11-data and #secret-pricing to start with).
type directory struct {
	campaignbot.Directory
	private map[campaignbot.ChannelID]bool
}

func (d *directory) Channel(_ context.Context, id campaignbot.ChannelID) (campaignbot.Channel, error) {
	return campaignbot.Channel{ID: id, Name: string(id), Private: d.private[id]}, nil
}

func (*directory) User(_ context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	return campaignbot.User{ID: id, Name: string(id)}, nil
}

// world is the example config on SQLite with its folders, files, to-dos
// and the milestone reminders of the coupons and declaration milestones.
type world struct {
	cfg      *config.Config
	camp     campaignbot.Campaign
	db       *storage.DB
	kb       *storage.KnowledgeBase
	compiler review.Compiler
	todos    *heldTodos
	dir      *directory
	blobs    *storage.BlobStore
}

// secrets are names the campaign channel may not read.
var secrets = []string{"Layoff plan", "GMV 转化率 底价", "Acquisition of rival", "secret-pricing", "double11-data", "Double 11/Data"}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldOn(t, storagetest.OpenSQLite(t))
}

// newWorldOn is newWorld on the database db.
func newWorldOn(t *testing.T, db *storage.DB) *world {
	t.Helper()
	ctx := context.Background()
	cfg, err := config.Parse(campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{cfg: cfg, camp: cfg.Campaigns[0], db: db, dir: &directory{private: map[campaignbot.ChannelID]bool{"double11-data": true, "secret-pricing": true}}}
	w.kb = storage.NewKnowledgeBase(w.db)
	blobs, err := storage.OpenBlobStore(ctx, t.TempDir(), storage.WithReferences(w.db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { blobs.Close() })
	w.blobs = blobs
	for _, f := range cfg.KnowledgeBase.Folders {
		var grants []campaignbot.Grant
		for _, c := range f.Channels {
			grants = append(grants, campaignbot.Grant{Kind: campaignbot.PrincipalChannel, Principal: string(c), Role: campaignbot.RoleEditor})
		}
		for _, u := range f.Members {
			grants = append(grants, campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: string(u), Role: campaignbot.RoleEditor})
		}
		if _, err := w.kb.ConfigureFolder(ctx, ws, f.Path, f.Restricted, grants); err != nil {
			t.Fatal(err)
		}
	}
	// A restricted folder with a telling name, readable by the war room
	// itself: still only a total in a review.
	if _, err := w.kb.ConfigureFolder(ctx, ws, "Double 11/Acquisition of rival", true,
		[]campaignbot.Grant{{Kind: campaignbot.PrincipalChannel, Principal: "double11-war-room", Role: campaignbot.RoleViewer}}); err != nil {
		t.Fatal(err)
	}
	sh := func(m, d, h int) time.Time { return time.Date(2026, time.Month(m), d, h, 0, 0, 0, cfg.Timezone) }
	for _, f := range []struct {
		folder campaignbot.FolderPath
		name   string
		at     time.Time
	}{
		{"Double 11/Design", "hero-banner.psd", sh(10, 20, 10)},
		{"Double 11/Design", "detail-page.png", sh(10, 21, 10)},
		{"Double 11/Planning", "warm-up plan.docx", sh(10, 12, 10)},
		{"Double 11/Data", "GMV 转化率 底价.xlsx", sh(11, 12, 10)},
		{"Double 11/Acquisition of rival", "term sheet.pdf", sh(11, 1, 10)},
		{"Double 11/Planning", "last year.docx", sh(3, 1, 10)}, // before the campaign
	} {
		folder, err := w.kb.FindFolder(ctx, ws, f.folder)
		if err != nil {
			t.Fatal(err)
		}
		blob, err := blobs.Put(ctx, strings.NewReader("bytes of "+f.name), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.kb.AddFile(ctx, &campaignbot.File{Workspace: ws, FolderID: &folder.ID, Name: f.name, Title: f.name, MIME: "application/octet-stream",
			Size: blob.Size, SHA256: blob.SHA256, Uploader: "alice", SharedAt: f.at}); err != nil {
			t.Fatal(err)
		}
	}
	w.todos = &heldTodos{todos: []*campaignbot.Todo{
		{Number: 1, Title: "Hero banner", Assignees: []campaignbot.UserID{"alice"}, Channel: "double11-war-room", Status: campaignbot.TodoDone,
			Due: sh(10, 20, 18), DoneAt: sh(10, 20, 12), CreatedAt: sh(10, 1, 10), Milestone: "double11/coupons"},
		{Number: 2, Title: "Declaration form", Assignees: []campaignbot.UserID{"zhang.wei"}, Channel: "double11-war-room", Status: campaignbot.TodoDone,
			Due: sh(10, 14, 18), DoneAt: sh(10, 16, 18), CreatedAt: sh(10, 2, 10)},
		{Number: 3, Title: "Courier agreement", Assignees: []campaignbot.UserID{"bob"}, Channel: "double11-design", Status: campaignbot.TodoOpen,
			Due: sh(11, 28, 18), CreatedAt: sh(10, 3, 10)},
		{Number: 4, Title: "Layoff plan", Assignees: []campaignbot.UserID{"li.na"}, Channel: "secret-pricing", Status: campaignbot.TodoOpen,
			Due: sh(11, 1, 18), CreatedAt: sh(10, 4, 10), Milestone: "double11/sale-opens"},
		{Number: 5, Title: "GMV 转化率 底价", Assignees: []campaignbot.UserID{"li.na"}, Channel: "double11-data", Status: campaignbot.TodoDone,
			Due: sh(10, 10, 18), DoneAt: sh(10, 30, 18), CreatedAt: sh(10, 4, 11), Milestone: "double11/coupons"},
	}}
	// The coupons reminders: two sent, one failed; registration-closes one missed.
	store := storage.NewReminderStore(w.db)
	rem := func(key, ms string, at time.Time) campaignbot.Reminder {
		return campaignbot.Reminder{Key: key, Source: scheduler.MilestoneSource("double11", ms), Kind: campaignbot.ReminderMilestone,
			At: at.UTC(), Zone: "Asia/Shanghai", Recipient: campaignbot.Recipient{Channel: campaignbot.ChannelID(key)},
			Message: campaignbot.OutgoingMessage{Text: key, Key: key}}
	}
	plans := map[string][]campaignbot.Reminder{
		scheduler.MilestoneSource("double11", "coupons"):             {rem("c1", "coupons", sh(10, 9, 10)), rem("c2", "coupons", sh(10, 10, 10)), rem("c3", "coupons", sh(10, 10, 10))},
		scheduler.MilestoneSource("double11", "registration-closes"): {rem("r1", "registration-closes", sh(10, 29, 20))},
	}
	if _, err := store.ReplanSources(ctx, plans, time.Time{}); err != nil {
		t.Fatal(err)
	}
	claimed, err := store.Claim(ctx, campaignbot.ClaimRequest{Owner: "t", Now: sh(11, 1, 0), LeaseUntil: sh(11, 1, 1), Limit: 10, PerRecipient: 5})
	if err != nil || len(claimed) != 4 {
		t.Fatalf("claimed %d: %v", len(claimed), err)
	}
	for _, r := range claimed {
		status, reason := campaignbot.ReminderSent, ""
		switch r.Key {
		case "c3":
			status, reason = campaignbot.ReminderFailed, "channel_not_found"
		case "r1":
			status, reason = campaignbot.ReminderMissed, "the bot was down"
		}
		if err := store.Finish(ctx, r.Key, r.Claim, status, r.At, false, reason); err != nil {
			t.Fatal(err)
		}
	}
	renderer, err := chart.New("")
	if err != nil {
		t.Fatal(err)
	}
	w.compiler = review.Compiler{Todos: w.todos, Reminders: store, KB: w.kb, Blobs: blobs, Charts: renderer, Directory: w.dir}
	return w
}

// options are the review's options as of at in the config's language.
func (w *world) options(at time.Time) review.Options {
	return review.Options{Workspace: ws, Campaign: w.camp, All: w.cfg.Campaigns, At: at, Location: w.cfg.Timezone, Language: w.cfg.Language}
}

// TestReviewOfTheExampleCampaign compiles the review of config.example.yaml's
// Double 11 with the clock pinned after its end and saves it: it lands in
// Double 11/Review as Markdown, HTML and the chart, with the key figures.
func TestReviewOfTheExampleCampaign(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		testReviewOfTheExampleCampaign(t, newWorldOn(t, storagetest.Open(t, b.Options(t))))
	})
}

func testReviewOfTheExampleCampaign(t *testing.T, w *world) {
	ctx := context.Background()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone)
	if !at.After(w.camp.Ends) {
		t.Fatalf("the pinned clock %v is not after the end %v", at, w.camp.Ends)
	}
	rep, err := w.compiler.Compile(ctx, w.options(at))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := w.compiler.Save(ctx, ws, rep, "wang.fang")
	if err != nil {
		t.Fatal(err)
	}
	if saved.Folder != "Double 11/Review" || saved.Markdown.Name != "double11-review-2026-12-01.md" ||
		saved.HTML.Name != "double11-review-2026-12-01.html" || saved.Chart == nil || saved.Chart.Name != "double11-review-2026-12-01-chart.png" {
		t.Fatalf("saved %+v", saved)
	}
	folder, err := w.kb.FindFolder(ctx, ws, "Double 11/Review")
	if err != nil {
		t.Fatal(err)
	}
	files, err := w.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: ws, FolderID: &folder.ID})
	if err != nil || len(files) != 3 {
		t.Fatalf("Double 11/Review holds %d files: %v", len(files), err)
	}
	md := string(rep.Markdown(saved.Chart.Name))
	for _, want := range []string{
		"# Double 11 2026 双十一 — review (复盘)",
		"As of 2026-12-01 09:00 (Asia/Shanghai). D-day 2026-11-11 00:00; the campaign ended 2026-11-30 23:59.",
		"To-dos: 5, 3 done (1 on time), 2 still open (2 overdue). On time: 20% (1 of 5).",
		"| Coupons start being issued 优惠券开始发放 | 2026-10-10 10:00 | ✓ 2 sent · ⚠ 1 failed: channel\\_not\\_found |",
		"| Product registration closes 商品报名截止 | 2026-10-29 23:59 | ⚠ 1 failed: the bot was down |",
		"| Warm-up starts 预热开始 | 2026-10-31 20:00 | · none sent |",
		"| @alice | 1 | 1 | 1 | 0 | 0 | 100% (1 of 1) | — |",
		"| @zhang.wei | 1 | 1 | 0 | 0 | 0 | 0% (0 of 1) | 2d 0h |",
		"| #double11-war-room | 2 | 2 | 1 | 0 | 0 | 50% (1 of 2) | 2d 0h |",
		"| private channels | 2 | 1 | 0 | 1 | 1 | 0% (0 of 2) | 29d 15h |",
		"#4 (a to-do of a private channel) — @li.na — still open, 29d 15h overdue",
		"#3 Courier agreement — @bob — still open, 2d 15h overdue",
		"| Double 11/Design | 2 | detail-page.png, hero-banner.psd |",
		"| Double 11/Planning | 1 | warm-up plan.docx |",
		"Restricted folders: 2 files in 2 folders (not named here).",
		"![Burn-down of open to-dos and the milestone timeline](double11-review-2026-12-01-chart.png)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	html, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), `src="data:image/png;base64,`) || !strings.Contains(string(html), "<td>#double11-war-room</td>") {
		t.Errorf("the HTML is not self-contained or lacks the departments:\n%.2000s", html)
	}
	post := rep.Announcement(saved, "kb")
	for _, want := range []string{"📊 *Double 11 2026 双十一* review (复盘) as of 2026-12-01 09:00: 5 to-dos, 3 done (1 on time), 2 still open (2 overdue); on-time rate 20% (1 of 5); milestone reminders: 2 sent, 2 failed.",
		"Saved to Double 11/Review: #", "double11-review-2026-12-01.html", "— open with /kb info "} {
		if !strings.Contains(post.Text, want) {
			t.Errorf("the post lacks %q:\n%s", want, post.Text)
		}
	}
	if post.Attachment == nil || !bytes.Equal(post.Attachment.Data, rep.Chart) {
		t.Error("the post carries no chart")
	}

	// Saved again, the same review keeps its files.
	again, err := w.compiler.Save(ctx, ws, rep, "wang.fang")
	if err != nil || again.HTML.Number != saved.HTML.Number || again.Markdown.Version != 1 {
		t.Errorf("saving again gave %+v: %v", again, err)
	}
	// In Chinese, as the config's language picks.
	opts := w.options(at)
	opts.Language = campaignbot.Chinese
	zh, err := w.compiler.Compile(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if md := string(zh.Markdown("")); !strings.Contains(md, "待办：共 5 个，已完成 3 个（按时 1 个），仍未完成 2 个（逾期 2 个）。") || !strings.Contains(md, "受限文件夹：2 个文件，分布在 2 个文件夹中") {
		t.Errorf("the Chinese review:\n%s", md)
	}
}

// TestReviewLeaksNothing: a restricted folder with a telling name (even
// one the war room may read), to-dos of private channels and a file in a
// folder the channel cannot read appear in no part of the review: not
// the Markdown, the HTML, the channel post, nor the chart, which draws
// the same bytes whatever those names are.
func TestReviewLeaksNothing(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone)
	rep, err := w.compiler.Compile(ctx, w.options(at))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := w.compiler.Save(ctx, ws, rep, "wang.fang")
	if err != nil {
		t.Fatal(err)
	}
	html, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
		rep.Language = lang
		parts := map[string]string{"markdown": string(rep.Markdown("c.png")), "html": string(html), "post": rep.Announcement(saved, "kb").Text}
		for part, text := range parts {
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("%s (%s) names %q:\n%s", part, lang, s, text)
				}
			}
		}
	}
	// The files saved into the knowledge base are as clean.
	for _, f := range []*campaignbot.File{saved.Markdown, saved.HTML} {
		rc, err := w.blobs.Open(ctx, f.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("the saved %s names %q", f.Name, s)
			}
		}
	}
	// The chart draws the same bytes when every secret name changes.
	for _, td := range w.todos.todos {
		td.Title += " renamed"
	}
	w.todos.todos[3].Channel = "other-private"
	renamed, err := w.compiler.Compile(ctx, w.options(at))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(renamed.Chart, rep.Chart) {
		t.Error("the chart changed with the names of the to-dos and channels")
	}

	// A private war room names its own to-dos only when the review folder
	// is restricted to its members: the review is read there too.
	w.dir.private["double11-war-room"] = true
	for _, tt := range []struct {
		restrict bool
		named    bool
	}{{false, false}, {true, true}} {
		if tt.restrict {
			if _, err := w.kb.ConfigureFolder(ctx, ws, "Double 11/Review", true,
				[]campaignbot.Grant{{Kind: campaignbot.PrincipalChannel, Principal: "double11-war-room", Role: campaignbot.RoleEditor}}); err != nil {
				t.Fatal(err)
			}
		}
		rep, err := w.compiler.Compile(ctx, w.options(at))
		if err != nil {
			t.Fatal(err)
		}
		md := string(rep.Markdown(""))
		if named := strings.Contains(md, "Declaration form") && strings.Contains(md, "| #double11-war-room |"); named != tt.named {
			t.Errorf("review folder restricted to the war room %v: the private war room's to-dos named %v, want %v:\n%s", tt.restrict, named, tt.named, md)
		}
	}
}

// TestTodoHistoryCSV writes one row per to-do with its owner, channel,
// times in the campaign's zone, whether it was done on time and its
// source; a title that looks like a formula is kept from being one.
func TestTodoHistoryCSV(t *testing.T) {
	w := newWorld(t)
	w.todos.todos[0].Title = "=HYPERLINK(\"x\")"
	w.todos.todos[1].SourceLink = "https://fake.slack.com/archives/C1/p1"
	var buf bytes.Buffer
	if err := w.compiler.TodoHistory(context.Background(), &buf, w.options(time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone))); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		review.CSVHeader,
		{"1", "'=HYPERLINK(\"x\")", "alice", "double11-war-room", "2026-10-01T10:00:00+08:00", "2026-10-20T18:00:00+08:00", "2026-10-20T12:00:00+08:00", "yes", "double11/coupons"},
		{"2", "Declaration form", "zhang.wei", "double11-war-room", "2026-10-02T10:00:00+08:00", "2026-10-14T18:00:00+08:00", "2026-10-16T18:00:00+08:00", "no", "https://fake.slack.com/archives/C1/p1"},
		{"3", "Courier agreement", "bob", "double11-design", "2026-10-03T10:00:00+08:00", "2026-11-28T18:00:00+08:00", "", "", ""},
		{"4", "Layoff plan", "li.na", "secret-pricing", "2026-10-04T10:00:00+08:00", "2026-11-01T18:00:00+08:00", "", "", "double11/sale-opens"},
		{"5", "GMV 转化率 底价", "li.na", "double11-data", "2026-10-04T11:00:00+08:00", "2026-10-10T18:00:00+08:00", "2026-10-30T18:00:00+08:00", "no", "double11/coupons"},
	}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("the CSV is\n%q\nwant\n%q", rows, want)
	}
}
