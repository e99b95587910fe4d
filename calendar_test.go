package campaignbot_test

import (
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// TestCalendarWeekendsAndCompanyDays checks a calendar without a region:
// weekends off, company days off and extra workdays winning over them.
func TestCalendarWeekendsAndCompanyDays(t *testing.T) {
	cal := &campaignbot.Calendar{
		Holidays: map[campaignbot.Date]campaignbot.Text{{Year: 2026, Month: 12, Day: 31}: {EN: "year-end party", ZH: "year-end party"}, {Year: 2026, Month: 12, Day: 30}: {}},
		Workdays: map[campaignbot.Date]campaignbot.Text{{Year: 2026, Month: 11, Day: 7}: {}},
	}
	for _, c := range []struct {
		day  string
		work bool
		why  string
	}{
		{"2026-10-01", true, ""}, // no region: National Day is an ordinary Thursday
		{"2026-10-03", false, "weekend"},
		{"2026-11-07", true, "company workday"},
		{"2026-12-30", false, "company day off"},
		{"2026-12-31", false, "year-end party"},
	} {
		d, _ := time.Parse("2006-01-02", c.day)
		work, why := cal.Day(d.Add(23 * time.Hour))
		if work != c.work || why.In(campaignbot.English) != c.why {
			t.Errorf("%s: %v %q, want %v %q", c.day, work, why.In(campaignbot.English), c.work, c.why)
		}
	}
	var none *campaignbot.Calendar
	if !none.IsWorkday(time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)) || none.IsWorkday(time.Date(2026, 10, 3, 9, 0, 0, 0, time.UTC)) || !none.Covers(2030) {
		t.Error("a nil calendar is not weekends only")
	}
}
