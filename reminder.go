package campaignbot

import (
	"context"
	"time"
)

// ReminderKind says what a reminder is about.
type ReminderKind string

// The kinds of reminder.
const (
	ReminderMilestone ReminderKind = "milestone"
	ReminderTodo      ReminderKind = "todo"
	ReminderEscalate  ReminderKind = "escalation"
	ReminderDigest    ReminderKind = "digest"
	ReminderJob       ReminderKind = "job"
	ReminderReport    ReminderKind = "report"
)

// ReminderStatus is where a reminder is in its life.
type ReminderStatus string

// The states of a reminder. Pending reminders wait for their time; sending
// ones are claimed by a dispatcher that has not yet recorded the outcome.
const (
	ReminderPending  ReminderStatus = "pending"
	ReminderSending  ReminderStatus = "sending"
	ReminderSent     ReminderStatus = "sent"
	ReminderMissed   ReminderStatus = "missed"
	ReminderFailed   ReminderStatus = "failed"
	ReminderCanceled ReminderStatus = "canceled"
)

// Reminder is one message the bot has planned to send to one recipient.
type Reminder struct {
	// Key is unique: what, which offset, which recipient. Planning the same
	// key twice updates the pending reminder instead of adding one.
	Key string
	// Source groups the reminders planned together, e.g. "milestone:double11/warm-up"
	// or "todo:T1/12"; re-planning a source cancels its pending reminders
	// that are no longer planned.
	Source string
	Kind   ReminderKind
	// At is when to send (UTC); Zone is the IANA zone it was planned in.
	At   time.Time
	Zone string
	// Due is the deadline the reminder is about (the milestone or the
	// to-do's due time), zero when there is none.
	Due time.Time
	// Offset is how long before Due it was planned, for display.
	Offset string
	// Shifted is true when quiet hours moved it.
	Shifted   bool
	Recipient Recipient
	// Message is what is sent, unless a composer of the kind renders it at
	// send time from current data (to-do nudges and digests do).
	Message OutgoingMessage
	Status  ReminderStatus
	// Attempts counts delivery attempts; Late is true when it was sent
	// after At because the bot was down.
	Attempts int
	Late     bool
	// Unconfirmed is set by Claim on a reminder reclaimed from a dispatcher
	// that stopped between claiming and recording it: it may have been sent.
	Unconfirmed bool
	SentAt      time.Time
	// Reason records why it failed or was missed.
	Reason string
}

// ReminderFilter selects reminders. Zero fields do not filter.
type ReminderFilter struct {
	Source   string
	Prefix   string // Source prefix, e.g. "milestone:double11/"
	Kind     ReminderKind
	Statuses []ReminderStatus
	From     time.Time // At >= From
	Until    time.Time // At < Until
	Limit    int
}

// PlanResult counts what a re-plan changed.
type PlanResult struct {
	Added, Updated, Canceled, Unchanged int
	// Skipped counts new reminders whose time had passed.
	Skipped int
}

// ReminderStore keeps planned reminders durably and hands due ones to
// dispatchers exactly once, across restarts and replicas.
type ReminderStore interface {
	// Replan makes the pending reminders of source exactly rs: new keys are
	// added, changed pending ones updated, pending ones not in rs canceled.
	// Reminders already sent, missed or failed are never touched, so a
	// reminder is not sent twice when its plan is repeated. New reminders
	// due before notBefore are not added (their time passed before they
	// were planned), and pending ones due before it are not canceled: the
	// dispatcher reports them late or missed. Returns EINVALID.
	Replan(ctx context.Context, source string, rs []Reminder, notBefore time.Time) (PlanResult, error)
	// ReplanPrefix re-plans many sources at once, as Replan does for each
	// source in plans; pending reminders of other sources starting with
	// prefix are canceled (those due before notBefore excepted). Returns
	// EINVALID.
	ReplanPrefix(ctx context.Context, prefix string, plans map[string][]Reminder, notBefore time.Time) (PlanResult, error)
	// ReplanSources re-plans many sources at once, each as Replan does, in
	// one transaction. Returns EINVALID.
	ReplanSources(ctx context.Context, plans map[string][]Reminder, notBefore time.Time) (PlanResult, error)
	// CancelUnplanned cancels the pending reminders due at or after
	// notBefore whose source starts with prefix but is not in planned; with
	// ReplanSources it re-plans a large prefix in chunks.
	CancelUnplanned(ctx context.Context, prefix string, planned map[string]bool, notBefore time.Time) (int, error)
	// CancelSource cancels every pending reminder of the source.
	CancelSource(ctx context.Context, source string) (int, error)
	// Claim marks up to limit pending reminders due at or before now as
	// sending, owned by owner, and returns them. Concurrent claims never
	// return the same reminder. Sending reminders whose claim is older than
	// staleBefore are reclaimed too, with Attempts > 0 telling the
	// dispatcher the earlier outcome is unknown.
	Claim(ctx context.Context, owner string, now, staleBefore time.Time, limit int) ([]Reminder, error)
	// Finish records the outcome of a claimed reminder: sent, missed or
	// failed with a reason. Returns ENOTFOUND.
	Finish(ctx context.Context, key string, status ReminderStatus, at time.Time, late bool, reason string) error
	// Retry returns a claimed reminder to pending, due again at next.
	Retry(ctx context.Context, key string, next time.Time, reason string) error
	// NextAt returns the earliest At of pending reminders, false when none.
	NextAt(ctx context.Context) (time.Time, bool, error)
	// Reminders returns the reminders matching f ordered by At, then Key.
	Reminders(ctx context.Context, f ReminderFilter) ([]Reminder, error)
}

// DeliveryChecker is implemented by messengers that can tell whether a
// message tagged with a reminder key already reached its recipient, so a
// reminder whose first delivery has an unknown outcome is not sent twice.
type DeliveryChecker interface {
	// Delivered reports whether a message with the key was sent to r since
	// the given instant.
	Delivered(ctx context.Context, r Recipient, key string, since time.Time) (bool, error)
}
