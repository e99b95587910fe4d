package todotext

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// testCampaigns are a Double 11 with a D-day of 2026-11-11 00:00 and a past
// 618, in zone loc.
func testCampaigns(loc *time.Location) []campaignbot.Campaign {
	return []campaignbot.Campaign{
		{
			ID: "double11", Name: "双11大促",
			DDay: time.Date(2026, 11, 11, 0, 0, 0, 0, loc),
			Milestones: []campaignbot.Milestone{
				{ID: "registration-closes", Name: "Registration closes", At: time.Date(2026, 10, 25, 18, 0, 0, 0, loc)},
				{ID: "warmup", Name: "预热开始", At: time.Date(2026, 11, 1, 20, 0, 0, 0, loc)},
			},
		},
		{
			ID: "618", Name: "618年中大促",
			DDay: time.Date(2026, 6, 18, 0, 0, 0, 0, loc),
		},
		{
			ID: "double12", Name: "双12",
			DDay: time.Date(2026, 12, 12, 0, 0, 0, 0, loc),
		},
	}
}
