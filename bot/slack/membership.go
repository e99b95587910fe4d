package slack

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
)

var _ campaignbot.Membership = (*Adapter)(nil)

// pageLimit is the page size asked of Slack's paginated lists; Slack
// recommends at most 200.
const pageLimit = 200

var (
	// channelIDPattern matches conversation ids. Channel names are
	// lowercase, so an uppercase C…, G… or D… word is an id.
	channelIDPattern = regexp.MustCompile(`^[CGD][A-Z0-9]{2,}$`)
	// groupIDPattern matches user-group ids; handles are lowercase.
	groupIDPattern = regexp.MustCompile(`^S[A-Z0-9]{2,}$`)
)

// InChannel reports whether user is a member of channel, which is a Slack
// conversation id (C…, G…, D…) or a channel name with or without '#', as
// knowledge_base.folders[].channels lists them. Names are resolved with
// conversations.list and members come from conversations.members, both
// cached for Options.CacheTTL. A channel the bot cannot see (unknown name,
// missing id, a private channel the bot is not in) has no members: the
// answer is false without an error.
func (a *Adapter) InChannel(ctx context.Context, channel campaignbot.ChannelID, user campaignbot.UserID) (bool, error) {
	members, err := a.channelMemberSet(ctx, channel)
	if err != nil {
		return false, err
	}
	return members[user], nil
}

// InGroup reports whether user belongs to group, a user-group handle
// (with or without '@') or id (S…). Handles are resolved with
// usergroups.list and members come from usergroups.users.list, both cached
// for Options.CacheTTL. An unknown group has no members: the answer is
// false without an error.
func (a *Adapter) InGroup(ctx context.Context, group string, user campaignbot.UserID) (bool, error) {
	g := strings.TrimPrefix(strings.TrimSpace(group), "@")
	if g == "" {
		return false, nil
	}
	id := g
	if !groupIDPattern.MatchString(g) {
		var ok bool
		var err error
		if id, ok, err = a.groupHandles.lookup(ctx, g, a.listGroups); err != nil || !ok {
			return false, err
		}
	}
	members, ok := a.groupMembers.get(id)
	if !ok {
		ids, err := a.GroupMembers(ctx, id)
		if err != nil && campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			return false, fmt.Errorf("members of the Slack user group %s: %w", id, err)
		}
		members = make(map[campaignbot.UserID]bool, len(ids))
		for _, u := range ids {
			members[u] = true
		}
		a.groupMembers.put(id, members)
	}
	return members[user], nil
}

// channelID resolves a channel id or name to an id; ok is false when no
// channel the bot can see has that name.
func (a *Adapter) channelID(ctx context.Context, channel string) (id string, ok bool, err error) {
	c := strings.TrimPrefix(strings.TrimSpace(channel), "#")
	switch {
	case c == "":
		return "", false, nil
	case channelIDPattern.MatchString(c):
		return c, true, nil
	}
	return a.chanNames.lookup(ctx, c, a.listChannels)
}

// channelMembers returns the member set of a channel by id, cached. A
// channel Slack does not show the bot has no members.
func (a *Adapter) channelMembers(ctx context.Context, id string) (map[campaignbot.UserID]bool, error) {
	if m, ok := a.chanMembers.get(id); ok {
		return m, nil
	}
	members := map[campaignbot.UserID]bool{}
	params := &slackgo.GetUsersInConversationParameters{ChannelID: id, Limit: pageLimit}
	for {
		var page []string
		var next string
		err := a.call(ctx, "conversations.members", "", func(ctx context.Context) error {
			var err error
			page, next, err = a.api.GetUsersInConversationContext(ctx, params)
			return err
		})
		if err != nil {
			if isNotFound(err) {
				a.log.Debug("channel not visible to the bot; no members", "channel", id, "err", err)
				members = map[campaignbot.UserID]bool{}
				break
			}
			return nil, fmt.Errorf("members of the Slack channel %s: %w", id, err)
		}
		for _, u := range page {
			members[campaignbot.UserID(u)] = true
		}
		if next == "" || next == params.Cursor {
			break
		}
		params.Cursor = next
	}
	a.chanMembers.put(id, members)
	return members, nil
}

