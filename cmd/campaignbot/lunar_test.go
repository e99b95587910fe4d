package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigCheckWarnsAboutYearsWithoutHolidays runs `config check` on a
// config with lunar 2027 and 2028 campaigns: it passes (exit 0) with the
// summary, then the warning about lny2028 at its FILE:LINE:COL in English
// and in Chinese, and nothing about lny2027.
func TestConfigCheckWarnsAboutYearsWithoutHolidays(t *testing.T) {
	isolate(t)
	file := filepath.Join(testdataDir(t), "lny.yaml")
	code, out, errOut := run(t, "", "config", "check", "--config", file)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		file + ": ok — 2 campaigns, 3 milestones, 0 jobs, ",
		file + ":27:9: warning: calendar: no CN public holiday data for 2028; campaign lny2028 runs into it (2028-01-10 to 2028-02-25) — list its holidays and makeup workdays under calendar.holidays / calendar.workdays",
		file + ":27:9: 警告：日历：没有 2028 年的 CN 法定节假日数据；活动 lny2028 跨入了该年（2028-01-10 至 2028-02-25）——请在 calendar.holidays / calendar.workdays 下列出该年的节假日和调休上班日",
	}
	if len(lines) != len(want) {
		t.Fatalf("want %d lines, got:\n%s", len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) || i > 0 && lines[i] != w {
			t.Errorf("line %d:\n%s\nwant:\n%s", i+1, lines[i], w)
		}
	}
	if strings.Contains(out, "lny2027") {
		t.Errorf("a warning about lny2027, whose year has data:\n%s", out)
	}
}

// TestScheduleLunarCampaign previews the lunar 2027 campaign's reminders:
// D-15 18:00 and D-1 20:00 from 正月初一 (2027-02-06) are 2027-01-22 18:00
// and 2027-02-05 20:00.
func TestScheduleLunarCampaign(t *testing.T) {
	isolate(t)
	file := filepath.Join(testdataDir(t), "lny.yaml")
	code, out, errOut := run(t, "", "schedule", "--config", file, "--db=false", "--from", "2027-01-20 00:00", "--until", "2027-02-07 00:00")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "lny2027/") {
			got = append(got, strings.Join(strings.Fields(line), " "))
		}
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "2027-01-22T18:00:00+08:00") || !strings.Contains(got[0], "lny2027/registration-closes") ||
		!strings.HasPrefix(got[1], "2027-02-05T20:00:00+08:00") || !strings.Contains(got[1], "lny2027/new-years-eve") {
		t.Errorf("lny2027 reminders:\n%s\nwant registration-closes at 2027-01-22 18:00 and new-years-eve at 2027-02-05 20:00; output:\n%s", strings.Join(got, "\n"), out)
	}
}
