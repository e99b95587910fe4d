package scheduler

import (
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
)

// audienceField labels the field of an escalation's stored message that
// lists the audience of its occurrence as last planned, space-separated.
// The composer replaces the message when it sends, so the field is never
// shown; a re-plan rewrites it with the escalation, so someone taken off
// the milestone's audience drops out of its count and escalation.
const audienceField = "ack-audience"

// reaches reports whether a reminder reached, or may still reach, its
// recipient: not canceled, and not failed or missed, since a DM that
// never arrived cannot be acknowledged.
func reaches(r campaignbot.Reminder) bool {
	switch r.Status {
	case campaignbot.ReminderCanceled, campaignbot.ReminderFailed, campaignbot.ReminderMissed:
		return false
	}
	return true
}

// audienceFields is the stored message of an escalation of an occurrence
// planned for users.
func audienceFields(users []campaignbot.UserID) []campaignbot.Field {
	names := make([]string, len(users))
	for i, u := range users {
		names[i] = string(u)
	}
	slices.Sort(names)
	return []campaignbot.Field{{Label: audienceField, Value: strings.Join(slices.Compact(names), " ")}}
}

// plannedAudience returns the audience of an occurrence as its latest
// plan has it, read from an escalation of it that is not canceled;
// restricted is false when there is none (no escalate_after), and the
// audience is then everyone its reminders reach.
func plannedAudience(rs []campaignbot.Reminder, occurrence string) (map[campaignbot.UserID]bool, bool) {
	for _, o := range rs {
		if o.Kind != campaignbot.ReminderAckEscalate || o.Status == campaignbot.ReminderCanceled {
			continue
		}
		asked, ok := askedKey(o.Key, escalateMark)
		occ, _, ok2 := campaignbot.AckOccurrence(asked)
		if !ok || !ok2 || occ != occurrence {
			continue
		}
		for _, f := range o.Message.Fields {
			if f.Label == audienceField {
				out := map[campaignbot.UserID]bool{}
				for _, u := range strings.Fields(f.Value) {
					out[campaignbot.UserID(u)] = true
				}
				return out, true
			}
		}
	}
	return nil, false
}
