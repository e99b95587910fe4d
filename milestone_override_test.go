package campaignbot_test

import (
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

func TestMergeOverrides(t *testing.T) {
	at := func(day, hour int) time.Time { return time.Date(2026, 10, day, hour, 0, 0, 0, time.UTC) }
	base := []campaignbot.Campaign{{
		ID: "d11",
		Milestones: []campaignbot.Milestone{
			{ID: "closes", Name: "Registration closes", At: at(29, 15)},
			{ID: "warm-up", Name: "Warm-up", At: at(31, 12)},
		},
	}}
	moved := campaignbot.MilestoneOverride{CampaignID: "d11", MilestoneID: "closes", Kind: campaignbot.OverrideMoved, At: at(30, 15), ChangedBy: "U2", ChangedByName: "li.na"}
	added := campaignbot.MilestoneOverride{CampaignID: "d11", MilestoneID: "review", Kind: campaignbot.OverrideAdded, Name: "Extra review", At: at(25, 2), Offsets: []time.Duration{time.Hour}}
	tests := []struct {
		name      string
		overrides []campaignbot.MilestoneOverride
		want      map[string]time.Time // milestone id -> At
		changed   map[string]campaignbot.OverrideKind
		stale     int
	}{
		{"none", nil, map[string]time.Time{"closes": at(29, 15), "warm-up": at(31, 12)}, nil, 0},
		{"moved", []campaignbot.MilestoneOverride{moved}, map[string]time.Time{"closes": at(30, 15), "warm-up": at(31, 12)}, map[string]campaignbot.OverrideKind{"closes": campaignbot.OverrideMoved}, 0},
		{"added", []campaignbot.MilestoneOverride{added}, map[string]time.Time{"closes": at(29, 15), "warm-up": at(31, 12), "review": at(25, 2)}, map[string]campaignbot.OverrideKind{"review": campaignbot.OverrideAdded}, 0},
		{"unknown campaign", []campaignbot.MilestoneOverride{{CampaignID: "618", MilestoneID: "x", Kind: campaignbot.OverrideAdded}}, map[string]time.Time{"closes": at(29, 15), "warm-up": at(31, 12)}, nil, 1},
		{"move of a milestone the YAML dropped", []campaignbot.MilestoneOverride{{CampaignID: "d11", MilestoneID: "gone", Kind: campaignbot.OverrideMoved, At: at(1, 1)}}, map[string]time.Time{"closes": at(29, 15), "warm-up": at(31, 12)}, nil, 1},
		{"addition the YAML now has", []campaignbot.MilestoneOverride{{CampaignID: "d11", MilestoneID: "warm-up", Kind: campaignbot.OverrideAdded, At: at(1, 1)}}, map[string]time.Time{"closes": at(29, 15), "warm-up": at(31, 12)}, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			merged, stale := campaignbot.MergeOverrides(base, tt.overrides)
			if len(stale) != tt.stale {
				t.Errorf("stale = %+v, want %d", stale, tt.stale)
			}
			ms := merged[0].Milestones
			if len(ms) != len(tt.want) {
				t.Fatalf("milestones = %+v", ms)
			}
			for _, m := range ms {
				if !m.At.Equal(tt.want[m.ID]) {
					t.Errorf("%s at %v, want %v", m.ID, m.At, tt.want[m.ID])
				}
				kind, changed := tt.changed[m.ID]
				if (m.Change != nil) != changed || (changed && m.Change.Kind != kind) {
					t.Errorf("%s change = %+v, want %v", m.ID, m.Change, kind)
				}
			}
		})
	}
	merged, _ := campaignbot.MergeOverrides(base, []campaignbot.MilestoneOverride{moved})
	if c := merged[0].Milestones[0].Change; c.ConfigAt != at(29, 15) || c.ByName != "li.na" {
		t.Errorf("moved change = %+v", c)
	}
	if base[0].Milestones[0].At != at(29, 15) || base[0].Milestones[0].Change != nil {
		t.Error("MergeOverrides modified the campaigns passed in")
	}
}
