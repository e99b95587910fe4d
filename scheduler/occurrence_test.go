package scheduler_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// occurrenceKey is the key of alice's 1d reminder of registration-closes
// with the label given.
func occurrenceKey(label string) string {
	return "milestone:double11/registration-closes:" + label + ":@alice"
}

// occurrenceWorld is an ackWorld on testdata/occurrence.yaml, planned by
// two planners (replicas) and sent by two dispatchers on the same
// database.
type occurrenceWorld struct {
	*ackWorld
	yaml     string
	planners []*scheduler.Planner
	other    *storage.ReminderStore
}

func newOccurrenceWorld(t *testing.T, db *storage.DB) *occurrenceWorld {
	t.Helper()
	data, err := os.ReadFile("testdata/occurrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w := &occurrenceWorld{ackWorld: &ackWorld{cfg: parseConfig(t, string(data)), sent: &messenger{}}, yaml: string(data)}
	w.open(db)
	w.other = storage.NewReminderStore(db)
	w.planners = []*scheduler.Planner{{Store: w.rs}, {Store: w.other}}
	w.plan(t, "2026-10-29 18:00", cst(t, "2026-10-01 00:00"))
	return w
}

// plan moves the milestone to at (CST) and re-plans it with both
// planners at now.
func (w *occurrenceWorld) plan(t *testing.T, at string, now time.Time) {
	t.Helper()
	w.cfg = parseConfig(t, strings.Replace(w.yaml, "at: 2026-10-29 18:00", "at: "+at, 1))
	for _, p := range w.planners {
		if _, err := p.PlanConfig(context.Background(), w.cfg, now); err != nil {
			t.Fatal(err)
		}
	}
}

// dispatchBoth sends what is due at at, with two dispatchers in turn.
func (w *occurrenceWorld) dispatchBoth(t *testing.T, at time.Time) {
	t.Helper()
	w.dispatch(t, at)
	rs := w.rs
	w.rs = w.other
	w.dispatch(t, at)
	w.rs = rs
}

// TestMovedMilestoneNewOccurrence: alice's "closes tomorrow" (1d) went
// out 10-28 18:00 for registration closing 10-29 18:00; then the
// milestone moves. A move later gets a new 1d reminder for the new date,
// keyed by the new time in UTC, sent once by two planners and two
// dispatchers; a move earlier has its new time passed and sends
// nothing; a move back to the date already reminded sends nothing; a
// new time in the quiet hours (22:00-08:00) is moved out of them, as
// the planner moves a reminder before its milestone (to just before
// they start).
func TestMovedMilestoneNewOccurrence(t *testing.T) {
	tests := []struct {
		name string
		// moves are (milestone time, planned at) after the first send.
		moves [][2]string
		// until is the last instant dispatched (every 30 minutes from
		// 10-28 19:00).
		until string
		// want is the keys sent after the first 1d reminder, with the
		// time each was planned for.
		want []string
	}{
		{"later", [][2]string{{"2026-10-31 18:00", "2026-10-28 19:00"}}, "2026-10-31 18:00",
			[]string{"10-30 18:00 " + occurrenceKey("1d@20261031T1000Z")}},
		{"earlier", [][2]string{{"2026-10-29 12:00", "2026-10-28 19:00"}}, "2026-10-30 18:00", nil},
		{"back", [][2]string{{"2026-10-31 18:00", "2026-10-28 19:00"}, {"2026-10-29 18:00", "2026-10-28 20:00"}}, "2026-10-31 18:00", nil},
		{"into quiet hours", [][2]string{{"2026-10-31 23:30", "2026-10-28 19:00"}}, "2026-10-31 23:00",
			[]string{"10-30 21:59 " + occurrenceKey("1d@20261031T1530Z")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
				w := newOccurrenceWorld(t, db)
				w.dispatchBoth(t, cst(t, "2026-10-28 18:00"))
				rs, err := w.rs.Reminders(context.Background(), campaignbot.ReminderFilter{Source: "milestone:double11/registration-closes"})
				if err != nil {
					t.Fatal(err)
				}
				if i := slices.IndexFunc(rs, func(r campaignbot.Reminder) bool { return r.Key == occurrenceKey("1d") }); i < 0 || rs[i].Status != campaignbot.ReminderSent {
					t.Fatalf("1d reminder not sent at 10-28 18:00: %v", rs)
				}
				// alice acknowledged the old date's reminder.
				if _, _, err := w.acks.Acknowledge(context.Background(), occurrenceKey("1d"), "alice", cst(t, "2026-10-28 18:05")); err != nil {
					t.Fatal(err)
				}
				for _, mv := range tt.moves {
					w.plan(t, mv[0], cst(t, mv[1]))
					w.plan(t, mv[0], cst(t, mv[1])) // an hourly re-plan changes nothing
				}
				var got []string
				loc := cst(t, "2026-10-28 18:00").Location()
				for at := cst(t, "2026-10-28 19:00"); !at.After(cst(t, tt.until)); at = at.Add(30 * time.Minute) {
					before := len(w.sent.sent)
					w.dispatchBoth(t, at)
					for _, s := range w.sent.sent[before:] {
						if !strings.Contains(s.msg.Key, ":reping:") && !strings.Contains(s.msg.Key, ":ack-escalate:") {
							got = append(got, plannedAt(t, w.rs, s.msg.Key).In(loc).Format("01-02 15:04")+" "+s.msg.Key)
						}
					}
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("sent after the move: %q, want %q", got, tt.want)
				}
			})
		})
	}
}

