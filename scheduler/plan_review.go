package scheduler

import (
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// ReviewSource returns the reminder source of a campaign's automatic
// review.
func ReviewSource(campaign string) string { return "review:" + campaign }

// ReviewReminders plans the automatic review (复盘) of every campaign
// whose `ends` falls in [from, until): one post into its channel at that
// instant, keyed by campaign and instant, so planning again (another
// replica, a restart) finds it rather than doubling it. The review is
// compiled, saved and written at send time (see package review).
func ReviewReminders(cfg *config.Config, from, until time.Time) map[string][]campaignbot.Reminder {
	plans := map[string][]campaignbot.Reminder{}
	for _, c := range cfg.Campaigns {
		source := ReviewSource(c.ID)
		plans[source] = nil
		if c.Ends.IsZero() || c.Ends.Before(from) || !c.Ends.Before(until) {
			continue
		}
		loc := time.UTC
		if l, err := time.LoadLocation(c.Timezone); err == nil {
			loc = l
		}
		plans[source] = channelPosts(source, campaignbot.ReminderReview, []time.Time{c.Ends.In(loc)}, c.Channel, "")
	}
	return plans
}
