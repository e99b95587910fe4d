package storage

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// Replan implements campaignbot.ReminderStore.
func (s *ReminderStore) Replan(ctx context.Context, source string, rs []campaignbot.Reminder, notBefore time.Time) (campaignbot.PlanResult, error) {
	if source == "" {
		return campaignbot.PlanResult{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-reminder-plan-needs-a-source-44ec8e"))
	}
	return s.replan(ctx, planScope{source: source}, map[string][]campaignbot.Reminder{source: rs}, notBefore)
}

// ReplanPrefix implements campaignbot.ReminderStore in one transaction, so
// start-up planning of 100,000 to-dos is one transaction.
func (s *ReminderStore) ReplanPrefix(ctx context.Context, prefix string, plans map[string][]campaignbot.Reminder, notBefore time.Time) (campaignbot.PlanResult, error) {
	if prefix == "" {
		return campaignbot.PlanResult{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-reminder-plan-needs-a-source-5bcfa1"))
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
// waiting reminders under the prefix row by row, so memory holds only the
// keys to cancel.
func (s *ReminderStore) CancelUnplanned(ctx context.Context, prefix string, planned map[string]bool, notBefore time.Time) (int, error) {
	var cancel []string
	err := func() error {
		rows, err := s.db.reader(ctx).Model(&reminderRow{}).Select("key, source").
			Where("source LIKE ? ESCAPE '\\' AND "+waitingSQL+" AND send_at >= ?", likePrefix(prefix), dbTime(notBefore)).Rows()
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
		var m int
		err := s.db.write(ctx, func(tx *gorm.DB) error {
			var err error
			m, err = cancelWaiting(tx, cancel[i:min(i+500, len(cancel))], now())
			return err
		})
		if err != nil {
			return n, wrapErr("cancel unplanned reminders", err)
		}
		n += m
	}
	return n, nil
}

// planLock is the PostgreSQL advisory lock (with the schema's hash) that
// serializes re-plans across replicas.
const planLock = 0x706c616e // "plan"

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
			return res, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-source-is-outside-the-plan", source, scope.prefix))
		}
		for _, r := range rs {
			row, err := newReminderRow(source, r, ts)
			if err != nil {
				return res, wrapErr("plan reminders", err)
			}
			if _, dup := planned[row.Key]; dup {
				return res, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-reminder-key-is-planned-twice", row.Key))
			}
			planned[row.Key] = &row
		}
	}
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		res = campaignbot.PlanResult{}
		if s.db.isPostgres() {
			// Replicas plan the same reminders at the same moments (start,
			// the hourly re-plan, a config reload): without this, two
			// plans both find a key missing and the second insert fails
			// on the primary key. SQLite has one writer anyway.
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(coalesce(current_schema(), '')))", planLock).Error; err != nil {
				return err
			}
		}
		existing, err := existingReminders(tx, scope, planned)
		if err != nil {
			return err
		}
		var inserts []*reminderRow
		for key, plan := range planned {
			old, ok := existing[key]
			nextAt := plan.SendAt
			if ok && old.waiting() && old.NextAt.After(old.SendAt) && old.NextAt.After(nextAt) {
				// A reminder backing off after a failed delivery keeps its
				// retry time: re-planning must not make it retry at once.
				nextAt = old.NextAt
			}
			switch {
			case !ok && plan.SendAt.Before(notBefore):
				res.Skipped++
			case !ok:
				inserts = append(inserts, plan)
				res.Added++
			case old.Source != plan.Source:
				return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.the-reminder-key-belongs-to-not", key, old.Source, plan.Source))
			case old.waiting() && samePlan(old, plan):
				res.Unchanged++
			case old.waiting() || old.Status == string(campaignbot.ReminderCanceled):
				// A claimed reminder whose send has not started goes back
				// to pending with its new plan: its claim is revoked, so
				// the holder's Start fails and it is not sent as it was.
				q := tx.Model(&reminderRow{}).Where("key = ? AND status = ?", key, old.Status)
				if old.Status == string(campaignbot.ReminderSending) {
					q = q.Where("started_at IS NULL")
				}
				upd := q.Updates(map[string]any{
					"source": plan.Source, "kind": plan.Kind, "send_at": plan.SendAt, "zone": plan.Zone, "due_at": plan.DueAt, "for_at": plan.ForAt,
					"offset_label": plan.OffsetLabel, "shifted": plan.Shifted, "quiet": plan.Quiet, "recipient_channel": plan.RecipientChannel,
					"recipient_user": plan.RecipientUser, "recipient": plan.Recipient, "message": plan.Message, "plan_hash": plan.PlanHash,
					"ack_delay_ms": plan.AckDelayMS, "ack_audience": plan.AckAudience,
					"next_at": nextAt, "status": string(campaignbot.ReminderPending), "claim_token": "", "claimed_by": "", "lease_until": nil,
					"updated_at": ts,
				})
				if upd.Error != nil {
					return upd.Error
				}
				if upd.RowsAffected == 0 {
					res.Unchanged++ // its send started meanwhile
					continue
				}
				res.Updated++
			default: // started, sent, missed or failed: never planned again
				// ...except who a channel post asks to acknowledge it
				// (ack.from and the members of ack.from_groups as the
				// configuration has them now): someone taken off the list,
				// or out of the group, after the post is no longer asked,
				// and someone added is.
				if plan.RecipientChannel != "" && plan.AckAudience != "" {
					if err := tx.Model(&reminderRow{}).Where("key = ? AND recipient_channel <> '' AND ack_audience <> '' AND ack_audience <> ?", key, plan.AckAudience).
						Updates(map[string]any{"ack_audience": plan.AckAudience, "updated_at": ts}).Error; err != nil {
						return err
					}
				}
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
			if _, ok := planned[key]; !ok && old.waiting() && !old.SendAt.Before(notBefore) {
				cancel = append(cancel, key)
			}
		}
		n, err := cancelWaiting(tx, cancel, ts)
		res.Canceled = n
		return err
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
	SendAt   time.Time
	NextAt   time.Time
	PlanHash string
	Started  bool
}

