package bot

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// Message is a chat message the bot can see: a channel message, a direct
// message, or a message mentioning the bot.
type Message struct {
	Workspace campaignbot.WorkspaceID
	// EventID identifies the delivery for deduplication; "" skips it.
	EventID string
	// TS is the platform's message id.
	TS      string
	User    campaignbot.User
	Channel campaignbot.Channel
	// Text is in canonical markup (see the package doc).
	Text string
	// ThreadTS is the thread the message is in, when it is a reply.
	ThreadTS  string
	Permalink string
	// Files are files shared with the message.
	Files []SharedFile
	// MentionsBot is true for messages addressed to the bot: an @-mention of
	// it or a direct message.
	MentionsBot bool
	Time        time.Time
}

// SharedFile is a file someone shared, not yet downloaded.
type SharedFile struct {
	// ID is the platform's file id (a local path in the console).
	ID   string
	Name string
	MIME string
	// Size is the announced size in bytes, checked before downloading.
	Size int64
}

// Command is a slash command such as `/todo list`.
type Command struct {
	Workspace campaignbot.WorkspaceID
	// EventID identifies the delivery for deduplication; "" skips it.
	EventID string
	// Name is the command without the slash, as configured.
	Name string
	// Args is the text after the command name, in canonical markup.
	Args    string
	User    campaignbot.User
	Channel campaignbot.Channel
	// ThreadTS is set when the command was typed in a thread.
	ThreadTS string
	// TriggerID lets a handler open a form within the platform's deadline.
	TriggerID string
	// Responder answers the command; nil means reply through Chat.
	Responder Responder
	Time      time.Time
}

// Action is a click on a button the bot sent.
type Action struct {
	Workspace campaignbot.WorkspaceID
	EventID   string
	// ActionID and Value are the clicked Button's.
	ActionID string
	Value    string
	User     campaignbot.User
	Channel  campaignbot.Channel
	// Message is the message that carried the button.
	Message   campaignbot.MessageRef
	TriggerID string
	Responder Responder
	Time      time.Time
}

// FormSubmission is a submitted form.
type FormSubmission struct {
	Workspace campaignbot.WorkspaceID
	EventID   string
	// FormID is the Form's ID; PrivateValue is passed through unchanged.
	FormID       string
	PrivateValue string
	User         campaignbot.User
	// Values maps field IDs to what was entered or picked.
	Values map[string]string
	// Responder answers the user in the conversation the form was opened
	// from, when the platform still can; nil means a direct message.
	Responder Responder
	Time      time.Time
}
