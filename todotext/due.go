package todotext

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ParseDue reads a due phrase on its own, such as "friday", "tomorrow 5pm",
// "by 10/29 18:00" or "明天下午3点前", as in `/todo edit 3 due friday`. It
// returns the due instant and whether the phrase gave a date without a time
// (Options.EndOfDay applied). Errors are *campaignbot.Error with code
// EINVALID and say what was understood: an unknown phrase, a date that does
// not exist, a time that has passed or one more than two years ahead.
func ParseDue(phrase string, opt Options) (time.Time, bool, error) {
	p := newParser(opt)
	return p.parseWhole(phrase, p.opt.EndOfDay)
}

// ParseSnooze reads how long to snooze a to-do: a duration such as "2h",
// "30m", "1d", "1w", "90 minutes", "2小时", a count of working days of
// Options.Calendar ("3个工作日", "2 business days": the same clock time on
// the last of them), or a due phrase such as
// "tomorrow", "明天" or "下周一". A date alone means Options.StartOfDay on
// that day. Errors are as for ParseDue.
func ParseSnooze(phrase string, opt Options) (time.Time, error) {
	p := newParser(opt)
	phrase = simplifyForParsing(phrase)
	if d, ok := snoozeDuration(strings.TrimSpace(phrase)); ok {
		t := p.now.Add(d)
		if err := p.check(strings.TrimSpace(phrase), t, spec{exact: t}); err != nil {
			return time.Time{}, err
		}
		return t, nil
	}
	if n, ok := snoozeWorkdays(strings.TrimSpace(normalizeWidth(phrase))); ok {
		return p.afterWorkdays(strings.TrimSpace(phrase), n)
	}
	t, _, err := p.parseWhole(phrase, p.opt.StartOfDay)
	return t, err
}

// snoozeWorkdays reads a length of time in working days: "3个工作日",
// "三个工作日", "2 business days", "1 working day", "2 workdays".
func snoozeWorkdays(s string) (int, bool) {
	c := &cursor{s: s}
	if n, bad, ok := c.workdayCount(); ok && bad == nil && c.workdayUnit() && c.eof() {
		return n, true
	}
	c.i = 0
	if n, ok := c.englishNumber(); ok && c.spaces() && c.workdayWords() && c.eof() {
		return n, true
	}
	return 0, false
}

// afterWorkdays is the snooze of n working days: the same clock time on
// the nth working day after today, as "3天" is three days later at the
// same clock.
func (p *parser) afterWorkdays(phrase string, n int) (time.Time, error) {
	sp := p.nthWorkday(n)
	if sp.bad != nil {
		return time.Time{}, sp.bad(phrase)
	}
	t := wallTime(sp.y, sp.m, sp.d, p.now.Hour(), p.now.Minute(), p.loc)
	if err := p.check(phrase, t, spec{exact: t}); err != nil {
		return time.Time{}, err
	}
	return t, nil
}

// snoozeDuration reads "2h", "30 min", "1d", "1w", "2小时", "30分钟", "1天".
func snoozeDuration(s string) (time.Duration, bool) {
	c := &cursor{s: s}
	n, ok := c.englishNumber()
	if !ok {
		if n, ok = c.cnNumber(); !ok {
			return 0, false
		}
	}
	c.spaces()
	units := []struct {
		ws []string
		d  time.Duration
	}{
		{[]string{"minutes", "minute", "mins", "min", "m", "分钟"}, time.Minute},
		{[]string{"hours", "hour", "hrs", "hr", "h", "个小时", "小时"}, time.Hour},
		{[]string{"days", "day", "d", "天"}, 24 * time.Hour},
		{[]string{"weeks", "week", "w", "周", "个星期", "星期"}, 7 * 24 * time.Hour},
	}
	for _, u := range units {
		for _, w := range u.ws {
			save := c.i
			if c.word(w) && c.eof() {
				// Cap at 100 years so that the product cannot overflow; the
				// result is refused as too far ahead anyway.
				const max = 100 * 365 * 24 * time.Hour
				if time.Duration(n) > max/u.d {
					return max, true
				}
				return time.Duration(n) * u.d, true
			}
			c.i = save
		}
	}
	return 0, false
}

