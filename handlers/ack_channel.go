package handlers

import (
	"context"
	"slices"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
)

// notAsked passes on the error of an ack, except that "this post does
// not ask you" (EFORBIDDEN) is said only to someone answering from the
// post's channel, who can see the post; elsewhere (a typed or forged
// key) it is the answer a missing reminder gets, so a key tells nothing
// about a channel one cannot read.
func notAsked(req *bot.Request, key string, err error) error {
	if campaignbot.ErrorCode(err) != campaignbot.EFORBIDDEN {
		return err
	}
	if ch, ok := scheduler.PostChannel(key); ok && req.Channel.ID == ch {
		return err
	}
	return campaignbot.ErrNoAck()
}

// updatePost rewrites a channel post that asks for acks (ack.from) after
// an ack was recorded: the post as sent, with the count now, and a Who
// button beside Got it, which stays for those who have not clicked yet.
// One chat.update per recorded click; a second click changes nothing and
// updates nothing. A failed update is logged: the ack is recorded.
func (h *ackHandler) updatePost(ctx context.Context, req *bot.Request, st campaignbot.AckStatus) {
	r := st.Reminder
	if r.Recipient.Channel == "" || r.Message.Text == "" {
		return
	}
	ref := campaignbot.MessageRef{Channel: r.Recipient.Channel, TS: r.SentTS}
	if ref.TS == "" && req.Action != nil && req.Action.Message.Channel == r.Recipient.Channel {
		ref.TS = req.Action.Message.TS
	}
	if ref.TS == "" {
		return
	}
	// The post is the channel's, written in its campaign's language, not
	// in the clicker's. Two replicas handling two clicks at once each
	// write the count they read, and Slack keeps the last update to
	// arrive, which may be the older count: after its update each
	// replica reads the count again and writes it once more when it
	// changed, so the last update to arrive is followed by a read that
	// sees every ack committed before it.
	lang := req.Config.ChannelLanguage(r.Recipient.Channel)
	for range maxPostUpdates {
		acked, total := st.Counts()
		if err := req.Chat.Update(ctx, ref, postWithCount(r, lang, acked, total)); err != nil {
			h.log.Warn("updating a channel post's acknowledgement count", "key", r.Key, "err", err)
			return
		}
		now, err := h.acks.Status(ctx, r.Key, req.User.ID)
		if err != nil {
			h.log.Warn("re-reading a channel post's acknowledgement count", "key", r.Key, "err", err)
			return
		}
		if a, n := now.Counts(); a == acked && n == total {
			return
		}
		st = now
	}
}

// maxPostUpdates bounds the updates of a channel post for one click.
const maxPostUpdates = 3

// postWithCount is a channel post that asks for acks as sent, with the
// count, and a Who button beside Got it, which stays for those who have
// not clicked yet.
func postWithCount(r campaignbot.Reminder, lang campaignbot.Language, acked, total int) campaignbot.OutgoingMessage {
	m := r.Message
	m.Text += "\n" + scheduler.AckCount(lang, acked, total)
	m.Buttons = slices.DeleteFunc(slices.Clone(m.Buttons), func(b campaignbot.Button) bool { return b.ActionID == campaignbot.AckWhoAction })
	i := slices.IndexFunc(m.Buttons, func(b campaignbot.Button) bool { return b.ActionID == campaignbot.AckAction })
	m.Buttons = slices.Insert(m.Buttons, i+1, campaignbot.Button{ActionID: campaignbot.AckWhoAction, Value: r.Key, Label: campaignbot.T("handlers.who-has-it").In(lang)})
	return m
}
