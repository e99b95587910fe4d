package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// Occurrences says which milestone reminders were already sent for
// another time of their milestone, so that a moved milestone gets its
// reminders again for the new time (a new occurrence) instead of
// counting the old date's.
//
// A reminder's key names its occurrence by its offset label
// ("milestone:double11/warm-up:1d:@alice"). When a reminder of that label
// went out (or its send started, or it was missed or failed) for a
// milestone time other than the milestone's time now, the label of the
// new time carries that time in UTC, each offset of it:
// "1d@20261030T1200Z" (and "1d@…+2h@…" for merged offsets). Every
// planner derives the same key from the same rows, and the store never
// sends a key twice, so the new occurrence goes out once; acks, re-pings
// and escalations are keyed by the label, so the new date's are separate
// from the old one's. A milestone moved back to a time a label was sent
// for plans that label again, which is sent already and is not sent
// again. Reminders sent before migration 19 have no recorded time
// (Reminder.ForAt zero) and count as sent for the milestone's current
// time: they are not sent again.
type Occurrences map[string]map[string][]time.Time

// occurrenceStamp is the compact UTC layout of a milestone time in a key.
const occurrenceStamp = "20060102T1504Z"

// NewOccurrences indexes sent milestone reminders (as Store.Reminders
// returns them) by source and offset label. Reminders that went to no
// one (pending, canceled, claimed but not started) are left out.
func NewOccurrences(rs []campaignbot.Reminder) Occurrences {
	out := Occurrences{}
	for _, r := range rs {
		if r.Kind != campaignbot.ReminderMilestone || r.ForAt.IsZero() {
			continue
		}
		switch r.Status {
		case campaignbot.ReminderSent, campaignbot.ReminderMissed, campaignbot.ReminderFailed:
		case campaignbot.ReminderSending:
			if !r.Unconfirmed {
				continue
			}
		default:
			continue
		}
		occ, ok := occurrenceOf(r.Key)
		label, found := strings.CutPrefix(occ, r.Source+":")
		if !ok || !found || strings.Contains(label, "@") {
			continue // a new occurrence itself: its label names its time
		}
		if out[r.Source] == nil {
			out[r.Source] = map[string][]time.Time{}
		}
		out[r.Source][label] = append(out[r.Source][label], r.ForAt.UTC())
	}
	return out
}

// SentOccurrences reads the sent milestone reminders from store.
func SentOccurrences(ctx context.Context, store campaignbot.ReminderStore) (Occurrences, error) {
	rs, err := store.Reminders(ctx, campaignbot.ReminderFilter{
		Prefix:   "milestone:",
		Kind:     campaignbot.ReminderMilestone,
		Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderSent, campaignbot.ReminderMissed, campaignbot.ReminderFailed, campaignbot.ReminderSending},
	})
	if err != nil {
		return nil, fmt.Errorf("read sent milestone reminders: %w", err)
	}
	return NewOccurrences(rs), nil
}

// label returns the key label of a reminder of source with the offset
// label base, for a milestone at at: base itself unless a reminder of
// base was sent for another time.
func (o Occurrences) label(source, base string, at time.Time) string {
	moved := false
	for _, t := range o[source][base] {
		if !t.Equal(at) {
			moved = true
		}
	}
	if !moved {
		return base
	}
	stamp := "@" + at.UTC().Format(occurrenceStamp)
	parts := strings.Split(base, "+")
	for i := range parts {
		parts[i] += stamp
	}
	return strings.Join(parts, "+")
}

// baseOffset is an offset label without the time of its occurrence:
// "1d" for "1d@20261030T1200Z".
func baseOffset(label string) string {
	base, _, _ := strings.Cut(label, "@")
	return base
}
