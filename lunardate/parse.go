// Package lunardate reads Chinese lunar (农历) dates the way campaign teams
// write them, like 正月初一 or 闰六月十五, and converts them to Gregorian
// dates with github.com/6tail/lunar-go, so that a Lunar New Year (年货节)
// campaign can set its D-day on the lunar calendar. It keeps lunar-go out of
// the campaignbot package, which holds only the LunarDate type.
package lunardate

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/campaignbot/campaignbot"
)

// The kinds of errors Parse and Solar return, for errors.Is; the errors
// themselves say what is wrong and how to write the date.
var (
	// ErrSyntax is a month or day that Parse cannot read.
	ErrSyntax = errors.New("lunardate: not a lunar month and day")
	// ErrYear is a lunar year outside MinYear to MaxYear.
	ErrYear = errors.New("lunardate: lunar year out of range")
	// ErrNoLeapMonth is a leap month (闰月) the year does not have.
	ErrNoLeapMonth = errors.New("lunardate: no such leap month")
	// ErrNoDay is 三十 in a month of 29 days.
	ErrNoDay = errors.New("lunardate: no such day")
)

// dateError is an error whose message is written for the person who
// wrote the date, wrapping one of the kinds above.
type dateError struct {
	msg  string
	kind error
}

func (e *dateError) Error() string { return e.msg }
func (e *dateError) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) error {
	return &dateError{msg: fmt.Sprintf(format, args...), kind: kind}
}

// hint says how to write a lunar month and day.
const hint = "write a month and day like 正月初一, 腊月廿三 or 闰六月十五 (正月 or 一月 to 腊月 or 十二月, 冬月 for 十一月, 闰 before a leap month; 初一 to 初十, 十一 to 二十, 廿一 to 廿九, 三十), or numbers like 1-1 (闰6-15 for a leap month)"

// monthNames maps every accepted month name to its number, longest names
// first so that 十一月 is not read as 十月 or 一月.
var monthNames = []struct {
	name  string
	month int
}{
	{"十一月", 11}, {"十二月", 12},
	{"正月", 1}, {"一月", 1}, {"元月", 1}, {"二月", 2}, {"三月", 3}, {"四月", 4}, {"五月", 5}, {"六月", 6},
	{"七月", 7}, {"八月", 8}, {"九月", 9}, {"十月", 10}, {"冬月", 11}, {"腊月", 12},
}

// dayNames maps every accepted day name to its number: the names
// calendars print (初一, 十五, 廿三, 三十) plus 二十一 to 二十九 and 卅.
var dayNames = func() map[string]int {
	tens := []string{"初", "十", "廿"}
	digits := []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}
	m := map[string]int{"初十": 10, "二十": 20, "三十": 30, "卅": 30}
	for t, prefix := range tens {
		for i, d := range digits {
			m[prefix+d] = t*10 + i + 1
			if t == 2 {
				m["二十"+d] = 20 + i + 1
			}
		}
	}
	return m
}()

// numericRE is the numeric form: month-day, 闰 before a leap month.
var numericRE = regexp.MustCompile(`^(闰)?\s*([0-9]{1,2})\s*-\s*([0-9]{1,2})$`)

// Parse reads a lunar month and day: 正月初一, 腊月廿三, 闰六月十五,
// 冬月初八 (any of the names in hint, optionally after 农历 and with
// spaces between month and day), or the numeric form 1-1, 12-23, 闰6-15.
// The Year of the result is zero: the year is given apart. Parse checks
// only that the month is 1 to 12 and the day 1 to 30; Solar checks that
// the day exists in a year.
func Parse(s string) (campaignbot.LunarDate, error) {
	in := strings.TrimSpace(s)
	t := strings.TrimSpace(strings.TrimPrefix(in, "农历"))
	if t == "" {
		return campaignbot.LunarDate{}, errorf(ErrSyntax, "the lunar date is empty: %s", hint)
	}
	// Digits and dashes typed with a Chinese input method are full width
	// (１-１, 闰６－１); the numeric form reads them as ASCII.
	if m := numericRE.FindStringSubmatch(width.Narrow.String(t)); m != nil {
		return parseNumeric(in, m[1] != "", m[2], m[3])
	}
	var d campaignbot.LunarDate
	rest, leap := strings.CutPrefix(t, "闰")
	d.Leap = leap
	rest = strings.TrimSpace(rest)
	for _, mn := range monthNames {
		if after, ok := strings.CutPrefix(rest, mn.name); ok {
			d.Month, rest = mn.month, strings.TrimSpace(after)
			break
		}
	}
	if d.Month == 0 {
		return campaignbot.LunarDate{}, errorf(ErrSyntax, "unknown lunar month in %s: %s", strconv.Quote(in), hint)
	}
	day, ok := dayNames[rest]
	if !ok {
		if rest == "" {
			return campaignbot.LunarDate{}, errorf(ErrSyntax, "%s has no day: add one like 初一, 十五 or 廿三", strconv.Quote(in))
		}
		return campaignbot.LunarDate{}, errorf(ErrSyntax, "unknown lunar day %s in %s: write 初一 to 初十, 十一 to 二十, 廿一 to 廿九 or 三十", strconv.Quote(rest), strconv.Quote(in))
	}
	d.Day = day
	return d, nil
}

// parseNumeric reads the numbers of the month-day form.
func parseNumeric(in string, leap bool, month, day string) (campaignbot.LunarDate, error) {
	m, _ := strconv.Atoi(month)
	d, _ := strconv.Atoi(day)
	switch {
	case m < 1 || m > 12:
		return campaignbot.LunarDate{}, errorf(ErrSyntax, "month %d in %s is not a lunar month: use 1 to 12", m, strconv.Quote(in))
	case d < 1 || d > 30:
		return campaignbot.LunarDate{}, errorf(ErrSyntax, "day %d in %s is not a lunar day: a lunar month has 29 or 30 days", d, strconv.Quote(in))
	}
	return campaignbot.LunarDate{Month: m, Leap: leap, Day: d}, nil
}
