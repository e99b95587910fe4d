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

// sentSince returns what the world's messenger sent from index from on,
// as "recipient key" lines, and the messages by key.
func (w *ackWorld) sentSince(from int) ([]string, map[string]campaignbot.OutgoingMessage) {
	var lines []string
	msgs := map[string]campaignbot.OutgoingMessage{}
	for _, s := range w.sent.sent[from:] {
		lines = append(lines, s.to.String()+" "+s.msg.Key)
		msgs[s.msg.Key] = s.msg
	}
	slices.Sort(lines)
	return lines, msgs
}

func (w *ackWorld) ack(t *testing.T, user campaignbot.UserID, at time.Time) {
	t.Helper()
	if _, _, err := w.acks.Acknowledge(context.Background(), "milestone:double11/warm-up:1d:@"+string(user), user, at); err != nil {
		t.Fatal(err)
	}
}

// status returns the status and reason of a reminder.
func (w *ackWorld) status(t *testing.T, key string) (campaignbot.Reminder, bool) {
	t.Helper()
	rs, err := w.rs.Reminders(context.Background(), campaignbot.ReminderFilter{Source: "milestone:double11/warm-up"})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rs, func(r campaignbot.Reminder) bool { return r.Key == key })
	if i < 0 {
		return campaignbot.Reminder{}, false
	}
	return rs[i], true
}

