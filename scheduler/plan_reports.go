package scheduler

import (
	"fmt"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// reportHour is the local hour of the daily delivery report to admins.
const reportHour = 10

// ReportSource returns the reminder source of an admin's daily report.
func ReportSource(admin campaignbot.UserID) string { return "report:" + string(admin) }

// ReportReminders plans each admin's daily delivery report at 10:00 in the
// configured zone, for the days in [from, until). The report composer
// decides at send time whether there is anything to say.
func ReportReminders(cfg *config.Config, from, until time.Time) map[string][]campaignbot.Reminder {
	plans := map[string][]campaignbot.Reminder{}
	loc := cfg.Timezone
	for _, admin := range cfg.Admins {
		source := ReportSource(admin)
		plans[source] = nil
		y, m, d := from.In(loc).Date()
		for day := time.Date(y, m, d, reportHour, 0, 0, 0, loc); day.Before(until); day = time.Date(day.Year(), day.Month(), day.Day()+1, reportHour, 0, 0, 0, loc) {
			if day.Before(from) {
				continue
			}
			key := fmt.Sprintf("%s:%s", source, day.Format("2006-01-02"))
			plans[source] = append(plans[source], campaignbot.Reminder{
				Key:       key,
				Source:    source,
				Kind:      campaignbot.ReminderReport,
				At:        day.UTC(),
				Zone:      loc.String(),
				Recipient: campaignbot.Recipient{User: admin},
				Message:   campaignbot.OutgoingMessage{Key: key},
			})
		}
	}
	return plans
}
