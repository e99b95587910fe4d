package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/campaignbot/campaignbot"
)

// MilestoneOverrides keeps the milestones added and moved in chat in the
// milestone_overrides table.
type MilestoneOverrides struct {
	db *DB
}

var _ campaignbot.CampaignOverrides = (*MilestoneOverrides)(nil)

// NewMilestoneOverrides returns a MilestoneOverrides on db.
func NewMilestoneOverrides(db *DB) *MilestoneOverrides { return &MilestoneOverrides{db: db} }

// overrideRow is a row of the milestone_overrides table. Offsets and
// Notify hold JSON: offsets in nanoseconds and the audience.
type overrideRow struct {
	ID          int64 `gorm:"primaryKey"`
	CampaignID  string
	MilestoneID string
	Kind        string
	MilestoneAt time.Time
	Name        string
	Message     string
	Offsets     string
	Notify      string
	Urgent      bool
	// Ack holds the ack policy as JSON (ackJSON).
	Ack           string
	ChangedBy     string
	ChangedByName string
	ChangedAt     time.Time
	CreatedAt     time.Time
}

// TableName implements gorm's schema.Tabler.
func (overrideRow) TableName() string { return "milestone_overrides" }

// override converts the row.
func (r *overrideRow) override() (campaignbot.MilestoneOverride, error) {
	o := campaignbot.MilestoneOverride{
		CampaignID:    r.CampaignID,
		MilestoneID:   r.MilestoneID,
		Kind:          campaignbot.OverrideKind(r.Kind),
		At:            r.MilestoneAt.UTC(),
		Name:          r.Name,
		Message:       r.Message,
		Urgent:        r.Urgent,
		ChangedBy:     campaignbot.UserID(r.ChangedBy),
		ChangedByName: r.ChangedByName,
		ChangedAt:     r.ChangedAt.UTC(),
	}
	if err := json.Unmarshal([]byte(r.Offsets), &o.Offsets); err != nil {
		return o, fmt.Errorf("milestone override %s: offsets: %w", o.Ref(), err)
	}
	if err := json.Unmarshal([]byte(r.Notify), &o.Notify); err != nil {
		return o, fmt.Errorf("milestone override %s: notify: %w", o.Ref(), err)
	}
	var a ackJSON
	if r.Ack != "" {
		if err := json.Unmarshal([]byte(r.Ack), &a); err != nil {
			return o, fmt.Errorf("milestone override %s: ack: %w", o.Ref(), err)
		}
	}
	o.Ack = campaignbot.AckPolicy{Required: a.Required, RepingAfter: time.Duration(a.RepingAfterMS) * time.Millisecond,
		EscalateAfter: time.Duration(a.EscalateAfterMS) * time.Millisecond}
	return o, nil
}

// ackJSON is the ack column of milestone_overrides: an added milestone's
// campaignbot.AckPolicy, "{}" when it asks for none.
type ackJSON struct {
	Required        bool  `json:"required,omitempty"`
	RepingAfterMS   int64 `json:"reping_after_ms,omitempty"`
	EscalateAfterMS int64 `json:"escalate_after_ms,omitempty"`
}

// Overrides implements campaignbot.CampaignOverrides.
func (s *MilestoneOverrides) Overrides(ctx context.Context, campaignID string) ([]campaignbot.MilestoneOverride, error) {
	q := s.db.reader(ctx)
	if campaignID != "" {
		q = q.Where("campaign_id = ?", campaignID)
	}
	var rows []*overrideRow
	if err := q.Order("campaign_id, milestone_id").Find(&rows).Error; err != nil {
		return nil, wrapErr("list milestone overrides", err)
	}
	out := make([]campaignbot.MilestoneOverride, 0, len(rows))
	for _, r := range rows {
		o, err := r.override()
		if err != nil {
			return nil, wrapErr("list milestone overrides", err)
		}
		out = append(out, o)
	}
	return out, nil
}

// checkRef reports EINVALID when a campaign or milestone id is missing.
func checkRef(campaignID, milestoneID string) error {
	if strings.TrimSpace(campaignID) == "" || strings.TrimSpace(milestoneID) == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.a-milestone-change-needs-a-campaign"))
	}
	return nil
}

