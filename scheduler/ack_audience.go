package scheduler

import (
	"slices"

	"github.com/campaignbot/campaignbot"
)

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

// sortedAudience is users sorted, each once: an escalation's
// AckAudience.
func sortedAudience(users []campaignbot.UserID) []campaignbot.UserID {
	out := slices.Clone(users)
	slices.Sort(out)
	return slices.Compact(out)
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
		if len(o.AckAudience) > 0 {
			out := map[campaignbot.UserID]bool{}
			for _, u := range o.AckAudience {
				out[u] = true
			}
			return out, true
		}
	}
	return nil, false
}
