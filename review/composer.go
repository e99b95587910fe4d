package review

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Composer writes a campaign's automatic review (scheduler.ReviewReminders)
// at send time: it compiles the review as of the campaign's end, saves it
// into the review folder and returns the post for the campaign channel.
// It implements scheduler.Composer. The review is measured at the planned
// instant, so a retry writes the same bytes and finds the files saved by
// the attempt before instead of adding versions.
type Composer struct {
	Compiler Compiler
	Config   func() *config.Config
	// Overrides returns the milestones added and moved in chat; nil uses
	// the config file's alone.
	Overrides campaignbot.CampaignOverrides
	// Workspace is the workspace the chat serves; Bot the bot's own user,
	// who saves the files.
	Workspace func() campaignbot.WorkspaceID
	Bot       func() campaignbot.UserID
	Logger    *slog.Logger
}

// Compose implements scheduler.Composer. A review of a campaign that is
// no longer configured, or whose end moved, is canceled. When the review
// folder is archived the review is posted without being saved.
func (c Composer) Compose(ctx context.Context, r campaignbot.Reminder, _ time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
	cfg := c.Config()
	id := strings.TrimPrefix(r.Source, "review:")
	camp, campaigns, err := campaignbot.CampaignInForce(ctx, cfg.Campaigns, c.Overrides, id)
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", fmt.Errorf("review: %w", err)
	}
	switch {
	case camp == nil:
		return campaignbot.OutgoingMessage{}, false, "the campaign is no longer configured", nil
	case !camp.Ends.Equal(r.At):
		return campaignbot.OutgoingMessage{}, false, "the campaign's end moved", nil
	}
	ws := c.Workspace()
	if ws == "" {
		// The chat has not connected yet: try again later.
		return campaignbot.OutgoingMessage{}, false, "", fmt.Errorf("review %s: the chat's workspace is not known yet", id)
	}
	rep, err := c.Compiler.Compile(ctx, Options{Workspace: ws, Campaign: *camp, All: campaigns, At: r.At,
		Location: Zone(*camp, cfg.Timezone), Language: cfg.CampaignLanguage(camp.ID)})
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", err
	}
	saved, err := c.Compiler.Save(ctx, ws, rep, c.Bot())
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.EFORBIDDEN:
		c.logger().Warn("the review folder is archived; posting the review without saving it", "campaign", id, "folder", camp.ReviewFolder)
		saved = nil
	case err != nil:
		return campaignbot.OutgoingMessage{}, false, "", err
	}
	m := rep.Announcement(saved, cfg.Slack.Commands.Name("kb"))
	m.Key = r.Key
	return m, true, "", nil
}

// Zone returns the campaign's zone, or def.
func Zone(c campaignbot.Campaign, def *time.Location) *time.Location {
	if c.Timezone != "" {
		if loc, err := time.LoadLocation(c.Timezone); err == nil {
			return loc
		}
	}
	return def
}

// logger returns the Logger or a discarding one.
func (c Composer) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}
