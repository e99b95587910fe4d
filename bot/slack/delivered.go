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

// Delivered reports whether the bot posted a message tagged with the
// reminder key (message metadata of event_type "campaignbot_reminder")
// to r since the given instant. It reads the conversation's history
// (conversations.history with include_all_metadata); a user's history is
// the bot's DM with them, opened with conversations.open. Thread replies
// are not in a conversation's history, so reminders posted into threads
// are not found. It implements campaignbot.DeliveryChecker; failures of
// the Web API are *campaignbot.DeliveryError.
func (a *Adapter) Delivered(ctx context.Context, r campaignbot.Recipient, key string, since time.Time) (bool, error) {
	if key == "" {
		return false, errors.New("look for a delivered reminder: no reminder key")
	}
	channel, err := a.conversation(ctx, r)
	if err != nil {
		return false, fmt.Errorf("look for reminder %s: %w", key, err)
	}
	params := &slackgo.GetConversationHistoryParameters{
		ChannelID:          string(channel),
		Oldest:             slackTS(since),
		Limit:              historyPage,
		IncludeAllMetadata: true,
	}
	for range historyPages {
		var resp *slackgo.GetConversationHistoryResponse
		err := a.call(ctx, "conversations.history", "", func(ctx context.Context) error {
			var err error
			resp, err = a.api.GetConversationHistoryContext(ctx, params)
			return err
		})
		if err != nil {
			return false, fmt.Errorf("look for reminder %s in %s: %w", key, channel, err)
		}
		for i := range resp.Messages {
			if a.carriesKey(&resp.Messages[i], key) {
				return true, nil
			}
		}
		if !resp.HasMore || resp.ResponseMetaData.NextCursor == "" {
			return false, nil
		}
		params.Cursor = resp.ResponseMetaData.NextCursor
	}
	// The oldest messages since the instant were not read: say so rather
	// than claim the reminder was not delivered.
	return false, &campaignbot.DeliveryError{Reason: "history_too_long",
		Err: fmt.Errorf("look for reminder %s in %s: more than %d messages since %s", key, channel, historyPage*historyPages, since.Format(time.RFC3339))}
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

// conversation returns the channel messages to r land in: the channel, or
// the bot's DM with the user (conversations.open, remembered).
func (a *Adapter) conversation(ctx context.Context, r campaignbot.Recipient) (campaignbot.ChannelID, error) {
	if r.User == "" {
		if r.Channel == "" {
			return "", &campaignbot.DeliveryError{Reason: "no_recipient", Err: errors.New("no recipient")}
		}
		return r.Channel, nil
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
