package bot_test

import (
	"context"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestRequestLanguage: a request is in the asking user's language: their
// own choice, else their platform locale (when supported), else the
// language of the campaign whose channel they wrote in, else the config's.
func TestRequestLanguage(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	choices := storage.NewLanguageChoices(db)
	ctx := context.Background()
	if err := choices.SetUserLanguage(ctx, "T1", "U0CHOSE", campaignbot.Japanese, fixed); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Language: campaignbot.English, Campaigns: []campaignbot.Campaign{
		{ID: "d11", Channel: "C0D11", Language: campaignbot.TraditionalChinese},
		{ID: "d12", Channel: "C0D12"},
	}}
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Languages: choices})
	tests := []struct {
		name    string
		ws      campaignbot.WorkspaceID
		user    campaignbot.User
		channel campaignbot.ChannelID
		want    campaignbot.Language
	}{
		{"own choice beats locale and campaign", "T1", campaignbot.User{ID: "U0CHOSE", Locale: "zh-CN"}, "C0D11", campaignbot.Japanese},
		{"Slack locale", "T1", campaignbot.User{ID: "U0ZH", Locale: "zh-CN"}, "C0D11", campaignbot.Chinese},
		{"ja-JP locale", "T1", campaignbot.User{ID: "U0JA", Locale: "ja-JP"}, "", campaignbot.Japanese},
		{"unsupported locale: campaign channel", "T1", campaignbot.User{ID: "U0ES", Locale: "es-ES"}, "C0D11", campaignbot.TraditionalChinese},
		{"no locale: campaign channel", "T1", campaignbot.User{ID: "U0X"}, "C0D11", campaignbot.TraditionalChinese},
		{"campaign without language: config", "T1", campaignbot.User{ID: "U0X"}, "C0D12", campaignbot.English},
		{"elsewhere: config", "T1", campaignbot.User{ID: "U0X", Locale: "fr-FR"}, "C0ELSE", campaignbot.English},
		{"choice in another workspace does not count", "T2", campaignbot.User{ID: "U0CHOSE", Locale: "en-GB"}, "", campaignbot.English},
	}
	for _, tt := range tests {
		if got := r.RequestLanguage(ctx, cfg, tt.ws, tt.user, tt.channel); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}
