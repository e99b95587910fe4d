package campaignbot

import (
	"context"
	"strings"
	"time"
)

// Ack records that a person acknowledged one occurrence of a reminder,
// as DingTalk's DING does: "Got it / 收到". Each person of the audience
// gets their own reminder (a DM) of the occurrence; an ack is kept once
// per occurrence and person, however often it is clicked.
type Ack struct {
	// Occurrence is the reminder's source and one offset, shared by the
	// reminders of one sending to everyone in the audience, e.g.
	// "milestone:double11/warm-up:1d". A reminder of offsets merged into
	// one minute ("…:3h+2h:@U1") is acknowledged once per offset.
	Occurrence string
	// Source is the reminders' source, e.g. "milestone:double11/warm-up".
	Source string
	// User acknowledged, through the reminder ReminderKey.
	User        UserID
	ReminderKey string
	// At is when the first acknowledgement was recorded (UTC).
	At time.Time
}

// AckStore keeps acknowledgements. A person's ack of an occurrence is
// recorded once: a double click, a retried interaction or two replicas
// handling the same click leave one row.
type AckStore interface {
	// Acknowledge records a unless a.User already acknowledged
	// a.Occurrence. It returns the ack stored (the earlier one when there
	// was one) and whether this call recorded it. Returns EINVALID when a
	// lacks its occurrence, source, user or key.
	Acknowledge(ctx context.Context, a Ack) (stored Ack, recorded bool, err error)
	// Acks returns the acks of the occurrences whose source is source,
	// ordered by occurrence, then time, then user.
	Acks(ctx context.Context, source string) ([]Ack, error)
}

// AckOccurrence splits a per-person reminder key ("...:1d:@U123") into
// the occurrence it belongs to and its recipient. ok is false for keys
// that do not end in a user: channel reminders and malformed keys.
func AckOccurrence(key string) (occurrence string, user UserID, ok bool) {
	i := strings.LastIndex(key, ":@")
	if i <= 0 || i+2 == len(key) || strings.ContainsAny(key[i+2:], ":/ ") {
		return "", "", false
	}
	return key[:i], UserID(key[i+2:]), true
}

// The actions of the buttons on a reminder that asks for an ack: the
// button's Value is the reminder's key.
const (
	// AckAction acknowledges the reminder ("Got it / 收到").
	AckAction = "ack"
	// AckWhoAction lists who of the audience acknowledged it.
	AckWhoAction = "ack.who"
)

// AckStatus is who of an occurrence's audience acknowledged it.
type AckStatus struct {
	// Occurrence and Source are as in Ack.
	Occurrence string
	Source     string
	// Reminder is the reminder the question was asked through: the
	// asker's own. After Acknowledge its Message is as it reads now
	// (to-do nudges are written when sent); a Message without Text means
	// there is nothing left to show (the to-do was finished).
	Reminder Reminder
	// Subject names what the occurrence is about as it reads now when it
	// is not a milestone: a to-do's "#1 finish the coupon banner". Empty
	// when the reminder's source names it.
	Subject string
	// Audience is everyone the occurrence is (or was) sent to, sorted.
	Audience []UserID
	// Acks are the acks of the audience, by person.
	Acks map[UserID]Ack
}

// Counts returns how many of the audience acknowledged, and its size.
func (s AckStatus) Counts() (acked, total int) {
	for _, u := range s.Audience {
		if _, ok := s.Acks[u]; ok {
			acked++
		}
	}
	return acked, len(s.Audience)
}

// AckService acknowledges reminders on behalf of the people they were
// sent to, and tells who acknowledged.
type AckService interface {
	// Acknowledge records that user acknowledged the reminder key, which
	// must be user's own (or a channel post whose ack.from lists user),
	// sent, and asking for an ack; recorded is false when user had
	// already acknowledged the occurrence. Returns EFORBIDDEN for a
	// channel post that asks others, and ENOTFOUND otherwise, with the
	// same text whatever the reason, so a guessed key tells nothing about
	// other people's reminders.
	Acknowledge(ctx context.Context, key string, user UserID, at time.Time) (status AckStatus, recorded bool, err error)
	// Status returns who acknowledged the occurrence of the reminder key,
	// under the same conditions as Acknowledge, except that a channel
	// post's is returned to anyone (its channel sees the post; callers
	// check where the question comes from). Returns ENOTFOUND.
	Status(ctx context.Context, key string, user UserID) (AckStatus, error)
	// Statuses returns the acks of every occurrence of source that asked
	// for acks, sent or being sent, ordered by the occurrences' times.
	Statuses(ctx context.Context, source string) ([]AckStatus, error)
	// Waiting returns the reminders sent to user since the given instant
	// that ask for an ack user has not given, oldest first.
	Waiting(ctx context.Context, user UserID, since time.Time) ([]AckStatus, error)
}

// ErrNoAck is the answer to an ack of a reminder that does not exist,
// is someone else's, was not sent yet or does not ask for an ack.
func ErrNoAck() *Error {
	return NewError(ENOTFOUND, T("campaignbot.i-found-no-reminder-waiting-for"))
}

// AckPolicy says whether the people a reminder is sent to (by DM) are
// asked to acknowledge it: config `ack: {required: true}`.
type AckPolicy struct {
	// Required adds a "Got it / 收到" button to each person's reminder.
	Required bool
	// RepingAfter, when set, sends each reminder again this long after it
	// was planned to whoever has not acknowledged it by then.
	RepingAfter time.Duration
	// EscalateAfter, when set, tells the campaign's leads once, this long
	// after each reminder was planned, who has not acknowledged it.
	EscalateAfter time.Duration
	// From and FromGroups (user group handles) are the people asked to
	// acknowledge a milestone's channel post (`ack: {from: [...]}`): the
	// post carries the Got it button, only their clicks count, and their
	// re-pings come by DM.
	From       []UserID
	FromGroups []string
}
