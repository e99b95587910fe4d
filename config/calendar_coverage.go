package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// maxCoverageYears bounds the years checked for one campaign or job.
const maxCoverageYears = 100

// dated is an instant of a campaign or job and the key that sets it.
type dated struct {
	at   time.Time
	path string
}

// calendarCoverage warns about every campaign and every `on: workdays` job
// that runs into a year the calendar's region has no public holiday data
// for: in such a year only weekends and the YAML's own days are off, so the
// Spring Festival would be worked. A year counts as covered when the region
// has data for it or when calendar.holidays or calendar.workdays lists any
// day of it, which is how a team supplies a year the library lacks. With
// no region (weekends only) nothing is checked.
//
// A campaign runs from the earliest of its d_day, milestones and their
// reminders to the latest of them and its ends (written or the default,
// since milestones added in chat may go up to it). A job runs from its
// from to its until; one without from runs until its until from a year
// that is covered, so the uncovered years up to until count; one without
// until is open-ended and only its from's year counts; one with neither is
// not checked, and neither is the digest (todos.digest_on), which has no
// bounds: every open-ended job reaches a year without data some day, and a
// warning that is always there would be noise.
func (b *builder) calendarCoverage() {
	cal := b.cfg.Calendar
	if cal == nil || cal.Statutory == nil {
		return
	}
	listed := map[int]bool{}
	for d := range cal.Holidays {
		listed[d.Year] = true
	}
	for d := range cal.Workdays {
		listed[d.Year] = true
	}
	covered := func(y int) bool { return listed[y] || cal.Covers(y) }
	for i, c := range b.cfg.Campaigns {
		if i < len(b.raw.Campaigns) {
			b.campaignCoverage(index("campaigns", i), b.raw.Campaigns[i], c, covered)
		}
	}
	for i, j := range b.cfg.Jobs {
		if j.OnWorkdays {
			b.jobCoverage(index("jobs", i), j, covered)
		}
	}
}

// campaignCoverage warns when the campaign at path p runs into a year that
// is not covered.
func (b *builder) campaignCoverage(p string, rc rawCampaign, c campaignbot.Campaign, covered func(int) bool) {
	loc := b.cfg.Timezone
	if l, err := time.LoadLocation(c.Timezone); err == nil && c.Timezone != "" {
		loc = l
	}
	var events []dated
	add := func(t time.Time, path string) {
		if !t.IsZero() {
			events = append(events, dated{t.In(loc), path})
		}
	}
	add(c.DDay, p+".d_day")
	for _, m := range c.Milestones {
		j := slices.IndexFunc(rc.Milestones, func(rm rawMilestone) bool { return strings.TrimSpace(rm.ID) == m.ID })
		mp := index(p+".milestones", max(j, 0))
		add(m.At, mp+".at")
		for _, off := range m.Offsets {
			add(m.At.Add(-off), mp+".offsets")
		}
	}
	add(c.Ends, p+".ends")
	if len(events) == 0 {
		return
	}
	slices.SortStableFunc(events, func(a, b dated) int { return a.at.Compare(b.at) })
	first, last := events[0].at, events[len(events)-1].at
	var years []int
	for y := first.Year(); y <= last.Year() && y < first.Year()+maxCoverageYears; y++ {
		if !covered(y) {
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		return
	}
	// Point at what reaches the first uncovered year first.
	start := time.Date(years[0], 1, 1, 0, 0, 0, 0, loc)
	at := events[len(events)-1]
	for _, e := range events {
		if !e.at.Before(start) {
			at = e
			break
		}
	}
	what := campaignbot.T("config.campaign", c.ID)
	span := campaignbot.T("config.to", first.Format("2006-01-02"), last.Format("2006-01-02"))
	var endsHint campaignbot.Text
	if at.path == p+".ends" {
		// Only the end reaches the year: ending earlier is a fix too.
		endsHint = campaignbot.T("config.or-set-the-campaign-s-ends", years[0])
	}
	b.r.warnAt(at.path, coverageWarning(b.cfg.Calendar.Region, years, what, span, endsHint))
}

// jobCoverage warns when the `on: workdays` job at path p runs into a year
// that is not covered.
func (b *builder) jobCoverage(p string, j campaignbot.Job, covered func(int) bool) {
	loc := b.cfg.Timezone
	var years []int
	var path string
	var span campaignbot.Text
	switch {
	case !j.From.IsZero() && !j.Until.IsZero():
		first, last := j.From.In(loc), j.Until.In(loc)
		for y := first.Year(); y <= last.Year() && y < first.Year()+maxCoverageYears; y++ {
			if !covered(y) {
				years = append(years, y)
			}
		}
		path = p + ".until"
		if len(years) > 0 && years[0] == first.Year() {
			path = p + ".from"
		}
		span = campaignbot.T("config.to", first.Format("2006-01-02"), last.Format("2006-01-02"))
	case !j.Until.IsZero():
		last := j.Until.In(loc)
		for y := last.Year(); !covered(y) && y > last.Year()-maxCoverageYears; y-- {
			years = append([]int{y}, years...)
		}
		path = p + ".until"
		span = campaignbot.T("config.until", last.Format("2006-01-02"))
	case !j.From.IsZero():
		first := j.From.In(loc)
		if !covered(first.Year()) {
			years = []int{first.Year()}
		}
		path = p + ".from"
		span = campaignbot.T("config.from-with-no-until", first.Format("2006-01-02"))
	}
	if len(years) == 0 {
		return
	}
	what := campaignbot.T("config.job-on-workdays", j.ID)
	b.r.warnAt(path, coverageWarning(b.cfg.Calendar.Region, years, what, span, campaignbot.Text{}))
}

// coverageWarning says that what runs over span into years, which region
// has no holiday data for, and how to supply them.
func coverageWarning(region string, years []int, what, span, hint campaignbot.Text) campaignbot.Text {
	if len(years) > 1 {
		return campaignbot.T("config.calendar-no-public-holiday-data-for-ede4fb", region, yearList(years, " and "), yearList(years, "、"), what, span, hint)
	}
	return campaignbot.T("config.calendar-no-public-holiday-data-for-f7a56e", region, yearList(years, " and "), yearList(years, "、"), what, span, hint)
}

// yearList writes years as "2028", "2028 and 2029" or "2028, 2029 and
// 2030" (with last as " and "), or, when they follow one another and are
// more than two, as "2028–2031".
func yearList(years []int, last string) string {
	n := len(years)
	if n > 2 && years[n-1]-years[0] == n-1 {
		return fmt.Sprintf("%d–%d", years[0], years[n-1])
	}
	s := make([]string, n)
	for i, y := range years {
		s[i] = fmt.Sprint(y)
	}
	if n < 2 {
		return strings.Join(s, "")
	}
	sep := ", "
	if last == "、" {
		sep = "、"
	}
	return strings.Join(s[:n-1], sep) + last + s[n-1]
}
