package todotext

import (
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// The user-facing errors. Each one says what was understood and what would
// work instead.

// onWeekday writes an instant with its weekday in each language:
// "2026-10-19 17:00 (Mon)", "2026-10-19 17:00（周一）", "（週一）", "（月）".
func onWeekday(t time.Time) campaignbot.Text {
	s := t.Format("2006-01-02 15:04")
	switch t.Weekday() {
	case time.Sunday:
		return campaignbot.T("todotext.at-sunday", s)
	case time.Monday:
		return campaignbot.T("todotext.at-monday", s)
	case time.Tuesday:
		return campaignbot.T("todotext.at-tuesday", s)
	case time.Wednesday:
		return campaignbot.T("todotext.at-wednesday", s)
	case time.Thursday:
		return campaignbot.T("todotext.at-thursday", s)
	case time.Friday:
		return campaignbot.T("todotext.at-friday", s)
	}
	return campaignbot.T("todotext.at-saturday", s)
}

// clockEN formats a clock time as "5pm" or "5:30pm".
func clockEN(h, m int) string {
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	if m == 0 {
		return fmt.Sprintf("%d%s", h12, suffix)
	}
	return fmt.Sprintf("%d:%02d%s", h12, m, suffix)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

func badDate(y, m, d int) func(string) error {
	return func(phrase string) error {
		if m < 1 || m > 12 {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.i-read-as-a-date-but-ae3cb1", phrase, m))
		}
		last := daysIn(time.Month(m), y)
		suffix := timeSuffix(phrase)
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.i-read-as-a-date-but-1e630d", phrase, time.Month(m).String(), ordinal(d), m, last, suffix, d))
	}
}

func badTime(h, m int) func(string) error {
	return func(phrase string) error {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.i-read-as-a-time-but", phrase, h, m))
	}
}

// timeSuffix returns " 18:00" when the phrase ends in a clock time written
// with a colon, so that a suggestion keeps it.
func timeSuffix(phrase string) string {
	f := strings.Fields(phrase)
	if len(f) > 1 && strings.Contains(f[len(f)-1], ":") {
		return " " + f[len(f)-1]
	}
	return ""
}

func noCampaign(alias string, cs []campaignbot.Campaign, example string) func(string) error {
	return func(phrase string) error {
		var ids []string
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		if len(ids) == 0 {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.i-read-as-counting-days-from-06a9ca", phrase, example))
		}
		if alias == "" {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.i-read-as-counting-days-from-c920c4", phrase, strings.Join(ids, ", "), example))
		}
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.i-read-as-counting-days-from-644ba9", phrase, alias, strings.Join(ids, ", ")))
	}
}

// example is a date a week ahead, as an example in errors ("10/29 18:00"
// would be a past date most of the year).
func (p *parser) example() string {
	t := p.now.AddDate(0, 0, 7)
	return fmt.Sprintf("%d/%d 18:00", int(t.Month()), t.Day())
}

// errAmbiguous asks which of several readings a phrase means.
func errAmbiguous(phrase string, rs []reading) error {
	var at []string
	for _, r := range rs {
		if r.dateOnly {
			at = append(at, r.at.Format("2006-01-02"))
		} else {
			at = append(at, r.at.Format("2006-01-02 15:04"))
		}
	}
	last := at[len(at)-1]
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.could-mean-write-the-one-you", phrase, campaignbot.OrList(at...), campaignbot.OrList(at...), last, last))
}

// needHour refuses a part of the day too wide to be a deadline alone.
func needHour(period string) func(string) error {
	return func(phrase string) error {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.needs-an-hour-write-for-example", phrase, period, period))
	}
}

func errPast(phrase string, t time.Time, sp spec) error {
	sugEN, sugZH := "tomorrow", "明天"
	if sp.hasTime && sp.exact.IsZero() {
		sugEN += " " + clockEN(sp.hour, sp.min)
		sugZH += fmt.Sprintf("%d:%02d", sp.hour, sp.min)
	}
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.is-which-has-passed-give-a", phrase, onWeekday(t), sugEN, onWeekday(t), sugZH))
}

func errTooFar(phrase string, t time.Time) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.is-more-than-2-years-from", phrase, onWeekday(t), onWeekday(t)))
}

func errNotUnderstood(phrase, example string, cause error) error {
	t := campaignbot.T("todotext.i-couldn-t-read-as-a", phrase, example)
	if cause != nil {
		return campaignbot.WrapError(campaignbot.EINVALID, t, fmt.Errorf("parse due %q: %w", phrase, cause))
	}
	return &campaignbot.Error{Code: campaignbot.EINVALID, Text: t}
}
