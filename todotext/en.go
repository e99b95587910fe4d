package todotext

import (
	"strings"
	"time"
)

var enWeekdays = []struct {
	names []string // full name first, then abbreviations
	wd    time.Weekday
}{
	{[]string{"monday", "mon"}, time.Monday},
	{[]string{"tuesday", "tues", "tue"}, time.Tuesday},
	{[]string{"wednesday", "wednsday", "wensday", "wendsday", "weds", "wed"}, time.Wednesday},
	{[]string{"thursday", "thrusday", "thurday", "thurs", "thur", "thu"}, time.Thursday},
	{[]string{"friday", "firday", "fryday", "fri"}, time.Friday},
	{[]string{"saturday", "sat"}, time.Saturday},
	{[]string{"sunday", "sun"}, time.Sunday},
}

var enMonths = [][]string{
	{"january", "jan"}, {"february", "feb"}, {"march", "mar"}, {"april", "apr"},
	{"may"}, {"june", "jun"}, {"july", "jul"}, {"august", "aug"},
	{"september", "sept", "sep"}, {"october", "oct"}, {"november", "nov"}, {"december", "dec"},
}

// tomorrowWords are the ways "tomorrow" is written, typos included,
// longer alternatives first.
var tomorrowWords = []string{"tomorrow", "tomorow", "tommorow", "tommorrow", "tmrw", "tmw", "tmr"}

// tonight is this evening at Options.Evening, a default hour that an hour
// given with it replaces ("8pm tonight").
func (p *parser) tonight() spec {
	var sp spec
	sp.setDate(p.day(0))
	sp.setTime(p.opt.Evening/60, p.opt.Evening%60)
	sp.evening, sp.part = true, true
	return sp
}

// enDate matches an English date.
func (p *parser) enDate(c *cursor) (spec, bool) {
	start := c.i
	switch {
	case c.phraseWords("the day after tomorrow"), c.phraseWords("day after tomorrow"):
		var sp spec
		sp.setDate(p.day(2))
		return sp, true
	case c.phraseWords("end of the week"), c.phraseWords("end of this week"), c.phraseWords("end of week"), c.word("eow"):
		sp := p.weekdayDate(time.Friday, 1)
		sp.eod, sp.roll = true, true
		return sp, true
	case c.phraseWords("end of next week"), c.phraseWords("end of the next week"):
		sp := p.weekdayDate(time.Friday, 2)
		sp.eod = true
		return sp, true
	case c.phraseWords("end of the month"), c.phraseWords("end of this month"), c.phraseWords("end of month"), c.word("eom"):
		return p.endOfMonth(), true
	case c.phraseWords("mid next week"), c.phraseWords("middle of next week"):
		return p.weekdayDate(time.Wednesday, 2), true
	case c.phraseWords("next week"):
		return p.nextWeek(), true
	case c.phraseWords("the end of the month"), c.phraseWords("the end of this month"):
		return p.endOfMonth(), true
	case c.phraseWords("the end of the week"), c.phraseWords("the end of this week"):
		sp := p.weekdayDate(time.Friday, 1)
		sp.eod, sp.roll = true, true
		return sp, true
	case c.phraseWords("this weekend"), c.phraseWords("the weekend"), c.word("weekend"):
		return p.weekend(), true
	}
	if _, ok := c.words(tomorrowWords...); ok {
		var sp spec
		sp.setDate(p.day(1))
		return sp, true
	}
	if c.word("today") {
		var sp spec
		sp.setDate(p.day(0))
		sp.weak = true
		return sp, true
	}
	if c.word("tonight") {
		return p.tonight(), true
	}
	if c.word("yesterday") {
		var sp spec
		sp.setDate(p.day(-1))
		return sp, true
	}
	if sp, ok := p.enWeekday(c); ok {
		return sp, true
	}
	c.i = start
	if sp, ok := p.numericDate(c); ok {
		return sp, true
	}
	c.i = start
	if sp, ok := p.monthNameDate(c); ok {
		return sp, true
	}
	c.i = start
	if sp, ok := p.ordinalDay(c); ok {
		return sp, true
	}
	c.i = start
	return spec{}, false
}

