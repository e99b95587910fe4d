package handlers_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
)

// TestCampaignShowsLunarDDay: /campaign and /campaign timeline show a
// lunar D-day with its lunar date beside the Gregorian one, in English and
// Chinese, on a pinned instant 31 days before 正月初一 2027 (2027-02-06);
// a Gregorian D-day reads as before. The milestones counted from the lunar
// D-day are on their Gregorian dates (D-15 is 01-22, D-1 is 02-05).
func TestCampaignShowsLunarDDay(t *testing.T) {
	data, err := os.ReadFile("testdata/lunar_campaigns.yaml")
	if err != nil {
		t.Fatal(err)
	}
	en, err := config.Parse("lunar_campaigns.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	zh := *en
	zh.Language = campaignbot.Chinese
	now := time.Date(2027, 1, 6, 0, 0, 0, 0, en.Timezone)
	tests := []struct {
		name string
		cfg  *config.Config
		args string
		want []string
	}{
		{"list in English", en, "", []string{
			"• *年货节 2027* (`lny2027`) — D-day 2027-02-06 00:00 (正月初一), in 31 days\n  Next: 报名截止 Registration closes — 01-22 18:00 (in 17 days)",
			"• *Spring sale 2027* (`spring2027`) — D-day 2027-03-08 10:00, in 61 days",
		}},
		{"list in Chinese", &zh, "", []string{
			"• *年货节 2027* (`lny2027`) — D日 2027-02-06 00:00（农历正月初一），31 天后\n  下一个： 报名截止 Registration closes — 01-22 18:00 (17 天后)",
			"• *Spring sale 2027* (`spring2027`) — D日 2027-03-08 10:00, 61 天后",
		}},
		{"timeline in English", en, "timeline lny2027", []string{
			"*年货节 2027* — D-day 2027-02-06 00:00 (正月初一), in 31 days\n",
			"\n○ 01-22 18:00  报名截止 Registration closes — in 17 days",
			"\n○ 02-05 20:00  除夕 New Year's Eve — in 31 days",
		}},
		{"timeline in Chinese", &zh, "timeline lny2027", []string{
			"*年货节 2027* — D日 2027-02-06 00:00（农历正月初一），31 天后\n",
			"\n○ 01-22 18:00  报名截止 Registration closes — 17 天后",
		}},
		{"Gregorian timeline", en, "timeline spring2027", []string{
			"*Spring sale 2027* — D-day 2027-03-08 10:00 (in 61 days)\n",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return tc.cfg }, Now: func() time.Time { return now }})
			handlers.Register(r, handlers.Deps{})
			chat := &chattest.Recorder{}
			r.HandleCommand(context.Background(), chat, &bot.Command{Name: "campaign", Args: tc.args,
				User: campaignbot.User{ID: "bob", Name: "bob"}, Channel: campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}})
			texts := chat.Texts()
			if len(texts) != 1 {
				t.Fatalf("said %q", texts)
			}
			for _, w := range tc.want {
				if !strings.Contains(texts[0], w) {
					t.Errorf("the reply lacks %q:\n%s", w, texts[0])
				}
			}
		})
	}
}
