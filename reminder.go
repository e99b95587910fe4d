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
	// ReminderProgress is a campaign's weekly progress post.
	ReminderProgress ReminderKind = "progress"
	// ReminderReview is a campaign's automatic review (复盘) when it ends.
	ReminderReview ReminderKind = "review"
	// ReminderAckReping repeats a reminder to a person who has not
	// acknowledged it; ReminderAckEscalate tells a lead who has not.
	ReminderAckReping   ReminderKind = "ack-reping"
	ReminderAckEscalate ReminderKind = "ack-escalation"
)

// ReminderStatus is where a reminder is in its life.
type ReminderStatus string

// The states of a reminder. Pending reminders wait for their time (or
// their next attempt); sending ones are held by a dispatcher's claim until
// it records the outcome or its lease runs out.
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
	// At is when to send (UTC), as planned; Zone is the IANA zone it was
	// planned in. A recipient's reminders are delivered in the order of
	// At, then Key, retries included.
	At   time.Time
	Zone string
	// Due is the deadline the reminder is about (the milestone or the
	// to-do's due time), zero when there is none.
	Due time.Time
	// Offset is how long before Due it was planned, for display.
	Offset string
	// Shifted is true when quiet hours moved it.
	Shifted bool
	// Moved says why the working-day calendar moved it off a day off, in
	// both languages: "moved: National Day holiday" / "顺延：国庆节" to a
	// later working day, "moved earlier: …" / "提前：…" to an earlier
	// one; zero when it did not move. Planning sets it for the previews
	// to show; the store does not keep it.
	Moved Text
	// Quiet is true when quiet hours apply to it: a reminder that goes out
	// late (after downtime or failures) and would land in the recipient's
	// quiet hours waits for them to end, as planning would have moved it.
	Quiet bool
	// Recipient is a channel by id (planning resolves names) or a user.
	Recipient Recipient
	// Message is what is sent, unless a composer of the kind renders it at
	// send time from current data (to-do nudges and digests do).
	Message OutgoingMessage
	Status  ReminderStatus
	// Attempts counts the sends that were started; Late is true when it
	// was sent more than a minute after At.
	Attempts int
	Late     bool
	// RetryAt is when a reminder that failed is tried again; zero when it
	// has not failed.
	RetryAt time.Time
	// Claim is the token of the claim that handed the reminder to a
	// dispatcher. Start, Retry, Release and Finish succeed only with it,
	// so a dispatcher whose lease ran out and was taken over can neither
	// send nor record.
	Claim string
	// Recovered is set by Claim on a reminder taken over from a claim
	// whose lease ran out: its dispatcher stopped.
	Recovered bool
	// Unconfirmed is set by Claim when a send of the reminder started and
	// its outcome is unknown (the dispatcher stopped mid-send, or the
	// platform did not answer): it may have arrived, so the dispatcher
	// looks for it before sending again. StartedAt is when that send
	// started.
	Unconfirmed bool
	StartedAt   time.Time
	SentAt      time.Time
	// Reason records why it failed, was missed or is being retried.
	Reason string
	// AckDelay is, for a re-ping or escalation of a reminder that asks
	// for acks, the delay planned between the reminder it is about and
	// itself (after quiet hours and days off): after downtime it is
	// counted from the reminder's delivery instead. Zero for other kinds.
	AckDelay time.Duration
	// AckAudience is, for an escalation, the audience of its occurrence
	// as last planned, sorted: someone taken off the milestone's audience
	// drops out of the count and of the escalation. Nil for other kinds.
	AckAudience []UserID
	// ForAt is the milestone time the reminder was last planned for (Due
	// as it was planned, kept once it is sent), so a reminder sent before
	// its milestone moved is known to be of the old time; zero for a
	// reminder stored before migration 19 and never re-planned since.
	ForAt time.Time
	// SentTS is the platform's id of the posted message (Slack's ts),
	// recorded by Posted, so that a channel post asking for acks can be
	// updated; empty when unknown.
	SentTS string
}

// ReminderFilter selects reminders. Zero fields do not filter.
type ReminderFilter struct {
	Source string
	Prefix string // Source prefix, e.g. "milestone:double11/"
	Kind   ReminderKind
	// Recipient selects one recipient's reminders.
	Recipient Recipient
	Statuses  []ReminderStatus
	From      time.Time // At >= From
	Until     time.Time // At < Until
	Limit     int
}

// PlanResult counts what a re-plan changed.
type PlanResult struct {
	Added, Updated, Canceled, Unchanged int
	// Skipped counts new reminders whose time had passed.
	Skipped int
}

// ClaimRequest asks for due reminders to send.
type ClaimRequest struct {
	// Owner names the dispatcher, e.g. host/pid, for operators.
	Owner string
	// Now is the instant the claim is made at; LeaseUntil is when the
	// claim expires unless renewed.
	Now, LeaseUntil time.Time
	// Limit caps the reminders claimed; PerRecipient caps those of one
	// recipient.
	Limit, PerRecipient int
}