// ordinalDay matches "the 15th" and "15th": that day of this month, or
// of the next once it has passed. It is an ordinary word too ("the 3rd
// banner"), so it needs a connector or the end of the text.
func (p *parser) ordinalDay(c *cursor) (spec, bool) {
	start := c.i
	if c.word("the") && !c.spaces() {
		c.i = start
		return spec{}, false
	}
	d, _, ok := c.number(2)
	if !ok {
		c.i = start
		return spec{}, false
	}
	suffix, ok := c.words("st", "nd", "rd", "th")
	if !ok || suffix != ordinal(d)[len(ordinal(d))-2:] {
		c.i = start
		return spec{}, false
	}
	// "the 3rd sprint", "the 2nd banner": a count of something, not a day.
	after := c.i
	c.spaces()
	if !c.eof() && isASCIIAlnum(c.peek()) && !(c.word("at") || c.word("noon") || c.word("midnight") || c.word("eod") ||
		c.word("morning") || c.word("afternoon") || c.word("evening") || c.number2()) {
		c.i = start
		return spec{}, false
	}
	c.i = after
	sp := p.dayOfMonth(d)
	sp.weak = true
	return sp, true
}

// dayOfMonth is day d of this month, or of the next when it has passed.
func (p *parser) dayOfMonth(d int) spec {
	y, m, today := p.now.Date()
	if d < today {
		m++
	}
	first := time.Date(y, m, 1, 12, 0, 0, 0, p.loc)
	return p.ymd(first.Year(), int(first.Month()), d)
}

// nextWeek is "next week" (下周) as a deadline: the start of next week, or
// its end; the user is asked. It is an ordinary phrase too ("plan next
// week's sync"), so it needs a connector or the end of the text.
func (p *parser) nextWeek() spec {
	start := p.weekdayDate(time.Monday, 2)
	start.setTime(p.opt.StartOfDay/60, p.opt.StartOfDay%60)
	end := p.weekdayDate(time.Friday, 2)
	end.eod = true
	start.alt = &end
	start.weak, start.lead = true, true
	return start
}

// weekend is "this weekend" (周末): before it (Friday's end of day) or at
// its end (Sunday's); the user is asked.
func (p *parser) weekend() spec { return p.weekendOf(1) }

// weekendOf is the weekend of this week (sense 1) or the next (2).
func (p *parser) weekendOf(sense int) spec {
	fri := p.weekdayDate(time.Friday, sense)
	fri.eod = true
	sun := p.weekdayDate(time.Sunday, sense)
	sun.eod = true
	fri.alt = &sun
	fri.weak = true
	return fri
}

func (p *parser) endOfMonth() spec {
	var sp spec
	y, m, _ := p.now.Date()
	sp.setDate(y, m, daysIn(m, y))
	sp.eod = true
	return sp
}

// enWeekday matches "friday", "fri", "this friday", "next friday".
func (p *parser) enWeekday(c *cursor) (spec, bool) {
	start := c.i
	sense, coming := 0, false
	switch {
	case c.phraseWords("this coming") && c.spaces(), c.word("coming") && c.spaces():
		coming = true
	case c.word("next") && c.spaces():
		sense = 2
	case c.word("this") && c.spaces():
		sense = 1
	case c.word("last") && c.spaces():
		sense = -1
	default:
		c.i = start
	}
	if !coming && sense == 0 {
		c.i = start
	}
	for _, w := range enWeekdays {
		for k, name := range w.names {
			if !c.word(name) {
				continue
			}
			if k > 0 {
				c.lit(".")
			}
			if sense == 0 && !coming {
				// "friday next week", "friday this week".
				after := c.i
				c.spaces()
				switch {
				case c.phraseWords("next week"):
					sense = 2
				case c.phraseWords("this week"):
					sense = 1
				default:
					c.i = after
				}
				if sense != 0 {
					return p.weekdayDate(w.wd, sense), true
				}
			}
			sp := p.weekdayDate(w.wd, sense)
			sp.weak = sense == 0 && !coming
			sp.lead = sp.weak
			if sense == 2 && iso(w.wd) > iso(p.now.Weekday()) {
				// "next friday" said on a Tuesday: this week's, or the
				// next week's?
				this := p.weekdayDate(w.wd, 1)
				sp.alt = &this
			}
			return sp, true
		}
	}
	c.i = start
	return spec{}, false
}

