package todotext

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// workdayDate matches a due date counted in working days of
// Options.Calendar: "next business day", "the next working day", "next
// workday", "in 3 business days", "within two working days", "within the
// next 2 business days", "2 workdays from now", "3 working days later", 下个工作日, 下一个工作日, 下一工作日,
// 3个工作日内, 三个工作日之内, 2个工作日后, 两个工作日以后.
//
// "Within N working days" is the end of the Nth working day after today,
// today not counted even when it is worked; "the next working day" is the first. A
// clock time may follow, as after any date ("下个工作日上午10点", "next
// business day 10am"); without one the day's end applies.
func (p *parser) workdayDate(c *cursor) (spec, bool) {
	start := c.i
	if n, ok := p.enWorkdays(c); ok {
		return p.nthWorkday(n), true
	}
	c.i = start
	if n, ok := p.zhWorkdays(c); ok {
		return p.nthWorkday(n), true
	}
	c.i = start
	return spec{}, false
}

// enWorkdays matches the English forms and returns the count of working
// days.
func (p *parser) enWorkdays(c *cursor) (int, bool) {
	start := c.i
	if c.word("the") && !c.spaces() {
		c.i = start
	}
	if c.word("next") && c.spaces() && c.workdayWords() {
		return 1, true
	}
	c.i = start
	in := (c.word("within") || c.word("in")) && c.spaces()
	if !in {
		c.i = start
	} else if save := c.i; !c.phraseWords("the next") || !c.spaces() {
		// "within the next 3 business days".
		c.i = save
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
// date).
func (p *parser) zhWorkdays(c *cursor) (int, bool) {
	start := c.i
	if _, ok := c.wordsLit("下一个", "下一", "下个"); ok && c.lit("工作日") {
		return 1, true
	}
	c.i = start
	n, ok := c.cnNumber()
	if !ok {
		return 0, false
	}
	c.lit("个")
	if !c.lit("工作日") {
		c.i = start
		return 0, false
	}
	if _, ok := c.wordsLit("之内", "以内", "之后", "以后", "内", "后"); !ok {
		c.i = start
		return 0, false
	}
	return n, true
}

// nthWorkday is the date of the nth working day after today (today not
// counted), a date alone. A count of none, or one that reaches past the
// two years a due time may be ahead, is an error.
func (p *parser) nthWorkday(n int) spec {
	sp := spec{workdays: true}
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

// noWorkdays refuses "0个工作日内", "within 0 business days".
func noWorkdays(phrase string) error {
	return campaignbot.Errorf(campaignbot.EINVALID,
		"%q counts no working days; write, for example, \"next business day\" or \"within 2 working days\".",
		"“%s”没有数到任何工作日；请写，例如“下个工作日”或“3个工作日内”。",
		phrase)
}

// workdaysTooFar refuses a count of working days that ends more than two
// years ahead (or a calendar with no working day that soon).
func workdaysTooFar(phrase string) error {
	return campaignbot.Errorf(campaignbot.EINVALID,
		"%q, counted in working days, ends more than 2 years from now; give a due time within 2 years.",
		"“%s”按工作日数下来，距今超过 2 年；请给 2 年以内的截止时间。",
		phrase)
}
