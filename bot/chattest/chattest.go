// Package chattest provides Recorder, an in-memory bot.Chat that records
// everything the bot says, for handler and router tests that want to
// assert on structured messages rather than rendered console text.
package chattest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Said is one thing the bot said.
type Said struct {
	// Kind is "send", "ephemeral" or "update".
	Kind      string
	Recipient campaignbot.Recipient
	// User is who saw an ephemeral message.
	User    campaignbot.UserID
	Message campaignbot.OutgoingMessage
}

// Recorder is a bot.Chat that records messages. Users, Channels and Files
// are its directory and downloadable files; set them before use.
type Recorder struct {
	Users    []campaignbot.User
	Channels []campaignbot.Channel
	// Files maps SharedFile IDs to their bytes.
	Files map[string][]byte
	// Members lists the members of channels and user groups (by channel
	// id or group handle) for campaignbot.Membership.
	Members map[string][]campaignbot.UserID
	// BreakAfter makes downloads of a file id fail after that many bytes.
	BreakAfter map[string]int
	// Messages are the messages ReadMessage finds, by "channel/ts".
	Messages map[string]*bot.Message

	// FormsEnabled makes OpenForm succeed and record the form.
	FormsEnabled bool
	// NotIn lists channels the bot has not joined: posting there fails
	// with not_in_channel, as on Slack.
	NotIn map[campaignbot.ChannelID]bool

	mu    sync.Mutex
	said  []Said
	forms []bot.Form
	ts    int
}

var _ bot.Chat = (*Recorder)(nil)

// Said returns a copy of what was said so far.
func (r *Recorder) Said() []Said {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Said(nil), r.said...)
}

// Forms returns the forms opened so far.
func (r *Recorder) Forms() []bot.Form {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Form(nil), r.forms...)
}

// Texts returns the text of everything said so far.
func (r *Recorder) Texts() []string {
	var out []string
	for _, s := range r.Said() {
		out = append(out, s.Message.Text)
	}
	return out
}

// Reset forgets what was said.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.said = nil
}

func (r *Recorder) record(s Said) campaignbot.MessageRef {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.said = append(r.said, s)
	r.ts++
	return campaignbot.MessageRef{Channel: s.Recipient.Channel, TS: fmt.Sprint(r.ts)}
}

// Send records a post or DM, or fails for channels in NotIn.
func (r *Recorder) Send(_ context.Context, to campaignbot.Recipient, m campaignbot.OutgoingMessage) (campaignbot.MessageRef, error) {
	if to.User == "" && r.NotIn[to.Channel] {
		return campaignbot.MessageRef{}, &campaignbot.DeliveryError{Reason: "not_in_channel", Err: errors.New("chattest: not_in_channel")}
	}
	return r.record(Said{Kind: "send", Recipient: to, Message: m}), nil
}

// Ephemeral records a private reply.
func (r *Recorder) Ephemeral(_ context.Context, ch campaignbot.ChannelID, u campaignbot.UserID, m campaignbot.OutgoingMessage) error {
	r.record(Said{Kind: "ephemeral", Recipient: campaignbot.Recipient{Channel: ch}, User: u, Message: m})
	return nil
}

// Update records a message update.
func (r *Recorder) Update(_ context.Context, ref campaignbot.MessageRef, m campaignbot.OutgoingMessage) error {
	r.record(Said{Kind: "update", Recipient: campaignbot.Recipient{Channel: ref.Channel}, Message: m})
	return nil
}

// OpenForm records f when FormsEnabled, and otherwise refuses like an
// adapter without forms.
func (r *Recorder) OpenForm(_ context.Context, _ string, f bot.Form) error {
	if r.FormsEnabled {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.forms = append(r.forms, f)
		return nil
	}
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("chattest.forms-are-not-available-here"))
}

// Download returns the bytes of a file in Files.
func (r *Recorder) Download(_ context.Context, f bot.SharedFile, maxSize int64) (io.ReadCloser, error) {
	b, ok := r.Files[f.ID]
	if !ok {
		return nil, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("chattest.the-file-is-gone"))
	}
	if maxSize > 0 && int64(len(b)) > maxSize {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("chattest.the-file-is-too-large"))
	}
	if n, ok := r.BreakAfter[f.ID]; ok && n < len(b) {
		return io.NopCloser(io.MultiReader(bytes.NewReader(b[:n]), errReader{})), nil
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

// errReader fails every read, like a connection that broke.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("chattest: connection reset") }

// ReadMessage implements bot.MessageReader from Messages. Returns
// ENOTFOUND, wrapping bot.ErrConversationUnreadable for channels in NotIn.
func (r *Recorder) ReadMessage(_ context.Context, ch campaignbot.ChannelID, ts string) (*bot.Message, error) {
	if r.NotIn[ch] {
		return nil, campaignbot.WrapError(campaignbot.ENOTFOUND, campaignbot.T("chattest.no-such-message"), bot.ErrConversationUnreadable)
	}
	m, ok := r.Messages[string(ch)+"/"+ts]
	if !ok {
		return nil, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("chattest.no-such-message"))
	}
	c := *m
	return &c, nil
}

// InChannel implements campaignbot.Membership from Members.
func (r *Recorder) InChannel(_ context.Context, ch campaignbot.ChannelID, u campaignbot.UserID) (bool, error) {
	return slices.Contains(r.Members[string(ch)], u), nil
}

// ChannelMembers implements campaignbot.MemberLister from Members.
func (r *Recorder) ChannelMembers(_ context.Context, ch campaignbot.ChannelID) ([]campaignbot.UserID, error) {
	return slices.Clone(r.Members[string(ch)]), nil
}

// GroupMembers implements bot.GroupDirectory from Members.
func (r *Recorder) GroupMembers(_ context.Context, g string) ([]campaignbot.UserID, error) {
	return slices.Clone(r.Members[g]), nil
}

// InGroup implements campaignbot.Membership from Members.
func (r *Recorder) InGroup(_ context.Context, g string, u campaignbot.UserID) (bool, error) {
	return slices.Contains(r.Members[g], u), nil
}

// BotUser returns the bot's user.
func (r *Recorder) BotUser() campaignbot.User {
	return campaignbot.User{ID: "UBOT", Name: "campaignbot", IsBot: true}
}

// User returns a user from Users. Returns ENOTFOUND.
func (r *Recorder) User(_ context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	for _, u := range r.Users {
		if u.ID == id {
			return u, nil
		}
	}
	return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("chattest.no-such-user"))
}

// UserByName returns a user from Users by handle. Returns ENOTFOUND.
func (r *Recorder) UserByName(_ context.Context, name string) (campaignbot.User, error) {
	for _, u := range r.Users {
		if strings.EqualFold(u.Name, strings.TrimPrefix(name, "@")) {
			return u, nil
		}
	}
	return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("chattest.no-such-user"))
}

// Channel returns a channel from Channels. Returns ENOTFOUND.
func (r *Recorder) Channel(_ context.Context, id campaignbot.ChannelID) (campaignbot.Channel, error) {
	for _, c := range r.Channels {
		if c.ID == id {
			return c, nil
		}
	}
	return campaignbot.Channel{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("chattest.no-such-channel"))
}