// iso numbers weekdays from Monday (1) to Sunday (7).
func iso(w time.Weekday) int { return (int(w)+6)%7 + 1 }

// numericDate matches 2026-10-29, 2026/10/29, 10/29, 10/29/2026 and 11.11.
func (p *parser) numericDate(c *cursor) (spec, bool) {
	start := c.i
	a, na, ok := c.number(4)
	if !ok {
		return spec{}, false
	}
	if na == 4 {
		for _, sep := range []string{"-", "/", "."} {
			c.i = start + 4
			if !c.lit(sep) {
				continue
			}
			m, _, ok1 := c.number(2)
			ok2 := c.lit(sep)
			d, _, ok3 := c.number(2)
			if ok1 && ok2 && ok3 && !p.moreDigits(c) {
				return p.ymd(a, m, d), true
			}
		}
		c.i = start
		return spec{}, false
	}
	if na > 2 {
		c.i = start
		return spec{}, false
	}
	after := c.i
	if c.lit("-") {
		// 10-28: a date only where a connector or the end says so.
		if d, nd, ok := c.number(2); ok && nd == 2 && !p.moreDigits(c) && a >= 1 && a <= 12 {
			sp := p.monthDay(a, d)
			sp.weak = true
			return sp, true
		}
		c.i = after
	}
	if c.lit("/") {
		if d, _, ok := c.number(2); ok {
			slash := c.i
			if c.lit("/") {
				if y, ny, ok := c.number(4); ok && (ny == 4 || ny == 2) && !p.moreDigits(c) {
					if ny == 2 {
						y += 2000
					}
					return p.ymd(y, a, d), true
				}
			}
			c.i = slash
			if !p.moreDigits(c) {
				sp := p.monthDay(a, d)
				// "the 11/11 livestream": a campaign's name as often as a
				// date.
				sp.weak = p.campaignDay(a, d)
				return sp, true
			}
		}
	}
	c.i = after
	if c.lit(".") {
		// Only "11.11"-style dates: a two-digit valid day, nothing after.
		if d, nd, ok := c.number(2); ok && (nd == 2 || strings.HasPrefix(c.s[c.i:], "前") || strings.HasPrefix(c.s[c.i:], "之前")) && !p.moreDigits(c) && a >= 1 && a <= 12 && d >= 1 && d <= daysIn(time.Month(a), p.now.Year()) {
			sp := p.monthDay(a, d)
			sp.weak = true
			return sp, true
		}
	}
	c.i = start
	return spec{}, false
}

// campaignDay reports whether month m, day d is a campaign's D-day (11/11,
// 6/18, 12/12).
func (p *parser) campaignDay(m, d int) bool {
	for _, cp := range p.opt.Campaigns {
		if !cp.DDay.IsZero() {
			_, cm, cd := cp.DDay.In(p.loc).Date()
			if int(cm) == m && cd == d {
				return true
			}
		}
	}
	return false
}

// moreDigits reports whether the date continues in a way that makes it
// something else, such as "10/29/3" or "1.11.2".
func (p *parser) moreDigits(c *cursor) bool {
	if c.eof() {
		return false
	}
	r := c.peek()
	if isASCIIAlnum(r) || r == '%' {
		return true
	}
	if (r == '.' || r == '/' || r == '-') && c.i+1 < len(c.s) && c.s[c.i+1] >= '0' && c.s[c.i+1] <= '9' {
		return true
	}
	return false
}

