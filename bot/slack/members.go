package slack

import (
	"context"
	"slices"

	"github.com/campaignbot/campaignbot"
)

var _ campaignbot.MemberLister = (*Adapter)(nil)

// ChannelMembers implements campaignbot.MemberLister: the members of a
// channel by id or name (conversations.members, cached like InChannel's).
// A channel the bot cannot see has no members.
func (a *Adapter) ChannelMembers(ctx context.Context, channel campaignbot.ChannelID) ([]campaignbot.UserID, error) {
	members, err := a.channelMemberSet(ctx, channel)
	if err != nil {
		return nil, err
	}
	out := make([]campaignbot.UserID, 0, len(members))
	for u := range members {
		out = append(out, u)
	}
	slices.Sort(out)
	return out, nil
}

// channelMemberSet returns the members of a channel by id or name, cached;
// a channel the bot cannot see has none.
func (a *Adapter) channelMemberSet(ctx context.Context, channel campaignbot.ChannelID) (map[campaignbot.UserID]bool, error) {
	id, ok, err := a.channelID(ctx, string(channel))
	if err != nil || !ok {
		return nil, err
	}
	return a.channelMembers(ctx, id)
}
