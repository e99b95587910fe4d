package campaignbot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Recipient is where a message goes: a channel, or a user by direct message.
// Exactly one of the fields is set.
type Recipient struct {
	Channel ChannelID
	User    UserID
}

// String returns "#channel" or "@user".
func (r Recipient) String() string {
	if r.User != "" {
		return "@" + string(r.User)
	}
	return "#" + string(r.Channel)
}

// ButtonStyle colours a button.
type ButtonStyle string

// Button styles.
const (
	ButtonDefault ButtonStyle = ""
	ButtonPrimary ButtonStyle = "primary"
	ButtonDanger  ButtonStyle = "danger"
)

// Button is an action a user can take on a message. Adapters without buttons
// show Command instead, the typed command that does the same.
type Button struct {
	// ActionID routes the click, e.g. "todo.done".
	ActionID string
	// Value is passed back with the click, e.g. the to-do number.
	Value   string
	Label   string
	Style   ButtonStyle
	Command string
	// URL makes the button a link.
	URL string
}

// OutgoingMessage is a platform-neutral message the bot sends.
type OutgoingMessage struct {
	// Text is the message, already in the configured language. It may use
	// *bold*, _italic_ and `code` marks; adapters translate them.
	Text string
	// Fields are short label/value pairs shown under the text.
	Fields []Field
	// Buttons are shown under the text.
	Buttons []Button
	// ThreadID replies in a thread when set.
	ThreadID string
	// Key identifies the reminder a message delivers, so that a delivery
	// whose outcome is unknown can be looked for before it is sent again.
	Key string
	// Attachment is a file shared right after the message, in the same
	// conversation and thread (a chart); nil sends none. It is not part of
	// the delivery: once the message is posted, a failed upload is logged
	// and the message stays delivered. Only a Messenger's Send (and a
	// Deliverer's Deliver) carries it; ephemeral messages and answers
	// through a command's response URL do not.
	Attachment *Attachment
}

// Attachment is a small file sent along with a message, held in memory.
type Attachment struct {
	// Name is the file name, e.g. "double11-progress.png"; Title is shown
	// above it ("" means Name).
	Name  string
	Title string
	Data  []byte
}

// Field is a label/value pair of an OutgoingMessage.
type Field struct {
	Label string
	Value string
}

// MessageRef identifies a sent message so it can be updated.
type MessageRef struct {
	Channel ChannelID
	// TS is the platform's message id (Slack's ts).
	TS string
}

// Messenger sends messages. The scheduler depends on it; chat adapters
// implement it.
type Messenger interface {
	// Send delivers m to r. Failures are *DeliveryError when the adapter
	// knows whether trying again can help.
	Send(ctx context.Context, r Recipient, m OutgoingMessage) (MessageRef, error)
}

// DeliveryError is a failed delivery, telling whether to try again.
type DeliveryError struct {
	// Retryable is true for rate limits, server errors and network failures.
	Retryable bool
	// RetryAfter is how long the platform asked to wait, when it did.
	RetryAfter time.Duration
	// Reason is the platform's short error, e.g. "channel_not_found".
	Reason string
	// Unknown is true when the request may have reached the platform
	// without an answer (a timeout or a connection lost after it was
	// written, a server error): the message may have been posted.
	Unknown bool
	Err     error
}

// Error implements error.
func (e *DeliveryError) Error() string {
	kind := "permanent"
	if e.Retryable {
		kind = "retryable"
	}
	if e.Unknown {
		kind += ", outcome unknown"
	}
	if e.Err != nil {
		return fmt.Sprintf("delivery failed (%s, %s): %v", kind, e.Reason, e.Err)
	}
	return fmt.Sprintf("delivery failed (%s, %s)", kind, e.Reason)
}

// Unwrap returns the cause.
func (e *DeliveryError) Unwrap() error { return e.Err }

// IsRetryable reports whether err is a DeliveryError worth trying again, and
// how long to wait first when the platform said so.
func IsRetryable(err error) (bool, time.Duration) {
	var d *DeliveryError
	if errors.As(err, &d) {
		return d.Retryable, d.RetryAfter
	}
	return false, 0
}
