package campaignbot

import "context"

// WorkspaceID identifies one chat workspace (a Slack team, or "console").
// Short to-do numbers and folder trees are per workspace.
type WorkspaceID string

// UserID identifies a chat user: a Slack member ID such as U0123ABCD, or a
// console user's name.
type UserID string

// ChannelID identifies a chat channel or group: a Slack channel ID such as
// C0123ABCD, or a console channel name without the leading '#'.
type ChannelID string

// User is a chat user as the bot knows them.
type User struct {
	ID UserID
	// Name is the handle people type after '@', e.g. "li.na".
	Name string
	// RealName is the display name, e.g. "李娜 Li Na".
	RealName string
	// Timezone is the user's IANA time zone, or "" when unknown.
	Timezone string
	// IsAdmin is true for users listed under `admins` in the config.
	IsAdmin bool
	// IsBot is true for bots, including campaignbot itself.
	IsBot bool
}

// Label returns the best human-readable name of the user.
func (u User) Label() string {
	switch {
	case u.RealName != "":
		return u.RealName
	case u.Name != "":
		return u.Name
	}
	return string(u.ID)
}

// Channel is a chat channel or group.
type Channel struct {
	ID ChannelID
	// Name is the channel name without '#', e.g. "double11-design".
	Name string
	// Private is true for private channels; files shared there default to
	// folders restricted to the channel's members.
	Private bool
	// IsDM is true for a direct-message conversation with the bot.
	IsDM bool
}

// Directory resolves users and channels of a workspace.
type Directory interface {
	// User returns the user with the given ID. Returns ENOTFOUND.
	User(ctx context.Context, id UserID) (User, error)
	// UserByName returns the user whose handle is name (case-insensitive,
	// without '@'). Returns ENOTFOUND.
	UserByName(ctx context.Context, name string) (User, error)
	// Channel returns the channel with the given ID. Returns ENOTFOUND.
	Channel(ctx context.Context, id ChannelID) (Channel, error)
}
