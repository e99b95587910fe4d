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
	"gorm.io/gorm"
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
	Key              string `gorm:"primaryKey"`
	Source           string
	Kind             string
	SendAt           time.Time
	Zone             string
	DueAt            *time.Time
	OffsetLabel      string
	Shifted          bool
	RecipientChannel string
	RecipientUser    string
	Message          string
	// PlanHash digests what was planned, so re-planning compares keys and
	// hashes instead of loading every planned message.
	PlanHash  string
	Status    string
	Attempts  int
	ClaimedBy string
	ClaimedAt *time.Time
	Late      bool
	SentAt    *time.Time
	Reason    string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName implements gorm's schema.Tabler.
func (reminderRow) TableName() string { return "reminders" }

// reminder converts the row.
func (r *reminderRow) reminder() (campaignbot.Reminder, error) {
	var m campaignbot.OutgoingMessage
	if err := json.Unmarshal([]byte(r.Message), &m); err != nil {
		return campaignbot.Reminder{}, fmt.Errorf("reminder %s: message: %w", r.Key, err)
	}
	return campaignbot.Reminder{
		Key:       r.Key,
		Source:    r.Source,
		Kind:      campaignbot.ReminderKind(r.Kind),
		At:        r.SendAt.UTC(),
		Zone:      r.Zone,
		Due:       fromNullTime(r.DueAt),
		Offset:    r.OffsetLabel,
		Shifted:   r.Shifted,
		Recipient: campaignbot.Recipient{Channel: campaignbot.ChannelID(r.RecipientChannel), User: campaignbot.UserID(r.RecipientUser)},
		Message:   m,
		Status:    campaignbot.ReminderStatus(r.Status),
		Attempts:  r.Attempts,
		Late:      r.Late,
		SentAt:    fromNullTime(r.SentAt),
		Reason:    r.Reason,
	}, nil
}

// newReminderRow converts a planned reminder into a pending row.
func newReminderRow(source string, r campaignbot.Reminder, ts time.Time) (reminderRow, error) {
	switch {
	case r.Key == "":
		return reminderRow{}, campaignbot.Errorf(campaignbot.EINVALID, "A reminder needs a key.", "提醒缺少键。")
	case r.At.IsZero():
		return reminderRow{}, campaignbot.Errorf(campaignbot.EINVALID, "The reminder %s has no time.", "提醒 %s 没有时间。", r.Key)
	case (r.Recipient.Channel == "") == (r.Recipient.User == ""):
		return reminderRow{}, campaignbot.Errorf(campaignbot.EINVALID, "The reminder %s needs exactly one recipient.", "提醒 %s 需要且只能有一个接收者。", r.Key)
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
		OffsetLabel:      r.Offset,
		Shifted:          r.Shifted,
		RecipientChannel: string(r.Recipient.Channel),
		RecipientUser:    string(r.Recipient.User),
		Message:          string(msg),
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
	fmt.Fprintf(h, "%d|%s|%s|%d|%s|%t|%s|%s|", r.SendAt.UnixNano(), r.Kind, r.Zone, fromNullTime(r.DueAt).UnixNano(),
		r.OffsetLabel, r.Shifted, r.RecipientChannel, r.RecipientUser)
	h.Write([]byte(r.Message))
	return strconv.FormatUint(h.Sum64(), 36)
}

// samePlan reports whether a stored row already holds the planned row.
// The hash covers the plan as given, so a reminder whose send time a
// retry moved still matches its plan.
func samePlan(old *existingReminder, plan *reminderRow) bool {
	return old.PlanHash == plan.PlanHash
}

// Replan implements campaignbot.ReminderStore.
func (s *ReminderStore) Replan(ctx context.Context, source string, rs []campaignbot.Reminder, notBefore time.Time) (campaignbot.PlanResult, error) {
	if source == "" {
		return campaignbot.PlanResult{}, campaignbot.Errorf(campaignbot.EINVALID, "A reminder plan needs a source.", "提醒计划缺少来源。")
	}
	return s.replan(ctx, planScope{source: source}, map[string][]campaignbot.Reminder{source: rs}, notBefore)
}

// ReplanPrefix implements campaignbot.ReminderStore in one transaction, so
// start-up planning of 100,000 to-dos is one transaction.
func (s *ReminderStore) ReplanPrefix(ctx context.Context, prefix string, plans map[string][]campaignbot.Reminder, notBefore time.Time) (campaignbot.PlanResult, error) {
	if prefix == "" {
		return campaignbot.PlanResult{}, campaignbot.Errorf(campaignbot.EINVALID, "A reminder plan needs a source prefix.", "提醒计划缺少来源前缀。")
	}
	return s.replan(ctx, planScope{prefix: prefix}, plans, notBefore)
}

// ReplanSources implements campaignbot.ReminderStore.
func (s *ReminderStore) ReplanSources(ctx context.Context, plans map[string][]campaignbot.Reminder, notBefore time.Time) (campaignbot.PlanResult, error) {
	if len(plans) == 0 {
		return campaignbot.PlanResult{}, nil
	}
	sources := make([]string, 0, len(plans))
	for src := range plans {
		sources = append(sources, src)
	}
	return s.replan(ctx, planScope{sources: sources}, plans, notBefore)
}

// CancelUnplanned implements campaignbot.ReminderStore. It reads the
// pending reminders under the prefix row by row, so memory holds only the
// keys to cancel.
func (s *ReminderStore) CancelUnplanned(ctx context.Context, prefix string, planned map[string]bool, notBefore time.Time) (int, error) {
	var cancel []string
	err := func() error {
		rows, err := s.db.reader(ctx).Model(&reminderRow{}).Select("key, source").
			Where("source LIKE ? ESCAPE '\\' AND status = ? AND send_at >= ?", likePrefix(prefix), string(campaignbot.ReminderPending), dbTime(notBefore)).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var key, source string
			if err := rows.Scan(&key, &source); err != nil {
				return err
			}
			if !planned[source] {
				cancel = append(cancel, key)
			}
		}
		return rows.Err()
	}()
	if err != nil {
		return 0, wrapErr("cancel unplanned reminders", err)
	}
	n := 0
	for i := 0; i < len(cancel); i += 500 {
		res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).Where("key IN ? AND status = ?", cancel[i:min(i+500, len(cancel))], string(campaignbot.ReminderPending)).
			Updates(map[string]any{"status": string(campaignbot.ReminderCanceled), "updated_at": now()})
		if res.Error != nil {
			return n, wrapErr("cancel unplanned reminders", res.Error)
		}
		n += int(res.RowsAffected)
	}
	return n, nil
}

