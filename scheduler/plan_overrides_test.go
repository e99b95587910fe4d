package scheduler_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

const overridesYAML = `
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
      - {id: a, name: A, at: 2026-10-20 10:00, offsets: [1d, 0]}
      - {id: b, name: B, at: 2026-10-25 10:00, offsets: [0]}
`

// overridesB is where B's reminder goes: B is on Sunday 10-25, the next
// working day starts after it, so its reminder moves back to Friday's
// last minute before quiet hours.
const overridesB = "b:0:#war-room=pending@10-23 20:59"

// overrideList is an in-memory source of overrides for the planner.
type overrideList struct {
	mu  sync.Mutex
	os  []campaignbot.MilestoneOverride
	err error
}

func (l *overrideList) set(os []campaignbot.MilestoneOverride, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.os, l.err = os, err
}

func (l *overrideList) get(context.Context) ([]campaignbot.MilestoneOverride, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.os, l.err
}

// milestonePlan lists the milestone reminders as key=status@time.
func milestonePlan(t *testing.T, store campaignbot.ReminderStore) string {
	t.Helper()
	rs, err := store.Reminders(context.Background(), campaignbot.ReminderFilter{Prefix: "milestone:"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, strings.TrimPrefix(r.Key, "milestone:d11/")+"="+string(r.Status)+"@"+r.At.In(cst(t, "2026-10-01 00:00").Location()).Format("01-02 15:04"))
	}
	return strings.Join(got, ",")
}

// TestPlannerPlansOverrides plans a sequence of chat changes: a moved
// milestone reschedules its reminders like a config edit would, an added
// one is planned, a reset puts things back, and an unreadable override
// table leaves the stored plan alone.
func TestPlannerPlansOverrides(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		store := storage.NewReminderStore(db)
		list := &overrideList{}
		p := &scheduler.Planner{Store: store, Overrides: list.get}
		cfg := parseConfig(t, overridesYAML)
		now := cst(t, "2026-10-18 09:00")
		moveA := campaignbot.MilestoneOverride{CampaignID: "d11", MilestoneID: "a", Kind: campaignbot.OverrideMoved, At: cst(t, "2026-10-22 10:00"), ChangedBy: "li.na"}
		addX := campaignbot.MilestoneOverride{CampaignID: "d11", MilestoneID: "x", Kind: campaignbot.OverrideAdded, Name: "X", At: cst(t, "2026-10-23 12:00"),
			Offsets: []time.Duration{2 * time.Hour}, Notify: campaignbot.Audience{Channel: true}}
		steps := []struct {
			name      string
			overrides []campaignbot.MilestoneOverride
			err       error
			wantErr   bool
			want      string
		}{
			{"config only", nil, nil, false,
				"a:1d:#war-room=pending@10-19 10:00,a:0:#war-room=pending@10-20 10:00," + overridesB},
			{"moved and added", []campaignbot.MilestoneOverride{moveA, addX}, nil, false,
				"a:1d:#war-room=pending@10-21 10:00,a:0:#war-room=pending@10-22 10:00,x:2h:#war-room=pending@10-23 10:00," + overridesB},
			{"overrides unreadable", nil, errors.New("database down"), true,
				"a:1d:#war-room=pending@10-21 10:00,a:0:#war-room=pending@10-22 10:00,x:2h:#war-room=pending@10-23 10:00," + overridesB},
			{"reset", nil, nil, false,
				"a:1d:#war-room=pending@10-19 10:00,a:0:#war-room=pending@10-20 10:00,x:2h:#war-room=canceled@10-23 10:00," + overridesB},
		}
		for _, st := range steps {
			list.set(st.overrides, st.err)
			_, err := p.Plan(ctx, cfg, now)
			if (err != nil) != st.wantErr {
				t.Errorf("%s: Plan error = %v, want error %v", st.name, err, st.wantErr)
			}
			if got := milestonePlan(t, store); got != st.want {
				t.Errorf("%s: reminders\n%s\nwant\n%s", st.name, got, st.want)
			}
		}
	})
}

// TestServiceReplanNow changes a milestone while the service runs and
// checks ReplanNow stores the new plan before returning.
func TestServiceReplanNow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Opened in the bubble, so the pool's goroutines and channels belong
		// to it and are closed (by t.Cleanup) before the bubble ends.
		db := storagetest.OpenSQLite(t)
		cfg := parseConfig(t, overridesYAML)
		store := storage.NewReminderStore(db)
		list := &overrideList{}
		svc := &scheduler.Service{
			Planner:    &scheduler.Planner{Store: store, Overrides: list.get},
			Dispatcher: newDispatcher(db, &messenger{}, cfg, "one"),
			Config:     func() *config.Config { return cfg },
			Clock:      scheduler.FixedClock{T: cst(t, "2026-10-18 09:00")},
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error)
		go func() { done <- svc.Run(ctx) }()
		list.set([]campaignbot.MilestoneOverride{{CampaignID: "d11", MilestoneID: "b", Kind: campaignbot.OverrideMoved, At: cst(t, "2026-10-26 10:00")}}, nil)
		if err := svc.ReplanNow(ctx); err != nil {
			t.Fatal(err)
		}
		if got := milestonePlan(t, store); !strings.Contains(got, "b:0:#war-room=pending@10-26 10:00") {
			t.Errorf("after ReplanNow: %s", got)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}
