package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// claimLock is the PostgreSQL advisory lock key that serializes claims
// (with the schema's hash as its second half), so two replicas never take
// runs of the same recipient at once. Claims are short transactions.
const claimLock = 0x636c6d73 // "clms"

// claimableSQL selects the keys a claim may take: for each recipient with
// no reminder under an unexpired claim, the first due reminders in its
// order (send_at, key), stopping before the first one that waits (not due
// yet, or backing off after a failure). Only reminders with send_at <= now
// can be due, and every reminder after one that is not comes later in the
// order, so the inner scan reads just the due backlog.
const claimableSQL = `SELECT key FROM (
	SELECT key, send_at,
		SUM(CASE WHEN status = 'sending' AND lease_until > ? THEN 1 ELSE 0 END)
			OVER (PARTITION BY recipient) AS held,
		SUM(CASE WHEN status = 'pending' AND next_at > ? THEN 1 ELSE 0 END)
			OVER (PARTITION BY recipient ORDER BY send_at, key ROWS UNBOUNDED PRECEDING) AS waiting,
		ROW_NUMBER() OVER (PARTITION BY recipient ORDER BY send_at, key) AS pos
	FROM reminders
	WHERE status IN ('pending', 'sending') AND send_at <= ?
) AS due
WHERE held = 0 AND waiting = 0 AND pos <= ?
ORDER BY send_at, key
LIMIT ?`

// Claim implements campaignbot.ReminderStore. Claims run one at a time:
// SQLite's immediate write transaction serializes them, and on PostgreSQL
// a transaction-scoped advisory lock does, so each sees the runs the
// previous one took.
func (s *ReminderStore) Claim(ctx context.Context, req campaignbot.ClaimRequest) ([]campaignbot.Reminder, error) {
	if req.Limit <= 0 {
		req.Limit = 100
	}
	if req.PerRecipient <= 0 {
		req.PerRecipient = req.Limit
	}
	if !req.LeaseUntil.After(req.Now) {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-claim-needs-a-lease-that"))
	}
	token, err := newClaimToken()
	if err != nil {
		return nil, err
	}
	now := dbTime(req.Now)
	var out []campaignbot.Reminder
	err = s.db.write(ctx, func(tx *gorm.DB) error {
		out = nil
		if s.db.isPostgres() {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(coalesce(current_schema(), '')))", claimLock).Error; err != nil {
				return err
			}
		}
		var keys []string
		if err := tx.Raw(claimableSQL, now, now, now, req.PerRecipient, req.Limit).Scan(&keys).Error; err != nil {
			return err
		}
		if len(keys) == 0 {
			return nil
		}
		var recovered []string
		if err := tx.Model(&reminderRow{}).Where("key IN ? AND status = ?", keys, string(campaignbot.ReminderSending)).
			Pluck("key", &recovered).Error; err != nil {
			return err
		}
		// The update checks again that each reminder is claimable: on
		// PostgreSQL a re-plan, Finish or Retry of another replica may have
		// committed since the keys were picked (re-plans do not take the
		// claim lock), and the update sees its result.
		if err := tx.Model(&reminderRow{}).Where("key IN ? AND ((status = ? AND next_at <= ?) OR (status = ? AND lease_until <= ?))",
			keys, string(campaignbot.ReminderPending), now, string(campaignbot.ReminderSending), now).Updates(map[string]any{
			"status": string(campaignbot.ReminderSending), "claimed_by": req.Owner, "claimed_at": now,
			"claim_token": token, "lease_until": dbTime(req.LeaseUntil), "updated_at": now,
		}).Error; err != nil {
			return err
		}
		var rows []*reminderRow
		if err := tx.Where("claim_token = ?", token).Find(&rows).Error; err != nil {
			return err
		}
		wasSending := make(map[string]bool, len(recovered))
		for _, k := range recovered {
			wasSending[k] = true
		}
		order := make(map[string]int, len(keys))
		for i, k := range keys {
			order[k] = i
		}
		slices.SortFunc(rows, func(a, b *reminderRow) int { return order[a.Key] - order[b.Key] })
		for _, r := range rows {
			rem, err := r.reminder()
			if err != nil {
				return err
			}
			rem.Recovered = wasSending[r.Key]
			rem.Status = campaignbot.ReminderSending
			rem.Claim = token
			out = append(out, rem)
		}
		return nil
	})
	if err != nil {
		return nil, wrapErr("claim reminders", err)
	}
	return out, nil
}

// newClaimToken returns a fresh random claim token.
func newClaimToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", wrapErr("claim reminders", err)
	}
	return hex.EncodeToString(b), nil
}

// errClaimLost is the error of a reminder whose claim another dispatcher
// took over.
func errClaimLost(key string) error {
	return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.the-claim-on-reminder-was-lost", key))
}

