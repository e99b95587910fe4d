package campaignbot

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// OverrideKind says how a runtime change alters a campaign's milestones.
type OverrideKind string

// The kinds of milestone override.
const (
	// OverrideAdded is a milestone added at runtime, absent from the config
	// file.
	OverrideAdded OverrideKind = "added"
	// OverrideMoved moves a milestone of the config file to another time.
	OverrideMoved OverrideKind = "moved"
)

// MilestoneOverride is a change to a campaign's milestones made in chat
// and kept in the database, on top of the config file: an added milestone
// or a moved one.
type MilestoneOverride struct {
	CampaignID  string
	MilestoneID string
	Kind        OverrideKind
	// At is the milestone's (new) instant.
	At time.Time
	// Name, Message, Offsets, Notify and Urgent describe an added
	// milestone; a moved one keeps those of the config file.
	Name    string
	Message string
	Offsets []time.Duration
	Notify  Audience
	Urgent  bool
	// Ack is an added milestone's ack policy (`ack`, 需确认): the people
	// it DMs are asked to acknowledge each reminder. A moved milestone
	// keeps the config file's, and moving an added one keeps this.
	Ack AckPolicy
	// ChangedBy is who made the last change, ChangedByName their handle
	// then (for places without a chat directory, like `config check`),
	// and ChangedAt when.
	ChangedBy     UserID
	ChangedByName string
	ChangedAt     time.Time
}

// Ref returns "campaign/milestone".
func (o MilestoneOverride) Ref() string { return o.CampaignID + "/" + o.MilestoneID }

// Milestone returns the milestone an added override describes.
func (o MilestoneOverride) Milestone() Milestone {
	return Milestone{
		ID:      o.MilestoneID,
		Name:    o.Name,
		At:      o.At,
		Message: o.Message,
		Offsets: slices.Clone(o.Offsets),
		Notify:  o.Notify,
		Urgent:  o.Urgent,
		Ack:     o.Ack,
	}
}

// MilestoneChange marks a milestone that differs from the config file
// because of a MilestoneOverride.
type MilestoneChange struct {
	Kind OverrideKind
	// ConfigAt is the time the config file gives a moved milestone.
	ConfigAt time.Time
	// By, ByName and At say who changed it and when.
	By     UserID
	ByName string
	At     time.Time
}

// CampaignOverrides keeps the milestones added and moved at runtime.
type CampaignOverrides interface {
	// Overrides returns the overrides of the campaign, or of every
	// campaign when campaignID is "", ordered by campaign, then milestone.
	Overrides(ctx context.Context, campaignID string) ([]MilestoneOverride, error)
	// AddMilestone stores an added milestone (o.Kind is ignored). Returns
	// EINVALID when a field is missing and ECONFLICT when the campaign
	// already has an override for that milestone id.
	AddMilestone(ctx context.Context, o MilestoneOverride) (MilestoneOverride, error)
	// MoveMilestone sets the time of a milestone: an added milestone gets
	// the new time, any other gets a moved override (replacing an earlier
	// one). The caller checks that the milestone exists. Returns EINVALID.
	MoveMilestone(ctx context.Context, campaignID, milestoneID string, at time.Time, by UserID, byName string) (MilestoneOverride, error)
	// RemoveOverride drops the override of a milestone and returns it: an
	// added milestone disappears, a moved one is back at the time of the
	// config file. Returns ENOTFOUND.
	RemoveOverride(ctx context.Context, campaignID, milestoneID string) (MilestoneOverride, error)
}

// MergeOverrides returns copies of campaigns with the overrides applied:
// moved milestones get the override's time, added ones are appended, and
// each changed milestone carries a MilestoneChange. The campaigns passed
// in are not modified. Overrides that cannot apply are returned as stale:
// those of unknown campaigns, moves of milestones the config file no
// longer has, and additions whose id the config file now uses (the config
// file wins).
func MergeOverrides(campaigns []Campaign, overrides []MilestoneOverride) (merged []Campaign, stale []MilestoneOverride) {
	merged = make([]Campaign, len(campaigns))
	index := make(map[string]int, len(campaigns))
	for i, c := range campaigns {
		c.Milestones = slices.Clone(c.Milestones)
		merged[i] = c
		index[c.ID] = i
	}
	for _, o := range overrides {
		i, ok := index[o.CampaignID]
		if !ok {
			stale = append(stale, o)
			continue
		}
		c := &merged[i]
		j := slices.IndexFunc(c.Milestones, func(m Milestone) bool { return m.ID == o.MilestoneID })
		change := &MilestoneChange{Kind: o.Kind, By: o.ChangedBy, ByName: o.ChangedByName, At: o.ChangedAt}
		switch {
		case o.Kind == OverrideMoved && j >= 0:
			m := &c.Milestones[j]
			change.ConfigAt = m.At
			m.At = o.At
			m.Change = change
		case o.Kind == OverrideAdded && j < 0:
			m := o.Milestone()
			m.Change = change
			c.Milestones = append(c.Milestones, m)
		default:
			stale = append(stale, o)
		}
	}
	return merged, stale
}

// CampaignInForce returns campaign id as it stands now, the config file's
// campaigns with the milestones added and moved in chat (overrides, nil
// for none), and all of them; c is nil when no campaign has that id.
func CampaignInForce(ctx context.Context, configured []Campaign, overrides CampaignOverrides, id string) (c *Campaign, all []Campaign, err error) {
	all = configured
	if overrides != nil {
		os, err := overrides.Overrides(ctx, "")
		if err != nil {
			return nil, nil, fmt.Errorf("campaign %s: %w", id, err)
		}
		all, _ = MergeOverrides(configured, os)
	}
	for i := range all {
		if all[i].ID == id {
			c = &all[i]
		}
	}
	return c, all, nil
}