// planScope is the set of sources a re-plan replaces: one source, every
// source with a prefix, or a list of sources.
type planScope struct {
	source  string
	prefix  string
	sources []string
}

// contains reports whether a source is in the scope.
func (sc planScope) contains(source string) bool {
	switch {
	case sc.source != "":
		return source == sc.source
	case sc.prefix != "":
		return strings.HasPrefix(source, sc.prefix)
	}
	return slices.Contains(sc.sources, source)
}

// queries returns the queries selecting the scope's rows.
func (sc planScope) queries(q func() *gorm.DB) []*gorm.DB {
	switch {
	case sc.source != "":
		return []*gorm.DB{q().Where("source = ?", sc.source)}
	case sc.prefix != "":
		return []*gorm.DB{q().Where("source LIKE ? ESCAPE '\\'", likePrefix(sc.prefix))}
	}
	var out []*gorm.DB
	for i := 0; i < len(sc.sources); i += 500 {
		out = append(out, q().Where("source IN ?", sc.sources[i:min(i+500, len(sc.sources))]))
	}
	return out
}

// replan re-plans sources in one transaction: every source in plans gets
// exactly its reminders, and pending reminders of other sources in scope
// are canceled.
func (s *ReminderStore) replan(ctx context.Context, scope planScope, plans map[string][]campaignbot.Reminder, notBefore time.Time) (campaignbot.PlanResult, error) {
	notBefore = dbTime(notBefore)
	var res campaignbot.PlanResult
	ts := now()
	planned := make(map[string]*reminderRow)
	for source, rs := range plans {
		if !scope.contains(source) {
			return res, campaignbot.Errorf(campaignbot.EINVALID, "The source %s is outside the plan's scope %s.", "来源 %s 不在计划范围 %s 内。", source, scope.prefix)
		}
		for _, r := range rs {
			row, err := newReminderRow(source, r, ts)
			if err != nil {
				return res, wrapErr("plan reminders", err)
			}
			if _, dup := planned[row.Key]; dup {
				return res, campaignbot.Errorf(campaignbot.EINVALID, "The reminder key %s is planned twice.", "提醒键 %s 被重复计划。", row.Key)
			}
			planned[row.Key] = &row
		}
	}
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		res = campaignbot.PlanResult{}
		existing, err := existingReminders(tx, scope, planned)
		if err != nil {
			return err
		}
		var inserts []*reminderRow
		for key, plan := range planned {
			old, ok := existing[key]
			if ok && old.Status == string(campaignbot.ReminderPending) && old.Attempts > 0 && old.SendAt.After(plan.SendAt) {
				// A reminder backing off after a failed delivery keeps its
				// retry time: re-planning must not make it retry at once.
				p := *plan
				p.SendAt = old.SendAt // the hash stays the plan's
				plan = &p
			}
			switch {
			case !ok && plan.SendAt.Before(notBefore):
				res.Skipped++
			case !ok:
				inserts = append(inserts, plan)
				res.Added++
			case old.Source != plan.Source:
				return campaignbot.Errorf(campaignbot.ECONFLICT, "The reminder key %s belongs to %s, not %s.", "提醒键 %s 属于 %s，而不是 %s。", key, old.Source, plan.Source)
			case old.Status == string(campaignbot.ReminderPending) && samePlan(old, plan):
				res.Unchanged++
			case old.Status == string(campaignbot.ReminderPending) || old.Status == string(campaignbot.ReminderCanceled):
				if err := tx.Model(&reminderRow{}).Where("key = ? AND status = ?", key, old.Status).Updates(map[string]any{
					"source": plan.Source, "kind": plan.Kind, "send_at": plan.SendAt, "zone": plan.Zone, "due_at": plan.DueAt,
					"offset_label": plan.OffsetLabel, "shifted": plan.Shifted, "recipient_channel": plan.RecipientChannel,
					"recipient_user": plan.RecipientUser, "message": plan.Message, "plan_hash": plan.PlanHash, "status": string(campaignbot.ReminderPending),
					"updated_at": ts,
				}).Error; err != nil {
					return err
				}
				res.Updated++
			default: // sending, sent, missed or failed: never planned again
				res.Unchanged++
			}
		}
		for i := 0; i < len(inserts); i += 500 {
			end := min(i+500, len(inserts))
			if err := tx.Create(inserts[i:end]).Error; err != nil {
				return err
			}
		}
		var cancel []string
		for key, old := range existing {
			if _, ok := planned[key]; !ok && old.Status == string(campaignbot.ReminderPending) && !old.SendAt.Before(notBefore) {
				cancel = append(cancel, key)
			}
		}
		for i := 0; i < len(cancel); i += 500 {
			end := min(i+500, len(cancel))
			if err := tx.Model(&reminderRow{}).Where("key IN ? AND status = ?", cancel[i:end], string(campaignbot.ReminderPending)).
				Updates(map[string]any{"status": string(campaignbot.ReminderCanceled), "updated_at": ts}).Error; err != nil {
				return err
			}
		}
		res.Canceled = len(cancel)
		return nil
	})
	if err != nil {
		return campaignbot.PlanResult{}, wrapErr("plan reminders", err)
	}
	return res, nil
}

