package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
)

// PeopleChat is what PeopleDirectory asks of the chat adapter.
type PeopleChat interface {
	User(ctx context.Context, id campaignbot.UserID) (campaignbot.User, error)
	Channel(ctx context.Context, id campaignbot.ChannelID) (campaignbot.Channel, error)
}

// GroupChat is a chat adapter that knows user groups.
type GroupChat interface {
	GroupMembers(ctx context.Context, group string) ([]campaignbot.UserID, error)
}

// PeopleDirectory is the People planning uses. With Users (Slack), users
// are read from the user directory in the database, which the adapter
// keeps filled (users.list at start, user_change events, every lookup),
// so a plan never waits on the platform person by person: a user the
// directory does not hold yet is planned in the default zone this time
// and looked up in the background for the next plan. Without Users (the
// console), the chat answers from memory. User groups and channel names
// are asked of the chat, which caches them.
type PeopleDirectory struct {
	Chat      PeopleChat
	Users     campaignbot.UserStore
	Workspace campaignbot.WorkspaceID
	Logger    *slog.Logger
	// Choices holds the languages people chose for themselves, in
	// ChoicesWorkspace (the chat's workspace, "console" too); nil means
	// messages follow locales only.
	Choices          campaignbot.LanguageChoices
	ChoicesWorkspace campaignbot.WorkspaceID

	fetching sync.Map
}

var (
	_ People          = (*PeopleDirectory)(nil)
	_ ChannelResolver = (*PeopleDirectory)(nil)
	_ Languages       = (*PeopleDirectory)(nil)
)

// User returns a user from the directory, or from the chat without one.
// Returns ENOTFOUND.
func (p *PeopleDirectory) User(ctx context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	if p.Users == nil {
		return p.Chat.User(ctx, id)
	}
	u, err := p.Users.FindUser(ctx, p.Workspace, id)
	if err == nil || campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
		return u, err
	}
	if _, busy := p.fetching.LoadOrStore(id, true); !busy {
		go func() {
			defer p.fetching.Delete(id)
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
			defer cancel()
			if _, err := p.Chat.User(fctx, id); err != nil && p.Logger != nil {
				p.Logger.Debug("looking up a user the directory lacks", "user", id, "err", err)
			}
		}()
	}
	return campaignbot.User{}, err
}

// GroupMembers expands a user group when the chat knows groups.
func (p *PeopleDirectory) GroupMembers(ctx context.Context, group string) ([]campaignbot.UserID, error) {
	if g, ok := p.Chat.(GroupChat); ok {
		return g.GroupMembers(ctx, group)
	}
	return nil, fmt.Errorf("this chat adapter has no user groups")
}

// Channel returns a channel by id or name, so the planner can plan the
// channels the YAML names by id.
func (p *PeopleDirectory) Channel(ctx context.Context, id campaignbot.ChannelID) (campaignbot.Channel, error) {
	return p.Chat.Channel(ctx, id)
}

// InChannel reports whether user is a member of channel when the chat
// knows channels' members, and true otherwise.
func (p *PeopleDirectory) InChannel(ctx context.Context, channel campaignbot.ChannelID, user campaignbot.UserID) (bool, error) {
	if m, ok := p.Chat.(campaignbot.Membership); ok {
		return m.InChannel(ctx, channel, user)
	}
	return true, nil
}
