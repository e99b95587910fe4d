package minutes

import (
	"regexp"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/todotext"
)

// weekdayBeforeDate is a weekday written before a numeric date, as the
// bot itself writes due dates ("due Fri 10-09 18:00") and people copy
// them ("by Fri 10/9", "周五 10/9"). Read alone, the weekday would be the
// coming one and the date would be left in the title.
var weekdayBeforeDate = regexp.MustCompile(`(?i)\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\.?,?\s+(\d{1,2}[/-]\d{1,2})\b|(周[一二三四五六日天]|星期[一二三四五六日天])\s*(\d{1,2}[/-]\d{1,2})`)

// weekdays names the weekdays of weekdayBeforeDate.
var weekdays = map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "tues": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday,
	"一": time.Monday, "二": time.Tuesday, "三": time.Wednesday, "四": time.Thursday, "五": time.Friday, "六": time.Saturday,
	"日": time.Sunday, "天": time.Sunday}

// dropWeekday removes a weekday written before a numeric date, returning
// the weekday it named (-1 for none) so that the date can be checked
// against it.
func dropWeekday(s string) (string, time.Weekday) {
	named := time.Weekday(-1)
	out := weekdayBeforeDate.ReplaceAllStringFunc(s, func(m string) string {
		g := weekdayBeforeDate.FindStringSubmatch(m)
		if g[1] != "" {
			named = weekdays[strings.ToLower(g[1])]
			return g[2]
		}
		named = weekdays[strings.TrimPrefix(strings.TrimPrefix(g[3], "周"), "星期")]
		return g[4]
	})
	return out, named
}

// unsureDate is a date phrase the reader does not guess at: a dotted or
// dashed month.day without a date read ("10.8", "10-8": October 8, or a
// version, an amount?), a time in another zone ("3pm EST") and "the day
// before" a date ("11/11 前一天").
var unsureDate = []struct {
	pattern  *regexp.Regexp
	needsDue bool // only when no due date was read
	why      campaignbot.Text
}{
	{regexp.MustCompile(`(?:^|[\s>])(?:1[0-2]|0?[1-9])[.-](?:3[01]|[12]\d|0?[1-9])(?:$|[\s\p{Han}])`), true, campaignbot.T("minutes.i-can-t-tell-whether-the")},
	{regexp.MustCompile(`\b(?:EST|EDT|PST|PDT|MST|MDT|CET|CEST|BST|GMT|UTC|JST|KST|IST|AEST|AEDT|SGT|ET|PT)\b`), false, campaignbot.T("minutes.the-time-names-another-time-zone")},
	{regexp.MustCompile(`(?i)前[一两二三四五六七八九十\d]+天|day before|days before`), false, campaignbot.T("minutes.the-day-before-a-date-is")},
}

// unsure returns why the date of a line is not guessed at, or false.
func unsure(text string, due time.Time) (campaignbot.Text, bool) {
	for _, u := range unsureDate {
		if u.needsDue && !due.IsZero() {
			continue
		}
		if u.pattern.MatchString(text) {
			return u.why, true
		}
	}
	return campaignbot.Text{}, false
}

// dateDoubt says why a line's date is not guessed at (see unsure), or
// that it falls on another weekday than the one written before it.
func dateDoubt(text string, d todotext.Draft, weekday time.Weekday, loc *time.Location) (campaignbot.Text, bool) {
	if why, ok := unsure(text, d.Due); ok {
		return why, true
	}
	return weekdayMismatch(weekday, d.Due, loc)
}

// doubtful reports a line that would be a row (it names an owner or a
// date) whose date is in doubt (see dateDoubt).
func doubtful(text string, d todotext.Draft, weekday time.Weekday, loc *time.Location) bool {
	if len(d.Assignees)+len(d.Groups) == 0 && d.Due.IsZero() {
		return false
	}
	_, ok := dateDoubt(text, d, weekday, loc)
	return ok
}

// weekdayMismatch says that a date does not fall on the weekday written
// before it ("Fri 10/8" when 10/8 is a Thursday).
func weekdayMismatch(named time.Weekday, due time.Time, loc *time.Location) (campaignbot.Text, bool) {
	if named < 0 || due.IsZero() {
		return campaignbot.Text{}, false
	}
	if loc == nil {
		loc = time.UTC
	}
	if got := due.In(loc).Weekday(); got != named {
		return campaignbot.T("minutes.the-date-is-a-not-a", got.String(), named.String(), zhWeekday(got), zhWeekday(named)), true
	}
	return campaignbot.Text{}, false
}

// zhWeekday is a weekday in Chinese.
func zhWeekday(d time.Weekday) string {
	return [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[d]
}
