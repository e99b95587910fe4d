package scheduler

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// cronParser parses 5-field specs with an optional CRON_TZ= prefix and
// descriptors such as @daily, as config validation does.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// maxOccurrences caps the occurrences of one job planned in one window.
const maxOccurrences = 2000

// JobSource returns the reminder source of a recurring job.
func JobSource(id string) string { return "job:" + id }

// JobReminders plans the occurrences of every job in [from, until), within
// each job's own from/until bounds, keyed by source. Jobs post at the time
// their cron spec says: quiet hours do not move them. A job `on: workdays`
// runs on the working days of cfg.Calendar only.
func JobReminders(cfg *config.Config, from, until time.Time) (map[string][]campaignbot.Reminder, []error) {
	plans := map[string][]campaignbot.Reminder{}
	var problems []error
	for _, j := range cfg.Jobs {
		source := JobSource(j.ID)
		plans[source] = nil
		start, end := from, until
		if !j.From.IsZero() && j.From.After(start) {
			start = j.From
		}
		if !j.Until.IsZero() && j.Until.Before(end) {
			end = j.Until.Add(time.Second) // until is inclusive
		}
		times, err := occurrences(j.Spec, j.OnWorkdays, cfg.Calendar, start, end, maxOccurrences)
		if err != nil {
			problems = append(problems, fmt.Errorf("job %s: cron %q: %w", j.ID, j.Spec, err))
			continue
		}
		plans[source] = channelPosts(source, campaignbot.ReminderJob, times, j.Channel, j.Message)
	}
	return plans, problems
}

// channelPosts returns the posts of a cron-driven source into channel at
// times, keyed by source and instant so that planning again (another
// replica, a restart) finds each one rather than doubling it. text is the
// message, or "" when its composer writes it at send time.
func channelPosts(source string, kind campaignbot.ReminderKind, times []time.Time, channel campaignbot.ChannelID, text string) []campaignbot.Reminder {
	var out []campaignbot.Reminder
	for _, t := range times {
		key := fmt.Sprintf("%s:%s", source, t.UTC().Format(time.RFC3339))
		out = append(out, campaignbot.Reminder{
			Key:       key,
			Source:    source,
			Kind:      kind,
			At:        t.UTC(),
			Zone:      t.Location().String(),
			Recipient: campaignbot.Recipient{Channel: channel},
			Message:   campaignbot.OutgoingMessage{Text: text, Key: key},
		})
	}
	return out
}
