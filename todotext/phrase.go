package todotext

import (
	"time"
)

// spec is what the grammar understood of a due phrase, before it is turned
// into an instant.
type spec struct {
	// hasDate and y, m, d are a calendar date in the options' zone; without
	// a date the phrase means today.
	hasDate bool
	y       int
	m       time.Month
	d       int
	// hasTime, hour and min are a clock time; without one the end of the
	// day applies.
	hasTime   bool
	hour, min int
	// eod is an explicit end of day ("eod", "下班前").
	eod bool
	// evening shifts hours before 12 by 12 ("tonight 8", "今晚8点");
	// morning keeps them ("明早9点半"). Either decides a bare hour.
	evening, morning bool
	// bareHour is an hour from 1 to 11 with nothing saying morning or
	// evening ("明天8点", "at 5"): resolve reads it in working hours, or
	// offers both halves of the day.
	bareHour bool
	// midnight is the word midnight: with a date it may mean the start of
	// that day (the 00:00 launch) or its end.
	midnight bool
	// alt is another reading of the same words ("next friday" said on a
	// Tuesday, "next week", "this weekend"); when both are ahead and
	// differ, the user is asked.
	alt *spec
	// part is a part of the day alone ("morning", 上午): its hour is a
	// default that an hour after it replaces ("tomorrow morning at 10").
	part bool
	// marked is a deadline marker inside the phrase ("tomorrow by 3pm").
	marked bool
	// lead lets a weak phrase count at the very start of the text too, as
	// Chinese users write a weekday first ("周一 更新FAQ").
	lead bool
	// exact is an instant ("in 2 hours"), overriding everything else.
	exact time.Time
	// roll moves the result a week later when it has passed (bare weekday,
	// "eow").
	roll bool
	// weak phrases are ordinary words too; in free text they need a
	// connector or the end of the message.
	weak bool
	// workdays is a date counted in working days ("下个工作日"): "before"
	// it means by it, not by the day before, which may be a day off.
	workdays bool
	// count is the number of working days counted from today, so that
	// they can be counted again from an anchor ("周五后的下个工作日").
	count int
	// bad, when set, is the error to report for the whole phrase.
	bad func(phrase string) error
}

// parser holds the options of one call, normalized.
type parser struct {
	opt Options
	loc *time.Location
	now time.Time
	// aliasList caches aliases().
	aliasList []string
	// channels are the names of the channels the text mentions.
	channels []string
	// described is the phrase Parse did not take because it describes the
	// thing (see Draft.Described).
	described string
	// workdaysAhead are the working days after today found so far, noon
	// in loc, and scanned is how many days after today were looked at.
	workdaysAhead []time.Time
	scanned       int
}

// today returns the date n days after Now's date.
func (p *parser) day(n int) (int, time.Month, int) {
	y, m, d := p.now.Date()
	return time.Date(y, m, d+n, 12, 0, 0, 0, p.loc).Date()
}

func (sp *spec) setDate(y int, m time.Month, d int) {
	sp.hasDate, sp.y, sp.m, sp.d = true, y, m, d
}

func (sp *spec) setTime(h, m int) {
	sp.hasTime, sp.hour, sp.min = true, h, m
}

// phrase matches the longest due phrase starting at the cursor.
func (p *parser) phrase(c *cursor) (spec, bool) {
	start := c.i
	best, bestEnd, found := spec{}, start, false
	for _, f := range []func(*cursor) (spec, bool){p.relative, p.campaignPhrase, p.dateThenTime, p.timeThenDate} {
		c.i = start
		if sp, ok := f(c); ok && c.i > bestEnd {
			best, bestEnd, found = sp, c.i, true
		}
	}
	c.i = bestEnd
	return best, found
}

// date matches a date in English or Chinese.
func (p *parser) date(c *cursor) (spec, bool) {
	if sp, ok := p.workdayDate(c); ok {
		return sp, true
	}
	if sp, ok := p.enDate(c); ok {
		return sp, true
	}
	return p.zhDate(c)
}

