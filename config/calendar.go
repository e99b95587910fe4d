package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/workdays"
)

// maxCalendarRange is the longest range of days one holidays or workdays
// entry may cover.
const maxCalendarRange = 366

const calendarDayHint = `use YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, optionally followed by a reason, like "2026-12-31 year-end party"`

func (b *builder) calendar() {
	raw := &b.raw.Calendar
	c := &campaignbot.Calendar{Region: strings.ToUpper(strings.TrimSpace(raw.Region))}
	region, err := workdays.Region(c.Region)
	if err != nil {
		b.r.at("calendar.region", "unknown region %s: use %s, or \"\" for weekends only", quote(raw.Region), strings.Join(workdays.Regions, ", "))
		c.Region = ""
	}
	c.Statutory = region
	c.Holidays = b.calendarDays("calendar.holidays", raw.Holidays, nil)
	c.Workdays = b.calendarDays("calendar.workdays", raw.Workdays, c.Holidays)
	b.cfg.Calendar = c
	b.cfg.MoveReminders = b.boolean("calendar.move_reminders", raw.MoveReminders, true)
}

// calendarDays reads a list of company days off or extra workdays; a day
// also in other (the days off) is a problem.
func (b *builder) calendarDays(path string, list []string, other map[campaignbot.Date]campaignbot.Text) map[campaignbot.Date]campaignbot.Text {
	days := map[campaignbot.Date]campaignbot.Text{}
	for i, s := range list {
		p := index(path, i)
		first, last, reason, err := parseCalendarDays(s)
		if err != nil {
			b.r.at(p, "%v", err)
			continue
		}
		for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
			day := campaignbot.DateOf(d)
			switch {
			case other != nil && hasDate(other, day):
				b.r.at(p, "%s is also listed under calendar.holidays: a day is either off or worked", day)
				continue
			case hasDate(days, day):
				b.r.at(p, "%s is listed twice", day)
				continue
			}
			days[day] = campaignbot.Text{EN: reason, ZH: reason}
		}
	}
	return days
}

func hasDate(m map[campaignbot.Date]campaignbot.Text, d campaignbot.Date) bool {
	_, ok := m[d]
	return ok
}

// parseCalendarDays reads "YYYY-MM-DD[..YYYY-MM-DD] [reason]".
func parseCalendarDays(s string) (first, last time.Time, reason string, err error) {
	s = strings.TrimSpace(s)
	span, reason, _ := strings.Cut(s, " ")
	reason = strings.TrimSpace(reason)
	a, z, isRange := strings.Cut(span, "..")
	first, err = time.Parse("2006-01-02", a)
	if err != nil {
		return first, last, "", fmt.Errorf("bad day %s: %s", quote(s), calendarDayHint)
	}
	last = first
	if isRange {
		last, err = time.Parse("2006-01-02", z)
		if err != nil {
			return first, last, "", fmt.Errorf("bad day %s: %s", quote(s), calendarDayHint)
		}
		if last.Before(first) {
			return first, last, "", fmt.Errorf("bad range %s: the last day is before the first", quote(s))
		}
		if last.Sub(first) > maxCalendarRange*24*time.Hour {
			return first, last, "", fmt.Errorf("range %s is longer than a year: split it", quote(s))
		}
	}
	return first, last, reason, nil
}

// onWorkdays reads an `on:` value: "workdays", or "" / "any" for the days
// the cron spec says.
func (b *builder) onWorkdays(path, s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "workdays":
		return true
	case "", "any":
		return false
	}
	b.r.at(path, "unknown value %s: use workdays (skip days off, run on makeup workdays) or any (the days the cron spec says)", quote(s))
	return false
}