// waiting reports whether the reminder has not been sent and no send of
// it has started: pending, or claimed but not started. Re-planning may
// change or cancel it.
func (e *existingReminder) waiting() bool {
	return e.Status == string(campaignbot.ReminderPending) || e.Status == string(campaignbot.ReminderSending) && !e.Started
}

// waitingSQL selects the reminders existingReminder.waiting describes.
const waitingSQL = "(status = 'pending' OR (status = 'sending' AND started_at IS NULL))"

// cancelWaiting cancels the waiting reminders among keys, revoking the
// claims on those claimed, and returns how many it canceled.
func cancelWaiting(tx *gorm.DB, keys []string, ts time.Time) (int, error) {
	n := 0
	for i := 0; i < len(keys); i += 500 {
		res := tx.Model(&reminderRow{}).Where("key IN ? AND "+waitingSQL, keys[i:min(i+500, len(keys))]).
			Updates(map[string]any{"status": string(campaignbot.ReminderCanceled), "claim_token": "", "claimed_by": "",
				"lease_until": nil, "updated_at": ts})
		if res.Error != nil {
			return n, res.Error
		}
		n += int(res.RowsAffected)
	}
	return n, nil
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
			var next, started *time.Time
			e := &existingReminder{}
			if err := rows.Scan(&key, &e.Source, &e.Status, &next, &e.SendAt, &e.PlanHash, &started); err != nil {
				return err
			}
			e.NextAt, e.Started = fromNullTime(next), started != nil
			out[key] = e
		}
		return rows.Err()
	}
	for _, q := range scope.queries(func() *gorm.DB {
		return tx.Model(&reminderRow{}).Select("key, source, status, next_at, send_at, plan_hash, started_at")
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
		if err := scan(tx.Model(&reminderRow{}).Select("key, source, status, next_at, send_at, plan_hash, started_at").Where("key IN ?", missing[i:end])); err != nil {
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
