package config

import (
	"strings"
	"testing"
)

// TestLunarDDayReportsEveryMistake: a lunar d_day with a bad
// time and a leap month the year does not have reports only the time
// (`if !ok { return }` before the lunar date is read), so an admin fixes
// the time, runs config check again and only then learns 2027 has no
// 闰六月. README: config check exits 1 "with every problem". Expected: both
// campaigns[0].d_day.time and campaigns[0].d_day.lunar are reported.
func TestLunarDDayReportsEveryMistake(t *testing.T) {
	clearEnv(t)
	data := []byte(`timezone: Asia/Shanghai
campaigns:
  - id: lny2027
    name: 年货节 2027
    channel: lny-war-room
    d_day: {lunar: 闰六月初一, year: 2027, time: 8pm}
`)
	ps := problemsOf(t, "c.yaml", data)
	var time, lunar bool
	for _, p := range ps {
		time = time || strings.Contains(p.Message, "d_day.time")
		lunar = lunar || strings.Contains(p.Message, "d_day.lunar")
	}
	if !time || !lunar {
		t.Errorf("problems: %v\nwant one at campaigns[0].d_day.time and one at campaigns[0].d_day.lunar", ps)
	}
}

// TestLunarAsListIsNotMissing: `lunar: [正月, 初一]` gets two
// problems, one of which says "lunar is required in this form" — it is
// there, only written as a list. Expected: only the "expected a single
// value, found a list" problem.
func TestLunarAsListIsNotMissing(t *testing.T) {
	clearEnv(t)
	data := []byte(`timezone: Asia/Shanghai
campaigns:
  - id: lny2027
    name: 年货节 2027
    channel: lny-war-room
    d_day: {lunar: [正月, 初一], year: 2027}
`)
	for _, p := range problemsOf(t, "c.yaml", data) {
		if strings.Contains(p.Message, "lunar is required") {
			t.Errorf("misleading problem: %v", p)
		}
	}
}

// TestDDayAsListNamesBothForms: `d_day: [2027, 正月初一]` gets "d_day is required:
// add the instant the sale opens" (it is there) and "expected a mapping of
// keys, found a list: write indented \"key: value\" lines under it", which
// hides that a plain date (d_day: 2027-02-06 00:00) is the usual form.
// Expected: no "is required" problem, and a message naming both forms.
func TestDDayAsListNamesBothForms(t *testing.T) {
	clearEnv(t)
	data := []byte(`timezone: Asia/Shanghai
campaigns:
  - id: lny2027
    name: 年货节 2027
    channel: lny-war-room
    d_day: [2027, 正月初一]
`)
	ps := problemsOf(t, "c.yaml", data)
	var namesBoth bool
	for _, p := range ps {
		if strings.Contains(p.Message, "d_day is required") {
			t.Errorf("misleading problem: %v", p)
		}
		namesBoth = namesBoth || (strings.Contains(p.Message, "lunar") && strings.Contains(p.Message, "d_day:"))
	}
	if !namesBoth {
		t.Errorf("problems %v\ndo not say how to write d_day (a date, or {lunar: …, year: …})", ps)
	}
}
