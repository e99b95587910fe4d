package slack

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/chart"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/storage"
)

// reviewBot starts a bot answering /campaign review and archive, U0BOB
// its admin, with #double11-war-room joined.
func reviewBot(t *testing.T, mode string, setup ...func(w *world)) (*world, *testBot, *storage.KnowledgeBase) {
	t.Helper()
	w := newWorld(t, mode)
	for _, f := range setup {
		f(w)
	}
	w.fake.AddChannel(slackfake.Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
	w.cfg.Admins = []campaignbot.UserID{"U0BOB"}
	renderer, err := chart.New("")
	if err != nil {
		t.Fatal(err)
	}
	todos := storage.NewTodoService(w.db)
	kb := storage.NewKnowledgeBase(w.db)
	exportDir := t.TempDir()
	b := w.startWith(t, func(b *testBot) {
		handlers.Register(b.router, handlers.Deps{KnowledgeBase: kb, Blobs: w.blobs, ExportDir: exportDir, Todos: todos,
			Reminders: storage.NewReminderStore(w.db), Progress: &progress.Reporter{Todos: todos, Charts: renderer}, Logger: testLogger(t)})
	})
	return w, b, kb
}

// answers returns the texts posted to the response_url named id.
func answers(w *world, id string) string {
	var out []string
	for _, r := range responses(w.fake, id) {
		s, _ := r["text"].(string)
		out = append(out, s)
	}
	return strings.Join(out, "\n")
}

// TestAttackReview_ArchiveKeepsFoldersWhenDeliveryFails: when Slack does
// not take the archive's zip, the campaign's folders stay as they were
// (nothing was delivered, so nothing is archived) and the admin is not
// told the contrary; trying again delivers the zip and archives them.
func TestAttackReview_ArchiveKeepsFoldersWhenDeliveryFails(t *testing.T) {
	w, b, kb := reviewBot(t, ModeSocket)
	ctx := context.Background()
	w.fake.Fail(slackfake.UploadMethod, slackfake.Fault{Status: http.StatusBadRequest})
	b.campaignCommand("U0BOB", "archive-1", "archive double11")
	b.waitFor(func() bool { return strings.Contains(answers(w, "archive-1"), "couldn't deliver") }, "the apology")
	b.adapter.work.Wait()
	if got := answers(w, "archive-1"); strings.Contains(got, "Archived") || strings.Contains(got, "read-only now") {
		t.Errorf("with no zip delivered bob was told %q", got)
	}
	if root, err := kb.FindFolder(ctx, slackfake.TeamID, "Double 11"); err != nil || root.Archived {
		t.Errorf("Double 11 was archived though no zip was delivered: %+v %v", root, err)
	}
	b.campaignCommand("U0BOB", "archive-2", "archive double11")
	b.waitFor(func() bool { return len(w.fake.Files("U0BOB")) == 1 }, "the archive in bob's DM")
	b.waitFor(func() bool { return strings.Contains(answers(w, "archive-2"), "read-only now") }, "the answer")
	if root, err := kb.FindFolder(ctx, slackfake.TeamID, "Double 11"); err != nil || !root.Archived {
		t.Errorf("Double 11 is not archived: %+v %v", root, err)
	}
}

// TestAttackReview_ArchiveNeedsAnID: /campaign archive with no id (or
// only spaces) archives nothing, whichever campaign is next: it asks for
// the id. A full-width space (typed with a Chinese input method) between
// 归档 and the id works as a space.
func TestAttackReview_ArchiveNeedsAnID(t *testing.T) {
	w, b, kb := reviewBot(t, ModeSocket)
	ctx := context.Background()
	for i, text := range []string{"archive", "归档　 ", "archive  "} {
		id := "bare-" + string(rune('a'+i))
		b.campaignCommand("U0BOB", id, text)
		b.waitFor(func() bool { return len(responses(w.fake, id)) > 0 }, "the answer to "+text)
		if got := answers(w, id); !strings.Contains(got, "double11") || !strings.Contains(got, "archive") {
			t.Errorf("%q was answered %q", text, got)
		}
	}
	b.adapter.work.Wait()
	if len(w.fake.Files("U0BOB")) != 0 {
		t.Error("an archive was sent with no campaign named")
	}
	if root, err := kb.FindFolder(ctx, slackfake.TeamID, "Double 11"); err == nil && root.Archived {
		t.Error("Double 11 was archived with no campaign named")
	}
	b.campaignCommand("U0BOB", "fullwidth", "归档　double11")
	b.waitFor(func() bool { return len(w.fake.Files("U0BOB")) == 1 }, "the archive in bob's DM")
}

// TestAttackReview_RefusalHidesTheReviewFolder: who may not even see a
// restricted review folder is refused without its name, as a missing
// folder is never named; who may see it but not save there is told
// where it is.
func TestAttackReview_RefusalHidesTheReviewFolder(t *testing.T) {
	w, b, kb := reviewBot(t, ModeSocket, func(w *world) {
		for i, f := range w.cfg.KnowledgeBase.Folders {
			if f.Path == "Double 11/Review" {
				w.cfg.KnowledgeBase.Folders[i].Restricted = true
				w.cfg.KnowledgeBase.Folders[i].Members = []campaignbot.UserID{"U0BOB"}
			}
		}
	})
	w.fake.AddUser(slackfake.User{ID: "U0CAROL", Name: "carol", RealName: "Carol", TZ: "Asia/Shanghai"})
	ctx := context.Background()
	folder, err := kb.ConfigureFolder(ctx, slackfake.TeamID, "Double 11/Review", true,
		[]campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "U0BOB", Role: campaignbot.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	if err := kb.Grant(ctx, folder.Folder.ID, campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: "U0CAROL", Role: campaignbot.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	b.campaignCommand("U0ALICE", "alice", "review double11")
	b.waitFor(func() bool { return len(responses(w.fake, "alice")) > 0 }, "the refusal")
	if got := answers(w, "alice"); strings.Contains(got, "Double 11/Review") || !strings.Contains(got, "review") {
		t.Errorf("alice, who cannot see Double 11/Review, was told %q", got)
	}
	b.campaignCommand("U0CAROL", "carol", "review double11")
	b.waitFor(func() bool { return len(responses(w.fake, "carol")) > 0 }, "the refusal")
	if got := answers(w, "carol"); !strings.Contains(got, "Double 11/Review") || !strings.Contains(got, "where you can't save files") {
		t.Errorf("carol, a viewer of Double 11/Review, was told %q", got)
	}
}

// TestAttackReview_DefaultIsTheEndedCampaign: /campaign review with no id
// reviews the campaign that ended last, not the next one to come (whose
// review would be posted into its channel before it even started).
func TestAttackReview_DefaultIsTheEndedCampaign(t *testing.T) {
	w, b, _ := reviewBot(t, ModeSocket, func(w *world) {
		next := w.cfg.Campaigns[0]
		next.ID, next.Name, next.ReviewFolder = "cny", "Lunar New Year 年货节", "Lunar New Year/Review"
		next.DDay, next.Ends = w.clock.Now().AddDate(0, 2, 0), w.clock.Now().AddDate(0, 2, 10)
		next.Milestones = nil
		w.cfg.Campaigns = append(w.cfg.Campaigns, next)
	})
	b.campaignCommand("U0ALICE", "review", "review")
	b.waitFor(func() bool { return len(responses(w.fake, "review")) > 0 }, "the answer")
	if got := answers(w, "review"); !strings.Contains(got, "Posted the review of Double 11 2026 双十一") {
		t.Errorf("/campaign review with no id was answered %q", got)
	}
}

// TestAttackReview_ArchiveSparesOtherCampaigns: when two campaigns keep
// their reviews side by side (Reviews/Double 11, Reviews/CNY), archiving
// one does not archive the folder they share, which would leave the other
// campaign's review folder read-only before its review: it is refused,
// saying why, and nothing is archived or sent.
func TestAttackReview_ArchiveSparesOtherCampaigns(t *testing.T) {
	w, b, kb := reviewBot(t, ModeSocket, func(w *world) {
		w.cfg.Campaigns[0].ReviewFolder = "Reviews/Double 11"
		next := w.cfg.Campaigns[0]
		next.ID, next.Name, next.ReviewFolder = "cny", "Lunar New Year 年货节", "Reviews/CNY"
		next.DDay, next.Ends = w.clock.Now().AddDate(0, 2, 0), w.clock.Now().AddDate(0, 2, 10)
		next.Milestones = nil
		w.cfg.Campaigns = append(w.cfg.Campaigns, next)
	})
	ctx := context.Background()
	if _, err := kb.EnsureFolder(ctx, slackfake.TeamID, "Reviews/CNY"); err != nil {
		t.Fatal(err)
	}
	b.campaignCommand("U0BOB", "archive", "archive double11")
	b.waitFor(func() bool { return len(responses(w.fake, "archive")) > 0 }, "the answer")
	b.adapter.work.Wait()
	if got := answers(w, "archive"); !strings.Contains(got, "Reviews/CNY") || strings.Contains(got, "read-only now") {
		t.Errorf("bob was told %q", got)
	}
	if f, err := kb.FindFolder(ctx, slackfake.TeamID, "Reviews/CNY"); err != nil || f.Archived {
		t.Errorf("the other campaign's review folder: %+v %v", f, err)
	}
	if len(w.fake.Files("U0BOB")) != 0 {
		t.Error("an archive was sent")
	}
}

// TestAttackReview_UnknownCampaignChannel: when the campaign channel
// cannot be found (a private channel the bot was never invited to), the
// asker is told so before anything is saved: a review that could not be
// posted leaves no files behind, and asking again after the invitation
// saves it once.
func TestAttackReview_UnknownCampaignChannel(t *testing.T) {
	w, b, kb := reviewBot(t, ModeSocket, func(w *world) {
		w.cfg.Campaigns[0].Channel = "double11-hidden"
	})
	b.campaignCommand("U0ALICE", "review", "review double11")
	b.waitFor(func() bool { return len(responses(w.fake, "review")) > 0 }, "the answer")
	b.adapter.work.Wait()
	if got := answers(w, "review"); !strings.Contains(got, "#double11-hidden") {
		t.Errorf("alice was told %q", got)
	}
	if f, err := kb.FindFolder(context.Background(), slackfake.TeamID, "Double 11/Review"); err == nil {
		if files, _ := kb.FindFiles(context.Background(), campaignbot.FileFilter{Workspace: slackfake.TeamID, FolderID: &f.ID}); len(files) > 0 {
			t.Errorf("a review that was not posted saved %d files", len(files))
		}
	}
}
