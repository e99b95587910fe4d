package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Send posts m into a channel, or DMs a user (chat.postMessage to the
// user's id opens the app's DM). Failures are *campaignbot.DeliveryError.
func (a *Adapter) Send(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	target := string(r.Channel)
	if r.User != "" {
		target = string(r.User)
	}
	if target == "" {
		return campaignbot.MessageRef{}, &campaignbot.DeliveryError{Reason: "no_recipient", Err: fmt.Errorf("message has no recipient")}
	}
	var ch, ts string
	err := a.call(ctx, "chat.postMessage", target, func(ctx context.Context) error {
		var err error
		ch, ts, err = a.api.PostMessageContext(ctx, target, messageOptions(m)...)
		return err
	})
	if err != nil {
		return campaignbot.MessageRef{}, err
	}
	return campaignbot.MessageRef{Channel: campaignbot.ChannelID(ch), TS: ts}, nil
}

// Ephemeral shows m to user only, in channel (chat.postEphemeral).
func (a *Adapter) Ephemeral(ctx context.Context, channel campaignbot.ChannelID, user campaignbot.UserID, m campaignbot.OutgoingMessage) error {
	return a.call(ctx, "chat.postEphemeral", string(channel), func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, string(channel), string(user), messageOptions(m)...)
		return err
	})
}

// Update replaces a message the bot sent (chat.update).
func (a *Adapter) Update(ctx context.Context, ref campaignbot.MessageRef, m campaignbot.OutgoingMessage) error {
	m.ThreadID = ""
	return a.call(ctx, "chat.update", string(ref.Channel), func(ctx context.Context) error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, string(ref.Channel), ref.TS, messageOptions(m)...)
		return err
	})
}

// OpenForm opens f as a modal (views.open) for the user who triggered
// triggerID, which Slack accepts for 3 seconds.
func (a *Adapter) OpenForm(ctx context.Context, triggerID string, f bot.Form) error {
	if triggerID == "" {
		return campaignbot.Errorf(campaignbot.EINVALID,
			"This form can only be opened from a button, shortcut or command.", "这个表单只能从按钮、快捷操作或命令中打开。")
	}
	view := modalView(f, a.lang())
	view.PrivateMetadata = a.wrapMetadata(triggerID, view.PrivateMetadata)
	err := a.call(ctx, "views.open", "", func(ctx context.Context) error {
		_, err := a.api.OpenViewContext(ctx, triggerID, view)
		return err
	})
	if reason(err) == "expired_trigger_id" || reason(err) == "invalid_trigger_id" {
		return campaignbot.WrapError(campaignbot.EINVALID, campaignbot.Textf(
			"That took too long and Slack closed the window for the form; please try again.",
			"处理超时，Slack 已关闭表单窗口，请重试。"), err)
	}
	return err
}

// publishHome shows m as user's App Home tab (views.publish).
func (a *Adapter) publishHome(ctx context.Context, user campaignbot.UserID, m campaignbot.OutgoingMessage) error {
	view := slackgo.HomeTabViewRequest{Type: slackgo.VTHomeTab, Blocks: slackgo.Blocks{BlockSet: renderBlocks(m)}}
	return a.call(ctx, "views.publish", "", func(ctx context.Context) error {
		_, err := a.api.PublishViewContext(ctx, slackgo.PublishViewContextRequest{UserID: string(user), View: view})
		return err
	})
}

// lang is the configured reply language.
func (a *Adapter) lang() campaignbot.Language { return a.opts.Config().Language }
