package scheduler

import (
	"context"
	"fmt"
	"slices"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// ChannelResolver is implemented by People that can turn a channel given
// by name (as the YAML usually names it) into its id.
type ChannelResolver interface {
	// Channel returns the channel given by id or name. Returns ENOTFOUND.
	Channel(ctx context.Context, id campaignbot.ChannelID) (campaignbot.Channel, error)
}

// resolveChannels returns cfg with every channel its campaigns,
// milestones and jobs name replaced by the channel's id, so a
// conversation is one recipient however the YAML writes it, and its
// history can be read (Slack reads histories by id only). It runs at
// every plan, so a renamed channel is found again under its new name. A
// name no channel has is kept as written (its reminders fail with the
// platform's reason and reach the admins' report) and returned as a
// problem; an error of the directory itself is returned as err, and
// nothing should be planned from the unresolved config.
func resolveChannels(ctx context.Context, cfg *config.Config, people People) (*config.Config, []error, error) {
	r, ok := people.(ChannelResolver)
	if !ok {
		return cfg, nil, nil
	}
	ids := map[campaignbot.ChannelID]campaignbot.ChannelID{}
	var problems []error
	resolve := func(ch campaignbot.ChannelID) (campaignbot.ChannelID, error) {
		if ch == "" {
			return ch, nil
		}
		if id, ok := ids[ch]; ok {
			return id, nil
		}
		c, err := r.Channel(ctx, ch)
		switch {
		case err == nil:
			ids[ch] = c.ID
		case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
			problems = append(problems, fmt.Errorf("channel %s: %w", ch, err))
			ids[ch] = ch
		default:
			return "", fmt.Errorf("resolve the channel %s: %w", ch, err)
		}
		return ids[ch], nil
	}
	out := *cfg
	out.Campaigns = slices.Clone(cfg.Campaigns)
	for i := range out.Campaigns {
		c := &out.Campaigns[i]
		var err error
		if c.Channel, err = resolve(c.Channel); err != nil {
			return nil, problems, err
		}
		c.Milestones = slices.Clone(c.Milestones)
		for j := range c.Milestones {
			m := &c.Milestones[j]
			m.Notify.Channels = slices.Clone(m.Notify.Channels)
			for k, ch := range m.Notify.Channels {
				if m.Notify.Channels[k], err = resolve(ch); err != nil {
					return nil, problems, err
				}
			}
		}
	}
	out.Jobs = slices.Clone(cfg.Jobs)
	for i := range out.Jobs {
		var err error
		if out.Jobs[i].Channel, err = resolve(out.Jobs[i].Channel); err != nil {
			return nil, problems, err
		}
	}
	return &out, problems, nil
}
