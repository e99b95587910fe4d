package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestMilestoneOverridesStore(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewMilestoneOverrides(db)
		at := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
		added, err := s.AddMilestone(ctx, campaignbot.MilestoneOverride{
			CampaignID: "double11", MilestoneID: "extra-review", Name: "Extra review 复盘补充", At: at,
			Offsets: []time.Duration{24 * time.Hour, 0}, Notify: campaignbot.Audience{Channel: true, Leads: true},
			ChangedBy: "wang.fang", ChangedByName: "wang.fang",
		})
		if err != nil || added.Kind != campaignbot.OverrideAdded {
			t.Fatalf("add: %+v %v", added, err)
		}
		if _, err := s.AddMilestone(ctx, campaignbot.MilestoneOverride{CampaignID: "double11", MilestoneID: "extra-review", Name: "again", At: at}); campaignbot.ErrorCode(err) != campaignbot.ECONFLICT {
			t.Fatalf("adding the same id twice: %v", err)
		}
		if _, err := s.AddMilestone(ctx, campaignbot.MilestoneOverride{CampaignID: "double11", MilestoneID: "x"}); campaignbot.ErrorCode(err) != campaignbot.EINVALID {
			t.Fatalf("adding without name or time: %v", err)
		}
		// Moving a config milestone creates a moved override; moving it again
		// replaces it; moving an added one changes its time and keeps it added.
		later := at.Add(48 * time.Hour)
		for _, when := range []time.Time{at, later} {
			if _, err := s.MoveMilestone(ctx, "double11", "registration-closes", when, "li.na", "li.na"); err != nil {
				t.Fatal(err)
			}
		}
		moved, err := s.MoveMilestone(ctx, "double11", "extra-review", later, "li.na", "li.na")
		if err != nil || moved.Kind != campaignbot.OverrideAdded || !moved.At.Equal(later) || moved.Name != "Extra review 复盘补充" {
			t.Fatalf("moving an added milestone: %+v %v", moved, err)
		}
		all, err := s.Overrides(ctx, "")
		if err != nil || len(all) != 2 {
			t.Fatalf("overrides: %+v %v", all, err)
		}
		if all[1].MilestoneID != "registration-closes" || all[1].Kind != campaignbot.OverrideMoved || !all[1].At.Equal(later) || all[1].ChangedBy != "li.na" {
			t.Errorf("moved override = %+v", all[1])
		}
		if !all[0].Notify.Channel || !all[0].Notify.Leads || len(all[0].Offsets) != 2 {
			t.Errorf("added override lost its audience or offsets: %+v", all[0])
		}
		if got, _ := s.Overrides(ctx, "618"); len(got) != 0 {
			t.Errorf("another campaign has %d overrides", len(got))
		}
		if _, err := s.RemoveOverride(ctx, "double11", "registration-closes"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RemoveOverride(ctx, "double11", "registration-closes"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Fatalf("resetting twice: %v", err)
		}
	})
}
