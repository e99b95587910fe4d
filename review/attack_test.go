package review_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// TestAttackReview_MeasuredAtItsInstant: a review measures the campaign at
// its instant, so a to-do ticked off or asked for after it (while an
// automatic review waited for a restart) neither changes its figures nor
// its bytes: the retry finds the files saved before instead of adding a
// version that reports what happened after the campaign ended.
func TestAttackReview_MeasuredAtItsInstant(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	at := w.camp.Ends
	before, err := w.compiler.Compile(ctx, w.options(at))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := w.compiler.Save(ctx, ws, before, "campaignbot")
	if err != nil {
		t.Fatal(err)
	}
	// After the end: the courier agreement is done, a new to-do asked in
	// the war room.
	w.todos.todos[2].Status = campaignbot.TodoDone
	w.todos.todos[2].DoneAt = at.Add(2 * time.Hour)
	w.todos.todos = append(w.todos.todos, &campaignbot.Todo{Number: 6, Title: "Next year's plan", Assignees: []campaignbot.UserID{"alice"},
		Channel: "double11-war-room", Status: campaignbot.TodoOpen, CreatedAt: at.Add(time.Hour), Due: at.Add(time.Hour * 48)})
	after, err := w.compiler.Compile(ctx, w.options(at))
	if err != nil {
		t.Fatal(err)
	}
	if after.Progress.Total != before.Progress.Total {
		t.Errorf("measured at %v, the totals are %+v, want %+v as they were then", at, after.Progress.Total, before.Progress.Total)
	}
	md := string(after.Markdown(""))
	if !strings.Contains(md, "#3 Courier agreement — @bob — still open") || strings.Contains(md, "Next year's plan") {
		t.Errorf("the review as of the end tells what happened after it:\n%s", md)
	}
	again, err := w.compiler.Save(ctx, ws, after, "campaignbot")
	if err != nil {
		t.Fatal(err)
	}
	if again.Markdown.Number != saved.Markdown.Number || again.Markdown.Version != saved.Markdown.Version {
		t.Errorf("the retry saved %s v%d, want the saved %s v%d", again.Markdown.Name, again.Markdown.Version, saved.Markdown.Name, saved.Markdown.Version)
	}
}

// TestAttackReview_MarkdownInTitles: to-do titles and file names are
// text in the Markdown review, whatever they hold: a backslash cannot
// undo the escaping of a link or emphasis, and HTML stays text.
func TestAttackReview_MarkdownInTitles(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.todos.todos[2].Title = `\[click me\](https://evil.example) \*bold\* <script>alert(1)</script> </table>`
	rep, err := w.compiler.Compile(ctx, w.options(time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone)))
	if err != nil {
		t.Fatal(err)
	}
	md := string(rep.Markdown(""))
	want := `#3 \\\[click me\\\](https://evil.example) \\\*bold\\\* &lt;script&gt;alert(1)&lt;/script&gt; &lt;/table&gt; — @bob`
	if !strings.Contains(md, want) {
		t.Errorf("the Markdown lacks %q:\n%s", want, md)
	}
	html, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "<script>") || strings.Contains(string(html), "</table> —") {
		t.Errorf("the HTML carries the title's markup:\n%s", html)
	}
}

// TestAttackReview_ArchivedParentGetsNoReview: a review folder that does
// not exist yet under an archived folder (the campaign's folders
// archived with /kb archive before its end) is not created there: the
// archived tree stays read-only and Save answers EFORBIDDEN, as for an
// archived review folder.
func TestAttackReview_ArchivedParentGetsNoReview(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.camp.ReviewFolder = "Double 11/Wrap-up"
	if _, err := w.kb.ArchiveFolder(ctx, ws, "Double 11"); err != nil {
		t.Fatal(err)
	}
	rep, err := w.compiler.Compile(ctx, w.options(w.camp.Ends))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.compiler.Save(ctx, ws, rep, "campaignbot"); campaignbot.ErrorCode(err) != campaignbot.EFORBIDDEN {
		t.Errorf("saving under the archived Double 11 gave %v, want EFORBIDDEN", err)
	}
	if f, err := w.kb.FindFolder(ctx, ws, "Double 11/Wrap-up"); err == nil {
		t.Errorf("the review created %+v inside the archived Double 11", f)
	}
}

