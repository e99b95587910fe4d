package slack

import (
	"context"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

var _ bot.GroupDirectory = (*Adapter)(nil)

// User returns a workspace member by id: from memory, then from the
// user directory in the database (Options.Users), and only then from
// Slack (users.info with the locale, stored for next time). Returns
// ENOTFOUND.
func (a *Adapter) User(ctx context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	if u, ok := a.users.get(string(id)); ok {
		return u, nil
	}
	if id == a.self.ID {
		return a.self, nil
	}
	if !campaignbot.IsSlackUserID(id) {
		// Slack answers user_not_found for anything but an id; a name
		// from the config (the console's li.na) is not worth a call.
		return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("slack.i-can-t-find-the-user-cdceb7", string(id)))
	}
	if a.opts.Users != nil {
		u, err := a.opts.Users.FindUser(ctx, a.team, id)
		if err == nil {
			a.users.put(string(id), u)
			return u, nil
		}
		if campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			a.log.Warn("reading the user directory; asking Slack", "user", id, "err", err)
		}
	}
	asked := a.now()
	var su *slackgo.User
	err := a.call(ctx, "users.info", "", func(ctx context.Context) error {
		var err error
		su, err = a.api.GetUserInfoContext(ctx, string(id), slackgo.GetUserInfoOptionIncludeLocale(true))
		return err
	})
	if err != nil {
		if isNotFound(err) {
			return campaignbot.User{}, campaignbot.WrapError(campaignbot.ENOTFOUND,
				campaignbot.T("slack.i-can-t-find-the-user-098280", bot.MentionUser(id)), err)
		}
		return campaignbot.User{}, err
	}
	u := a.userFromSlack(su)
	a.remember(ctx, []campaignbot.User{u}, asked)
	return u, nil
}

// userFromSlack converts Slack's user object.
func (a *Adapter) userFromSlack(su *slackgo.User) campaignbot.User {
	return campaignbot.User{
		ID:       campaignbot.UserID(su.ID),
		Name:     su.Name,
		RealName: firstNonEmpty(su.Profile.RealName, su.RealName, su.Profile.DisplayName),
		Timezone: su.TZ,
		Locale:   su.Locale,
		IsBot:    su.IsBot || su.ID == string(a.self.ID),
		Deleted:  su.Deleted,
	}
}

// remember caches users in memory and stores them in the directory as
// Slack described them at the given instant.
func (a *Adapter) remember(ctx context.Context, users []campaignbot.User, at time.Time) {
	for _, u := range users {
		a.users.put(string(u.ID), u)
	}
	if a.opts.Users == nil || len(users) == 0 {
		return
	}
	if err := a.opts.Users.PutUsers(context.WithoutCancel(ctx), a.team, users, at); err != nil {
		a.log.Error("storing users in the directory", "count", len(users), "err", err)
	}
}

// UserByName returns a member by handle: one seen recently, or one in the
// user directory (Options.Users), which users.list fills. Slack has no
// lookup by handle, so members neither seen nor listed are ENOTFOUND:
// people mention them with @ instead, which carries the id.
func (a *Adapter) UserByName(ctx context.Context, name string) (campaignbot.User, error) {
	name = strings.TrimPrefix(name, "@")
	var found campaignbot.User
	a.users.each(func(u campaignbot.User) bool {
		if strings.EqualFold(u.Name, name) {
			found = u
			return false
		}
		return true
	})
	if found.ID != "" {
		return found, nil
	}
	if a.opts.Users != nil {
		if u, err := a.opts.Users.FindUserByName(ctx, a.team, name); err == nil {
			return u, nil
		}
	}
	return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("slack.i-don-t-know-yet-mention", name))
}

// Channel returns a conversation by id (conversations.info, cached), or by
// name with or without '#' (resolved with conversations.list, cached).
// Returns ENOTFOUND, also for private channels the bot is not in.
func (a *Adapter) Channel(ctx context.Context, id campaignbot.ChannelID) (campaignbot.Channel, error) {
	if c, ok := a.chans.get(string(id)); ok {
		return c, nil
	}
	if name := strings.TrimPrefix(strings.TrimSpace(string(id)), "#"); name != "" && !channelIDPattern.MatchString(name) && a.chanNames != nil {
		resolved, ok, err := a.chanNames.lookup(ctx, name, a.listChannels)
		if err != nil {
			return campaignbot.Channel{}, err
		}
		if !ok {
			return campaignbot.Channel{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("slack.i-can-t-see-a-channel", name))
		}
		id = campaignbot.ChannelID(resolved)
		if c, ok := a.chans.get(resolved); ok {
			return c, nil
		}
	}
	var sc *slackgo.Channel
	err := a.call(ctx, "conversations.info", "", func(ctx context.Context) error {
		var err error
		sc, err = a.api.GetConversationInfoContext(ctx, &slackgo.GetConversationInfoInput{ChannelID: string(id)})
		return err
	})
	if err != nil {
		if isNotFound(err) {
			return campaignbot.Channel{}, campaignbot.WrapError(campaignbot.ENOTFOUND,
				campaignbot.T("slack.i-can-t-see-the-channel", bot.MentionChannel(id)), err)
		}
		return campaignbot.Channel{}, err
	}
	c := campaignbot.Channel{ID: campaignbot.ChannelID(sc.ID), Name: sc.Name, Private: sc.IsPrivate, IsDM: sc.IsIM}
	a.chans.put(string(id), c)
	return c, nil
}

// GroupMembers returns the members of a user group
// (usergroups.users.list). Returns ENOTFOUND.
func (a *Adapter) GroupMembers(ctx context.Context, group string) ([]campaignbot.UserID, error) {
	var ids []string
	err := a.call(ctx, "usergroups.users.list", "", func(ctx context.Context) error {
		var err error
		ids, err = a.api.GetUserGroupMembersContext(ctx, group)
		return err
	})
	if err != nil {
		if isNotFound(err) {
			return nil, campaignbot.WrapError(campaignbot.ENOTFOUND,
				campaignbot.T("slack.i-can-t-find-that-user"), err)
		}
		return nil, err
	}
	out := make([]campaignbot.UserID, len(ids))
	for i, id := range ids {
		out[i] = campaignbot.UserID(id)
	}
	return out, nil
}

// isNotFound reports whether a Web API error means the thing is missing
// or hidden from the bot.
func isNotFound(err error) bool {
	switch reason(err) {
	case "user_not_found", "users_not_found", "channel_not_found", "file_not_found", "file_deleted",
		"no_such_subteam", "subteam_not_found", "not_in_channel", "method_not_supported_for_channel_type":
		return true
	}
	return false
}

// reason returns the Slack error code of a DeliveryError, or "".
func reason(err error) string {
	if d := asDelivery(err); d != nil {
		return d.Reason
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
