package progress

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Composer writes a campaign's progress post (scheduler.ProgressReminders)
// at send time from the to-dos and milestones as they are then, in the
// config's language. It implements scheduler.Composer.
type Composer struct {
	Reporter Reporter
	Config   func() *config.Config
	// Overrides returns the milestones added and moved in chat; nil uses
	// the config file's alone.
	Overrides campaignbot.CampaignOverrides
	Logger    *slog.Logger
}

// Compose implements scheduler.Composer. A post for a campaign that is no
// longer configured, no longer posts progress or has ended is canceled.
// When the chart cannot be drawn the summary goes alone and the failure
// is logged.
func (c Composer) Compose(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
	cfg := c.Config()
	id := strings.TrimPrefix(r.Source, "progress:")
	camp, campaigns, err := campaignbot.CampaignInForce(ctx, cfg.Campaigns, c.Overrides, id)
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", fmt.Errorf("progress: %w", err)
	}
	switch {
	case camp == nil:
		return campaignbot.OutgoingMessage{}, false, "the campaign is no longer configured", nil
	case camp.Progress == "":
		return campaignbot.OutgoingMessage{}, false, "the campaign no longer posts progress", nil
	case !camp.Ends.IsZero() && !now.Before(camp.Ends):
		return campaignbot.OutgoingMessage{}, false, "the campaign has ended", nil
	}
	loc := cfg.Timezone
	if l, err := time.LoadLocation(camp.Timezone); err == nil && camp.Timezone != "" {
		loc = l
	}
	p, err := c.Reporter.Measure(ctx, "", *camp, campaigns, now, loc)
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", err
	}
	m, err := c.Reporter.Message(p, cfg.CampaignLanguage(camp.ID), loc)
	if err != nil {
		c.logger().Error("drawing the progress chart failed; posting the summary alone", "campaign", id, "err", err)
		m.Attachment = nil
	}
	m.Key = r.Key
	return m, true, "", nil
}

// logger returns the Logger or a discarding one.
func (c Composer) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}
