package scheduler

import (
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// The bounds of a working day, in minutes after midnight, where quiet
// hours do not give them: office hours in China, 09:00 to 18:00.
const (
	defaultWorkStart = 9 * 60
	defaultWorkEnd   = 18 * 60
)

// maxDaysOffRun is how many days from a day off a working day is looked
// for; a calendar with none that near leaves reminders where they are.
const maxDaysOffRun = 366

// WorkdayShift moves t off a day people do not work, per cal in loc; on a
// working day it stays. On a day off it moves to the start of the next
// working day, unless that is at or after deadline, in which case it
// moves back to the end of the last working day before: the same rule as
// QuietShift. A working day starts when its morning quiet span ends (the
// span running through midnight into it, else the first one starting
// before 09:00), or at 09:00 without one; it ends one minute before its
// evening quiet span starts (the span running through its midnight, else
// the last one ending after 18:00), or at 17:59 without one. A zero
// deadline means none. It returns the day off's reason ("National Day
// holiday" / "国庆节") and whether t moved.
func WorkdayShift(t, deadline time.Time, loc *time.Location, windows []config.QuietWindow, cal *campaignbot.Calendar) (time.Time, campaignbot.Text, bool) {
	return newWorkingDays(cal).shift(t, deadline, loc, windows)
}

// workingDays answers which days are worked for one planning pass,
// asking the calendar about each date once: a statutory lookup scans
// lunar-go's holiday table, and a pass places every nudge of 100,000
// to-dos.
type workingDays struct {
	cal  *campaignbot.Calendar
	days map[campaignbot.Date]workingDay
}

// workingDay is what the calendar says of one date.
type workingDay struct {
	work   bool
	reason campaignbot.Text
}

func newWorkingDays(cal *campaignbot.Calendar) *workingDays {
	return &workingDays{cal: cal, days: map[campaignbot.Date]workingDay{}}
}

// day returns whether d is worked and why.
func (w *workingDays) day(d campaignbot.Date) workingDay {
	if v, ok := w.days[d]; ok {
		return v
	}
	work, reason := w.cal.Day(noon(d))
	v := workingDay{work: work, reason: reason}
	w.days[d] = v
	return v
}

// shift is WorkdayShift with the pass's memory of the calendar.
func (w *workingDays) shift(t, deadline time.Time, loc *time.Location, windows []config.QuietWindow) (time.Time, campaignbot.Text, bool) {
	today := dateIn(t, loc)
	off := w.day(today)
	if off.work {
		return t, campaignbot.Text{}, false
	}
	if next, ok := w.nearestWorkday(today, 1); ok {
		if start := workdayStart(next, loc, windows); deadline.IsZero() || start.Before(deadline) {
			return start, off.reason, true
		}
	}
	if deadline.IsZero() {
		return t, campaignbot.Text{}, false // no working day ahead within reach
	}
	if prev, ok := w.nearestWorkday(today, -1); ok {
		return workdayEnd(prev, loc, windows), off.reason, true
	}
	return t, campaignbot.Text{}, false
}

// nearestWorkday returns the first working day after d (step 1) or
// before it (step -1), within maxDaysOffRun days.
func (w *workingDays) nearestWorkday(d campaignbot.Date, step int) (campaignbot.Date, bool) {
	for i := 1; i <= maxDaysOffRun; i++ {
		if c := addDays(d, i*step); w.day(c).work {
			return c, true
		}
	}
	return campaignbot.Date{}, false
}

// runOfDaysOff returns the run of consecutive days off that holds d, or
// else the one holding the day after: its first day and the working day
// after it.
func (w *workingDays) runOfDaysOff(d campaignbot.Date) (first, next campaignbot.Date, ok bool) {
	first = d
	if w.day(first).work {
		if first = addDays(d, 1); w.day(first).work {
			return campaignbot.Date{}, campaignbot.Date{}, false
		}
	}
	if next, ok = w.nearestWorkday(first, 1); !ok {
		return campaignbot.Date{}, campaignbot.Date{}, false
	}
	prev, ok := w.nearestWorkday(first, -1)
	if !ok {
		return campaignbot.Date{}, campaignbot.Date{}, false
	}
	return addDays(prev, 1), next, true
}

// noon returns midday of d in UTC: a time whose date and weekday are d's
// wherever it is read, for the calendar and for counting days.
func noon(d campaignbot.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// dateIn returns the date of t in loc.
func dateIn(t time.Time, loc *time.Location) campaignbot.Date {
	return campaignbot.DateOf(t.In(loc))
}

// addDays returns the date n days after d (before it for negative n).
func addDays(d campaignbot.Date, n int) campaignbot.Date {
	return campaignbot.DateOf(noon(d).AddDate(0, 0, n))
}

// wallClock returns the wall time minutes after midnight of d in loc.
func wallClock(d campaignbot.Date, minutes int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, minutes/60, minutes%60, 0, 0, loc)
}

// workdayStart returns when working day d starts in loc: the end of its
// morning quiet span, or 09:00 without one.
func workdayStart(d campaignbot.Date, loc *time.Location, windows []config.QuietWindow) time.Time {
	probe := []time.Time{wallClock(d, 0, loc)}
	for _, w := range windows {
		if w.Start < defaultWorkStart {
			probe = append(probe, wallClock(d, w.Start, loc))
		}
	}
	for _, p := range probe {
		if s, ok := quietSpan(p, loc, windows); ok && dateIn(s.end, loc) == d {
			return s.end
		}
	}
	return wallClock(d, defaultWorkStart, loc)
}

// workdayEnd returns the last minute worked day d gets a reminder in loc:
// one minute before its evening quiet span starts, or 17:59 without one.
func workdayEnd(d campaignbot.Date, loc *time.Location, windows []config.QuietWindow) time.Time {
	probe := []time.Time{wallClock(d, 24*60-1, loc)}
	for i := len(windows) - 1; i >= 0; i-- {
		if w := windows[i]; w.End > defaultWorkEnd {
			probe = append(probe, wallClock(d, w.End-1, loc))
		}
	}
	for _, p := range probe {
		if s, ok := quietSpan(p, loc, windows); ok && dateIn(s.start, loc) == d {
			return s.start.Add(-time.Minute)
		}
	}
	return wallClock(d, defaultWorkEnd-1, loc)
}
