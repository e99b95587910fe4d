package scheduler_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAckTiming checks that re-pings and escalations are timed from when
// the reminders they are about actually went out: after the bot was down
// until 13:30, the 12:00 reminders go at 13:30, the re-pings an hour
// later (14:30) and the escalations 90 minutes later (15:00), never in
// the same pass.
func TestAckTiming(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, attackAckYAML)
		steps := []struct {
			at   string
			want []string // kinds of keys sent at that pass, by mark
		}{
			{"2026-10-31 13:30", []string{"reminder"}},
			{"2026-10-31 14:29", nil},
			{"2026-10-31 14:30", []string{"reping"}},
			{"2026-10-31 14:59", nil},
			{"2026-10-31 15:00", []string{"escalate"}},
		}
		for _, s := range steps {
			before := len(w.sent.sent)
			w.dispatch(t, cst(t, s.at))
			got, msgs := w.sentSince(before)
			var kinds []string
			for _, l := range got {
				kind := "reminder"
				switch {
				case strings.Contains(l, ":reping:"):
					kind = "reping"
				case strings.Contains(l, ":ack-escalate:"):
					kind = "escalate"
				}
				if !slices.Contains(kinds, kind) {
					kinds = append(kinds, kind)
				}
			}
			if !slices.Equal(kinds, s.want) {
				t.Errorf("at %s sent %v, want kinds %v", s.at, got, s.want)
			}
			for key, m := range msgs {
				if strings.Contains(key, ":reping:") && strings.Contains(m.Text, "Late:") {
					t.Errorf("%s carries a late note, though it is timed from delivery: %q", key, m.Text)
				}
			}
		}
	})
}

// TestAckRepingBeforeItsMilestone checks where a re-ping goes when
// reping_after would put it at or past its milestone (21:30, reminded at
// 19:30): halfway between the reminder and the milestone, when that is
// out of quiet hours; with no room left (a 22:20 milestone reminded 20m
// before, moved by quiet hours to 21:59) there is none.
func TestAckRepingBeforeItsMilestone(t *testing.T) {
	cases := []struct {
		name, at, offset, repingAfter, want string // want "" means none
	}{
		{"fits", "2026-11-06 21:30", "2h", "1h", "2026-11-06 20:30"},
		{"past the milestone", "2026-11-06 21:30", "2h", "3h", "2026-11-06 20:30"},
		{"at the milestone", "2026-11-06 21:30", "2h", "2h", "2026-11-06 20:30"},
		{"no room", "2026-11-06 22:20", "20m", "1h", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
				yaml := strings.NewReplacer(
					`calendar: {workdays: ["2026-10-31 warm-up"]}`+"\n", "",
					"at: 2026-10-31 14:00", "at: "+c.at,
					"offsets: [2h]", "offsets: ["+c.offset+"]",
					"reping_after: 1h, escalate_after: 90m", "reping_after: "+c.repingAfter+", escalate_after: 4h",
				).Replace(attackAckYAML)
				w := newAttackAckWorld(t, db, yaml)
				if _, ok := w.status(t, "milestone:double11/warm-up:"+c.offset+":@alice"); !ok {
					t.Fatal("no reminder planned")
				}
				r, ok := w.status(t, "milestone:double11/warm-up:"+c.offset+":reping:@alice")
				switch {
				case c.want == "" && ok:
					t.Errorf("re-ping planned %v, want none", r.At)
				case c.want != "" && (!ok || !r.At.Equal(cst(t, c.want))):
					t.Errorf("re-ping planned %v (%v), want %s", r.At, ok, c.want)
				}
			})
		})
	}
}

// TestAckDeferDoesNotHoldLaterReminders: a re-ping deferred until an hour
// after its late reminder went out does not hold the person's later
// reminders behind it. The warm-up (14:00) reminds 2h and 45m before; the
// bot is down until 13:30: the 2h re-ping (13:00) waits for 14:30, and
// the 45m reminder (13:15) goes at 13:30 all the same.
func TestAckDeferDoesNotHoldLaterReminders(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newAttackAckWorld(t, db, strings.Replace(attackAckYAML, "offsets: [2h]", "offsets: [2h, 45m]", 1))
		w.dispatch(t, cst(t, "2026-10-31 13:30"))
		got, _ := w.sentSince(0)
		for _, want := range []string{"@alice milestone:double11/warm-up:2h:@alice", "@alice milestone:double11/warm-up:45m:@alice"} {
			if !slices.Contains(got, want) {
				t.Errorf("at 13:30 sent %v, want %s among them", got, want)
			}
		}
		if r, _ := w.status(t, "milestone:double11/warm-up:2h:reping:@alice"); !r.At.Equal(cst(t, "2026-10-31 14:30")) {
			t.Errorf("alice's 2h re-ping is due %v, want 14:30", r.At)
		}
	})
}