// parseWhole reads a phrase that must be entirely a due phrase, connectors
// allowed. dayMinutes is the clock time a date alone means.
func (p *parser) parseWhole(phrase string, dayMinutes int) (time.Time, bool, error) {
	typed := strings.TrimSpace(normalizeWidth(strings.ToValidUTF8(phrase, "\uFFFD")))
	written := simplifyForParsing(typed)
	core := trimConnectors(written)
	if core == "" || utf8.RuneCountInString(core) > maxPhrase {
		return time.Time{}, false, errNotUnderstood(typed, p.example(), nil)
	}
	sp, ok := p.whole(core)
	if !ok && core != trimLeading(written) {
		// "3天内": the trailing 内 belongs to the phrase.
		sp, ok = p.whole(trimLeading(written))
	}
	if !ok {
		// "10/9后3个工作日内": the trailing 内 belongs to the phrase here
		// too.
		sp, ok = p.anchoredWhole(trimLeading(written))
	}
	if !ok {
		var err error
		if sp, err = p.viaWhen(core); err != nil || (sp.exact.IsZero() && !sp.hasDate) {
			return time.Time{}, false, errNotUnderstood(typed, p.example(), err)
		}
	}
	sp.weak = false
	before := false
	if k, w, ok := endsWithConnector(strings.TrimSuffix(written, core)); ok && k == 0 {
		before = strings.EqualFold(w, "before") || strings.EqualFold(w, "due before")
	}
	rs, err := p.readings(written, sp, dayMinutes, before)
	if err != nil {
		return time.Time{}, false, err
	}
	if len(rs) > 1 {
		return time.Time{}, false, errAmbiguous(typed, rs)
	}
	return rs[0].at, rs[0].dateOnly, nil
}

// anchoredWhole reads s as working days counted from a day written before
// 后: "周五后的下个工作日", "10/23后3个工作日内" (see parser.fromAnchor).
func (p *parser) anchoredWhole(s string) (spec, bool) {
	for _, w := range []string{"之后", "以后", "过后", "后"} {
		k := strings.Index(s, w)
		if k <= 0 {
			continue
		}
		rest := strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(s[k+len(w):], " "), "的"), " ")
		if sp, ok := p.whole(rest); ok && sp.workdays {
			return p.fromAnchor(strings.TrimSpace(s[:k]), sp)
		}
	}
	return spec{}, false
}

// whole reads s as one due phrase and nothing else.
func (p *parser) whole(s string) (spec, bool) {
	c := &cursor{s: s}
	sp, ok := p.phrase(c)
	if ok {
		c.spaces()
		c.lit(".")
		c.lit("。")
	}
	return sp, ok && c.eof()
}

// resolve turns what was understood into an instant and checks it.
func (p *parser) resolve(phrase string, sp spec, dayMinutes int) (time.Time, bool, error) {
	if sp.bad != nil {
		return time.Time{}, false, sp.bad(phrase)
	}
	if !sp.exact.IsZero() {
		t := sp.exact.In(p.loc)
		return t, false, p.check(phrase, t, sp)
	}
	y, m, d := p.day(0)
	if sp.hasDate {
		y, m, d = sp.y, sp.m, sp.d
	}
	minutes, dateOnly := dayMinutes, true
	if sp.hasTime && !sp.eod {
		minutes, dateOnly = sp.hour*60+sp.min, false
	}
	if sp.eod {
		minutes = p.opt.EndOfDay
	}
	at := func(d int) time.Time { return wallTime(y, m, d, minutes/60, minutes%60, p.loc) }
	t := at(d)
	if !sp.hasDate && sp.hasTime && !t.After(p.now) && (minutes == 0 || sp.hour < workStart && p.now.Hour() >= 18 || sp.hour < 12 && p.now.Hour() >= 20) {
		// "零点前" is the coming midnight; "by 1am" said at 23:30 is the
		// night ahead, not the one gone.
		t = at(d + 1)
	}
	if sp.roll && !t.After(p.now) {
		t = at(d + 7)
	}
	return t, dateOnly, p.check(phrase, t, sp)
}

// check refuses due times that have passed or are too far ahead.
func (p *parser) check(phrase string, t time.Time, sp spec) error {
	if !t.After(p.now) {
		return errPast(phrase, t, sp)
	}
	if t.After(p.now.AddDate(maxAhead, 0, 0)) {
		return errTooFar(phrase, t)
	}
	return nil
}

// wallTime returns the instant the clock in loc shows h:mi on the given day.
// A time that does not exist because the clock jumps forward (02:30 on the
// night summer time starts) is moved forward by the jump (03:30), as a clock
// still on the old offset would show it.
func wallTime(y int, m time.Month, d, h, mi int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, h, mi, 0, 0, loc)
	if t.Hour() == h && t.Minute() == mi {
		return t
	}
	wall := time.Date(y, m, d, h, mi, 0, 0, time.UTC)
	_, before := wall.Add(-36 * time.Hour).In(loc).Zone()
	return wall.Add(-time.Duration(before) * time.Second).In(loc)
}