// clock matches a time of day in English or Chinese.
func (p *parser) clock(c *cursor) (spec, bool) {
	if sp, ok := p.enClock(c); ok {
		return sp, true
	}
	return p.zhClock(c)
}

// merge adds the clock part t to the date part sp.
func merge(sp, t spec) spec {
	if sp.alt != nil {
		a := merge(*sp.alt, t)
		sp.alt = &a
	}
	if t.bad != nil && sp.bad == nil {
		sp.bad = t.bad
	}
	if t.eod {
		sp.eod, sp.hasTime = true, false
	}
	if t.hasTime {
		h := t.hour
		decided := !t.bareHour
		switch {
		case t.evening || t.morning:
		case sp.evening && h == 12 && t.min == 0:
			// 今晚12点: midnight, the end of the day.
			h, t.min = 23, 59
			decided = true
		case sp.evening && h < 12:
			h += 12
			decided = true
		case sp.morning || sp.evening:
			decided = true
		}
		sp.setTime(h, t.min)
		sp.eod = false
		sp.bareHour = !decided
		sp.evening, sp.morning = sp.evening || t.evening, sp.morning || t.morning
		if t.midnight && sp.hasDate && sp.alt == nil {
			// "11/11 midnight": the launch at 00:00, or the end of the day?
			start := sp
			start.setTime(0, 0)
			sp.alt = &start
		}
		if t.hasDate && !sp.hasDate {
			sp.setDate(t.y, t.m, t.d)
		}
	}
	sp.weak = false
	return sp
}

// dateThenTime matches "tomorrow 5pm", "10/29 18:00", "明天下午3点".
func (p *parser) dateThenTime(c *cursor) (spec, bool) {
	sp, ok := p.date(c)
	if !ok {
		return spec{}, false
	}
	after := c.i
	c.spaces()
	if t, ok := p.clock(c); ok {
		return p.hourAfterPart(c, merge(sp, t), t), true
	}
	if t, ok := p.datePart(c); ok {
		return p.hourAfterPart(c, merge(sp, t), t), true
	}
	if c.lit(",") || c.lit("，") || c.lit("的") {
		c.spaces()
		if t, ok := p.clock(c); ok {
			return p.hourAfterPart(c, merge(sp, t), t), true
		}
	}
	// "tomorrow by 3pm", "friday, before noon": the deadline marker between
	// the day and the time.
	c.i = after
	c.spaces()
	c.lit(",")
	c.spaces()
	if _, ok := c.words("by", "before", "b4", "until", "till"); ok && c.spaces() {
		if t, ok := p.clock(c); ok && t.hasTime && !t.hasDate {
			sp = merge(sp, t)
			sp.marked = true
			return sp, true
		}
		if t, ok := p.byHour(c); ok && !t.hasDate {
			sp = merge(sp, t)
			sp.marked = true
			return sp, true
		}
	}
	c.i = after
	return sp, true
}

// datePart matches a part of the day that only follows a day: "tmrw am",
// "Monday AM", "friday pm", "thursday night".
func (p *parser) datePart(c *cursor) (spec, bool) {
	var sp spec
	switch w, ok := c.words("a.m.", "am", "p.m.", "pm", "night"); {
	case !ok:
		return spec{}, false
	case w == "a.m." || w == "am":
		sp = hm(p.opt.Morning/60, p.opt.Morning%60)
		sp.morning = true
	case w == "night":
		sp = hm(p.opt.Evening/60, p.opt.Evening%60)
		sp.evening = true
	default:
		sp = hm(p.opt.Afternoon/60, p.opt.Afternoon%60)
		sp.evening = true
	}
	sp.part = true
	return sp, true
}