// monthNameDate matches "Oct 29", "October 29th, 2026", "29 Oct", "29th of
// October".
func (p *parser) monthNameDate(c *cursor) (spec, bool) {
	start := c.i
	if m, ok := p.monthName(c); ok {
		c.lit(".")
		c.spaces()
		if d, _, ok := c.number(2); ok {
			c.words("st", "nd", "rd", "th")
			if !c.eof() && isASCIIAlnum(c.peek()) {
				c.i = start
				return spec{}, false
			}
			return p.withYear(c, m, d), true
		}
		c.i = start
		return spec{}, false
	}
	if d, _, ok := c.number(2); ok {
		c.words("st", "nd", "rd", "th")
		c.spaces()
		if c.word("of") {
			c.spaces()
		}
		if m, ok := p.monthName(c); ok {
			c.lit(".")
			return p.withYear(c, m, d), true
		}
	}
	c.i = start
	return spec{}, false
}

func (p *parser) monthName(c *cursor) (int, bool) {
	for k, names := range enMonths {
		if _, ok := c.words(names...); ok {
			return k + 1, true
		}
	}
	return 0, false
}

// withYear reads an optional ", 2026" after a month and day.
func (p *parser) withYear(c *cursor, m, d int) spec {
	after := c.i
	c.lit(",")
	c.spaces()
	if y, ny, ok := c.number(4); ok && ny == 4 {
		return p.ymd(y, m, d)
	}
	c.i = after
	return p.monthDay(m, d)
}

// enClock matches "5pm", "5:30 pm", "17:30", "at 17:30", "at 5", "noon",
// "midnight" and "eod".
func (p *parser) enClock(c *cursor) (spec, bool) {
	start := c.i
	at := false
	if c.word("at") || c.lit("@") {
		at = true
		c.spaces()
	}
	switch {
	case c.word("noon"), c.word("midday"):
		return hm(12, 0), true
	case c.word("lunchtime"), c.word("lunch"):
		// "before lunch", "by lunchtime"; alone an ordinary word.
		sp := hm(12, 0)
		sp.weak = !at
		return sp, true
	case c.phraseWords("first thing"):
		sp := hm(p.opt.Morning/60, p.opt.Morning%60)
		sp.morning, sp.part, sp.weak = true, true, true
		return sp, true
	case c.word("midnight"):
		// Alone it names the launch as often as a deadline ("the midnight
		// launch"): it needs a connector, a day or the end of the text.
		sp := hm(23, 59)
		sp.midnight, sp.weak = true, !at
		return sp, true
	case c.phraseWords("half past"), c.phraseWords("quarter past"), c.phraseWords("quarter to"):
		words := strings.ToLower(c.s[start:c.i])
		c.spaces()
		h, _, ok := c.number(2)
		if !ok || h < 1 || h > 12 {
			c.i = start
			return spec{}, false
		}
		m := 30
		switch {
		case strings.HasPrefix(words, "quarter past") || strings.HasSuffix(words, "quarter past"):
			m = 15
		case strings.HasSuffix(words, "quarter to"):
			h, m = h-1, 45
			if h == 0 {
				h = 12
			}
		}
		return p.hourWithPart(c, h, m, true), true
	case c.phraseWords("the end of the day"), c.phraseWords("end of the day"), c.phraseWords("end of day"), c.phraseWords("end of today"),
		c.phraseWords("close of business"), c.word("eod"), c.word("cob"):
		return spec{eod: true}, true
	}
	if !at {
		if sp, ok := p.enPart(c); ok {
			return sp, true
		}
	}
	h, _, ok := c.number(2)
	if !ok {
		c.i = start
		return spec{}, false
	}
	m, colon := 0, false
	afterHour := c.i
	if c.lit(":") || c.lit("：") {
		if mm, nm, ok := c.number(2); ok && nm == 2 {
			m, colon = mm, true
		} else {
			c.i = afterHour
		}
	} else if c.lit(".") {
		// "4.30pm": a dotted time only with am/pm after it.
		mm, nm, ok := c.number(2)
		save := c.i
		c.spaces()
		if _, ampm := c.words("a.m.", "p.m.", "am", "pm"); !ok || nm != 2 || !ampm {
			c.i = start
			return spec{}, false
		}
		c.i = save
		m = mm
	}
	afterMin := c.i
	c.spaces()
	if ampm, ok := c.words("a.m.", "p.m.", "am", "pm"); ok {
		if h < 1 || h > 12 {
			sp := spec{bad: badTime(h, m)}
			return sp, true
		}
		h %= 12
		if ampm[0] == 'p' {
			h += 12
		}
		return hm(h, m), true
	}
	c.i = afterMin
	if !colon || h < 12 {
		// "3 this afternoon", "at 10 tomorrow morning", "9 in the morning",
		// "at 12 tonight".
		c.spaces()
		if pt, ok := p.enPart(c); ok && !pt.weak || ok && (at || colon) {
			return withPart(h, m, pt), true
		}
		if at && c.word("tonight") {
			return withPart(h, m, p.tonight()), true
		}
		c.i = afterMin
	}
	if colon || at {
		if !c.eof() && isASCIIAlnum(c.peek()) {
			c.i = start
			return spec{}, false
		}
		sp := hm(h, m)
		// "at 5" says neither morning nor evening: resolve reads it in
		// working hours or asks. In free text it needs a connector or the
		// end of the message.
		sp.weak = !colon
		sp.bareHour = !colon && h >= 1 && h <= 11
		return sp, true
	}
	c.i = start
	return spec{}, false
}

