package review_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/review"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// TestAutomaticReviewOnceAcrossReplicas plans the review with two planners
// (two replicas) on one database, twice each (restarts): one review is
// planned, at the campaign's end, into its channel. Composed by each
// replica's composer (a retry after a lost answer), it saves the same
// files once and posts the same text; a campaign no longer configured
// gets none.
func TestAutomaticReviewOnceAcrossReplicas(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, w.cfg.Timezone)
	for range 2 {
		for range 2 {
			p := &scheduler.Planner{Store: storage.NewReminderStore(w.db), Horizon: 10 * 24 * time.Hour}
			if _, err := p.PlanConfig(ctx, w.cfg, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	rs, err := storage.NewReminderStore(w.db).Reminders(ctx, campaignbot.ReminderFilter{Prefix: "review:"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Kind != campaignbot.ReminderReview || !rs[0].At.Equal(w.camp.Ends) ||
		rs[0].Recipient != (campaignbot.Recipient{Channel: "double11-war-room"}) || rs[0].Source != "review:double11" {
		t.Fatalf("planned %+v", rs)
	}
	preview, _, err := scheduler.Preview{Config: w.cfg, Now: now}.Reminders(ctx, now, now.Add(10*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	for _, r := range preview {
		if r.Kind == campaignbot.ReminderReview {
			listed++
		}
	}
	if listed != 1 {
		t.Errorf("the schedule preview lists %d reviews, want 1", listed)
	}

	current := w.cfg
	composer := func() review.Composer {
		return review.Composer{Compiler: w.compiler, Config: func() *config.Config { return current },
			Workspace: func() campaignbot.WorkspaceID { return ws }, Bot: func() campaignbot.UserID { return "UBOT" }}
	}
	var texts []string
	for i := range 2 {
		m, send, reason, err := composer().Compose(ctx, rs[0], w.camp.Ends.Add(time.Duration(i)*time.Minute))
		if err != nil || !send || m.Key != rs[0].Key {
			t.Fatalf("composed %q, send %v (%s): %v", m.Text, send, reason, err)
		}
		texts = append(texts, m.Text)
	}
	if texts[0] != texts[1] || !strings.Contains(texts[0], "review (复盘) as of 2026-11-30 23:59") || !strings.Contains(texts[0], "Saved to Double 11/Review: #") {
		t.Errorf("the two composes posted\n%s\n%s", texts[0], texts[1])
	}
	folder, err := w.kb.FindFolder(ctx, ws, "Double 11/Review")
	if err != nil {
		t.Fatal(err)
	}
	files, err := w.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: ws, FolderID: &folder.ID})
	if err != nil || len(files) != 3 {
		t.Errorf("Double 11/Review holds %d files, want 3: %v", len(files), err)
	}
	for _, f := range files {
		if f.Version != 1 || f.Uploader != "UBOT" || !strings.HasPrefix(f.Name, "double11-review-2026-11-30") {
			t.Errorf("saved %s v%d by %s", f.Name, f.Version, f.Uploader)
		}
	}
	// Two replicas' dispatchers, at the end, post it once.
	m := &recorder{}
	var wg sync.WaitGroup
	for i := range 2 {
		d := &scheduler.Dispatcher{Store: storage.NewReminderStore(w.db), Messenger: m, Config: func() *config.Config { return current },
			Owner: fmt.Sprintf("replica-%d", i), Composers: map[campaignbot.ReminderKind]scheduler.Composer{campaignbot.ReminderReview: composer()}}
		wg.Go(func() {
			if err := d.DispatchDue(ctx, w.camp.Ends.Add(time.Second)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if sent := m.all(); len(sent) != 1 || sent[0].Text != texts[0] || sent[0].Attachment == nil {
		t.Errorf("the dispatchers posted %d reviews, want 1 as composed", len(sent))
	}
	if files, _ := w.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: ws, FolderID: &folder.ID}); len(files) != 3 {
		t.Errorf("after dispatching, Double 11/Review holds %d files, want 3", len(files))
	}

	current = &config.Config{Timezone: w.cfg.Timezone, Language: w.cfg.Language}
	if _, send, reason, _ := composer().Compose(ctx, rs[0], w.camp.Ends); send || reason != "the campaign is no longer configured" {
		t.Errorf("without the campaign: send %v, reason %q", send, reason)
	}
}

// recorder records what the dispatchers send.
type recorder struct {
	mu   sync.Mutex
	sent []campaignbot.OutgoingMessage
}

func (r *recorder) Send(_ context.Context, _ campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return campaignbot.MessageRef{TS: fmt.Sprint(len(r.sent))}, nil
}

func (r *recorder) all() []campaignbot.OutgoingMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]campaignbot.OutgoingMessage{}, r.sent...)
}
