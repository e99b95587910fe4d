package console

import (
	"context"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// findUser returns the configured console user with the given handle.
func findUser(cfg *config.Config, name string) (campaignbot.User, bool) {
	name = strings.TrimPrefix(name, "@")
	for _, u := range cfg.Console.Users {
		if strings.EqualFold(u.Name, name) {
			return campaignbot.User{
				ID:       campaignbot.UserID(u.Name),
				Name:     u.Name,
				RealName: u.RealName,
				Timezone: u.Timezone,
				IsAdmin:  cfg.IsAdmin(campaignbot.UserID(u.Name)),
			}, true
		}
	}
	return campaignbot.User{}, false
}

// findChannel returns the configured console channel with the given name.
func findChannel(cfg *config.Config, name string) (campaignbot.Channel, bool) {
	name = strings.TrimPrefix(name, "#")
	for _, c := range cfg.Console.Channels {
		if strings.EqualFold(c.Name, name) {
			return campaignbot.Channel{ID: campaignbot.ChannelID(c.Name), Name: c.Name, Private: c.Private}, true
		}
	}
	return campaignbot.Channel{}, false
}

// userList lists the configured handles for messages.
func userList(cfg *config.Config) string {
	var names []string
	for _, u := range cfg.Console.Users {
		names = append(names, "@"+u.Name)
	}
	return strings.Join(names, ", ")
}

// channelList lists the configured channels for messages.
func channelList(cfg *config.Config) string {
	var names []string
	for _, c := range cfg.Console.Channels {
		names = append(names, "#"+c.Name)
	}
	return strings.Join(names, ", ")
}

// BotUser returns the bot's own user.
func (a *Adapter) BotUser() campaignbot.User {
	return campaignbot.User{ID: BotName, Name: BotName, RealName: "campaignbot", IsBot: true}
}

// User returns a configured console user or the bot. Returns ENOTFOUND.
func (a *Adapter) User(_ context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	if id == BotName {
		return a.BotUser(), nil
	}
	if u, ok := findUser(a.opts.Config(), string(id)); ok {
		return u, nil
	}
	return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("console.i-don-t-know-the-user", id))
}

// UserByName returns a configured console user by handle. Returns ENOTFOUND.
func (a *Adapter) UserByName(ctx context.Context, name string) (campaignbot.User, error) {
	return a.User(ctx, campaignbot.UserID(strings.ToLower(strings.TrimPrefix(name, "@"))))
}

// Channel returns a configured console channel. Returns ENOTFOUND.
func (a *Adapter) Channel(_ context.Context, id campaignbot.ChannelID) (campaignbot.Channel, error) {
	if c, ok := findChannel(a.opts.Config(), string(id)); ok {
		return c, nil
	}
	return campaignbot.Channel{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("console.i-don-t-know-the-channel", id))
}
