package main

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestReaderLanguages: before the scheduler connects its people
// directory, the handlers' composers write in the campaign's or channel's
// language; after, in each reader's.
func TestReaderLanguages(t *testing.T) {
	ctx := context.Background()
	db := storagetest.OpenSQLite(t)
	users := storage.NewUserStore(db)
	if err := users.PutUsers(ctx, "T1", []campaignbot.User{{ID: "U0ZH", Name: "zh", Locale: "zh-CN"}}, time.Now()); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Language: campaignbot.English, Campaigns: []campaignbot.Campaign{{ID: "d11", Channel: "C0D11", Language: campaignbot.Japanese}}}
	r := &readerLanguages{}
	zh := campaignbot.Recipient{User: "U0ZH"}
	tests := []struct {
		name string
		to   campaignbot.Recipient
		cid  string
		want campaignbot.Language
	}{
		{"person, no campaign", zh, "", campaignbot.English},
		{"person, campaign", zh, "d11", campaignbot.Japanese},
		{"campaign channel", campaignbot.Recipient{Channel: "C0D11"}, "", campaignbot.Japanese},
	}
	for _, tt := range tests {
		if got := r.LanguageOf(ctx, cfg, tt.to, tt.cid); got != tt.want {
			t.Errorf("before: %s: %s, want %s", tt.name, got, tt.want)
		}
	}
	r.set(&scheduler.PeopleDirectory{Users: users, Workspace: "T1", Choices: storage.NewLanguageChoices(db), ChoicesWorkspace: "T1"})
	if got := r.LanguageOf(ctx, cfg, zh, "d11"); got != campaignbot.Chinese {
		t.Errorf("after: %s, want the reader's zh-CN", got)
	}
}