// TestAttackReview_VersionsCountOnce: a file saved again during the
// campaign (its second version) is one file added, named once.
func TestAttackReview_VersionsCountOnce(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	folder, err := w.kb.FindFolder(ctx, ws, "Double 11/Design")
	if err != nil {
		t.Fatal(err)
	}
	blob, err := w.blobs.Put(ctx, strings.NewReader("second cut of the hero banner"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.kb.AddFile(ctx, &campaignbot.File{Workspace: ws, FolderID: &folder.ID, Name: "hero-banner.psd", Title: "hero-banner.psd",
		MIME: "application/octet-stream", Size: blob.Size, SHA256: blob.SHA256, Uploader: "alice",
		SharedAt: time.Date(2026, 10, 25, 10, 0, 0, 0, w.cfg.Timezone)}); err != nil {
		t.Fatal(err)
	}
	rep, err := w.compiler.Compile(ctx, w.options(time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone)))
	if err != nil {
		t.Fatal(err)
	}
	if md := string(rep.Markdown("")); !strings.Contains(md, "| Double 11/Design | 2 | detail-page.png, hero-banner.psd |") {
		t.Errorf("a second version counts as another file:\n%s", md)
	}
}

// TestAttackReview_OnTimeRateInThePost: the channel post does not put the
// on-time rate (done on time among the done and the overdue) inside the
// done count, where "3 done (20% (1 of 5) on time)" reads as if one in
// five of three were on time: the done count says how many were on time,
// the rate stands on its own, in both languages.
func TestAttackReview_OnTimeRateInThePost(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	rep, err := w.compiler.Compile(ctx, w.options(time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone)))
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[campaignbot.Language]string{
		campaignbot.English: "5 to-dos, 3 done (1 on time), 2 still open (2 overdue); on-time rate 20% (1 of 5); milestone reminders: 2 sent, 2 failed.",
		campaignbot.Chinese: "共 5 个待办，已完成 3 个（按时 1 个），仍未完成 2 个（逾期 2 个）；按时率 20%（1/5）；里程碑提醒：已发送 2 条，失败 2 条。",
	} {
		rep.Language = lang
		if got := rep.Announcement(nil, "kb").Text; !strings.Contains(got, want) {
			t.Errorf("the post (%s) is %q, want it to hold %q", lang, got, want)
		}
	}
}

// TestAttackReview_RestrictedReviewFolderNotInPost: a review folder the
// campaign channel may not read (restricted to a few leads) is not named
// in the channel post, nor are its file numbers: the post says the review
// is saved in a restricted folder. Restricted to the channel itself, it is
// named as before.
func TestAttackReview_RestrictedReviewFolderNotInPost(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		grant campaignbot.Grant
		named bool
	}{
		{campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: "wang.fang", Role: campaignbot.RoleEditor}, false},
		{campaignbot.Grant{Kind: campaignbot.PrincipalChannel, Principal: "double11-war-room", Role: campaignbot.RoleEditor}, true},
	} {
		w := newWorld(t)
		w.camp.ReviewFolder = "Leads only/Double 11 wrap-up"
		if _, err := w.kb.ConfigureFolder(ctx, ws, "Leads only", true, []campaignbot.Grant{tt.grant}); err != nil {
			t.Fatal(err)
		}
		rep, err := w.compiler.Compile(ctx, w.options(time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone)))
		if err != nil {
			t.Fatal(err)
		}
		saved, err := w.compiler.Save(ctx, ws, rep, "wang.fang")
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
			rep.Language = lang
			post := rep.Announcement(saved, "kb").Text
			if named := strings.Contains(post, "Leads only"); named != tt.named || named == strings.Contains(post, "restricted folder") && lang == campaignbot.English {
				t.Errorf("review folder readable by %s: the post (%s) names it %v, want %v:\n%s", tt.grant.Principal, lang, named, tt.named, post)
			}
		}
	}
}

// TestAttackReview_CSVOpensInExcel: todos.csv starts with the UTF-8 byte
// order mark, so that Excel (which reads a CSV without one in the
// system's code page, GBK on Chinese Windows) shows Chinese titles rather
// than mojibake; the rows after it are the same.
func TestAttackReview_CSVOpensInExcel(t *testing.T) {
	w := newWorld(t)
	var buf bytes.Buffer
	if err := w.compiler.TodoHistory(context.Background(), &buf, w.options(time.Date(2026, 12, 1, 9, 0, 0, 0, w.cfg.Timezone))); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\uFEFFid,title,owner,") || !strings.Contains(buf.String(), "GMV 转化率 底价") {
		t.Errorf("todos.csv starts %q", buf.String()[:min(buf.Len(), 40)])
	}
}