// TestRepingOnlyWhoHasNotAcknowledged: the warm-up's 1d reminders go out
// 10-30 20:00; their re-pings, due 2h later at 22:00, fall in the quiet
// hours (22:00-08:00) and are planned for 08:00. alice acknowledged at
// 21:00 and li.na at 07:59, before the re-ping: only chen.jie is pinged
// again, with the Got it of the reminder it repeats. The escalation (6h
// after, 02:00, also moved to 08:00) tells each lead once who has not.
func TestRepingOnlyWhoHasNotAcknowledged(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), cst(t, "2026-10-30 20:00"))
	const reping = "milestone:double11/warm-up:1d:reping:@"
	for _, u := range []string{"alice", "chen.jie", "li.na"} {
		r, ok := w.status(t, reping+u)
		if !ok || !r.At.Equal(cst(t, "2026-10-31 08:00")) || !r.Shifted || r.Kind != campaignbot.ReminderAckReping {
			t.Errorf("re-ping of %s = %+v, want at 10-31 08:00, moved by quiet hours", u, r)
		}
	}
	w.ack(t, "alice", cst(t, "2026-10-30 21:00"))
	w.ack(t, "li.na", cst(t, "2026-10-31 07:59"))
	before := len(w.sent.sent)
	w.dispatch(t, cst(t, "2026-10-31 08:00"))
	got, msgs := w.sentSince(before)
	want := []string{
		"@chen.jie milestone:double11/warm-up:1d:ack-escalate:@chen.jie",
		"@chen.jie milestone:double11/warm-up:1d:reping:@chen.jie",
		"@li.na milestone:double11/warm-up:1d:ack-escalate:@li.na",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("sent at 08:00:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	m := msgs[reping+"chen.jie"]
	if !strings.HasPrefix(m.Text, "🔔 Not acknowledged yet: please confirm with Got it.\n*Warm-up starts*") ||
		m.Buttons[0].ActionID != campaignbot.AckAction || m.Buttons[0].Value != "milestone:double11/warm-up:1d:@chen.jie" {
		t.Errorf("re-ping = %+v", m)
	}
	const escalation = "⚠️ Still not acknowledged: *Warm-up starts* (1 day before, 10-30 20:00): <@chen.jie>. ✓ 2 of 3 acknowledged."
	if got := msgs["milestone:double11/warm-up:1d:ack-escalate:@li.na"].Text; got != escalation {
		t.Errorf("escalation = %q, want %q", got, escalation)
	}
	zh := *w.cfg
	zh.Language = campaignbot.Language("zh-CN")
	composer := scheduler.AckComposer{Reminders: w.rs, Store: w.store, Config: func() *config.Config { return &zh }}
	for key, want := range map[string]string{
		"milestone:double11/warm-up:1d:ack-escalate:@li.na": "⚠️ 仍未确认：*Warm-up starts*（提前 1 天，10-30 20:00）：<@chen.jie>。✓ 3 人中 2 人已收到。",
		reping + "chen.jie": "🔔 还未确认，请点击“收到”。\n*Warm-up starts*",
	} {
		r, _ := w.status(t, key)
		m, send, _, err := composer.Compose(context.Background(), r, cst(t, "2026-10-31 08:00"))
		if err != nil || !send || !strings.HasPrefix(m.Text, want) {
			t.Errorf("%s in Chinese = %q, %v, %v; want %q", key, m.Text, send, err, want)
		}
	}
	for _, u := range []string{"alice", "li.na"} {
		if r, _ := w.status(t, reping+u); r.Status != campaignbot.ReminderCanceled || r.Reason != "acknowledged" {
			t.Errorf("re-ping of %s: %s (%s), want canceled: acknowledged", u, r.Status, r.Reason)
		}
	}

	// Never twice: planning again and dispatching later send nothing new.
	plans, _ := scheduler.MilestoneReminders(context.Background(), w.cfg, nil)
	if _, err := w.rs.ReplanPrefix(context.Background(), "milestone:", plans, cst(t, "2026-10-31 08:01")); err != nil {
		t.Fatal(err)
	}
	before = len(w.sent.sent)
	w.dispatch(t, cst(t, "2026-10-31 08:05"))
	if got, _ := w.sentSince(before); len(got) != 0 {
		t.Errorf("sent again after a re-plan: %v", got)
	}
}

// TestEscalationCanceledWhenEveryoneAcknowledged: leads hear nothing
// when the whole audience acknowledged before the escalation.
func TestEscalationCanceledWhenEveryoneAcknowledged(t *testing.T) {
	w := newAckWorld(t, storagetest.OpenSQLite(t), cst(t, "2026-10-30 20:00"))
	for _, u := range []campaignbot.UserID{"alice", "chen.jie", "li.na"} {
		w.ack(t, u, cst(t, "2026-10-30 20:30"))
	}
	before := len(w.sent.sent)
	w.dispatch(t, cst(t, "2026-10-31 08:00"))
	if got, _ := w.sentSince(before); len(got) != 0 {
		t.Errorf("sent %v, want nothing", got)
	}
	if r, _ := w.status(t, "milestone:double11/warm-up:1d:ack-escalate:@li.na"); r.Status != campaignbot.ReminderCanceled || r.Reason != "everyone acknowledged" {
		t.Errorf("escalation: %s (%s)", r.Status, r.Reason)
	}
}

// TestRepingSurvivesARestart: the reminder goes out, the process stops,
// a new one opens the same database file, and the re-ping goes out at
// its time to the one who has not acknowledged.
func TestRepingSurvivesARestart(t *testing.T) {
	b := storagetest.Backend{Driver: storage.DriverSQLite}
	opts := b.Options(t)
	w := newAckWorld(t, storagetest.Open(t, opts), cst(t, "2026-10-30 20:00"))
	w.ack(t, "alice", cst(t, "2026-10-30 21:00"))
	w.ack(t, "li.na", cst(t, "2026-10-30 21:00"))
	w.open(storagetest.Open(t, opts)) // the restarted process
	before := len(w.sent.sent)
	w.dispatch(t, cst(t, "2026-10-31 08:00"))
	got, _ := w.sentSince(before)
	if !slices.Contains(got, "@chen.jie milestone:double11/warm-up:1d:reping:@chen.jie") || slices.ContainsFunc(got, func(s string) bool {
		return strings.Contains(s, "reping:@alice") || strings.Contains(s, "reping:@li.na")
	}) {
		t.Errorf("sent after the restart: %v", got)
	}
}

// TestUrgentRepingIgnoresQuietHours: an urgent milestone's re-ping goes
// at its time even inside the quiet hours.
func TestUrgentRepingIgnoresQuietHours(t *testing.T) {
	cfg := parseConfig(t, `
timezone: Asia/Shanghai
quiet_hours: ["22:00-08:00"]
console:
  users: [{name: li.na}]
campaigns:
  - id: double11
    channel: war-room
    leads: [li.na]
    d_day: 2026-11-11 00:00
    milestones:
      - id: sale-opens
        name: The sale opens
        at: D 00:00
        offsets: [2h]
        urgent: true
        notify: {leads: true}
        ack: {required: true, reping_after: 1h}
`)
	plans, _ := scheduler.MilestoneReminders(context.Background(), cfg, nil)
	found := 0
	for _, r := range plans["milestone:double11/sale-opens"] {
		if r.Kind == campaignbot.ReminderAckReping {
			found++
			if !r.At.Equal(cst(t, "2026-11-10 23:00")) || r.Shifted || r.Quiet {
				t.Errorf("urgent re-ping = %+v, want 11-10 23:00, not moved", r)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d re-pings planned, want 1", found)
	}
}
