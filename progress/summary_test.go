package progress_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/progress"
)

// TestSummaryCapsLongLists: past 15 owners, channels or milestones ahead
// the summary says how many more there are, in each language.
func TestSummaryCapsLongLists(t *testing.T) {
	now := time.Date(2026, 10, 25, 10, 0, 0, 0, time.UTC)
	c := campaignbot.Campaign{ID: "c", Name: "C", DDay: now.AddDate(0, 0, 30)}
	var todos []*campaignbot.Todo
	for i := range 17 {
		todos = append(todos, &campaignbot.Todo{Status: campaignbot.TodoOpen, Channel: campaignbot.ChannelID(fmt.Sprintf("ch%02d", i)),
			Assignees: []campaignbot.UserID{campaignbot.UserID(fmt.Sprintf("u%02d", i))}, CreatedAt: now})
		c.Milestones = append(c.Milestones, campaignbot.Milestone{ID: fmt.Sprint(i), Name: fmt.Sprintf("m%02d", i), At: now.AddDate(0, 0, i+1)})
	}
	p := campaignbot.CampaignProgress(c, todos, now, time.UTC)
	tests := []struct {
		lang campaignbot.Language
		more string
	}{{campaignbot.English, "…and 2 more."}, {campaignbot.Chinese, "……另有 2 个。"}}
	for _, tt := range tests {
		s := progress.Summary(p, tt.lang, time.UTC)
		if n := strings.Count(s, tt.more); n != 3 {
			t.Errorf("%s: %q appears %d times, want 3 (channels, owners, milestones):\n%s", tt.lang, tt.more, n, s)
		}
		if strings.Contains(s, "u15") || strings.Contains(s, "m15") || !strings.Contains(s, "u14") {
			t.Errorf("%s: the lists are not cut after 15:\n%s", tt.lang, s)
		}
	}
}