// plannedAt returns the time the reminder key was planned for.
func plannedAt(t *testing.T, store *storage.ReminderStore, key string) time.Time {
	t.Helper()
	rs, err := store.Reminders(context.Background(), campaignbot.ReminderFilter{Prefix: "milestone:"})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rs, func(r campaignbot.Reminder) bool { return r.Key == key })
	if i < 0 {
		t.Fatalf("no reminder %s", key)
	}
	if !rs[i].Shifted && strings.Contains(key, "T1530Z") {
		t.Errorf("%s is not marked as moved by quiet hours", key)
	}
	return rs[i].At
}

// TestMovedMilestoneAcksOfNewOccurrence: after the move from 10-29 to
// 10-31 18:00, alice's ack of the 10-29 reminder does not count for the
// new one: she is re-pinged an hour after it (10-30 19:00) with the new
// date, and li.na's escalation (20:00) names her and the new reminder's
// time, not the old one's.
func TestMovedMilestoneAcksOfNewOccurrence(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newOccurrenceWorld(t, db)
		w.dispatchBoth(t, cst(t, "2026-10-28 18:00"))
		if _, _, err := w.acks.Acknowledge(context.Background(), occurrenceKey("1d"), "alice", cst(t, "2026-10-28 18:05")); err != nil {
			t.Fatal(err)
		}
		w.plan(t, "2026-10-31 18:00", cst(t, "2026-10-28 19:00"))
		before := len(w.sent.sent)
		for _, at := range []string{"2026-10-30 18:00", "2026-10-30 19:00", "2026-10-30 20:00"} {
			w.dispatchBoth(t, cst(t, at))
		}
		got, msgs := w.sentSince(before)
		label := "1d@20261031T1000Z"
		want := []string{
			"@alice milestone:double11/registration-closes:" + label + ":@alice",
			"@alice milestone:double11/registration-closes:" + label + ":reping:@alice",
			"@li.na milestone:double11/registration-closes:" + label + ":ack-escalate:@li.na",
		}
		if !slices.Equal(got, want) {
			t.Fatalf("sent = %q, want %q", got, want)
		}
		tests := []struct {
			key          string
			want, notNow []string
		}{
			{"milestone:double11/registration-closes:" + label + ":@alice", []string{"2026-10-31 18:00"}, []string{"2026-10-29"}},
			{"milestone:double11/registration-closes:" + label + ":reping:@alice", []string{"2026-10-31 18:00"}, []string{"2026-10-29"}},
			{"milestone:double11/registration-closes:" + label + ":ack-escalate:@li.na", []string{"<@alice>", "1 day before", "10-30 18:00"}, []string{"10-28", label}},
		}
		for _, tt := range tests {
			text := msgs[tt.key].Text
			for _, s := range tt.want {
				if !strings.Contains(text, s) {
					t.Errorf("%s = %q, want %q in it", tt.key, text, s)
				}
			}
			for _, s := range tt.notNow {
				if strings.Contains(text, s) {
					t.Errorf("%s = %q, must not say %q", tt.key, text, s)
				}
			}
		}
		// Her ack of the new one counts for it, not for the old.
		st, _, err := w.acks.Acknowledge(context.Background(), occurrenceKey(label), "alice", cst(t, "2026-10-30 20:05"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Occurrence != "milestone:double11/registration-closes:"+label {
			t.Errorf("ack of the new reminder counts for %q", st.Occurrence)
		}
	})
}

