package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// ReminderStore keeps planned reminders in the reminders table.
type ReminderStore struct {
	db *DB
}

var _ campaignbot.ReminderStore = (*ReminderStore)(nil)

// NewReminderStore returns a ReminderStore on db.
func NewReminderStore(db *DB) *ReminderStore { return &ReminderStore{db: db} }

// reminderRow is a row of the reminders table.
type reminderRow struct {
	Key    string `gorm:"primaryKey"`
	Source string
	Kind   string
	SendAt time.Time
	Zone   string
	DueAt  *time.Time
	// ForAt is Reminder.ForAt: the due time as last planned, NULL for
	// reminders sent before migration 19.
	ForAt            *time.Time
	OffsetLabel      string
	Shifted          bool
	Quiet            bool
	RecipientChannel string
	RecipientUser    string
	// Recipient is the canonical recipient ("#C0123" or "@U0123") whose
	// reminders go out one at a time, in order.
	Recipient string
	Message   string
	// PlanHash digests what was planned, so re-planning compares keys and
	// hashes instead of loading every planned message.
	PlanHash string
	// NextAt is when the reminder is next due: SendAt, or later while a
	// failed delivery waits to be retried.
	NextAt     *time.Time
	Status     string
	Attempts   int
	ClaimedBy  string
	ClaimedAt  *time.Time
	ClaimToken string
	LeaseUntil *time.Time
	StartedAt  *time.Time
	Late       bool
	SentAt     *time.Time
	Reason     string
	// AckDelayMS, AckAudience and SentTS are Reminder.AckDelay (in
	// milliseconds), Reminder.AckAudience (space-separated) and
	// Reminder.SentTS.
	AckDelayMS  int64
	AckAudience string
	SentTS      string `gorm:"column:sent_ts"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName implements gorm's schema.Tabler.
func (reminderRow) TableName() string { return "reminders" }

// reminder converts the row.
func (r *reminderRow) reminder() (campaignbot.Reminder, error) {
	var m campaignbot.OutgoingMessage
	if err := json.Unmarshal([]byte(r.Message), &m); err != nil {
		return campaignbot.Reminder{}, fmt.Errorf("reminder %s: message: %w", r.Key, err)
	}
	var retryAt time.Time
	if r.Status == string(campaignbot.ReminderPending) && r.NextAt != nil && r.NextAt.After(r.SendAt) {
		retryAt = r.NextAt.UTC()
	}
	return campaignbot.Reminder{
		RetryAt:     retryAt,
		Claim:       r.ClaimToken,
		Unconfirmed: r.StartedAt != nil,
		StartedAt:   fromNullTime(r.StartedAt),
		Key:         r.Key,
		Source:      r.Source,
		Kind:        campaignbot.ReminderKind(r.Kind),
		At:          r.SendAt.UTC(),
		Zone:        r.Zone,
		Due:         fromNullTime(r.DueAt),
		ForAt:       fromNullTime(r.ForAt),
		Offset:      r.OffsetLabel,
		Shifted:     r.Shifted,
		Quiet:       r.Quiet,
		Recipient:   campaignbot.Recipient{Channel: campaignbot.ChannelID(r.RecipientChannel), User: campaignbot.UserID(r.RecipientUser)},
		Message:     m,
		Status:      campaignbot.ReminderStatus(r.Status),
		Attempts:    r.Attempts,
		Late:        r.Late,
		SentAt:      fromNullTime(r.SentAt),
		Reason:      r.Reason,
		AckDelay:    time.Duration(r.AckDelayMS) * time.Millisecond,
		AckAudience: splitAudience(r.AckAudience),
		SentTS:      r.SentTS,
	}, nil
}

// newReminderRow converts a planned reminder into a pending row.
func newReminderRow(source string, r campaignbot.Reminder, ts time.Time) (reminderRow, error) {
	switch {
	case r.Key == "":
		return reminderRow{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-reminder-needs-a-key"))
	case r.At.IsZero():
		return reminderRow{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-reminder-has-no-time", r.Key))
	case (r.Recipient.Channel == "") == (r.Recipient.User == ""):
		return reminderRow{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-reminder-needs-exactly-one-recipient", r.Key))
	}
	msg, err := json.Marshal(r.Message)
	if err != nil {
		return reminderRow{}, err
	}
	row := reminderRow{
		Key:              r.Key,
		Source:           source,
		Kind:             string(r.Kind),
		SendAt:           dbTime(r.At),
		Zone:             r.Zone,
		DueAt:            nullTime(r.Due),
		ForAt:            nullTime(r.Due),
		OffsetLabel:      r.Offset,
		Shifted:          r.Shifted,
		Quiet:            r.Quiet,
		RecipientChannel: string(r.Recipient.Channel),
		RecipientUser:    string(r.Recipient.User),
		Recipient:        r.Recipient.String(),
		Message:          string(msg),
		AckDelayMS:       r.AckDelay.Milliseconds(),
		AckAudience:      joinAudience(r.AckAudience),
		NextAt:           nullTime(r.At),
		Status:           string(campaignbot.ReminderPending),
		CreatedAt:        ts,
		UpdatedAt:        ts,
	}
	row.PlanHash = planHash(&row)
	return row, nil
}

// planHash digests the planned fields of a row.
func planHash(r *reminderRow) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d|%s|%s|%d|%s|%t|%t|%s|%s|", r.SendAt.UnixNano(), r.Kind, r.Zone, fromNullTime(r.DueAt).UnixNano(),
		r.OffsetLabel, r.Shifted, r.Quiet, r.RecipientChannel, r.RecipientUser)
	h.Write([]byte(r.Message))
	if r.AckDelayMS != 0 || r.AckAudience != "" {
		// Only re-pings and escalations have them: other reminders keep
		// the hash they had before these columns.
		fmt.Fprintf(h, "|%d|%s", r.AckDelayMS, r.AckAudience)
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

// samePlan reports whether a stored row already holds the planned row.
// The hash covers the plan as given, so a reminder whose send time a
// retry moved still matches its plan.
func samePlan(old *existingReminder, plan *reminderRow) bool {
	return old.PlanHash == plan.PlanHash
}

// CancelSource implements campaignbot.ReminderStore: pending reminders and
// claimed ones whose send has not started (their claims are revoked).
func (s *ReminderStore) CancelSource(ctx context.Context, source string) (int, error) {
	res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).Where("source = ? AND "+waitingSQL, source).
		Updates(map[string]any{"status": string(campaignbot.ReminderCanceled), "claim_token": "", "claimed_by": "",
			"lease_until": nil, "updated_at": now()})
	if res.Error != nil {
		return 0, wrapErr("cancel reminders", res.Error)
	}
	return int(res.RowsAffected), nil
}

// Reminders implements campaignbot.ReminderStore.
func (s *ReminderStore) Reminders(ctx context.Context, f campaignbot.ReminderFilter) ([]campaignbot.Reminder, error) {
	q := s.db.reader(ctx).Model(&reminderRow{})
	if f.Source != "" {
		q = q.Where("source = ?", f.Source)
	}
	if f.Prefix != "" {
		q = q.Where("source LIKE ? ESCAPE '\\'", likePrefix(f.Prefix))
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", string(f.Kind))
	}
	if f.Recipient != (campaignbot.Recipient{}) {
		q = q.Where("recipient = ?", f.Recipient.String())
	}
	if len(f.Statuses) > 0 {
		st := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			st[i] = string(s)
		}
		q = q.Where("status IN ?", st)
	}
	if !f.From.IsZero() {
		q = q.Where("send_at >= ?", dbTime(f.From))
	}
	if !f.Until.IsZero() {
		q = q.Where("send_at < ?", dbTime(f.Until))
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []*reminderRow
	if err := q.Order("send_at, key").Find(&rows).Error; err != nil {
		return nil, wrapErr("list reminders", err)
	}
	out := make([]campaignbot.Reminder, 0, len(rows))
	for _, r := range rows {
		rem, err := r.reminder()
		if err != nil {
			return nil, wrapErr("list reminders", err)
		}
		out = append(out, rem)
	}
	return out, nil
}

// joinAudience is the ack_audience column of users: sorted, each once,
// space-separated.
func joinAudience(users []campaignbot.UserID) string {
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, string(u))
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), " ")
}

// splitAudience reads the ack_audience column; nil when empty.
func splitAudience(s string) []campaignbot.UserID {
	var out []campaignbot.UserID
	for _, u := range strings.Fields(s) {
		out = append(out, campaignbot.UserID(u))
	}
	return out
}
