package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestMilestoneOverrides(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewMilestoneOverrides(db)
		at := time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC)
		added := campaignbot.MilestoneOverride{
			CampaignID: "double11", MilestoneID: "extra-review", Name: "Extra review 加审", At: at,
			Offsets: []time.Duration{24 * time.Hour, 0}, Notify: campaignbot.Audience{Channel: true, Leads: true},
			Urgent: true, Message: "{{.Milestone}}", ChangedBy: "U1", ChangedByName: "wang.fang",
		}
		got, err := s.AddMilestone(ctx, added)
		if err != nil || got.Kind != campaignbot.OverrideAdded || got.ChangedAt.IsZero() {
			t.Fatalf("AddMilestone = %+v, %v", got, err)
		}

		for _, tt := range []struct {
			name string
			o    campaignbot.MilestoneOverride
			code string
		}{
			{"duplicate id", added, campaignbot.ECONFLICT},
			{"no campaign", campaignbot.MilestoneOverride{MilestoneID: "x", Name: "X", At: at}, campaignbot.EINVALID},
			{"no name", campaignbot.MilestoneOverride{CampaignID: "double11", MilestoneID: "x", At: at}, campaignbot.EINVALID},
			{"no time", campaignbot.MilestoneOverride{CampaignID: "double11", MilestoneID: "x", Name: "X"}, campaignbot.EINVALID},
		} {
			if _, err := s.AddMilestone(ctx, tt.o); campaignbot.ErrorCode(err) != tt.code {
				t.Errorf("AddMilestone(%s) = %v, want %s", tt.name, err, tt.code)
			}
		}

		moved, err := s.MoveMilestone(ctx, "double11", "registration-closes", at.Add(24*time.Hour), "U2", "li.na")
		if err != nil || moved.Kind != campaignbot.OverrideMoved || !moved.At.Equal(at.Add(24*time.Hour)) || moved.ChangedByName != "li.na" {
			t.Fatalf("MoveMilestone = %+v, %v", moved, err)
		}
		// Moving again replaces the moved row; moving an added milestone
		// keeps it added with its details.
		if moved, err = s.MoveMilestone(ctx, "double11", "registration-closes", at.Add(48*time.Hour), "U1", "wang.fang"); err != nil || !moved.At.Equal(at.Add(48*time.Hour)) || moved.ChangedBy != "U1" {
			t.Fatalf("second MoveMilestone = %+v, %v", moved, err)
		}
		re, err := s.MoveMilestone(ctx, "double11", "extra-review", at.Add(time.Hour), "U2", "li.na")
		if err != nil || re.Kind != campaignbot.OverrideAdded || re.Name != added.Name || !re.Urgent || len(re.Offsets) != 2 || !re.Notify.Leads {
			t.Fatalf("MoveMilestone of an added milestone = %+v, %v", re, err)
		}
		if _, err := s.MoveMilestone(ctx, "double11", "x", time.Time{}, "U1", ""); campaignbot.ErrorCode(err) != campaignbot.EINVALID {
			t.Errorf("MoveMilestone without a time = %v", err)
		}
		if _, err := s.AddMilestone(ctx, campaignbot.MilestoneOverride{CampaignID: "618", MilestoneID: "kickoff", Name: "Kickoff", At: at}); err != nil {
			t.Fatal(err)
		}

		all, err := s.Overrides(ctx, "")
		if err != nil || len(all) != 3 || all[0].CampaignID != "618" || all[1].MilestoneID != "extra-review" || all[2].MilestoneID != "registration-closes" {
			t.Fatalf("Overrides(all) = %+v, %v", all, err)
		}
		d11, err := s.Overrides(ctx, "double11")
		if err != nil || len(d11) != 2 {
			t.Fatalf("Overrides(double11) = %+v, %v", d11, err)
		}
		if d11[0].Message != "{{.Milestone}}" || d11[0].Offsets[0] != 24*time.Hour || !d11[0].At.Equal(at.Add(time.Hour)) {
			t.Errorf("stored added milestone = %+v", d11[0])
		}

		gone, err := s.RemoveOverride(ctx, "double11", "registration-closes")
		if err != nil || gone.Kind != campaignbot.OverrideMoved {
			t.Fatalf("RemoveOverride = %+v, %v", gone, err)
		}
		if _, err := s.RemoveOverride(ctx, "double11", "registration-closes"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Errorf("second RemoveOverride = %v, want not found", err)
		}
		// After a reset the id may be added again.
		if _, err := s.RemoveOverride(ctx, "double11", "extra-review"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddMilestone(ctx, added); err != nil {
			t.Errorf("re-adding after reset: %v", err)
		}
	})
}