// hourAfterPart reads an hour after a part of the day ("tomorrow morning
// at 10"), which replaces the part's default hour.
func (p *parser) hourAfterPart(c *cursor, sp, t spec) spec {
	if !t.part {
		return sp
	}
	after := c.i
	c.spaces()
	if h, ok := p.clock(c); ok && !h.part && h.hasTime && !h.hasDate {
		return merge(sp, h)
	}
	c.i = after
	return sp
}

// timeThenDate matches "5pm", "6pm friday", "18:00 on 10/29".
func (p *parser) timeThenDate(c *cursor) (spec, bool) {
	t, ok := p.clock(c)
	if !ok {
		return spec{}, false
	}
	after := c.i
	c.spaces()
	if c.word("on") || c.lit(",") || c.lit("，") {
		c.spaces()
	}
	if sp, ok := p.date(c); ok && (!sp.hasTime || sp.part) && !sp.eod {
		// "5pm friday", "8pm tonight" (tonight's default hour gives way).
		return merge(sp, t), true
	}
	c.i = after
	return t, true
}

// relative matches "in 3 days", "in 2 hours", "3 days from now", "3天后",
// "2小时后", optionally followed by a clock time for day counts.
func (p *parser) relative(c *cursor) (spec, bool) {
	start := c.i
	n, unit, ok := p.enRelative(c)
	if !ok {
		c.i = start
		n, unit, ok = p.zhRelative(c)
	}
	if !ok {
		c.i = start
		return spec{}, false
	}
	var sp spec
	switch unit {
	case 'm':
		sp.exact = p.now.Add(time.Duration(n) * time.Minute)
		return sp, true
	case 'h':
		sp.exact = p.now.Add(time.Duration(n) * time.Hour)
		return sp, true
	case 'd':
		sp.setDate(p.day(n))
	case 'w':
		sp.setDate(p.day(7 * n))
	case 'M':
		y, m, d := p.now.Date()
		sp.setDate(time.Date(y, m+time.Month(n), d, 12, 0, 0, 0, p.loc).Date())
	case 'y':
		y, m, d := p.now.Date()
		sp.setDate(time.Date(y+n, m, d, 12, 0, 0, 0, p.loc).Date())
	}
	after := c.i
	c.spaces()
	if t, ok := p.clock(c); ok {
		return merge(sp, t), true
	}
	c.i = after
	return sp, true
}

// weekdayDate returns the date of weekday wd (0 Sunday … 6 Saturday) with
// the given sense: 0 bare (on or after today), 1 this week, 2 next week, 3
// the week after next, -1 last week. Weeks start on Monday.
func (p *parser) weekdayDate(wd time.Weekday, sense int) spec {
	var sp spec
	today := p.now.Weekday()
	switch sense {
	case 0:
		sp.setDate(p.day((int(wd) - int(today) + 7) % 7))
		sp.roll = true
	default:
		week := map[int]int{1: 0, 2: 7, 3: 14, -1: -7}[sense]
		sp.setDate(p.day(iso(wd) - iso(today) + week))
	}
	return sp
}

// monthDay builds a date from a month and day without a year: this year,
// unless that is more than 90 days ago.
func (p *parser) monthDay(m, d int) spec {
	y := p.now.Year()
	if m >= 1 && m <= 12 && d >= 1 && d <= daysIn(time.Month(m), y) {
		ty, tm, td := p.day(0)
		today := time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)
		if time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Before(today.AddDate(0, 0, -90)) {
			y++
		}
	}
	return p.ymd(y, m, d)
}

// ymd builds a date, recording an error when it does not exist.
func (p *parser) ymd(y, m, d int) spec {
	var sp spec
	if m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		sp.bad = badDate(y, m, d)
		return sp
	}
	sp.setDate(y, time.Month(m), d)
	return sp
}

func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// hm builds a clock time, recording an error when it does not exist.
func hm(h, m int) spec {
	var sp spec
	if h < 0 || h > 23 || m < 0 || m > 59 {
		sp.bad = badTime(h, m)
		return sp
	}
	sp.setTime(h, m)
	return sp
}
