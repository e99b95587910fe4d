package console

import (
	"context"
	"slices"

	"github.com/campaignbot/campaignbot"
)

var _ campaignbot.Membership = (*Adapter)(nil)

// InChannel implements campaignbot.Membership: every console user is in
// every public channel; a private channel holds the users listed under its
// members in the config, or everyone when it lists none.
func (a *Adapter) InChannel(_ context.Context, channel campaignbot.ChannelID, user campaignbot.UserID) (bool, error) {
	cfg := a.opts.Config()
	if _, ok := findUser(cfg, string(user)); !ok {
		return false, nil
	}
	for _, c := range cfg.Console.Channels {
		if c.Name == string(channel) {
			return !c.Private || len(c.Members) == 0 || slices.Contains(c.Members, user), nil
		}
	}
	return false, nil
}

// InGroup implements campaignbot.Membership: the console has no user
// groups.
func (a *Adapter) InGroup(context.Context, string, campaignbot.UserID) (bool, error) {
	return false, nil
}

var _ campaignbot.MemberLister = (*Adapter)(nil)

// ChannelMembers implements campaignbot.MemberLister with the same rules
// as InChannel: the console users in the channel.
func (a *Adapter) ChannelMembers(ctx context.Context, channel campaignbot.ChannelID) ([]campaignbot.UserID, error) {
	var out []campaignbot.UserID
	for _, u := range a.opts.Config().Console.Users {
		id := campaignbot.UserID(u.Name)
		if in, err := a.InChannel(ctx, channel, id); err != nil {
			return nil, err
		} else if in {
			out = append(out, id)
		}
	}
	return out, nil
}
