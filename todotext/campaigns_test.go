package todotext

import (
	"slices"
	"testing"
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

// TestShortNames checks the names a configured campaign is also known by.
func TestShortNames(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"年货节 2027", []string{"年货节"}},
		{"年货节 预热期", []string{"年货节"}},
		{"Spring Sale 2027", []string{"Spring Sale"}},
		{"Summer Sale", nil},
		{"双11大促", nil},
		{"2027 年货节", nil},
	}
	for _, tt := range tests {
		if got := shortNames(tt.name); !slices.Equal(got, tt.want) {
			t.Errorf("shortNames(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
