package scheduler_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// heldTodos is a TodoService holding to-dos in memory, so that tests can
// pin when each last changed (the database stamps the real time); it
// implements what planning reads.
type heldTodos struct {
	campaignbot.TodoService // nil: planning calls nothing else
	todos                   []*campaignbot.Todo
}

// EachOpenTodo implements campaignbot.TodoService.
func (h heldTodos) EachOpenTodo(_ context.Context, dueFrom, dueBefore time.Time, fn func(*campaignbot.Todo) error) error {
	for _, t := range h.todos {
		inWindow := (dueFrom.IsZero() || !t.Due.Before(dueFrom)) && (dueBefore.IsZero() || t.Due.Before(dueBefore))
		if t.Status == campaignbot.TodoOpen && (inWindow || !t.SnoozedUntil.IsZero()) {
			if err := fn(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// OpenAssignees implements campaignbot.TodoService.
func (h heldTodos) OpenAssignees(context.Context) ([]campaignbot.UserID, error) {
	var out []campaignbot.UserID
	for _, t := range h.todos {
		if t.Status == campaignbot.TodoOpen {
			out = append(out, t.Assignees...)
		}
	}
	return out, nil
}

// heldTodo is alice's open to-do #number in #war-room, due and last
// changed at the given Shanghai times.
func heldTodo(t *testing.T, number int64, due, changed string) *campaignbot.Todo {
	return &campaignbot.Todo{Workspace: "T1", Number: number, Title: "x", Assignees: []campaignbot.UserID{"alice"}, Creator: "li.na",
		Channel: "war-room", Due: cst(t, due), Status: campaignbot.TodoOpen, CreatedAt: cst(t, changed), UpdatedAt: cst(t, changed)}
}

// goldenWeekConfig is nudgeYAML on the CN calendar with the default
// nudges and no digest.
func goldenWeekConfig(t *testing.T) *config.Config {
	yaml := strings.Replace(strings.Replace(nudgeYAML, "%s", "calendar: {region: CN}", 1), "%r", "24h, 2h", 1)
	return parseConfig(t, strings.Replace(yaml, "escalate_after: 24h}", "escalate_after: 24h, digest: \"\"}", 1))
}

// storedTodoReminders lists the stored to-do reminders as
// key=status@MM-DD HH:MM in Shanghai time.
func storedTodoReminders(t *testing.T, store campaignbot.ReminderStore) []string {
	t.Helper()
	rs, err := store.Reminders(context.Background(), campaignbot.ReminderFilter{Prefix: "todo:"})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, r.Key+"="+string(r.Status)+"@"+r.At.In(cst(t, "2026-01-01 00:00").Location()).Format("01-02 15:04"))
	}
	slices.Sort(out)
	return out
}

// TestPlannerMovesNudgesOffTheHoliday plans to-dos through the planner
// into the store on Monday 2026-09-28 10:00: a to-do due in the National
// Day holiday is nudged on 09-30's evening and escalated on 10-08, and one
// due 10-08 18:00 has its 1d nudge at 10-08's start.
func TestPlannerMovesNudgesOffTheHoliday(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		cfg := goldenWeekConfig(t)
		store := storage.NewReminderStore(db)
		todos := heldTodos{todos: []*campaignbot.Todo{
			heldTodo(t, 1, "2026-10-05 18:00", "2026-09-28 09:00"),
			heldTodo(t, 2, "2026-10-08 18:00", "2026-09-28 09:00"),
		}}
		p := &scheduler.Planner{Store: store, Features: []scheduler.SourcePlanner{&scheduler.TodoNudges{
			Todos: todos, Store: store, Config: func() *config.Config { return cfg }, Horizon: 14 * 24 * time.Hour,
		}}}
		if _, err := p.Plan(ctx, cfg, cst(t, "2026-09-28 10:00")); err != nil {
			t.Fatal(err)
		}
		want := []string{
			"todo:T1/1:1d+2h+0:@alice=pending@09-30 20:59",
			"todo:T1/1:escalate:@li.na=pending@10-08 09:00",
			"todo:T1/2:0:@alice=pending@10-08 18:00",
			"todo:T1/2:1d:@alice=pending@10-08 09:00",
			"todo:T1/2:2h:@alice=pending@10-08 16:00",
			"todo:T1/2:escalate:@li.na=pending@10-09 18:00",
		}
		if got := storedTodoReminders(t, store); !slices.Equal(got, want) {
			t.Errorf("planned\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// TestHourlyPlansKeepMovedReminders re-plans hourly, as the service does,
// from when a to-do's reminder was moved until it is due, and checks it
// is still pending at its moved time: planning reads only to-dos due near
// now, and cancels the pending reminders of those it did not read, so the
// to-dos whose reminders moved far must still be read.
func TestHourlyPlansKeepMovedReminders(t *testing.T) {
	tests := []struct {
		name       string
		due        string
		from, till string // the hourly passes
		want       string
	}{
		// Due Tuesday 22:00: the escalation, Wednesday 22:00, waits for
		// Thursday 09:00, more than catch_up (6h) after its time.
		{"escalation moved by quiet hours", "2026-10-20 22:00", "2026-10-21 20:00", "2026-10-22 08:00",
			"todo:T1/1:escalate:@li.na=pending@10-22 09:00"},
		{"escalation moved off the weekend", "2026-10-23 17:00", "2026-10-24 16:00", "2026-10-26 08:00",
			"todo:T1/1:escalate:@li.na=pending@10-26 09:00"},
		{"escalation moved off the National Day holiday", "2026-10-01 10:00", "2026-10-02 09:00", "2026-10-08 08:00",
			"todo:T1/1:escalate:@li.na=pending@10-08 09:00"},
		// Due the morning after the nine days of the 2026 Spring Festival:
		// the 1d nudge goes back to the makeup Saturday 02-14, more than
		// the 8-day horizon before the due time.
		{"nudge moved back before the Spring Festival", "2026-02-24 08:30", "2026-02-13 00:00", "2026-02-14 20:00",
			"todo:T1/1:1d+2h+0:@alice=pending@02-14 20:59"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
				ctx := context.Background()
				cfg := goldenWeekConfig(t)
				store := storage.NewReminderStore(db)
				nudges := &scheduler.TodoNudges{
					Todos: heldTodos{todos: []*campaignbot.Todo{heldTodo(t, 1, tt.due, "2026-01-05 09:00")}},
					Store: store, Config: func() *config.Config { return cfg },
				}
				for now := cst(t, tt.from); !now.After(cst(t, tt.till)); now = now.Add(time.Hour) {
					if err := nudges.PlanAll(ctx, cfg, now); err != nil {
						t.Fatal(err)
					}
				}
				if got := storedTodoReminders(t, store); !slices.Contains(got, tt.want) {
					t.Errorf("after the hourly plans:\n%s\nwant %s", strings.Join(got, "\n"), tt.want)
				}
			})
		})
	}
}

// TestPreviewSaysWhyRemindersMoved checks the preview `campaignbot
// schedule` and /campaign schedule show, at Monday 2026-09-28 10:00: each
// reminder the calendar moved says so and why, in English and Chinese,
// and a nudge moved back before the Spring Festival shows though its
// to-do is due nine days after it.
func TestPreviewSaysWhyRemindersMoved(t *testing.T) {
	cfg := goldenWeekConfig(t)
	todos := heldTodos{todos: []*campaignbot.Todo{
		heldTodo(t, 1, "2026-10-05 18:00", "2026-09-28 09:00"),
		heldTodo(t, 2, "2026-10-08 18:00", "2026-09-28 09:00"),
		heldTodo(t, 3, "2026-02-24 08:30", "2026-01-05 09:00"),
	}}
	tests := []struct {
		name, now, from, until string
		want                   []string
	}{
		{"the golden week", "2026-09-28 10:00", "2026-09-28 10:00", "2026-10-12 00:00", []string{
			"escalation +1d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
			"escalation +1d@10-09 18:00",
			"todo 0@10-08 18:00",
			"todo 1d+2h+0@09-30 20:59 moved earlier: National Day holiday | 提前：国庆节",
			"todo 1d@10-08 09:00 moved: National Day holiday | 顺延：国庆节",
			"todo 2h@10-08 16:00",
		}},
		{"the eve of the 2026 Spring Festival", "2026-01-06 10:00", "2026-02-14 00:00", "2026-02-15 00:00", []string{
			// 02-24 06:30 and 08:30 are quiet, and the morning's end is at
			// the due time: they go back to 02-23, in the holiday, too.
			"todo 1d+2h+0@02-14 20:59 quiet moved earlier: Spring Festival holiday | 提前：春节",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := scheduler.Preview{Config: cfg, Todos: todos, Now: cst(t, tt.now)}
			rs, _, err := p.Reminders(context.Background(), cst(t, tt.from), cst(t, tt.until))
			if err != nil {
				t.Fatal(err)
			}
			if got := nudgeLines(rs, cfg.Timezone); !slices.Equal(got, tt.want) {
				t.Errorf("preview\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
