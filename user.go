package campaignbot

import (
	"context"
	"time"
)

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
	// Locale is the user's language as the platform reports it (e.g.
	// "zh-CN"), or "" when unknown.
	Locale string
	// IsAdmin is true for users listed under `admins` in the config.
	IsAdmin bool
	// IsBot is true for bots, including campaignbot itself.
	IsBot bool
	// Deleted is true for deactivated accounts.
	Deleted bool
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

// UserStore keeps the users of a workspace as the chat platform last
// described them, so planning reads time zones from the database instead
// of asking the platform for each person.
type UserStore interface {
	// PutUsers stores users (replacing earlier records of the same ids)
	// as of the given instant; a record older than the stored one is
	// ignored.
	PutUsers(ctx context.Context, ws WorkspaceID, users []User, at time.Time) error
	// Users returns every stored user of the workspace by id.
	Users(ctx context.Context, ws WorkspaceID) (map[UserID]User, error)
	// FindUser returns one stored user. Returns ENOTFOUND.
	FindUser(ctx context.Context, ws WorkspaceID, id UserID) (User, error)
	// FindUserByName returns the stored user whose handle is name,
	// case-insensitively. Returns ENOTFOUND.
	FindUserByName(ctx context.Context, ws WorkspaceID, name string) (User, error)
	// UsersRefreshedAt returns when the workspace's users were last
	// stored, zero when never.
	UsersRefreshedAt(ctx context.Context, ws WorkspaceID) (time.Time, error)
}

// IsSlackUserID reports whether id has the shape of a Slack user id: U or
// W followed by upper-case letters and digits (U012AB3CD). Names such as
// the console's li.na are not.
func IsSlackUserID(id UserID) bool {
	s := string(id)
	if len(s) < 3 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if (s[i] < 'A' || s[i] > 'Z') && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
