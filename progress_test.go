package campaignbot_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// progressFixture is the Double 11 campaign of the progress tests, with a
// second campaign whose to-do must not count, the to-dos of
// testdata/progress_todos.json and the pinned instant they are measured
// at (Sunday 2026-10-25 10:00 in Shanghai).
func progressFixture(t *testing.T) (campaignbot.Campaign, []campaignbot.Campaign, []*campaignbot.Todo, time.Time, *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	d11 := campaignbot.Campaign{ID: "double11", Name: "Double 11", Channel: "double11-war-room",
		DDay: time.Date(2026, 11, 11, 0, 0, 0, 0, loc), Ends: time.Date(2026, 11, 13, 0, 0, 0, 0, loc), Timezone: "Asia/Shanghai",
		Milestones: []campaignbot.Milestone{
			{ID: "preheat", Name: "预热开始", At: time.Date(2026, 10, 31, 20, 0, 0, 0, loc), Offsets: []time.Duration{24 * time.Hour}},
			{ID: "registration-closes", Name: "Registration closes", At: time.Date(2026, 10, 24, 23, 59, 0, 0, loc),
				Offsets: []time.Duration{7 * 24 * time.Hour, 24 * time.Hour}, Notify: campaignbot.Audience{Channels: []campaignbot.ChannelID{"double11-design"}}},
			{ID: "d-day", Name: "D-day", At: time.Date(2026, 11, 11, 0, 0, 0, 0, loc)},
		}}
	s618 := campaignbot.Campaign{ID: "s618", Name: "618", Channel: "s618-war-room", DDay: time.Date(2027, 6, 18, 0, 0, 0, 0, loc)}
	b, err := os.ReadFile("testdata/progress_todos.json")
	if err != nil {
		t.Fatal(err)
	}
	var todos []*campaignbot.Todo
	if err := json.Unmarshal(b, &todos); err != nil {
		t.Fatal(err)
	}
	return d11, []campaignbot.Campaign{d11, s618}, todos, time.Date(2026, 10, 25, 10, 0, 0, 0, loc), loc
}

func TestTodoInCampaign(t *testing.T) {
	d11, all, todos, _, _ := progressFixture(t)
	var in []int64
	for _, td := range todos {
		if campaignbot.TodoInCampaign(td, d11, all) {
			in = append(in, td.Number)
		}
	}
	// #5 is linked to a milestone from #general, #1 and #2 come from a
	// channel a milestone posts to; #6 is deleted, #8 belongs to 618.
	if want := []int64{1, 2, 3, 4, 5, 7}; !equalInts(in, want) {
		t.Errorf("to-dos of double11 = %v, want %v", in, want)
	}
	// With one campaign configured, a to-do from #general counts while the
	// campaign runs.
	general := &campaignbot.Todo{Channel: "general", Status: campaignbot.TodoOpen, CreatedAt: d11.DDay}
	if !campaignbot.TodoInCampaign(general, d11, []campaignbot.Campaign{d11}) {
		t.Error("a #general to-do does not count for the only campaign")
	}
	general.CreatedAt = d11.Ends
	if campaignbot.TodoInCampaign(general, d11, []campaignbot.Campaign{d11}) {
		t.Error("a #general to-do made after the only campaign ended counts for it")
	}
	if campaignbot.TodoInCampaign(&campaignbot.Todo{Channel: "general", Status: campaignbot.TodoOpen, CreatedAt: d11.DDay}, d11, all) {
		t.Error("a #general to-do counts for a campaign among several")
	}
}

func TestCampaignProgress(t *testing.T) {
	d11, all, todos, now, loc := progressFixture(t)
	var mine []*campaignbot.Todo
	for _, td := range todos {
		if campaignbot.TodoInCampaign(td, d11, all) {
			mine = append(mine, td)
		}
	}
	p := campaignbot.CampaignProgress(d11, mine, now, loc)
	if want := (campaignbot.ProgressCounts{Open: 3, Done: 3, Overdue: 1, DoneOnTime: 2}); p.Total != want {
		t.Errorf("total = %+v, want %+v", p.Total, want)
	}
	groups := []struct {
		name string
		got  []campaignbot.ProgressGroup
		want []campaignbot.ProgressGroup
	}{
		{"departments", p.Departments, []campaignbot.ProgressGroup{
			{Channel: "double11-war-room", ProgressCounts: campaignbot.ProgressCounts{Open: 2, Overdue: 1, Done: 1, DoneOnTime: 1}},
			{Channel: "general", ProgressCounts: campaignbot.ProgressCounts{Open: 1}},
			{Channel: "double11-design", ProgressCounts: campaignbot.ProgressCounts{Done: 2, DoneOnTime: 1}},
		}},
		{"owners", p.Owners, []campaignbot.ProgressGroup{
			{User: "bob", ProgressCounts: campaignbot.ProgressCounts{Open: 2, Overdue: 1, Done: 1}},
			{User: "zhang.wei", ProgressCounts: campaignbot.ProgressCounts{Open: 1, Done: 1, DoneOnTime: 1}},
			{User: "alice", ProgressCounts: campaignbot.ProgressCounts{Done: 2, DoneOnTime: 1}},
		}},
	}
	for _, g := range groups {
		if len(g.got) != len(g.want) {
			t.Errorf("%s = %+v, want %+v", g.name, g.got, g.want)
			continue
		}
		for i := range g.want {
			if g.got[i] != g.want[i] {
				t.Errorf("%s[%d] = %+v, want %+v", g.name, i, g.got[i], g.want[i])
			}
		}
	}
	if len(p.Passed) != 1 || p.Passed[0].ID != "registration-closes" || len(p.Ahead) != 2 || p.Ahead[0].ID != "preheat" || p.Ahead[1].ID != "d-day" {
		t.Errorf("passed %v, ahead %v", p.Passed, p.Ahead)
	}
	// One point a day from the first to-do's day (10-10, D-32) to today.
	wantOpen := map[string]int{"10-10": 1, "10-12": 2, "10-15": 3, "10-16": 4, "10-18": 5, "10-19": 4, "10-20": 5, "10-22": 4, "10-23": 3, "10-25": 3}
	if len(p.Burndown) != 16 || p.Burndown[0].DaysToDDay != 32 || p.Burndown[15].DaysToDDay != 17 {
		t.Fatalf("burn-down has %d points from D-%d", len(p.Burndown), p.Burndown[0].DaysToDDay)
	}
	for _, b := range p.Burndown {
		if w, ok := wantOpen[b.Day.Format("01-02")]; ok && b.Open != w {
			t.Errorf("open at the end of %s = %d, want %d", b.Day.Format("01-02"), b.Open, w)
		}
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
