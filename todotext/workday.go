package todotext

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// workdayDate matches a due date counted in working days of
// Options.Calendar: "next business day", "the next working day", "next
// workday", "(by) end of next business day", "within (the) next business
// day", "in 3 business days", "within two working days", "within (the)
// next 2 business days", "2 workdays from now", "3 working days later",
// 下个工作日, 下一个工作日, 下一工作日, 3个工作日内, 3 个 工作日内, 三个工作日之内,
// 2个工作日后, 两个工作日以后, 2-3个工作日内 (the upper bound).
//
// "Within N working days" is the end of the Nth working day after today,
// today not counted even when it is worked; "the next working day" is the first. A
// clock time may follow, as after any date ("下个工作日上午10点", "next
// business day 10am"); without one the day's end applies. A count that is
// negative or not whole ("-1个工作日内", "1.5个工作日内") is an error.
func (p *parser) workdayDate(c *cursor) (spec, bool) {
	start := c.i
	if n, ok := p.enWorkdays(c); ok {
		return p.nthWorkday(n), true
	}
	c.i = start
	if n, bad, ok := p.zhWorkdays(c); ok {
		if bad != nil {
			return spec{workdays: true, bad: bad}, true
		}
		return p.nthWorkday(n), true
	}
	c.i = start
	return spec{}, false
}

// enWorkdays matches the English forms and returns the count of working
// days.
func (p *parser) enWorkdays(c *cursor) (int, bool) {
	start := c.i
	// "(the) end of (the) next business day": the day's end is what a
	// date alone means anyway.
	if c.optWord("the"); c.phraseWords("end of") && c.spaces() {
		c.optWord("the")
		if c.word("next") && c.spaces() && c.workdayWords() {
			return 1, true
		}
	}
	c.i = start
	in := (c.word("within") || c.word("in")) && c.spaces()
	if !in {
		c.i = start
	}
	c.optWord("the")
	if save := c.i; c.word("next") && c.spaces() {
		if c.workdayWords() {
			// "next business day", "within the next business day".
			return 1, true
		}
		if n, ok := c.englishNumber(); in && ok && c.spaces() && c.workdayWords() {
			// "within (the) next 2 business days".
			return n, true
		}
		c.i = save
	}
	if c.i > start && !in {
		// "the" alone before a count: "the 3 business days".
		c.i = start
		return 0, false
	}
	n, ok := c.englishNumber()
	if !ok || !c.spaces() || !c.workdayWords() {
		c.i = start
		return 0, false
	}
	if in {
		return n, true
	}
	if c.spaces() && (c.phraseWords("from now") || c.phraseWords("from today") || c.word("later")) {
		return n, true
	}
	c.i = start
	return 0, false
}

// optWord consumes w and the space after it, when both are there.
func (c *cursor) optWord(w string) {
	save := c.i
	if !c.word(w) || !c.spaces() {
		c.i = save
	}
}

// workdayWords consumes "business day(s)", "working day(s)", "work
// day(s)" or "workday(s)".
func (c *cursor) workdayWords() bool {
	save := c.i
	if _, ok := c.words("business", "working", "work"); ok && c.spaces() {
		if _, ok := c.words("days", "day"); ok {
			return true
		}
	}
	c.i = save
	_, ok := c.words("workdays", "workday")
	return ok
}

// zhWorkdays matches the Chinese forms and returns the count of working
// days: 下(一)个工作日, 下一工作日, and N(个)工作日 followed by 内, 之内,
// 以内, 后, 之后 or 以后 (alone, "3个工作日" is a length of time, not a
// date). Spaces may stand around 个 ("3 个 工作日内"). bad is set for a
// count that is written but cannot be right (see workdayCount).
func (p *parser) zhWorkdays(c *cursor) (int, func(string) error, bool) {
	start := c.i
	if _, ok := c.wordsLit("下一个", "下一", "下个"); ok && c.lit("工作日") {
		return 1, nil, true
	}
	c.i = start
	n, bad, ok := c.workdayCount()
	if !ok || !c.workdayUnit() {
		c.i = start
		return 0, nil, false
	}
	if _, ok := c.wordsLit("之内", "以内", "之后", "以后", "内", "后"); !ok {
		c.i = start
		return 0, nil, false
	}
	return n, bad, true
}

// workdayUnit consumes 个工作日, with or without 个 and spaces around it.
func (c *cursor) workdayUnit() bool {
	save := c.i
	c.spaces()
	if c.lit("个") {
		c.spaces()
	}
	if c.lit("工作日") {
		return true
	}
	c.i = save
	return false
}

// workdayCount consumes the count before 个工作日: ASCII digits (any
// number of them, with thousands separators: 1,000), Chinese numerals
// (三, 十二), or a range (2-3, 2到3, 3～5), which counts its upper bound,
// as shops promise "2-3个工作日内发货". A minus sign or a decimal point
// ("-1", "1.5") is consumed too and gives an error, so that the count is
// not silently read as 1 or 5.
func (c *cursor) workdayCount() (int, func(string) error, bool) {
	start := c.i
	if c.lit("-") || c.lit("−") {
		if start > 0 && isASCIIAlnum(lastRune(c.s[:start])) {
			c.i = start
			return 0, nil, false
		}
		if _, ok := c.digitCount(); !ok {
			c.i = start
			return 0, nil, false
		}
		return 0, negativeWorkdays, true
	}
	n, ok := c.digitCount()
	if !ok {
		if n, ok = c.cnNumber(); !ok {
			return 0, nil, false
		}
	} else if save := c.i; c.lit(".") {
		if _, _, ok := c.digits(1); ok {
			c.digitCount()
			return 0, partWorkdays, true
		}
		c.i = save
	}
	// A range: the upper bound counts.
	save := c.i
	c.spaces()
	if _, ok := c.wordsLit("-", "–", "—", "~", "～", "到", "至"); ok {
		c.spaces()
		if m, ok := c.digitCount(); ok {
			return max(n, m), nil, true
		}
		if m, ok := c.cnNumber(); ok {
			return max(n, m), nil, true
		}
	}
	c.i = save
	return n, nil, true
}

