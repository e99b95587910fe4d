package campaignbot

import "time"

// HolidayRegion is a region's statutory calendar: its public holidays and
// the makeup workdays (调休) that pay for them. The workdays package
// provides them; a nil region means weekends only.
type HolidayRegion interface {
	// Statutory reports how the region treats a date: known is false for an
	// ordinary day (the weekend rule applies); otherwise work says whether
	// the day is worked (a makeup workday) and name is the holiday's.
	Statutory(year int, month time.Month, day int) (name Text, work, known bool)
	// Covers reports whether the region has holiday data for the year.
	Covers(year int) bool
}

// Date is a calendar date without a time or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// Calendar says which days people work: a region's public holidays and
// makeup workdays, weekends, and the company's own days off and extra
// workdays, which win over everything else.
type Calendar struct {
	// Region names the statutory calendar, e.g. "CN"; "" is weekends only.
	Region string
	// Statutory is the region's calendar; nil means weekends only.
	Statutory HolidayRegion
	// Holidays are company days off, with their reason (may be zero).
	Holidays map[Date]Text
	// Workdays are extra working days, with their reason (may be zero).
	Workdays map[Date]Text
}

// The reasons given when nothing more specific is known.
var (
	weekendText        = T("campaignbot.weekend")
	companyDayOffText  = T("campaignbot.company-day-off")
	companyWorkdayText = T("campaignbot.company-workday")
)

// Day tells whether the date of t (in t's location) is worked and why: the
// reason names the holiday, the weekend or the company day off of a
// non-working day ("National Day holiday" / "国庆节"), and the makeup or
// extra workday of a working weekend day; it is zero for an ordinary
// weekday. A nil Calendar works Monday to Friday.
func (c *Calendar) Day(t time.Time) (work bool, reason Text) {
	d := DateOf(t)
	if c != nil {
		if r, ok := c.Holidays[d]; ok {
			if r.IsZero() {
				r = companyDayOffText
			}
			return false, r
		}
		if r, ok := c.Workdays[d]; ok {
			if r.IsZero() {
				r = companyWorkdayText
			}
			return true, r
		}
		if c.Statutory != nil {
			if name, work, known := c.Statutory.Statutory(d.Year, d.Month, d.Day); known {
				return work, name
			}
		}
	}
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false, weekendText
	}
	return true, Text{}
}

// IsWorkday reports whether the date of t, in t's location, is a working
// day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	w, _ := c.Day(t)
	return w
}

// Covers reports whether the calendar knows the public holidays of year:
// always for weekends-only calendars, for a region only when it has data.
func (c *Calendar) Covers(year int) bool {
	if c == nil || c.Statutory == nil {
		return true
	}
	return c.Statutory.Covers(year)
}
