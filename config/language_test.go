package config

import (
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestLanguages: every supported language is accepted as `language` and as
// a campaign's `language`, and a channel's posts follow its campaign's
// language, else the config's.
func TestLanguages(t *testing.T) {
	for _, l := range campaignbot.Languages {
		t.Run(string(l), func(t *testing.T) {
			cfg := mustParse(t, "t.yaml", []byte("language: "+string(l)+"\ncampaigns:\n"+
				"  - {id: a, channel: room-a, d_day: 2026-11-11, language: ja}\n"+
				"  - {id: b, channel: room-b, d_day: 2026-11-11}\n"))
			tests := []struct {
				name      string
				got, want campaignbot.Language
			}{
				{"config", cfg.Language, l},
				{"campaign a", cfg.CampaignLanguage("a"), campaignbot.Japanese},
				{"campaign b", cfg.CampaignLanguage("b"), l},
				{"unknown campaign", cfg.CampaignLanguage("zz"), l},
				{"channel of a", cfg.ChannelLanguage("room-a"), campaignbot.Japanese},
				{"channel of b", cfg.ChannelLanguage("room-b"), l},
				{"other channel", cfg.ChannelLanguage("elsewhere"), l},
			}
			for _, tt := range tests {
				if tt.got != tt.want {
					t.Errorf("%s: %s, want %s", tt.name, tt.got, tt.want)
				}
			}
		})
	}
}
