package slack

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/chart"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/storage"
)

// TestReviewAndArchiveInSlack: /campaign review double11 posts the review
// with its chart into #double11-war-room, naming the public channel's
// to-do and not the private channel's, and saves it into Double 11/Review;
// /campaign archive is refused to a non-admin as the other admin commands
// refuse, and for an admin uploads one zip (the folders, review/ and
// todos.csv) into their DM as /kb export does, then archives Double 11.
// Who may not save into the review folder cannot compile a review.
func TestReviewAndArchiveInSlack(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddChannel(slackfake.Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
		w.cfg.Admins = []campaignbot.UserID{"U0BOB"}
		renderer, err := chart.New("")
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		todos := storage.NewTodoService(w.db)
		for _, td := range []*campaignbot.Todo{
			{Workspace: slackfake.TeamID, Title: "hero banner", Assignees: []campaignbot.UserID{"U0ALICE"}, Creator: "U0BOB", Channel: "C0DESIGN", Milestone: "double11/coupons"},
			{Workspace: slackfake.TeamID, Title: "Layoff plan", Assignees: []campaignbot.UserID{"U0BOB"}, Creator: "U0BOB", Channel: "C0SECRET", Milestone: "double11/coupons"},
		} {
			if err := todos.CreateTodo(ctx, td); err != nil {
				t.Fatal(err)
			}
		}
		kb := storage.NewKnowledgeBase(w.db)
		exportDir := t.TempDir()
		b := w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{KnowledgeBase: kb, Blobs: w.blobs, ExportDir: exportDir, Todos: todos,
				Reminders: storage.NewReminderStore(w.db), Progress: &progress.Reporter{Todos: todos, Charts: renderer}, Logger: testLogger(t)})
		})

		b.campaignCommand("U0ALICE", "review", "复盘 double11")
		b.waitFor(func() bool { return len(w.fake.Files("C0WAR")) == 1 }, "the review's chart in #double11-war-room")
		var post string
		for _, m := range w.fake.Messages("C0WAR") {
			post += m.Text + "\n"
		}
		if !strings.Contains(post, "review (复盘)") || !strings.Contains(post, "Saved to Double 11/Review: #") || strings.Contains(post, "Layoff") {
			t.Errorf("#double11-war-room holds %q", post)
		}
		b.waitFor(func() bool { return len(responses(w.fake, "review")) > 0 }, "the answer to the asker")
		if got, _ := responses(w.fake, "review")[0]["text"].(string); !strings.Contains(got, "Posted the review of Double 11 2026 双十一 in #double11-war-room") {
			t.Errorf("the asker was told %q", got)
		}
		folder, err := kb.FindFolder(ctx, slackfake.TeamID, "Double 11/Review")
		if err != nil {
			t.Fatal(err)
		}
		files, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: slackfake.TeamID, FolderID: &folder.ID})
		if err != nil || len(files) != 3 {
			t.Fatalf("Double 11/Review holds %d files: %v", len(files), err)
		}
		for _, f := range files {
			if f.Name == "" || !strings.HasPrefix(f.Name, "double11-review-") {
				t.Errorf("saved %q", f.Name)
			}
		}

		b.campaignCommand("U0ALICE", "archive-alice", "archive double11")
		b.waitFor(func() bool { return len(responses(w.fake, "archive-alice")) > 0 }, "the refusal")
		if got, _ := responses(w.fake, "archive-alice")[0]["text"].(string); !strings.Contains(got, "Only admins can archive campaigns: ask <@U0BOB>") {
			t.Errorf("alice was told %q", got)
		}

		b.campaignCommand("U0BOB", "archive-bob", "归档 double11")
		b.waitFor(func() bool { return len(w.fake.Files("U0BOB")) == 1 }, "the archive in bob's DM")
		zf := w.fake.Files("U0BOB")[0]
		if !strings.HasPrefix(zf.Name, "Double-11-archive-") || !strings.HasSuffix(zf.Name, ".zip") {
			t.Errorf("the zip is named %q", zf.Name)
		}
		zipped := unzip(t, zf.Bytes)
		csv := zipped["todos.csv"]
		if !strings.HasPrefix(csv, "\uFEFFid,title,owner,channel,created,due,done,done_on_time,source\n") || !strings.Contains(csv, "Layoff plan,U0BOB,C0SECRET") {
			t.Errorf("todos.csv is %q", csv)
		}
		var review, saved bool
		for name := range zipped {
			review = review || strings.HasPrefix(name, "review/double11-review-") && strings.HasSuffix(name, ".html")
			saved = saved || strings.HasPrefix(name, "Double 11/Review/double11-review-")
		}
		if !review || !saved || zipped["index.json"] == "" {
			t.Errorf("the zip holds %v", keys(zipped))
		}
		b.waitFor(func() bool { return len(responses(w.fake, "archive-bob")) >= 2 }, "the answers to bob")
		root, err := kb.FindFolder(ctx, slackfake.TeamID, "Double 11")
		if err != nil || !root.Archived {
			t.Errorf("Double 11 is not archived: %+v %v", root, err)
		}

		// Only those who may save into the review folder compile a review.
		if _, err := kb.ConfigureFolder(ctx, slackfake.TeamID, "Double 11/Review", true,
			[]campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "U0BOB", Role: campaignbot.RoleEditor}}); err != nil {
			t.Fatal(err)
		}
		b.campaignCommand("U0ALICE", "review-again", "review double11")
		b.waitFor(func() bool { return len(responses(w.fake, "review-again")) > 0 }, "the refusal")
		if got, _ := responses(w.fake, "review-again")[0]["text"].(string); !strings.Contains(got, "You can't compile the review of Double 11") || strings.Contains(got, "Double 11/Review") {
			t.Errorf("alice was told %q", got)
		}
	})
}
