package scheduler

import (
	"fmt"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// ProgressSource returns the reminder source of a campaign's progress
// post.
func ProgressSource(campaign string) string { return "progress:" + campaign }

// ProgressReminders plans the progress posts of every campaign with a
// `progress` cron spec in [from, until), up to the campaign's end, into
// its channel; with `progress_on: workdays`, on the working days of
// cfg.Calendar only. Each is keyed by campaign and instant, so planning
// again (another replica, a restart) finds it rather than doubling it.
// The message is written at send time (see package progress).
func ProgressReminders(cfg *config.Config, from, until time.Time) (map[string][]campaignbot.Reminder, []error) {
	plans := map[string][]campaignbot.Reminder{}
	var problems []error
	for _, c := range cfg.Campaigns {
		source := ProgressSource(c.ID)
		plans[source] = nil
		if c.Progress == "" {
			continue
		}
		end := until
		if !c.Ends.IsZero() && c.Ends.Before(end) {
			end = c.Ends
		}
		times, err := occurrences(c.Progress, c.ProgressOnWorkdays, cfg.Calendar, from, end, maxOccurrences)
		if err != nil {
			problems = append(problems, fmt.Errorf("campaign %s: progress %q: %w", c.ID, c.Progress, err))
			continue
		}
		plans[source] = channelPosts(source, campaignbot.ReminderProgress, times, c.Channel, "")
	}
	return plans, problems
}