// digitCount consumes ASCII digits, with commas between groups of three
// ("1,000"); a count too large for an int is capped, since any count of
// more than a few hundred working days is refused as too far ahead.
func (c *cursor) digitCount() (int, bool) {
	const cap = 1 << 30
	v, any := 0, false
	for !c.eof() {
		b := c.s[c.i]
		if b == ',' && any && c.i+4 <= len(c.s) && allDigits(c.s[c.i+1:c.i+4]) && (c.i+4 == len(c.s) || c.s[c.i+4] < '0' || c.s[c.i+4] > '9') {
			c.i++
			continue
		}
		if b < '0' || b > '9' {
			break
		}
		v = min(v*10+int(b-'0'), cap)
		c.i++
		any = true
	}
	return v, any
}

// nthWorkday is the date of the nth working day after today (today not
// counted), a date alone. A count of none, or one that reaches past the
// two years a due time may be ahead, is an error.
func (p *parser) nthWorkday(n int) spec {
	sp := spec{workdays: true, count: n}
	if n < 1 {
		sp.bad = noWorkdays
		return sp
	}
	y, m, d := p.now.Date()
	limit := time.Date(y+maxAhead, m, d+1, 12, 0, 0, 0, p.loc)
	// The working days found are kept, so that a text repeating the
	// phrase does not walk the calendar again.
	for len(p.workdaysAhead) < n {
		p.scanned++
		day := time.Date(y, m, d+p.scanned, 12, 0, 0, 0, p.loc)
		if day.After(limit) {
			p.scanned--
			sp.bad = workdaysTooFar
			return sp
		}
		if p.opt.Calendar.IsWorkday(day) {
			p.workdaysAhead = append(p.workdaysAhead, day)
		}
	}
	sp.setDate(p.workdaysAhead[n-1].Date())
	return sp
}

// negativeWorkdays refuses "-1个工作日内".
func negativeWorkdays(phrase string) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.counts-a-negative-number-of-working", phrase))
}

// partWorkdays refuses "1.5个工作日内": half a working day ends at no
// clear time.
func partWorkdays(phrase string) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.counts-part-of-a-working-day", phrase))
}

// workdaysFrom moves the date of sp by n working days (n < 0: before it),
// the day itself not counted: 3 working days after Wed 11-11 is Mon 11-16.
// A count that walks more than two years is an error.
func (p *parser) workdaysFrom(sp spec, n int) spec {
	if sp.bad != nil || !sp.hasDate {
		return sp
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	out := spec{workdays: true}
	day := time.Date(sp.y, sp.m, sp.d, 12, 0, 0, 0, p.loc)
	limit := 366 * (maxAhead + 1)
	for k := 0; n > 0; {
		if k++; k > limit {
			out.bad = workdaysTooFar
			return out
		}
		day = day.AddDate(0, 0, step)
		if p.opt.Calendar.IsWorkday(day) {
			n--
		}
	}
	out.setDate(day.Date())
	return out
}

// fromAnchor recounts the working days of sp (a phrase such as
// "3个工作日内" or "下个工作日", read as counted from today) from the day
// anchor names, written before it with 后: "周五后的下个工作日", "10/23后3个
// 工作日内", "双11后的下个工作日". It reports false when anchor is not a
// day at all ("收到样品后3个工作日内": after an event). A day that is not
// one date ("下周后…": which day of it?) is an error.
func (p *parser) fromAnchor(anchor string, sp spec) (spec, bool) {
	day, ok := p.whole(anchor)
	if !ok {
		c := &cursor{s: anchor}
		if a, aok := p.campaignAlias(c); aok && c.eof() {
			if isGeneric(a) {
				a = ""
			}
			day, ok = p.campaignDate(a, 0), true
		}
	}
	switch {
	case !ok:
		return sp, false
	case day.bad != nil:
		sp.bad = day.bad
	case !day.hasDate && day.exact.IsZero() && day.alt == nil:
		// "下班后3个工作日内": a time today; counted from today.
	case !day.hasDate || day.alt != nil || !day.exact.IsZero() || sp.count < 1:
		sp.bad = anchoredWorkdays
	default:
		to := p.workdaysFrom(day, sp.count)
		if to.bad != nil {
			sp.bad = to.bad
		} else {
			sp.setDate(to.y, to.m, to.d)
		}
	}
	return sp, true
}

// anchoredWorkdays refuses working days counted from a day that is not
// one date ("下周后3个工作日内").
func anchoredWorkdays(phrase string) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.counts-working-days-from-a-day", phrase))
}

// noWorkdays refuses "0个工作日内", "within 0 business days".
func noWorkdays(phrase string) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.counts-no-working-days-write-for", phrase))
}

// workdaysTooFar refuses a count of working days that ends more than two
// years ahead (or a calendar with no working day that soon).
func workdaysTooFar(phrase string) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.counted-in-working-days-ends-more", phrase))
}
