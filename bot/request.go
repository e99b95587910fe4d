package bot

import (
	"context"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Request is one incoming event being handled: who, where, what, and how
// to answer.
type Request struct {
	Workspace campaignbot.WorkspaceID
	User      campaignbot.User
	Channel   campaignbot.Channel
	// Lang is the language replies are written in.
	Lang campaignbot.Language
	// Config is the configuration in force when the event arrived.
	Config *config.Config
	// Now is when the event is handled; handlers use it, not time.Now.
	Now time.Time
	// Command and Args are set for slash commands: Command is the logical
	// name ("todo", "kb", "campaign", "help").
	Command string
	Args    string
	// Message, Action, Form and Suggestion are set for those events.
	Message    *Message
	Action     *Action
	Form       *FormSubmission
	Suggestion *Suggestion
	// ThreadTS is the thread to answer in, when there is one.
	ThreadTS  string
	TriggerID string
	// Chat is the adapter the event came from.
	Chat      Chat
	responder Responder
}

// T returns t in the request's language.
func (r *Request) T(t campaignbot.Text) string { return t.In(r.Lang) }

// Tf formats and returns the text in the request's language.
//
// Deprecated: texts live in the catalogs (use T with campaignbot.T);
// internal/catalogmigrate moves Tf pairs there.
func (r *Request) Tf(en, zh string, args ...any) string {
	return campaignbot.Textf(en, zh, args...).In(r.Lang)
}

// Reply answers visibly in the conversation, in the thread when the event
// was in one.
func (r *Request) Reply(ctx context.Context, m campaignbot.OutgoingMessage) error {
	if r.responder != nil {
		return r.responder.Reply(ctx, m)
	}
	if m.ThreadID == "" {
		m.ThreadID = r.ThreadTS
	}
	if r.Channel.ID == "" {
		_, err := r.Chat.Send(ctx, campaignbot.Recipient{User: r.User.ID}, m)
		return err
	}
	_, err := r.Chat.Send(ctx, campaignbot.Recipient{Channel: r.Channel.ID}, m)
	return err
}

// ReplyPrivately answers only the user who asked.
func (r *Request) ReplyPrivately(ctx context.Context, m campaignbot.OutgoingMessage) error {
	if r.responder != nil {
		return r.responder.ReplyPrivately(ctx, m)
	}
	if r.Channel.ID == "" || r.Channel.IsDM {
		_, err := r.Chat.Send(ctx, campaignbot.Recipient{User: r.User.ID}, m)
		return err
	}
	return r.Chat.Ephemeral(ctx, r.Channel.ID, r.User.ID, m)
}

// ReplyText answers visibly with a plain text in the request's language.
func (r *Request) ReplyText(ctx context.Context, t campaignbot.Text) error {
	return r.Reply(ctx, campaignbot.OutgoingMessage{Text: r.T(t)})
}

// ReplyPrivateText answers privately with a plain text in the request's
// language.
func (r *Request) ReplyPrivateText(ctx context.Context, t campaignbot.Text) error {
	return r.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: r.T(t)})
}
