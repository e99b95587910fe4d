package scheduler

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// askedAck is one person's reminder of a milestone that asks for an ack.
type askedAck struct {
	// label is the reminder's offset label as its key has it, which names
	// its occurrence ("1d", or "1d@20261030T1200Z" for a moved
	// milestone's new one).
	label string
	at    time.Time
	user  campaignbot.UserID
	loc   *time.Location
}

// Suffixes of the keys of re-pings and escalations, before ":@user".
const (
	repingMark   = ":reping"
	escalateMark = ":ack-escalate"
)

// planAcks plans a milestone's re-pings (ack.reping_after after each
// person's reminder, to that person; before the milestone when the
// reminder is: halfway to it when reping_after would pass it, and none
// when quiet hours or days off leave no room) and escalations (ack.escalate_after
// after each occurrence's earliest reminder, to each lead), moved out of
// quiet hours and off days off in the recipient's zone (pl) unless the
// milestone is urgent.
// They are planned whatever happens to the acks: AckComposer decides at
// send time whether they are still needed, so an ack cancels them.
func planAcks(cfg *config.Config, pl *placer, c campaignbot.Campaign, m campaignbot.Milestone, source string, asked []askedAck, zoneOf func(campaignbot.UserID) *time.Location) []campaignbot.Reminder {
	if !m.Ack.Required {
		return nil
	}
	var out []campaignbot.Reminder
	seen := map[string]bool{}
	// from is the reminder's time the delay is counted from.
	add := func(kind campaignbot.ReminderKind, mark, label string, from, at, after, deadline time.Time, user campaignbot.UserID, loc *time.Location) {
		p := placement{at: at}
		if !m.Urgent {
			p = pl.place(at, deadline, changedAt(m), loc)
		}
		// Only re-pings have a deadline; one that quiet hours or a day off
		// would push to the milestone, or pull back to the reminder it
		// repeats (after), is dropped.
		if !deadline.IsZero() && (!p.at.Before(deadline) || !p.at.After(after)) {
			return
		}
		key := fmt.Sprintf("%s:%s%s:@%s", source, label, mark, user)
		if seen[key] {
			return // asked by DM and on the channel post: one re-ping
		}
		seen[key] = true
		out = append(out, campaignbot.Reminder{
			Key: key, Source: source, Kind: kind, At: p.at.UTC(), Zone: loc.String(), Due: m.At.UTC(), Offset: offsetLabel(label),
			Shifted: p.quiet, Moved: p.moved, Quiet: !m.Urgent, Recipient: campaignbot.Recipient{User: user},
			Message: campaignbot.OutgoingMessage{Key: key}, AckDelay: p.at.Sub(from),
		})
	}
	earliest := map[string]time.Time{}
	audience := map[string][]campaignbot.UserID{}
	var labels []string
	for _, a := range asked {
		// A re-ping of a reminder before the milestone must go before it
		// too, and after the reminder it repeats: asking to confirm a
		// milestone that has passed helps no one. One that reping_after
		// would put at or past the milestone goes halfway between the
		// reminder and the milestone instead.
		if m.Ack.RepingAfter > 0 && a.at.Before(m.At) {
			at := a.at.Add(m.Ack.RepingAfter)
			if !at.Before(m.At) {
				at = a.at.Add(m.At.Sub(a.at) / 2).Truncate(time.Minute)
			}
			add(campaignbot.ReminderAckReping, repingMark, a.label, a.at, at, a.at, m.At, a.user, a.loc)
		} else if m.Ack.RepingAfter > 0 {
			add(campaignbot.ReminderAckReping, repingMark, a.label, a.at, a.at.Add(m.Ack.RepingAfter), time.Time{}, time.Time{}, a.user, a.loc)
		}
		// Escalations are per offset: a reminder of offsets merged into
		// one minute ("3h+2h") counts for each.
		for _, off := range strings.Split(a.label, "+") {
			if e, ok := earliest[off]; !ok || a.at.Before(e) {
				if !ok {
					labels = append(labels, off)
				}
				earliest[off] = a.at
			}
			if !slices.Contains(audience[off], a.user) {
				audience[off] = append(audience[off], a.user)
			}
		}
	}
	if m.Ack.EscalateAfter > 0 {
		for _, label := range labels {
			for _, lead := range c.Leads {
				add(campaignbot.ReminderAckEscalate, escalateMark, label, earliest[label], earliest[label].Add(m.Ack.EscalateAfter), time.Time{}, time.Time{}, lead, zoneOf(lead))
				out[len(out)-1].AckAudience = sortedAudience(audience[label])
			}
		}
	}
	return out
}

// offsetLabel is a key's label without the times of its occurrence:
// "1d+2h" for "1d@20261030T1200Z+2h@20261030T1200Z".
func offsetLabel(label string) string {
	parts := strings.Split(label, "+")
	for i, p := range parts {
		parts[i] = baseOffset(p)
	}
	return strings.Join(parts, "+")
}

// askedKey returns the key of the reminder a re-ping repeats, or of one
// reminder of the occurrence an escalation is about (the recipient is
// then the lead, which only the occurrence's prefix matters for).
func askedKey(key, mark string) (string, bool) {
	i := strings.LastIndex(key, mark+":@")
	if i < 0 {
		return "", false
	}
	return key[:i] + key[i+len(mark):], true
}
