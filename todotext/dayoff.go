package todotext

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// DayOff says that a due date lands on a public holiday or a company day
// off. The to-do is still due then; the writer is told, so that a date
// typed without looking at the calendar can be moved.
type DayOff struct {
	// Reason names the day off in both languages: "National Day holiday" /
	// "国庆节", "company day off" / "公司休息日", or the configured reason.
	Reason campaignbot.Text
	// Next is the due time moved to the next working day, at the same
	// clock; zero when no working day comes within a year.
	Next time.Time
}

// holidayText names a day off whose calendar gave no reason.
var holidayText = campaignbot.T("todotext.holiday")

// maxDayOffSearch is how many days after a day off the next working day is
// looked for.
const maxDayOffSearch = 366

// OnDayOff reports whether due, on its date in its own location, is a day
// off of cal (nil: Monday to Friday) for a reason other than the weekend:
// a public holiday, even one that falls on a Saturday (2026-10-03, in the
// National Day holiday), or a company day off. It returns nil for a working
// day, a makeup workday (调休) and a plain Saturday or Sunday: a due date on
// a weekend is common and intended (the weekend before a campaign), while
// one in a holiday is more often typed without looking at the calendar.
func OnDayOff(cal *campaignbot.Calendar, due time.Time) *DayOff {
	if due.IsZero() {
		return nil
	}
	work, why := cal.Day(due)
	if work {
		return nil
	}
	if plain, weekend := (*campaignbot.Calendar)(nil).Day(due); !plain && why == weekend {
		return nil
	}
	if why.IsZero() {
		why = holidayText
	}
	off := &DayOff{Reason: why}
	y, m, d := due.Date()
	for k := 1; k <= maxDayOffSearch; k++ {
		next := wallTime(y, m, d+k, due.Hour(), due.Minute(), due.Location())
		if cal.IsWorkday(next) {
			off.Next = next
			break
		}
	}
	return off
}
