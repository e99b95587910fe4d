package scheduler_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
)

// goldenWeekDays are the working days from Friday 2026-09-18 to Sunday
// 10-11 in mainland China: Sunday 09-20 and Saturday 10-10 are makeup
// workdays, Friday 09-25 is the Mid-Autumn Festival and 10-01..10-07 the
// National Day holiday.
const goldenWeekDays = "09-18 Fri,09-20 Sun,09-21 Mon,09-22 Tue,09-23 Wed,09-24 Thu," +
	"09-28 Mon,09-29 Tue,09-30 Wed,10-08 Thu,10-09 Fri,10-10 Sat"

func days(t *testing.T, rs []campaignbot.Reminder, clock string) string {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	var out []string
	for _, r := range rs {
		at := r.At.In(loc)
		if got := at.Format("15:04"); got != clock {
			t.Errorf("%s at %s, want %s", r.Key, got, clock)
		}
		out = append(out, at.Format("01-02 Mon"))
	}
	return strings.Join(out, ",")
}

// TestExampleOnWorkdaysAroundGoldenWeek checks the example config's
// stand-up (on: workdays) and digest (todos.digest_on: workdays): neither
// runs in the National Day holiday, both run on the makeup Sunday and
// Saturday.
func TestExampleOnWorkdaysAroundGoldenWeek(t *testing.T) {
	cfg := exampleConfig(t)
	from, until := cst(t, "2026-09-18 00:00"), cst(t, "2026-10-12 00:00")
	jobs, problems := scheduler.JobReminders(cfg, from, until)
	if len(problems) != 0 {
		t.Fatal(problems)
	}
	if got := days(t, jobs["job:standup"], "09:00"); got != goldenWeekDays {
		t.Errorf("stand-ups:\n%s\nwant\n%s", got, goldenWeekDays)
	}
	people := map[campaignbot.UserID]bool{"li.na": true}
	zone := func(context.Context, campaignbot.UserID) *time.Location { return cfg.Timezone }
	digests, err := scheduler.DigestReminders(cfg, people, from, until, zone)
	if err != nil {
		t.Fatal(err)
	}
	if got := days(t, digests[scheduler.DigestSource("li.na")], "09:30"); got != goldenWeekDays {
		t.Errorf("digests:\n%s\nwant\n%s", got, goldenWeekDays)
	}
}

// TestOnWorkdaysVariants checks what `on:` does with other specs and
// calendars, from Friday 2026-09-18 to Sunday 10-11.
func TestOnWorkdaysVariants(t *testing.T) {
	const base = `
console:
  users: [{name: li.na}]
  channels: [{name: war-room}]
admins: [li.na]
%s
jobs:
  - {id: j, cron: "%s", %s channel: war-room, message: hi}
`
	for _, c := range []struct {
		name, calendar, cron, on, want string
	}{
		{"weekday cron without on", "", "0 9 * * 1-5", "",
			"09-18 Fri,09-21 Mon,09-22 Tue,09-23 Wed,09-24 Thu,09-25 Fri,09-28 Mon,09-29 Tue,09-30 Wed," +
				"10-01 Thu,10-02 Fri,10-05 Mon,10-06 Tue,10-07 Wed,10-08 Thu,10-09 Fri"},
		{"on: any is the cron's days", "", "0 9 * * MON-FRI", "on: any,",
			"09-18 Fri,09-21 Mon,09-22 Tue,09-23 Wed,09-24 Thu,09-25 Fri,09-28 Mon,09-29 Tue,09-30 Wed," +
				"10-01 Thu,10-02 Fri,10-05 Mon,10-06 Tue,10-07 Wed,10-08 Thu,10-09 Fri"},
		{"every-day cron on workdays", "", "0 9 * * *", "on: workdays,", goldenWeekDays},
		{"MON-FRI on workdays", "", "0 9 * * MON-FRI", "on: workdays,", goldenWeekDays},
		{"@daily on workdays", "", "@daily", "on: workdays,", goldenWeekDays},
		{"Monday cron only loses days off", "", "0 9 * * 1", "on: workdays,", "09-21 Mon,09-28 Mon"},
		{"weekends only", "calendar: {region: \"\"}", "0 9 * * 1-5", "on: workdays,",
			"09-18 Fri,09-21 Mon,09-22 Tue,09-23 Wed,09-24 Thu,09-25 Fri,09-28 Mon,09-29 Tue,09-30 Wed," +
				"10-01 Thu,10-02 Fri,10-05 Mon,10-06 Tue,10-07 Wed,10-08 Thu,10-09 Fri"},
		{"company days", "calendar: {holidays: [\"2026-09-28..2026-09-30 team trip\"], workdays: [2026-10-11]}", "0 9 * * 1-5", "on: workdays,",
			"09-18 Fri,09-20 Sun,09-21 Mon,09-22 Tue,09-23 Wed,09-24 Thu,10-08 Thu,10-09 Fri,10-10 Sat,10-11 Sun"},
	} {
		t.Run(c.name, func(t *testing.T) {
			yaml := strings.Replace(base, "%s", c.calendar, 1)
			yaml = strings.Replace(yaml, "%s", c.cron, 1)
			yaml = strings.Replace(yaml, "%s", c.on, 1)
			cfg, err := config.Parse("test.yaml", []byte(yaml))
			if err != nil {
				t.Fatal(err)
			}
			plans, problems := scheduler.JobReminders(cfg, cst(t, "2026-09-18 00:00"), cst(t, "2026-10-12 00:00"))
			if len(problems) != 0 {
				t.Fatal(problems)
			}
			clock := "09:00"
			if c.cron == "@daily" {
				clock = "00:00"
			}
			if got := days(t, plans["job:j"], clock); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}
