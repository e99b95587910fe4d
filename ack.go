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
	// Occurrence is the reminder key without its recipient, shared by
	// the reminders of one sending to everyone in the audience, e.g.
	// "milestone:double11/warm-up:1d".
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
