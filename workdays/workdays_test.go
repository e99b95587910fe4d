package workdays_test

import (
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/workdays"
)

// TestChinaGoldenWeek2026 pins lunar-go's data around the 2026 National Day
// holiday: 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 worked.
func TestChinaGoldenWeek2026(t *testing.T) {
	region, err := workdays.Region("cn")
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cal := &campaignbot.Calendar{Region: "CN", Statutory: region}
	cases := []struct {
		day    string
		work   bool
		en, zh string
	}{
		{"2026-09-18", true, "", ""},
		{"2026-09-19", false, "weekend", "周末"},
		{"2026-09-20", true, "makeup workday for National Day", "国庆节调休上班"},
		{"2026-09-25", false, "Mid-Autumn Festival holiday", "中秋节"},
		{"2026-09-30", true, "", ""},
		{"2026-10-01", false, "National Day holiday", "国庆节"},
		{"2026-10-04", false, "National Day holiday", "国庆节"},
		{"2026-10-07", false, "National Day holiday", "国庆节"},
		{"2026-10-08", true, "", ""},
		{"2026-10-10", true, "makeup workday for National Day", "国庆节调休上班"},
		{"2026-10-11", false, "weekend", "周末"},
		{"2027-02-06", false, "Spring Festival holiday", "春节"},
	}
	for _, c := range cases {
		d, _ := time.ParseInLocation("2006-01-02 15:04", c.day+" 09:00", loc)
		work, why := cal.Day(d)
		if work != c.work || why.In(campaignbot.English) != c.en || why.In(campaignbot.Chinese) != c.zh {
			t.Errorf("%s: work %v %q/%q, want %v %q/%q", c.day, work, why.In(campaignbot.English), why.In(campaignbot.Chinese), c.work, c.en, c.zh)
		}
		if cal.IsWorkday(d) != c.work {
			t.Errorf("%s: IsWorkday = %v", c.day, !c.work)
		}
	}
	for y, want := range map[int]bool{2026: true, 2027: true, 2028: false} {
		if cal.Covers(y) != want {
			t.Errorf("Covers(%d) = %v, want %v", y, !want, want)
		}
	}
	if _, err := workdays.Region("XX"); err == nil {
		t.Error("region XX accepted")
	}
}
