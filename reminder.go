package campaignbot

import "time"

// ReminderKind says what a reminder is about.
type ReminderKind string

// The kinds of reminder.
const (
	ReminderMilestone ReminderKind = "milestone"
	ReminderTodo      ReminderKind = "todo"
	ReminderDigest    ReminderKind = "digest"
	ReminderJob       ReminderKind = "job"
)

// ReminderStatus is where a reminder is in its life.
type ReminderStatus string

// The states of a reminder.
const (
	ReminderPending  ReminderStatus = "pending"
	ReminderSent     ReminderStatus = "sent"
	ReminderMissed   ReminderStatus = "missed"
	ReminderFailed   ReminderStatus = "failed"
	ReminderCanceled ReminderStatus = "canceled"
)

// Reminder is one message the bot has planned to send.
type Reminder struct {
	// Key is unique: what, which offset, which recipient.
	Key  string
	Kind ReminderKind
	// At is when to send (UTC); Zone is the IANA zone it was planned in.
	At   time.Time
	Zone string
	// Shifted is true when quiet hours moved it.
	Shifted   bool
	Recipient Recipient
	Message   OutgoingMessage
	Status    ReminderStatus
	// Late is true when it was sent after At because the bot was down.
	Late   bool
	SentAt time.Time
	// Reason records why it failed or was missed.
	Reason string
}
