package slack

import (
	"context"
	"errors"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Send posts m into a channel, or DMs a user (chat.postMessage to the
// user's id opens the app's DM), retrying rate limits and failures after
// which Slack surely posted nothing. Failures are
// *campaignbot.DeliveryError.
func (a *Adapter) Send(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	return a.post(ctx, r, m, a.call)
}

// Deliver makes one attempt to post m to r within ctx's deadline, for the
// scheduler's dispatcher, which retries durably. It implements
// campaignbot.Deliverer: a *campaignbot.DeliveryError with Unknown set
// means the message may have been posted.
func (a *Adapter) Deliver(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	return a.post(ctx, r, m, a.callOnce)
}

// post posts m to r through call (call or callOnce).
func (a *Adapter) post(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage,
	call func(context.Context, string, string, func(context.Context) error) error) (campaignbot.MessageRef, error) {
	arg, key, err := a.target(ctx, r)
	if err != nil {
		return campaignbot.MessageRef{}, err
	}
	var ch, ts string
	err = call(ctx, "chat.postMessage", key, func(ctx context.Context) error {
		var err error
		ch, ts, err = a.api.PostMessageContext(ctx, arg, messageOptions(m)...)
		return err
	})
	if err != nil {
		return campaignbot.MessageRef{}, err
	}
	ref := campaignbot.MessageRef{Channel: campaignbot.ChannelID(ch), TS: ts}
	if m.Attachment != nil && len(m.Attachment.Data) > 0 {
		a.attach(ctx, ref, m)
	}
	return ref, nil
}

// target returns the channel argument of a post to r and the key of its
// conversation for pacing. A channel given by name is resolved to its id
// (conversations.list, cached), so a name and an id are one conversation;
// a user's DM is keyed by the user, whichever way it is addressed.
func (a *Adapter) target(ctx context.Context, r campaignbot.Recipient) (arg, key string, err error) {
	if r.User != "" {
		return string(r.User), "@" + string(r.User), nil
	}
	if r.Channel == "" {
		return "", "", &campaignbot.DeliveryError{Reason: "no_recipient", Err: errors.New("message has no recipient")}
	}
	id, ok, err := a.channelID(ctx, string(r.Channel))
	switch {
	case err != nil:
		// Slack accepts the name itself; only the pacing key differs.
		a.log.Warn("could not resolve a channel name; posting by name", "channel", r.Channel, "err", err)
		return string(r.Channel), string(r.Channel), nil
	case !ok:
		return string(r.Channel), string(r.Channel), nil // Slack answers channel_not_found
	}
	return id, a.conversationKey(id), nil
}

// conversationKey is the pacing key of a conversation id: a DM whose user
// is known is keyed by the user.
func (a *Adapter) conversationKey(id string) string {
	a.dmsMu.Lock()
	defer a.dmsMu.Unlock()
	for u, ch := range a.dms {
		if string(ch) == id {
			return "@" + string(u)
		}
	}
	return id
}

// Ephemeral shows m to user only, in channel (chat.postEphemeral).
func (a *Adapter) Ephemeral(ctx context.Context, channel campaignbot.ChannelID, user campaignbot.UserID, m campaignbot.OutgoingMessage) error {
	return a.call(ctx, "chat.postEphemeral", a.conversationKey(string(channel)), func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, string(channel), string(user), messageOptions(m)...)
		return err
	})
}

// Update replaces a message the bot sent (chat.update).
func (a *Adapter) Update(ctx context.Context, ref campaignbot.MessageRef, m campaignbot.OutgoingMessage) error {
	m.ThreadID = ""
	return a.call(ctx, "chat.update", a.conversationKey(string(ref.Channel)), func(ctx context.Context) error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, string(ref.Channel), ref.TS, messageOptions(m)...)
		return err
	})
}

// OpenForm opens f as a modal (views.open) for the user who triggered
// triggerID, which Slack accepts for 3 seconds.
func (a *Adapter) OpenForm(ctx context.Context, triggerID string, f bot.Form) error {
	if triggerID == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("slack.this-form-can-only-be-opened"))
	}
	lang := f.Lang
	if lang == "" {
		lang = a.lang()
	}
	view := modalView(f, lang)
	view.PrivateMetadata = a.wrapMetadata(triggerID, view.PrivateMetadata)
	err := a.call(ctx, "views.open", "", func(ctx context.Context) error {
		_, err := a.api.OpenViewContext(ctx, triggerID, view)
		return err
	})
	if reason(err) == "expired_trigger_id" || reason(err) == "invalid_trigger_id" {
		return campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("slack.that-took-too-long-and-slack"), err)
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