// listChannels reads the names of the public and private channels the bot
// can see (conversations.list) and caches the channels on the way.
func (a *Adapter) listChannels(ctx context.Context) (map[string]string, error) {
	ids := map[string]string{}
	params := &slackgo.GetConversationsParameters{Types: []string{"public_channel", "private_channel"}, ExcludeArchived: true, Limit: pageLimit}
	for {
		var page []slackgo.Channel
		var next string
		err := a.call(ctx, "conversations.list", "", func(ctx context.Context) error {
			var err error
			page, next, err = a.api.GetConversationsContext(ctx, params)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("list the Slack channels: %w", err)
		}
		for _, c := range page {
			if c.Name == "" {
				continue
			}
			ids[strings.ToLower(c.Name)] = c.ID
			a.chans.put(c.ID, campaignbot.Channel{ID: campaignbot.ChannelID(c.ID), Name: c.Name, Private: c.IsPrivate, IsDM: c.IsIM})
		}
		if next == "" || next == params.Cursor {
			return ids, nil
		}
		params.Cursor = next
	}
}

// listGroups reads the handles of the workspace's user groups
// (usergroups.list).
func (a *Adapter) listGroups(ctx context.Context) (map[string]string, error) {
	var groups []slackgo.UserGroup
	err := a.call(ctx, "usergroups.list", "", func(ctx context.Context) error {
		var err error
		groups, err = a.api.GetUserGroupsContext(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list the Slack user groups: %w", err)
	}
	ids := make(map[string]string, len(groups))
	for _, g := range groups {
		if g.Handle != "" {
			ids[strings.ToLower(g.Handle)] = g.ID
		}
	}
	return ids, nil
}

// nameIndex maps names (channel names, group handles) to Slack ids, loaded
// whole and kept for ttl. A name it does not know makes it reload early at
// most once per ttl, so a channel created a minute ago is found while
// a misspelt name in the config does not list every channel on each
// request.
type nameIndex struct {
	now func() time.Time
	ttl time.Duration
	// sem holds the index; one lookup or load at a time.
	sem chan struct{}

	ids      map[string]string // by lowercase name; nil before the first load
	expires  time.Time
	missUsed bool // an unknown name already reloaded since the last expiry
}

func newNameIndex(now func() time.Time, ttl time.Duration) *nameIndex {
	return &nameIndex{now: now, ttl: ttl, sem: make(chan struct{}, 1)}
}

// lookup returns the id of name, case-insensitively, loading the index
// with load when it is empty or expired, or once per ttl when name is
// unknown.
func (x *nameIndex) lookup(ctx context.Context, name string, load func(context.Context) (map[string]string, error)) (string, bool, error) {
	select {
	case x.sem <- struct{}{}:
	case <-ctx.Done():
		return "", false, ctx.Err()
	}
	defer func() { <-x.sem }()
	key := strings.ToLower(name)
	fresh := x.ids != nil && x.now().Before(x.expires)
	if fresh {
		if id, ok := x.ids[key]; ok {
			return id, true, nil
		}
		if x.missUsed {
			return "", false, nil
		}
	}
	ids, err := load(ctx)
	if err != nil {
		return "", false, err
	}
	x.ids, x.expires, x.missUsed = ids, x.now().Add(x.ttl), fresh
	id, ok := ids[key]
	return id, ok, nil
}

// invalidate makes the next lookup load the index afresh, e.g. after a
// channel was renamed.
func (x *nameIndex) invalidate() {
	if x == nil {
		return
	}
	x.sem <- struct{}{}
	defer func() { <-x.sem }()
	x.ids = nil
}
