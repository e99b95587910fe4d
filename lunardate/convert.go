package lunardate

import (
	"strings"
	"time"

	"github.com/6tail/lunar-go/calendar"

	"github.com/campaignbot/campaignbot"
)

// The lunar years Solar and Of accept: wide enough for any campaign,
// narrow enough that lunar-go's astronomy stays well inside what it was
// checked for.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Solar returns the Gregorian date of d. It fails, saying why, when the
// year is outside MinYear to MaxYear, when d.Leap names a leap month (闰月)
// the year does not have, or when the day is 三十 in a month of 29 days.
func Solar(d campaignbot.LunarDate) (campaignbot.Date, error) {
	if d.Year < MinYear || d.Year > MaxYear {
		return campaignbot.Date{}, errorf(ErrYear, "lunar year %d is out of range: use %d to %d", d.Year, MinYear, MaxYear)
	}
	if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 30 {
		return campaignbot.Date{}, errorf(ErrSyntax, "month %d day %d is not a lunar date: months are 1 to 12 and days 1 to 30", d.Month, d.Day)
	}
	year := calendar.NewLunarYear(d.Year)
	month := d.Month
	if d.Leap {
		month = -month
	}
	m := year.GetMonth(month)
	if m == nil {
		leap := year.GetLeapMonth()
		if leap == 0 {
			return campaignbot.Date{}, errorf(ErrNoLeapMonth, "lunar year %d has no leap month, so there is no %s: write %s for the ordinary month",
				d.Year, d.MonthName(), strings.TrimPrefix(d.MonthName(), "闰"))
		}
		return campaignbot.Date{}, errorf(ErrNoLeapMonth, "lunar year %d has no %s: its leap month is %s",
			d.Year, d.MonthName(), campaignbot.LunarDate{Month: leap, Leap: true}.MonthName())
	}
	if days := m.GetDayCount(); d.Day > days {
		last := d
		last.Day = days
		eve := ""
		if d.Month == 12 && !d.Leap {
			eve = " (除夕, New Year's Eve)"
		}
		return campaignbot.Date{}, errorf(ErrNoDay, "%s of lunar year %d has %d days, so there is no %s: use %s, its last day%s. In lunar %d, %s have 29 days",
			d.MonthName(), d.Year, days, d, last, eve, d.Year, joinAnd(shortMonths(year)))
	}
	solar := calendar.NewSolarFromJulianDay(m.GetFirstJulianDay() + float64(d.Day-1))
	return campaignbot.Date{Year: solar.GetYear(), Month: time.Month(solar.GetMonth()), Day: solar.GetDay()}, nil
}

// shortMonths names the months of year with 29 days, in order.
func shortMonths(year *calendar.LunarYear) []string {
	var names []string
	for e := year.GetMonthsInYear().Front(); e != nil; e = e.Next() {
		m := e.Value.(*calendar.LunarMonth)
		if m.GetDayCount() < 30 {
			n := m.GetMonth()
			names = append(names, campaignbot.LunarDate{Month: max(n, -n), Leap: n < 0}.MonthName())
		}
	}
	return names
}

// joinAnd joins names as "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Of returns the lunar date of a Gregorian date, the inverse of Solar. It
// fails with ErrYear outside the Gregorian years MinYear to MaxYear+1 (the
// last months of lunar MaxYear fall in MaxYear+1).
func Of(d campaignbot.Date) (campaignbot.LunarDate, error) {
	if d.Year < MinYear || d.Year > MaxYear+1 {
		return campaignbot.LunarDate{}, errorf(ErrYear, "year %d is out of range: use %d to %d", d.Year, MinYear, MaxYear+1)
	}
	t := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	l := calendar.NewLunarFromSolar(calendar.NewSolarFromYmd(t.Year(), int(t.Month()), t.Day()))
	m := l.GetMonth()
	return campaignbot.LunarDate{Year: l.GetYear(), Month: max(m, -m), Leap: m < 0, Day: l.GetDay()}, nil
}
