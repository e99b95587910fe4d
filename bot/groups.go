package bot

import (
	"context"

	"github.com/campaignbot/campaignbot"
)

// GroupDirectory is implemented by chats with user groups (Slack's
// <!subteam^S123|@design>). Handlers that need a group's members check
// req.Chat for it; chats without groups simply do not implement it.
type GroupDirectory interface {
	// GroupMembers returns the members of a group. Returns ENOTFOUND.
	GroupMembers(ctx context.Context, group string) ([]campaignbot.UserID, error)
}