// TestOccurrencesLegacyAndLabels: a reminder sent before migration 19
// (no ForAt) counts as sent for the milestone's current time, so it is
// not planned again; one sent (or missed) for another time is, its label
// carrying the new time in UTC for each merged offset; one not sent
// keeps its label.
func TestOccurrencesLegacyAndLabels(t *testing.T) {
	data, err := os.ReadFile("testdata/occurrence.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// At 10-31 18:00 CST, which is 10:00 UTC.
	cfg := parseConfig(t, strings.Replace(string(data), "at: 2026-10-29 18:00", "at: 2026-10-31 18:00", 1))
	at := time.Date(2026, 10, 31, 10, 0, 0, 0, time.UTC)
	old := time.Date(2026, 10, 29, 10, 0, 0, 0, time.UTC)
	src := "milestone:double11/registration-closes"
	sent := func(label string, forAt time.Time, st campaignbot.ReminderStatus) campaignbot.Reminder {
		return campaignbot.Reminder{Key: src + ":" + label + ":@alice", Source: src, Kind: campaignbot.ReminderMilestone, Status: st, ForAt: forAt}
	}
	tests := []struct {
		name string
		rs   []campaignbot.Reminder
		want string
	}{
		{"legacy row without for_at", []campaignbot.Reminder{sent("1d", time.Time{}, campaignbot.ReminderSent)}, "1d"},
		{"sent for the old time", []campaignbot.Reminder{sent("1d", old, campaignbot.ReminderSent)}, "1d@20261031T1000Z"},
		{"sent for this time", []campaignbot.Reminder{sent("1d", at, campaignbot.ReminderSent)}, "1d"},
		{"never sent", []campaignbot.Reminder{sent("1d", old, campaignbot.ReminderPending), sent("1d", old, campaignbot.ReminderCanceled)}, "1d"},
		{"claimed, not started", []campaignbot.Reminder{sent("1d", old, campaignbot.ReminderSending)}, "1d"},
		{"missed for the old time", []campaignbot.Reminder{sent("1d", old, campaignbot.ReminderMissed)}, "1d@20261031T1000Z"},
		{"a new occurrence sent for the old time", []campaignbot.Reminder{sent("1d@20261030T1000Z", old, campaignbot.ReminderSent)}, "1d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plans, _ := scheduler.MilestoneRemindersSent(context.Background(), cfg, nil, scheduler.NewOccurrences(tt.rs))
			var keys []string
			for _, r := range plans[src] {
				keys = append(keys, r.Key)
			}
			if want := src + ":" + tt.want + ":@alice"; !slices.Contains(keys, want) {
				t.Errorf("keys = %q, want %q among them", keys, want)
			}
		})
	}
}
