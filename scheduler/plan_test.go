package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func exampleConfig(t testing.TB) *config.Config {
	t.Helper()
	cfg, err := config.Parse(campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func parseConfig(t testing.TB, yaml string) *config.Config {
	t.Helper()
	cfg, err := config.Parse("test.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func cst(t testing.TB, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMilestoneRemindersOfTheExample(t *testing.T) {
	cfg := exampleConfig(t)
	plans, problems := scheduler.MilestoneReminders(context.Background(), cfg, nil)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	byKey := map[string]campaignbot.Reminder{}
	for _, rs := range plans {
		for _, r := range rs {
			byKey[r.Key] = r
		}
	}
	tests := []struct {
		key     string
		at      string
		shifted bool
		text    string
	}{
		// 23:59 - 2h = 21:59 is quiet; 24:00 is after the deadline, so it moves back to 20:59.
		{"milestone:double11/registration-closes:2h:#double11-war-room", "2026-10-29 20:59", true, "Product registration closes 商品报名截止 in 3 hours (2026-10-29 23:59)"},
		{"milestone:double11/registration-closes:2h:@li.na", "2026-10-29 20:59", true, "<@li.na> <@chen.jie>"},
		// 10-22 23:59 is quiet and the window ends long before the deadline: 09:00 next day.
		{"milestone:double11/registration-closes:7d:#double11-war-room", "2026-10-23 09:00", true, "in 7 days"},
		// Urgent: the sale's midnight reminders ignore quiet hours.
		{"milestone:double11/sale-opens:0:#double11-war-room", "2026-11-11 00:00", false, "now"},
		{"milestone:double11/sale-opens:2h:@chen.jie", "2026-11-10 22:00", false, "in 2 hours"},
		// 10:00 - 1d = 10-09 10:00, outside quiet hours.
		{"milestone:double11/coupons:1d:#double11-war-room", "2026-10-09 10:00", false, "in 1 day"},
		{"milestone:double11/preheat-page-design:3d:#double11-design", "2026-10-19 18:00", false, ""},
	}
	for _, tt := range tests {
		r, ok := byKey[tt.key]
		if !ok {
			t.Errorf("no reminder %s", tt.key)
			continue
		}
		if want := cst(t, tt.at); !r.At.Equal(want) || r.Shifted != tt.shifted {
			t.Errorf("%s at %s shifted %v, want %s shifted %v", tt.key, r.At.In(want.Location()).Format("2006-01-02 15:04"), r.Shifted, tt.at, tt.shifted)
		}
		if !strings.Contains(r.Message.Text, tt.text) || r.Message.Key != tt.key {
			t.Errorf("%s message %q (key %q) lacks %q", tt.key, r.Message.Text, r.Message.Key, tt.text)
		}
	}
}

func TestMilestoneMergeAndDDayMove(t *testing.T) {
	const yaml = `
console:
  users: [{name: li.na}, {name: wang.fang}]
  channels: [{name: war-room}]
admins: [wang.fang]
campaigns:
  - id: d11
    name: Double 11
    channel: war-room
    leads: [li.na]
    d_day: %s
    milestones:
      - id: closes
        name: Registration closes
        at: D-13 23:00
        offsets: [3h, 2h, 1h]
        notify: {channel: true}
`
	cfg := parseConfig(t, strings.Replace(yaml, "%s", "2026-11-11 00:00", 1))
	plans, _ := scheduler.MilestoneReminders(context.Background(), cfg, nil)
	rs := plans["milestone:d11/closes"]
	// 20:00 stays; 21:00 and 22:00 fall in 21:00-24:00, whose end is after
	// the 23:00 deadline, so both move to 20:59 and merge.
	if len(rs) != 2 {
		t.Fatalf("plan = %+v", rs)
	}
	if rs[0].Key != "milestone:d11/closes:2h+1h:#war-room" || !rs[0].At.Equal(cst(t, "2026-10-29 20:59")) || !rs[0].Shifted {
		t.Errorf("merged = %+v", rs[0])
	}
	if rs[1].Key != "milestone:d11/closes:3h:#war-room" || !rs[1].At.Equal(cst(t, "2026-10-29 20:00")) {
		t.Errorf("first = %+v", rs[1])
	}
	moved := parseConfig(t, strings.Replace(yaml, "%s", "2026-11-12 00:00", 1))
	plans, _ = scheduler.MilestoneReminders(context.Background(), moved, nil)
	if got := plans["milestone:d11/closes"][1].At; !got.Equal(cst(t, "2026-10-30 20:00")) {
		t.Errorf("after moving D-day a day later the reminder is at %s", got)
	}
}

func TestJobReminders(t *testing.T) {
	cfg := exampleConfig(t)
	plans, problems := scheduler.JobReminders(cfg, cst(t, "2026-09-10 00:00"), cst(t, "2026-09-17 00:00"))
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	var got []string
	for _, r := range plans["job:standup"] {
		got = append(got, r.At.In(cst(t, "2026-09-10 00:00").Location()).Format("01-02 15:04 Mon"))
	}
	want := "09-14 09:00 Mon,09-15 09:00 Tue,09-16 09:00 Wed"
	if strings.Join(got, ",") != want {
		t.Errorf("stand-ups = %v, want %s (from 09-14, working days only)", got, want)
	}
	late, _ := scheduler.JobReminders(cfg, cst(t, "2026-11-12 00:00"), cst(t, "2026-11-20 00:00"))
	if n := len(late["job:standup"]); n != 1 {
		t.Errorf("%d stand-ups after 11-12, want 1 (11-12 itself; until is inclusive)", n)
	}
}

// TestPlannerReplansOnReload plans, sends one reminder, then re-plans a
// changed config: new milestones appear, removed ones cancel, moved ones
// reschedule, a sent one is not planned again but gets a new occurrence
// for its milestone's new time (a:1d@…, see Occurrences).
func TestPlannerReplansOnReload(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		store := storage.NewReminderStore(db)
		p := &scheduler.Planner{Store: store}
		const base = `
console:
  users: [{name: li.na}, {name: wang.fang}]
  channels: [{name: war-room}]
admins: [wang.fang]
campaigns:
  - id: d11
    name: Double 11
    channel: war-room
    leads: [li.na]
    d_day: 2026-11-11 00:00
    milestones:
`
		v1 := base + `
      - {id: a, name: A, at: 2026-10-20 10:00, offsets: [1d, 0]}
      - {id: b, name: B, at: 2026-10-25 10:00, offsets: [0]}
`
		v2 := base + `
      - {id: a, name: A, at: 2026-10-21 10:00, offsets: [1d, 0]}
      - {id: c, name: C, at: 2026-10-26 10:00, offsets: [0]}
`
		now := cst(t, "2026-10-19 09:00")
		if _, err := p.Plan(ctx, parseConfig(t, v1), now); err != nil {
			t.Fatal(err)
		}
		d := newDispatcher(db, &messenger{}, testConfig(), "one")
		if err := d.DispatchDue(ctx, cst(t, "2026-10-19 10:00")); err != nil {
			t.Fatal(err)
		}
		res, err := p.Plan(ctx, parseConfig(t, v2), cst(t, "2026-10-19 10:05"))
		if err != nil {
			t.Fatal(err)
		}
		if got := res["milestone:"]; got != (campaignbot.PlanResult{Added: 2, Updated: 1, Canceled: 1}) {
			t.Errorf("re-plan = %+v", got)
		}
		rs, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Prefix: "milestone:"})
		var got []string
		for _, r := range rs {
			got = append(got, r.Key[len("milestone:d11/"):]+"="+string(r.Status)+"@"+r.At.In(now.Location()).Format("01-02 15:04"))
		}
		// B (Sunday 10-25 10:00) was reminded on Friday evening. A's 1d
		// went out for 10-20 10:00 (02:00 UTC); 10-21's is a new one.
		want := "a:1d:#war-room=sent@10-19 10:00,a:1d@20261021T0200Z:#war-room=pending@10-20 10:00,a:0:#war-room=pending@10-21 10:00,b:0:#war-room=canceled@10-23 20:59,c:0:#war-room=pending@10-26 10:00"
		if strings.Join(got, ",") != want {
			t.Errorf("reminders:\n%s\nwant\n%s", strings.Join(got, ","), want)
		}
	})
}