// enRelative matches "in 3 days", "in 2h", "3 days from now", "2 hours
// later" and returns the count and unit: 'm', 'h', 'd', 'w', 'M' or 'y'.
func (p *parser) enRelative(c *cursor) (int, byte, bool) {
	start := c.i
	if c.phraseWords("within the hour") || c.phraseWords("within an hour") {
		return 60, 'm', true
	}
	in := (c.word("in") || c.word("within")) && c.spaces()
	if !in {
		c.i = start
	}
	if in {
		// "in 1.5 hours", "in an hour and a half".
		save := c.i
		if v, _, ok := c.number(2); ok && c.lit(".5") && c.spaces() && p.unitWord(c, "hours", "hour", "hrs", "hr", "h") {
			return v*60 + 30, 'm', true
		}
		c.i = save
		if n, ok := c.englishNumber(); ok && c.spaces() && p.unitWord(c, "hours", "hour") && c.spaces() && c.phraseWords("and a half") {
			return n*60 + 30, 'm', true
		}
		c.i = save
	}
	n, ok := c.englishNumber()
	if !ok {
		c.i = start
		return 0, 0, false
	}
	c.spaces()
	var unit byte
	switch {
	case p.unitWord(c, "minutes", "minute", "mins", "min", "m"):
		unit = 'm'
	case p.unitWord(c, "hours", "hour", "hrs", "hr", "h"):
		unit = 'h'
	case p.unitWord(c, "days", "day", "d"):
		unit = 'd'
	case p.unitWord(c, "weeks", "week", "wks", "wk", "w"):
		unit = 'w'
	case p.unitWord(c, "months", "month"):
		unit = 'M'
	case p.unitWord(c, "years", "year", "yrs", "yr"):
		unit = 'y'
	default:
		c.i = start
		return 0, 0, false
	}
	if !in {
		after := c.i
		c.spaces()
		if !c.phraseWords("from now") && !c.word("later") {
			c.i = after
			c.i = start
			return 0, 0, false
		}
	}
	return n, unit, true
}

func (p *parser) unitWord(c *cursor, ws ...string) bool {
	_, ok := c.words(ws...)
	return ok
}