// AddMilestone implements campaignbot.CampaignOverrides. The unique index
// on (campaign_id, milestone_id) makes concurrent additions of one id
// conflict instead of both succeeding.
func (s *MilestoneOverrides) AddMilestone(ctx context.Context, o campaignbot.MilestoneOverride) (campaignbot.MilestoneOverride, error) {
	if err := checkRef(o.CampaignID, o.MilestoneID); err != nil {
		return o, err
	}
	if strings.TrimSpace(o.Name) == "" || o.At.IsZero() {
		return o, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-milestone-needs-a-name-and", o.Ref()))
	}
	offsets, err := json.Marshal(o.Offsets)
	if err != nil {
		return o, fmt.Errorf("storage: add milestone %s: %w", o.Ref(), err)
	}
	notify, err := json.Marshal(o.Notify)
	if err != nil {
		return o, fmt.Errorf("storage: add milestone %s: %w", o.Ref(), err)
	}
	ack, err := json.Marshal(ackJSON{Required: o.Ack.Required, RepingAfterMS: o.Ack.RepingAfter.Milliseconds(), EscalateAfterMS: o.Ack.EscalateAfter.Milliseconds()})
	if err != nil {
		return o, fmt.Errorf("storage: add milestone %s: %w", o.Ref(), err)
	}
	ts := now()
	if o.Offsets == nil {
		offsets = []byte("[]")
	}
	res := s.db.rw.WithContext(ctx).Exec(`INSERT INTO milestone_overrides
(campaign_id, milestone_id, kind, milestone_at, name, message, offsets, notify, urgent, ack, changed_by, changed_by_name, changed_at, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, milestone_id) DO NOTHING`,
		o.CampaignID, o.MilestoneID, string(campaignbot.OverrideAdded), dbTime(o.At), o.Name, o.Message, string(offsets), string(notify),
		o.Urgent, string(ack), string(o.ChangedBy), o.ChangedByName, ts, ts)
	if res.Error != nil {
		return o, wrapErr("add milestone", res.Error)
	}
	if res.RowsAffected == 0 {
		return o, campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("storage.the-campaign-already-has-a-milestone", o.CampaignID, o.MilestoneID))
	}
	o.Kind = campaignbot.OverrideAdded
	o.At = dbTime(o.At)
	o.ChangedAt = ts
	return o, nil
}

// MoveMilestone implements campaignbot.CampaignOverrides in one
// transaction: an added milestone's row gets the new time, any other
// milestone's moved row is inserted or replaced.
func (s *MilestoneOverrides) MoveMilestone(ctx context.Context, campaignID, milestoneID string, at time.Time, by campaignbot.UserID, byName string) (campaignbot.MilestoneOverride, error) {
	if err := checkRef(campaignID, milestoneID); err != nil {
		return campaignbot.MilestoneOverride{}, err
	}
	if at.IsZero() {
		return campaignbot.MilestoneOverride{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.say-when-the-milestone-moves-to"))
	}
	ts := now()
	var out campaignbot.MilestoneOverride
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		res := tx.Exec(`INSERT INTO milestone_overrides
(campaign_id, milestone_id, kind, milestone_at, name, message, offsets, notify, urgent, changed_by, changed_by_name, changed_at, created_at)
VALUES (?, ?, ?, ?, '', '', '[]', '{}', FALSE, ?, ?, ?, ?)
ON CONFLICT (campaign_id, milestone_id) DO UPDATE SET milestone_at = excluded.milestone_at,
	changed_by = excluded.changed_by, changed_by_name = excluded.changed_by_name, changed_at = excluded.changed_at`,
			campaignID, milestoneID, string(campaignbot.OverrideMoved), dbTime(at), string(by), byName, ts, ts)
		if res.Error != nil {
			return res.Error
		}
		var row overrideRow
		if err := tx.Where("campaign_id = ? AND milestone_id = ?", campaignID, milestoneID).Take(&row).Error; err != nil {
			return err
		}
		o, err := row.override()
		out = o
		return err
	})
	if err != nil {
		return campaignbot.MilestoneOverride{}, wrapErr("move milestone", err)
	}
	return out, nil
}

// RemoveOverride implements campaignbot.CampaignOverrides.
func (s *MilestoneOverrides) RemoveOverride(ctx context.Context, campaignID, milestoneID string) (campaignbot.MilestoneOverride, error) {
	var out campaignbot.MilestoneOverride
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		var row overrideRow
		err := tx.Where("campaign_id = ? AND milestone_id = ?", campaignID, milestoneID).Take(&row).Error
		if isNotFound(err) {
			return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.the-milestone-was-not-added-or", campaignID, milestoneID))
		}
		if err != nil {
			return err
		}
		if out, err = row.override(); err != nil {
			return err
		}
		return tx.Where("id = ?", row.ID).Delete(&overrideRow{}).Error
	})
	if err != nil {
		return campaignbot.MilestoneOverride{}, wrapErr("reset milestone", err)
	}
	return out, nil
}
