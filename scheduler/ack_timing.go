package scheduler

import (
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// fromDelivery returns when a re-ping or escalation r is due counted from
// the delivery (sentAt) of the reminder it is about: sentAt plus the
// delay planned between them, out of the recipient's quiet hours. It is
// zero when the delivery time or the delay is unknown, so r goes when
// planned. After downtime the reminder goes out late, and its re-ping
// must still give the person reping_after to answer.
func fromDelivery(cfg *config.Config, r campaignbot.Reminder, sentAt time.Time) time.Time {
	delay := r.AckDelay
	if sentAt.IsZero() || delay <= 0 {
		return time.Time{}
	}
	at := sentAt.Add(delay)
	if !r.Quiet {
		return at
	}
	deadline := time.Time{}
	if r.Kind == campaignbot.ReminderAckReping && strings.HasPrefix(r.Source, "milestone:") && at.Before(r.Due) {
		deadline = r.Due
	}
	at, _ = QuietShift(at, deadline, zone(r.Zone, cfg.Timezone), cfg.QuietHours)
	return at
}

// earliestOf returns the earliest planned reminder of the offsets that
// asked for acks and was not canceled.
func earliestOf(rs []campaignbot.Reminder, offsets []string) campaignbot.Reminder {
	var out campaignbot.Reminder
	for _, o := range rs {
		if sharesOffset(o, offsets) && o.Status != campaignbot.ReminderCanceled && (out.At.IsZero() || o.At.Before(out.At)) {
			out = o
		}
	}
	return out
}

// firstSent returns when the first reminder of the offsets went out,
// zero when none has.
func firstSent(rs []campaignbot.Reminder, offsets []string) time.Time {
	var out time.Time
	for _, o := range rs {
		if sharesOffset(o, offsets) && o.Status == campaignbot.ReminderSent && !o.SentAt.IsZero() && (out.IsZero() || o.SentAt.Before(out)) {
			out = o.SentAt
		}
	}
	return out
}

// currentMilestoneText renders a milestone reminder's text as of now for
// its re-ping r: from the milestone as configured now, at the time the
// re-ping was last planned for (r.Due, which follows /campaign move), so
// a re-ping counts down from now and never repeats a date the milestone
// has moved from. ok is false when the milestone is not in the
// configuration (added in chat); the reminder's own text is used then.
func currentMilestoneText(cfg *config.Config, r campaignbot.Reminder, now time.Time, lang campaignbot.Language) (string, bool) {
	what, found := strings.CutPrefix(r.Source, "milestone:")
	cid, mid, ok := strings.Cut(what, "/")
	if !found || !ok {
		return "", false
	}
	c, ok := cfg.Campaign(cid)
	if !ok {
		return "", false
	}
	for _, m := range c.Milestones {
		if m.ID != mid {
			continue
		}
		if !r.Due.IsZero() {
			m.At = r.Due
		}
		return milestoneMessage(cfg, c, m, zone(c.Timezone, cfg.Timezone), now, r.Key, lang).Text, true
	}
	return "", false
}
