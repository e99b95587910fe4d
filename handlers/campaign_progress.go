package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// progressReport answers /campaign progress [id]: the campaign's summary
// (to-dos by channel and owner, milestones passed and ahead) with the
// chart, posted visibly where it was asked, in the thread when asked in
// one, or by DM when asked outside a conversation. The summary holds
// counts only, which anyone in the workspace may see (as /todo list all
// shows every open to-do); no to-do title appears. When the chart cannot
// be drawn the summary goes alone and the failure is logged; in a channel
// the bot cannot post in, the asker is told to invite it.
func (h *campaignHandler) progressReport(ctx context.Context, req *bot.Request, id string) error {
	if h.progress == nil {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.progress-reports-are-not-available-here"))
	}
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return err
	}
	c, err := findCampaign(req, cs, strings.TrimSpace(id))
	if err != nil {
		return err
	}
	loc := campaignZone(c, req.Config.Timezone)
	p, err := h.progress.Measure(ctx, req.Workspace, c, cs, req.Now, loc)
	if err != nil {
		return fmt.Errorf("campaign progress: %w", err)
	}
	// Posted in a channel, the report is everyone's there and reads in
	// the channel's language, like the weekly post; in a DM, the asker's.
	lang := req.Lang
	if req.Channel.ID != "" && !req.Channel.IsDM {
		lang = req.Config.ChannelLanguage(req.Channel.ID)
	}
	m, err := h.progress.Message(p, lang, loc)
	if err != nil {
		h.log.Error("drawing the progress chart failed; answering with the summary alone", "campaign", c.ID, "err", err)
		m.Attachment = nil
	}
	m.ThreadID = req.ThreadTS
	to := campaignbot.Recipient{Channel: req.Channel.ID}
	if req.Channel.ID == "" {
		to = campaignbot.Recipient{User: req.User.ID}
	}
	if _, err := req.Chat.Send(ctx, to, m); err != nil {
		var de *campaignbot.DeliveryError
		if errors.As(err, &de) && (de.Reason == "not_in_channel" || de.Reason == "channel_not_found") {
			return campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("handlers.i-can-t-post-in-this", req.Chat.BotUser().Name), err)
		}
		return fmt.Errorf("campaign progress: %w", err)
	}
	return nil
}