// enPart matches a part of the day: "morning", "afternoon", "evening",
// with "in the", "this" or "tomorrow" before it ("this afternoon",
// "tomorrow morning"). Alone it is an ordinary word ("morning standup"),
// so it needs a connector or the end of the text.
func (p *parser) enPart(c *cursor) (spec, bool) {
	start := c.i
	day, inThe := -1, false
	switch {
	case c.phraseWords("in the") && c.spaces():
		inThe = true
	case c.word("this") && c.spaces():
		day = 0
	case c.word("tomorrow") && c.spaces():
		day = 1
	default:
		c.i = start
	}
	var sp spec
	switch {
	case c.word("morning"):
		sp = hm(p.opt.Morning/60, p.opt.Morning%60)
		sp.morning = true
	case c.word("afternoon"):
		sp = hm(p.opt.Afternoon/60, p.opt.Afternoon%60)
		sp.evening = true
	case c.word("evening"):
		sp = hm(p.opt.Evening/60, p.opt.Evening%60)
		sp.evening = true
	default:
		c.i = start
		return spec{}, false
	}
	sp.part = true
	if day >= 0 {
		sp.setDate(p.day(day))
	} else {
		sp.weak = !inThe
	}
	return sp, true
}

// withPart is hour h:m in the part of the day pt ("3 this afternoon").
func withPart(h, m int, pt spec) spec {
	switch {
	case pt.evening && h == 12 && m == 0:
		h, m = 23, 59
	case pt.evening && h < 12:
		h += 12
	case pt.morning && h == 12:
		h = 0
	}
	sp := hm(h, m)
	sp.evening, sp.morning = pt.evening, pt.morning
	if pt.hasDate {
		sp.setDate(pt.y, pt.m, pt.d)
	}
	sp.weak = pt.weak
	return sp
}

// hourWithPart reads what may follow an hour that says neither morning nor
// evening ("5", "half past 3"): a part of the day ("this afternoon",
// "tonight", "tomorrow morning"), "today", "tomorrow" or nothing, in
// which case resolve reads it in working hours or asks.
func (p *parser) hourWithPart(c *cursor, h, m int, strong bool) spec {
	after := c.i
	c.spaces()
	if pt, ok := p.enPart(c); ok && !pt.weak {
		return withPart(h, m, pt)
	}
	c.i = after
	c.spaces()
	day := -1
	switch {
	case c.word("tonight"):
		return withPart(h, m, p.tonight())
	case c.word("today"):
		day = 0
	case func() bool { _, ok := c.words(tomorrowWords...); return ok }():
		day = 1
	default:
		c.i = after
	}
	sp := hm(h, m)
	sp.bareHour = h >= 1 && h <= 11
	if day >= 0 {
		sp.setDate(p.day(day))
	}
	sp.weak = !strong && day < 0
	return sp
}

// byHour matches a bare hour right after a deadline connector ("by 5",
// "before 6 tonight", "by 10:30"), where no "at" or am/pm is needed: it
// must end the text or be followed by punctuation, a part of the day,
// today or tomorrow, so that "by 10 stores" is not a time.
func (p *parser) byHour(c *cursor) (spec, bool) {
	start := c.i
	h, _, ok := c.number(2)
	if !ok || h > 12 {
		c.i = start
		return spec{}, false
	}
	if r := c.peek(); (r == '.' || r == '/' || r == '-' || r == ':') && c.i+1 < len(c.s) && c.s[c.i+1] >= '0' && c.s[c.i+1] <= '9' || r == '%' {
		c.i = start
		return spec{}, false
	}
	if save := c.i; c.spaces() && (c.word("percent") || c.word("pct") || c.word("%")) {
		c.i = start
		return spec{}, false
	} else {
		c.i = save
	}
	sp := p.hourWithPart(c, h, 0, true)
	rest := c.s[c.i:]
	end := strings.TrimLeftFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' })
	if sp.hasDate || end == "" || strings.ContainsRune(",.;:!?，。；：！？", firstRune(end)) || isHan(firstRune(end)) {
		if h == 12 && sp.evening {
			sp.setTime(23, 59)
		}
		return sp, true
	}
	c.i = start
	return spec{}, false
}
