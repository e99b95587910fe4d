package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// ReportComposer writes an admin's daily delivery report: the reminders
// that failed for good or were missed in the last day. With none, no
// report is sent.
type ReportComposer struct {
	Store  campaignbot.ReminderStore
	Config func() *config.Config
	// Languages picks the admin's language; nil writes in the config's.
	Languages Languages
}

// Compose implements Composer.
func (c ReportComposer) Compose(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
	bad, err := c.Store.Reminders(ctx, campaignbot.ReminderFilter{
		Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderFailed, campaignbot.ReminderMissed},
		From:     now.Add(-24 * time.Hour),
		Until:    now,
	})
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", fmt.Errorf("report: %w", err)
	}
	if len(bad) == 0 {
		return campaignbot.OutgoingMessage{}, false, "nothing to report", nil
	}
	lang := languageOf(ctx, c.Languages, c.Config(), r.Recipient, "")
	var b strings.Builder
	b.WriteString(campaignbot.T("scheduler.delivery-report-reminder-s-in-the", len(bad)).In(lang))
	for i, x := range bad {
		if i == 20 {
			b.WriteString("\n" + campaignbot.T("scheduler.and-more-0e9864", len(bad)-20).In(lang))
			break
		}
		fmt.Fprintf(&b, "\n• %s %s → %s: %s (%s)", x.At.In(c.Config().Timezone).Format("01-02 15:04"), x.Kind, x.Recipient, x.Status, x.Reason)
	}
	return campaignbot.OutgoingMessage{Text: b.String(), Key: r.Key}, true, "", nil
}