// held updates the reminder key while claim holds it, and reports
// ECONFLICT when it does not.
func (s *ReminderStore) held(ctx context.Context, what, key, claim string, fields map[string]any) error {
	fields["updated_at"] = now()
	res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).
		Where("key = ? AND claim_token = ? AND status = ?", key, claim, string(campaignbot.ReminderSending)).Updates(fields)
	if res.Error != nil {
		return wrapErr(what, res.Error)
	}
	if res.RowsAffected == 0 || claim == "" {
		return errClaimLost(key)
	}
	return nil
}

// Start implements campaignbot.ReminderStore.
func (s *ReminderStore) Start(ctx context.Context, key, claim string, at, leaseUntil time.Time) error {
	return s.held(ctx, "start reminder", key, claim, map[string]any{
		"started_at": dbTime(at), "lease_until": dbTime(leaseUntil), "attempts": gorm.Expr("attempts + 1"),
	})
}

// Renew implements campaignbot.ReminderStore.
func (s *ReminderStore) Renew(ctx context.Context, claims []string, leaseUntil time.Time) (int, error) {
	if len(claims) == 0 {
		return 0, nil
	}
	res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).
		Where("claim_token IN ? AND status = ?", claims, string(campaignbot.ReminderSending)).
		Updates(map[string]any{"lease_until": dbTime(leaseUntil)})
	if res.Error != nil {
		return 0, wrapErr("renew reminder claims", res.Error)
	}
	return int(res.RowsAffected), nil
}

// Release implements campaignbot.ReminderStore.
func (s *ReminderStore) Release(ctx context.Context, claim string, keys []string) error {
	if len(keys) == 0 || claim == "" {
		return nil
	}
	res := s.db.rw.WithContext(ctx).Model(&reminderRow{}).
		Where("key IN ? AND claim_token = ? AND status = ?", keys, claim, string(campaignbot.ReminderSending)).
		Updates(map[string]any{"status": string(campaignbot.ReminderPending), "claim_token": "", "claimed_by": "",
			"lease_until": nil, "updated_at": now()})
	if res.Error != nil {
		return wrapErr("release reminders", res.Error)
	}
	return nil
}

// Finish implements campaignbot.ReminderStore.
func (s *ReminderStore) Finish(ctx context.Context, key, claim string, status campaignbot.ReminderStatus, at time.Time, late bool, reason string) error {
	switch status {
	case campaignbot.ReminderSent, campaignbot.ReminderMissed, campaignbot.ReminderFailed, campaignbot.ReminderCanceled:
	default:
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-reminder-cannot-finish-as", status))
	}
	fields := map[string]any{"status": string(status), "late": late, "reason": reason, "claim_token": "", "lease_until": nil}
	if status == campaignbot.ReminderSent {
		fields["sent_at"] = dbTime(at)
	}
	return s.held(ctx, "finish reminder", key, claim, fields)
}

// Posted implements campaignbot.ReminderStore.
func (s *ReminderStore) Posted(ctx context.Context, key, claim, ts string) error {
	return s.held(ctx, "record a reminder's message id", key, claim, map[string]any{"sent_ts": ts})
}

// Retry implements campaignbot.ReminderStore.
func (s *ReminderStore) Retry(ctx context.Context, key, claim string, next time.Time, unknown bool, reason string) error {
	fields := map[string]any{"status": string(campaignbot.ReminderPending), "next_at": dbTime(next), "reason": reason,
		"claim_token": "", "claimed_by": "", "lease_until": nil}
	if !unknown {
		fields["started_at"] = nil
	}
	return s.held(ctx, "retry reminder", key, claim, fields)
}

// Defer implements campaignbot.ReminderStore.
func (s *ReminderStore) Defer(ctx context.Context, key, claim string, at time.Time, unknown bool, reason string) error {
	fields := map[string]any{"status": string(campaignbot.ReminderPending), "send_at": dbTime(at), "next_at": dbTime(at), "reason": reason,
		"claim_token": "", "claimed_by": "", "lease_until": nil}
	if !unknown {
		fields["started_at"] = nil
	}
	return s.held(ctx, "defer reminder", key, claim, fields)
}

// NextAt implements campaignbot.ReminderStore. Each half reads one row in
// index order (status, next_at) or (status, send_at); SQLite would hand an
// aggregate of a DATETIME column back as text.
func (s *ReminderStore) NextAt(ctx context.Context, after time.Time) (time.Time, bool, error) {
	after = dbTime(after)
	var best time.Time
	for _, q := range []struct{ status, column string }{
		{string(campaignbot.ReminderPending), "next_at"},
		{string(campaignbot.ReminderSending), "lease_until"},
	} {
		var rows []reminderRow
		err := s.db.reader(ctx).Select(q.column).Where("status = ? AND "+q.column+" > ?", q.status, after).
			Order(q.column).Limit(1).Find(&rows).Error
		if err != nil {
			return time.Time{}, false, wrapErr("next reminder", err)
		}
		if len(rows) == 0 {
			continue
		}
		at := rows[0].NextAt
		if q.column == "lease_until" {
			at = rows[0].LeaseUntil
		}
		if at != nil && (best.IsZero() || at.Before(best)) {
			best = at.UTC()
		}
	}
	return best, !best.IsZero(), nil
}