// existingReminder is what re-planning needs of a stored reminder.
type existingReminder struct {
	Source   string
	Status   string
	Attempts int
	SendAt   time.Time
	PlanHash string
}

// existingReminders loads the rows in scope plus any planned key stored
// under another source, keyed by key. Only the few columns re-planning
// compares are read, row by row, so 100,000 reminders stay cheap.
func existingReminders(tx *gorm.DB, scope planScope, planned map[string]*reminderRow) (map[string]*existingReminder, error) {
	out := make(map[string]*existingReminder, len(planned))
	scan := func(q *gorm.DB) error {
		rows, err := q.Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var key string
			e := &existingReminder{}
			if err := rows.Scan(&key, &e.Source, &e.Status, &e.Attempts, &e.SendAt, &e.PlanHash); err != nil {
				return err
			}
			out[key] = e
		}
		return rows.Err()
	}
	for _, q := range scope.queries(func() *gorm.DB {
		return tx.Model(&reminderRow{}).Select("key, source, status, attempts, send_at, plan_hash")
	}) {
		if err := scan(q); err != nil {
			return nil, err
		}
	}
	// Keys planned here but stored under a source outside the scope.
	var missing []string
	for key := range planned {
		if _, ok := out[key]; !ok {
			missing = append(missing, key)
		}
	}
	for i := 0; i < len(missing); i += 500 {
		end := min(i+500, len(missing))
		if err := scan(tx.Model(&reminderRow{}).Select("key, source, status, attempts, send_at, plan_hash").Where("key IN ?", missing[i:end])); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// likePrefix escapes a LIKE pattern matching strings starting with p.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

// CancelSource implements campaignbot.ReminderStore.
func (s *ReminderStore) CancelSource(ctx context.Context, source string) (int, error) {
	res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).Where("source = ? AND status = ?", source, string(campaignbot.ReminderPending)).
		Updates(map[string]any{"status": string(campaignbot.ReminderCanceled), "updated_at": now()})
	if res.Error != nil {
		return 0, wrapErr("cancel reminders", res.Error)
	}
	return int(res.RowsAffected), nil
}

