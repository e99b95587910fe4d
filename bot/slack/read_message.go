package slack

import (
	"context"
	"fmt"
	"slices"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	slackgo "github.com/slack-go/slack"
)

var _ bot.MessageReader = (*Adapter)(nil)

// ReadMessage implements bot.MessageReader with conversations.replies,
// which answers a message with its thread, parent first, whether ts is the
// parent's, a reply's or a message's without a thread (conversations.history
// would need the bot in the channel's history window instead). The window
// oldest = latest = ts, inclusive, keeps the thread to the parent and the
// message itself, which is then found by its ts.
func (a *Adapter) ReadMessage(ctx context.Context, channel campaignbot.ChannelID, ts string) (*bot.Message, error) {
	var msgs []slackgo.Message
	err := a.call(ctx, "conversations.replies", "", func(ctx context.Context) error {
		var err error
		msgs, _, _, err = a.api.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
			ChannelID: string(channel), Timestamp: ts, Oldest: ts, Latest: ts, Limit: 2, Inclusive: true,
		})
		return err
	})
	gone := campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("slack.i-can-t-find-that-message"))
	switch {
	case err != nil && (reason(err) == "not_in_channel" || reason(err) == "channel_not_found"):
		return nil, campaignbot.WrapError(campaignbot.ENOTFOUND, gone.Text, fmt.Errorf("%w: %w", bot.ErrConversationUnreadable, err))
	case err != nil && (isNotFound(err) || reason(err) == "thread_not_found" || reason(err) == "message_not_found"):
		return nil, gone
	case err != nil:
		return nil, err
	}
	i := slices.IndexFunc(msgs, func(m slackgo.Message) bool { return m.Timestamp == ts })
	if i < 0 {
		return nil, gone
	}
	m := msgs[i]
	user := a.resolveUser(ctx, m.User)
	if m.BotID != "" {
		// A bot's message, such as the bot's own announcement, is no
		// person's notes.
		user.IsBot = true
	}
	return &bot.Message{
		TS:        m.Timestamp,
		User:      user,
		Channel:   a.resolveChannel(ctx, string(channel), "", ""),
		Text:      m.Text,
		ThreadTS:  m.ThreadTimestamp,
		Permalink: a.permalink(string(channel), m.Timestamp, m.ThreadTimestamp),
		Time:      parseTS(m.Timestamp),
	}, nil
}
