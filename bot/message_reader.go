package bot

import (
	"context"
	"errors"

	"github.com/campaignbot/campaignbot"
)

// MessageReader is a Chat that can read one message the bot can see,
// such as the first message of a thread. The Slack adapter implements
// it; handlers check for it.
type MessageReader interface {
	// ReadMessage returns the message ts of channel with its text in
	// canonical markup and its permalink. Returns ENOTFOUND when the
	// message is gone or the bot cannot read the channel; in the latter
	// case the error also wraps ErrConversationUnreadable.
	ReadMessage(ctx context.Context, channel campaignbot.ChannelID, ts string) (*Message, error)
}

// ErrConversationUnreadable is wrapped by ReadMessage's ENOTFOUND when
// the bot cannot read the conversation at all (a private channel or DM it
// is not in), so it cannot tell whether the message is still there.
var ErrConversationUnreadable = errors.New("the bot cannot read the conversation")