// Claim implements campaignbot.ReminderStore. On PostgreSQL the candidate
// rows are locked with FOR UPDATE SKIP LOCKED, so concurrent dispatchers on
// several replicas each take different rows; on SQLite the immediate write
// transaction serializes claims.
func (s *ReminderStore) Claim(ctx context.Context, owner string, at, staleBefore time.Time, limit int) ([]campaignbot.Reminder, error) {
	if limit <= 0 {
		limit = 100
	}
	lock := ""
	if s.db.isPostgres() {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var out []campaignbot.Reminder
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		out = nil
		var rows []*reminderRow
		err := tx.Raw(`SELECT * FROM reminders
WHERE (status = ? AND send_at <= ?) OR (status = ? AND claimed_at < ?)
ORDER BY send_at, key LIMIT ?`+lock,
			string(campaignbot.ReminderPending), dbTime(at), string(campaignbot.ReminderSending), dbTime(staleBefore), limit).
			Scan(&rows).Error
		if err != nil || len(rows) == 0 {
			return err
		}
		keys := make([]string, len(rows))
		for i, r := range rows {
			keys[i] = r.Key
		}
		ts := now()
		if err := tx.Model(&reminderRow{}).Where("key IN ?", keys).Updates(map[string]any{
			"status": string(campaignbot.ReminderSending), "claimed_by": owner, "claimed_at": ts,
			"attempts": gorm.Expr("attempts + 1"), "updated_at": ts,
		}).Error; err != nil {
			return err
		}
		for _, r := range rows {
			rem, err := r.reminder()
			if err != nil {
				return err
			}
			rem.Unconfirmed = r.Status == string(campaignbot.ReminderSending)
			rem.Status = campaignbot.ReminderSending
			rem.Attempts++
			out = append(out, rem)
		}
		return nil
	})
	if err != nil {
		return nil, wrapErr("claim reminders", err)
	}
	return out, nil
}

// Finish implements campaignbot.ReminderStore.
func (s *ReminderStore) Finish(ctx context.Context, key string, status campaignbot.ReminderStatus, at time.Time, late bool, reason string) error {
	switch status {
	case campaignbot.ReminderSent, campaignbot.ReminderMissed, campaignbot.ReminderFailed, campaignbot.ReminderCanceled:
	default:
		return campaignbot.Errorf(campaignbot.EINVALID, "A reminder cannot finish as %s.", "提醒不能以 %s 状态结束。", status)
	}
	fields := map[string]any{"status": string(status), "late": late, "reason": reason, "updated_at": now(), "claimed_by": ""}
	if status == campaignbot.ReminderSent {
		fields["sent_at"] = dbTime(at)
	}
	res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).Where("key = ? AND status = ?", key, string(campaignbot.ReminderSending)).Updates(fields)
	if res.Error != nil {
		return wrapErr("finish reminder", res.Error)
	}
	if res.RowsAffected == 0 {
		return campaignbot.Errorf(campaignbot.ENOTFOUND, "No reminder %s is being sent.", "没有正在发送的提醒 %s。", key)
	}
	return nil
}

// Retry implements campaignbot.ReminderStore.
func (s *ReminderStore) Retry(ctx context.Context, key string, next time.Time, reason string) error {
	res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).Where("key = ? AND status = ?", key, string(campaignbot.ReminderSending)).
		Updates(map[string]any{"status": string(campaignbot.ReminderPending), "send_at": dbTime(next), "reason": reason, "claimed_by": "", "updated_at": now()})
	if res.Error != nil {
		return wrapErr("retry reminder", res.Error)
	}
	if res.RowsAffected == 0 {
		return campaignbot.Errorf(campaignbot.ENOTFOUND, "No reminder %s is being sent.", "没有正在发送的提醒 %s。", key)
	}
	return nil
}

// NextAt implements campaignbot.ReminderStore.
func (s *ReminderStore) NextAt(ctx context.Context) (time.Time, bool, error) {
	var rows []reminderRow
	err := s.db.reader(ctx).Select("send_at").Where("status = ?", string(campaignbot.ReminderPending)).
		Order("send_at").Limit(1).Find(&rows).Error
	if err != nil {
		return time.Time{}, false, wrapErr("next reminder", err)
	}
	if len(rows) == 0 {
		return time.Time{}, false, nil
	}
	return rows[0].SendAt.UTC(), true, nil
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