// ReminderStore keeps planned reminders durably and hands due ones to
// dispatchers exactly once, across restarts and replicas, in each
// recipient's order.
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
	// Claim hands due reminders to a dispatcher under a new claim token
	// with a lease. For each recipient none of whose reminders is held by
	// an unexpired claim, it takes the first reminders in the recipient's
	// order (At, then Key), stopping before one that is not due or waits
	// for a retry, so later reminders never overtake earlier ones; at most
	// PerRecipient of them, and Limit in all. Reminders whose claim expired
	// are taken over (Recovered). Concurrent claims never return the same
	// reminder, nor reminders of the same recipient.
	Claim(ctx context.Context, req ClaimRequest) ([]Reminder, error)
	// Start records that a send of a claimed reminder begins now and
	// extends its lease. Returns ECONFLICT when the claim was lost: the
	// reminder must not be sent.
	Start(ctx context.Context, key, claim string, now, leaseUntil time.Time) error
	// Renew extends the lease of every reminder still held under the
	// claim tokens and returns how many it renewed.
	Renew(ctx context.Context, claims []string, leaseUntil time.Time) (int, error)
	// Release returns claimed reminders whose send has not started to
	// pending, as they were, e.g. when their recipient must wait or the
	// dispatcher stops. Reminders of other claims are left alone.
	Release(ctx context.Context, claim string, keys []string) error
	// Finish records the outcome of a claimed reminder: sent, missed,
	// failed or canceled with a reason. Returns ECONFLICT when the claim
	// was lost.
	Finish(ctx context.Context, key, claim string, status ReminderStatus, at time.Time, late bool, reason string) error
	// Posted records the platform's id of the message a claimed reminder
	// was posted as (Reminder.SentTS), before Finish records it sent.
	// Returns ECONFLICT when the claim was lost.
	Posted(ctx context.Context, key, claim, ts string) error
	// Retry returns a claimed reminder to pending, due again at next, and
	// keeps its recipient's later reminders behind it. unknown says the
	// send's outcome is unknown (it may have arrived), so the next
	// attempt looks for it first. Returns ECONFLICT when the claim was
	// lost.
	Retry(ctx context.Context, key, claim string, next time.Time, unknown bool, reason string) error
	// Defer returns a claimed reminder to pending, due at at instead of
	// its planned time, without holding its recipient's later reminders
	// behind it: it takes its place in the recipient's order at at. A
	// re-plan puts it back at its planned time, and its composer defers
	// it again. unknown is as in Retry. Returns ECONFLICT when the claim
	// was lost.
	Defer(ctx context.Context, key, claim string, at time.Time, unknown bool, reason string) error
	// NextAt returns the earliest instant after the given one at which a
	// reminder may become claimable: a pending reminder due (or due to be
	// retried), or a claim's lease running out. False when none.
	NextAt(ctx context.Context, after time.Time) (time.Time, bool, error)
	// Reminders returns the reminders matching f ordered by At, then Key.
	Reminders(ctx context.Context, f ReminderFilter) ([]Reminder, error)
	// Heartbeat records that the dispatcher owner is alive at the given
	// instant, and whether it is sending (holds reminders); a zero instant
	// removes it (a clean stop). It returns how many dispatchers were seen
	// within the lease before it, and how many of them were sending, and
	// the database server's clock
	// when it has one (PostgreSQL), for the dispatcher to compare with its
	// own.
	Heartbeat(ctx context.Context, owner string, at time.Time, lease time.Duration, sending bool) (Pulse, error)
}

// Pulse is what a dispatcher's heartbeat learns.
type Pulse struct {
	// Alive counts the dispatchers seen within a lease, and Sending those
	// of them that were sending, this one included; both at least 1.
	Alive, Sending int
	// ServerTime is the database server's clock, zero when the database
	// has none of its own (SQLite runs on the dispatcher's host).
	ServerTime time.Time
}

// PostSharer is implemented by messengers whose posting rate is shared
// by every replica of the bot: the dispatcher tells it how many replicas
// are sending, so together they stay under the platform's limit.
type PostSharer interface {
	// SharePosts sets how many replicas share the posting rate (at least 1).
	SharePosts(replicas int)
}

// Deliverer is implemented by messengers that can make exactly one
// delivery attempt, for the dispatcher, which retries durably itself.
type Deliverer interface {
	// Deliver makes one attempt to send m to r and returns within ctx's
	// deadline: it waits for the platform's pacing only when the wait fits
	// before the deadline (otherwise it fails retryably with RetryAfter,
	// sending nothing), and never retries. A *DeliveryError with Unknown
	// set means the request may have reached the platform.
	Deliver(ctx context.Context, r Recipient, m OutgoingMessage) (MessageRef, error)
}

// DeliveryChecker is implemented by messengers that can tell whether a
// message tagged with a reminder key already reached its recipient, so a
// reminder whose delivery has an unknown outcome is not sent twice.
type DeliveryChecker interface {
	// Delivered reports whether a message with m's Key was sent to r (in
	// m's thread when it has one) since the given instant. Failures are
	// *DeliveryError when the platform said whether trying again helps.
	Delivered(ctx context.Context, r Recipient, m OutgoingMessage, since time.Time) (bool, error)
}
