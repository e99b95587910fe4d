package progress_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/chart"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// heldTodos serves to-dos from memory, as FindTodos does by status.
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

// weeklyConfig parses testdata/weekly.yaml with edit applied.
func weeklyConfig(t *testing.T, edit func(string) string) *config.Config {
	t.Helper()
	data, err := os.ReadFile("testdata/weekly.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("weekly.yaml", []byte(edit(string(data))))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestWeeklyPostPlannedOnce plans the weekly post with two planners (two
// replicas) on one database, twice each: every Monday 10:00 in the window
// is planned once, into the campaign channel, none after the campaign
// ends; with progress_on: workdays the Monday of the National Day holiday
// is skipped. The schedule preview lists the same posts.
func TestWeeklyPostPlannedOnce(t *testing.T) {
	noEdit := func(s string) string { return s }
	workdays := func(s string) string {
		return strings.Replace(s, `progress: "0 10 * * 1"`, "progress: \"0 10 * * 1\"\n    progress_on: workdays", 1)
	}
	tests := []struct {
		name    string
		edit    func(string) string
		from    string
		horizon time.Duration
		want    []string
	}{
		{"weekly to the end", noEdit, "2026-10-19 09:00", 30 * 24 * time.Hour,
			[]string{"10-19 10:00", "10-26 10:00", "11-02 10:00", "11-09 10:00"}},
		{"workdays skip the holiday", workdays, "2026-09-28 09:00", 22 * 24 * time.Hour,
			[]string{"09-28 10:00", "10-12 10:00", "10-19 10:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := weeklyConfig(t, tt.edit)
			db := storagetest.OpenSQLite(t)
			now, err := time.ParseInLocation("2006-01-02 15:04", tt.from, cfg.Timezone)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				for range 2 {
					p := &scheduler.Planner{Store: storage.NewReminderStore(db), Horizon: tt.horizon}
					if _, err := p.PlanConfig(context.Background(), cfg, now); err != nil {
						t.Fatal(err)
					}
				}
			}
			rs, err := storage.NewReminderStore(db).Reminders(context.Background(), campaignbot.ReminderFilter{Prefix: "progress:"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				if r.Kind != campaignbot.ReminderProgress || r.Recipient != (campaignbot.Recipient{Channel: "double11-war-room"}) || r.Source != "progress:double11" {
					t.Errorf("planned %+v", r)
				}
				got = append(got, r.At.In(cfg.Timezone).Format("01-02 15:04"))
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("planned %v, want %v", got, tt.want)
			}
			// campaignbot schedule and /campaign schedule list the same posts.
			preview, _, err := scheduler.Preview{Config: cfg, Now: now}.Reminders(context.Background(), now, now.Add(tt.horizon))
			if err != nil {
				t.Fatal(err)
			}
			var listed []string
			for _, r := range preview {
				if r.Kind == campaignbot.ReminderProgress {
					listed = append(listed, r.At.In(cfg.Timezone).Format("01-02 15:04"))
				}
			}
			if !slices.Equal(listed, tt.want) {
				t.Errorf("the schedule preview lists %v, want %v", listed, tt.want)
			}
		})
	}
}

// TestWeeklyPostComposedFromCurrentData composes the planned post at send
// time: a to-do finished after planning shows as done, the chart comes
// along, and a campaign that stopped posting, or ended, gets none.
func TestWeeklyPostComposedFromCurrentData(t *testing.T) {
	cfg := weeklyConfig(t, func(s string) string { return s })
	renderer, err := chart.New("")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 10, 26, 10, 0, 0, 0, cfg.Timezone)
	todo := &campaignbot.Todo{Number: 1, Title: "hero", Assignees: []campaignbot.UserID{"alice"}, Channel: "double11-war-room",
		Status: campaignbot.TodoOpen, Due: at.Add(24 * time.Hour), CreatedAt: at.Add(-72 * time.Hour)}
	todos := &heldTodos{todos: []*campaignbot.Todo{todo}}
	current := cfg
	c := progress.Composer{Reporter: progress.Reporter{Todos: todos, Charts: renderer}, Config: func() *config.Config { return current }}
	plans, _ := scheduler.ProgressReminders(cfg, at.Add(-time.Hour), at.Add(time.Hour))
	r := plans["progress:double11"][0]

	m, send, _, err := c.Compose(context.Background(), r, at)
	if err != nil || !send || !strings.Contains(m.Text, "To-dos: 1 open (0 overdue), 0 done") || m.Attachment == nil || m.Key != r.Key {
		t.Fatalf("composed %q, send %v, attachment %v: %v", m.Text, send, m.Attachment != nil, err)
	}
	todo.Status, todo.DoneAt = campaignbot.TodoDone, at
	if m, _, _, _ = c.Compose(context.Background(), r, at); !strings.Contains(m.Text, "To-dos: 0 open (0 overdue), 1 done (1 on time, 100%)") {
		t.Errorf("after the to-do was done, composed %q", m.Text)
	}

	if _, send, reason, _ := c.Compose(context.Background(), r, cfg.Campaigns[0].Ends); send || reason != "the campaign has ended" {
		t.Errorf("after the end: send %v, reason %q", send, reason)
	}
	current = weeklyConfig(t, func(s string) string { return strings.Replace(s, `progress: "0 10 * * 1"`, "", 1) })
	if _, send, reason, _ := c.Compose(context.Background(), r, at); send || reason != "the campaign no longer posts progress" {
		t.Errorf("without progress: send %v, reason %q", send, reason)
	}
}
