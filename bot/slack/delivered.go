package slack

import (
	"context"
	"errors"
	"fmt"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
)

var _ campaignbot.DeliveryChecker = (*Adapter)(nil)

const (
	// historyPage is how many messages one conversations.history call
	// asks for (Slack's recommended maximum is 200).
	historyPage = 200
	// historyPages bounds the pages Delivered reads; a reminder is looked
	// for among the newest historyPage*historyPages messages since it was
	// due.
	historyPages = 5
)

// Delivered reports whether the bot posted a message tagged with m's
// reminder key (message metadata of event_type "campaignbot_reminder") to
// r since the given instant. It reads the conversation by id, since
// conversations.history and conversations.replies refuse names: a channel
// given by name is resolved first, and a user's conversation is the bot's
// DM with them, opened with conversations.open. A message posted into a
// thread (m.ThreadID) is looked for among the thread's replies. It
// implements campaignbot.DeliveryChecker; failures of the Web API are
// *campaignbot.DeliveryError.
func (a *Adapter) Delivered(ctx context.Context, r campaignbot.Recipient, m campaignbot.OutgoingMessage, since time.Time) (bool, error) {
	key := m.Key
	if key == "" {
		return false, errors.New("look for a delivered reminder: no reminder key")
	}
	channel, err := a.conversation(ctx, r)
	if err != nil {
		return false, fmt.Errorf("look for reminder %s: %w", key, err)
	}
	page := a.historyPage(channel, since)
	if m.ThreadID != "" {
		page = a.repliesPage(channel, m.ThreadID, since)
	}
	cursor := ""
	for range historyPages {
		msgs, next, err := page(ctx, cursor)
		if err != nil {
			return false, fmt.Errorf("look for reminder %s in %s: %w", key, channel, err)
		}
		for i := range msgs {
			if a.carriesKey(&msgs[i], key) {
				return true, nil
			}
		}
		if next == "" {
			return false, nil
		}
		cursor = next
	}
	// The oldest messages since the instant were not read: say so rather
	// than claim the reminder was not delivered.
	return false, &campaignbot.DeliveryError{Reason: "history_too_long",
		Err: fmt.Errorf("look for reminder %s in %s: more than %d messages since %s", key, channel, historyPage*historyPages, since.Format(time.RFC3339))}
}

// messagePage reads one page of messages at cursor and returns the next
// cursor, "" after the last page.
type messagePage func(ctx context.Context, cursor string) ([]slackgo.Message, string, error)

// historyPage pages through a conversation's history since an instant.
func (a *Adapter) historyPage(channel campaignbot.ChannelID, since time.Time) messagePage {
	return func(ctx context.Context, cursor string) ([]slackgo.Message, string, error) {
		var resp *slackgo.GetConversationHistoryResponse
		err := a.call(ctx, "conversations.history", "", func(ctx context.Context) error {
			var err error
			resp, err = a.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{
				ChannelID: string(channel), Oldest: slackTS(since), Limit: historyPage, IncludeAllMetadata: true, Cursor: cursor,
			})
			return err
		})
		if err != nil {
			return nil, "", err
		}
		next := resp.ResponseMetaData.NextCursor
		if !resp.HasMore || next == cursor {
			next = ""
		}
		return resp.Messages, next, nil
	}
}

// repliesPage pages through a thread's messages since an instant.
func (a *Adapter) repliesPage(channel campaignbot.ChannelID, thread string, since time.Time) messagePage {
	return func(ctx context.Context, cursor string) ([]slackgo.Message, string, error) {
		var msgs []slackgo.Message
		var hasMore bool
		var next string
		err := a.call(ctx, "conversations.replies", "", func(ctx context.Context) error {
			var err error
			msgs, hasMore, next, err = a.api.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
				ChannelID: string(channel), Timestamp: thread, Oldest: slackTS(since), Limit: historyPage, IncludeAllMetadata: true, Cursor: cursor,
			})
			return err
		})
		if err != nil {
			return nil, "", err
		}
		if !hasMore || next == cursor {
			next = ""
		}
		return msgs, next, nil
	}
}

// carriesKey reports whether m is the bot's message tagged with the
// reminder key.
func (a *Adapter) carriesKey(m *slackgo.Message, key string) bool {
	if m.Metadata.EventType != reminderEventType {
		return false
	}
	if m.User != string(a.self.ID) && (a.botID == "" || m.BotID != a.botID) {
		return false
	}
	k, _ := m.Metadata.EventPayload["key"].(string)
	return k == key
}

// conversation returns the id of the conversation messages to r land in:
// the channel (a name resolved to its id), or the bot's DM with the user
// (conversations.open, remembered).
func (a *Adapter) conversation(ctx context.Context, r campaignbot.Recipient) (campaignbot.ChannelID, error) {
	if r.User == "" {
		if r.Channel == "" {
			return "", &campaignbot.DeliveryError{Reason: "no_recipient", Err: errors.New("no recipient")}
		}
		id, ok, err := a.channelID(ctx, string(r.Channel))
		switch {
		case err != nil:
			return "", fmt.Errorf("resolve the channel %s: %w", r.Channel, err)
		case !ok:
			return "", &campaignbot.DeliveryError{Reason: "channel_not_found", Err: fmt.Errorf("no channel the bot can see is named %s", r.Channel)}
		}
		return campaignbot.ChannelID(id), nil
	}
	a.dmsMu.Lock()
	ch, ok := a.dms[r.User]
	a.dmsMu.Unlock()
	if ok {
		return ch, nil
	}
	var sc *slackgo.Channel
	err := a.call(ctx, "conversations.open", "", func(ctx context.Context) error {
		var err error
		sc, _, _, err = a.api.OpenConversationContext(ctx, &slackgo.OpenConversationParameters{Users: []string{string(r.User)}})
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open the DM with %s: %w", r.User, err)
	}
	if sc == nil || sc.ID == "" {
		return "", &campaignbot.DeliveryError{Reason: "no_channel", Err: fmt.Errorf("conversations.open returned no channel for %s", r.User)}
	}
	ch = campaignbot.ChannelID(sc.ID)
	a.dmsMu.Lock()
	if a.dms == nil {
		a.dms = map[campaignbot.UserID]campaignbot.ChannelID{}
	}
	a.dms[r.User] = ch
	a.dmsMu.Unlock()
	return ch, nil
}

// slackTS renders t as a Slack timestamp ("1700000000.000100"), or "" for
// the zero time.
func slackTS(t time.Time) string {
	if t.IsZero() || t.Unix() < 0 {
		return ""
	}
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}
