package config

import (
	"os"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// TestLunarDDay2027 parses the 年货节 2027 fixture: d_day 正月初一 of lunar
// 2027 is 2027-02-06 00:00 in Asia/Shanghai (the campaign's zone, not the
// config's UTC), and the D-relative milestones land on the Gregorian dates
// counted back from it.
func TestLunarDDay2027(t *testing.T) {
	clearEnv(t)
	data, err := os.ReadFile("testdata/valid/lny2027.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := mustParse(t, "lny2027.yaml", data)
	c, ok := cfg.Campaign("lny2027")
	if !ok {
		t.Fatal("no campaign lny2027")
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if !c.DDay.Equal(at("2027-02-06 00:00")) || c.DDay.Location().String() != "Asia/Shanghai" {
		t.Errorf("d_day = %s, want 2027-02-06 00:00 Asia/Shanghai", c.DDay)
	}
	if want := (campaignbot.LunarDate{Year: 2027, Month: 1, Day: 1}); c.DDayLunar != want {
		t.Errorf("d_day lunar = %+v, want %+v", c.DDayLunar, want)
	}
	want := map[string]string{
		"registration-closes": "2027-01-22 18:00", // D-15
		"stock-cutoff":        "2027-01-29 00:00", // D-8 at d_day's time of day
		"new-years-eve":       "2027-02-05 20:00", // D-1, 腊月廿九
		"lantern-festival":    "2027-02-20 10:00", // D+14, 正月十五
	}
	if len(c.Milestones) != len(want) {
		t.Fatalf("%d milestones, want %d", len(c.Milestones), len(want))
	}
	for _, m := range c.Milestones {
		if !m.At.Equal(at(want[m.ID])) {
			t.Errorf("%s at %s, want %s", m.ID, m.At.In(shanghai).Format("2006-01-02 15:04"), want[m.ID])
		}
	}
	if !c.Ends.Equal(at("2027-02-20 23:59")) {
		t.Errorf("ends = %s", c.Ends)
	}
	if len(cfg.Warnings) != 0 {
		t.Errorf("warnings for a 2027 campaign: %v", cfg.Warnings)
	}
}

// TestLunarDDayForms checks the other ways of writing a lunar d_day and
// that a Gregorian one has no lunar date.
func TestLunarDDayForms(t *testing.T) {
	clearEnv(t)
	const head = "timezone: Asia/Shanghai\ncampaigns:\n  - id: c\n    name: C\n    channel: war-room\n"
	for _, c := range []struct {
		name, dday string
		want       string
		lunar      campaignbot.LunarDate
	}{
		{"flow mapping with time", `{lunar: 正月初一, year: 2027, time: "20:00"}`, "2027-02-06 20:00", campaignbot.LunarDate{Year: 2027, Month: 1, Day: 1}},
		{"block mapping, numeric, default time", "\n      lunar: \"1-15\"\n      year: 2027", "2027-02-20 00:00", campaignbot.LunarDate{Year: 2027, Month: 1, Day: 15}},
		{"leap month", `{lunar: 闰六月初一, year: 2025, time: "10:00"}`, "2025-07-25 10:00", campaignbot.LunarDate{Year: 2025, Month: 6, Leap: true, Day: 1}},
		{"quoted year", `{lunar: 腊月廿九, year: "2027"}`, "2028-01-25 00:00", campaignbot.LunarDate{Year: 2027, Month: 12, Day: 29}},
		{"Gregorian", "2026-11-11 00:00", "2026-11-11 00:00", campaignbot.LunarDate{}},
		{"Gregorian date only", "2026-11-11", "2026-11-11 00:00", campaignbot.LunarDate{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := mustParse(t, "t.yaml", []byte(head+"    d_day: "+c.dday+"\n"))
			cp := cfg.Campaigns[0]
			if got := cp.DDay.In(cfg.Timezone).Format("2006-01-02 15:04"); got != c.want {
				t.Errorf("d_day = %s, want %s", got, c.want)
			}
			if cp.DDayLunar != c.lunar {
				t.Errorf("lunar = %+v, want %+v", cp.DDayLunar, c.lunar)
			}
		})
	}
}
