package todotext

import "time"

var zhWeekdays = map[rune]time.Weekday{
	'一': time.Monday, '二': time.Tuesday, '三': time.Wednesday, '四': time.Thursday,
	'五': time.Friday, '六': time.Saturday, '日': time.Sunday, '天': time.Sunday,
	'1': time.Monday, '2': time.Tuesday, '3': time.Wednesday, '4': time.Thursday,
	'5': time.Friday, '6': time.Saturday, '7': time.Sunday,
}

// zhDate matches a Chinese date.
func (p *parser) zhDate(c *cursor) (spec, bool) {
	start := c.i
	var sp spec
	const (
		allDay = iota
		morning
		evening
	)
	for _, d := range []struct {
		w    string
		n    int
		part int
		weak bool
	}{
		{"大后天", 3, allDay, false}, {"后天", 2, allDay, false},
		{"今天", 0, allDay, true}, {"今日", 0, allDay, true}, {"今儿", 0, allDay, true},
		{"明天", 1, allDay, false}, {"明日", 1, allDay, false}, {"明儿", 1, allDay, false},
		{"今晚", 0, evening, false}, {"明晚", 1, evening, false},
		{"今早", 0, morning, false}, {"今晨", 0, morning, false},
		{"明早", 1, morning, false}, {"明晨", 1, morning, false},
		{"昨天", -1, allDay, false}, {"前天", -2, allDay, false},
	} {
		if c.lit(d.w) {
			sp.setDate(p.day(d.n))
			sp.weak = d.weak
			switch d.part {
			case evening:
				sp.setTime(p.opt.Evening/60, p.opt.Evening%60)
				sp.evening, sp.part = true, true
			case morning:
				sp.setTime(p.opt.Morning/60, p.opt.Morning%60)
				sp.morning, sp.part = true, true
			}
			return sp, true
		}
	}
	for _, w := range []string{"本月底", "这个月底", "月底"} {
		if c.lit(w) {
			return p.endOfMonth(), true
		}
	}
	// 本周内, 这周之内: by the end of this (working) week; 下周内: of next.
	for _, w := range []struct {
		w     string
		sense int
	}{{"本周", 1}, {"这周", 1}, {"这个星期", 1}, {"本星期", 1}, {"下周", 2}, {"下个星期", 2}} {
		save := c.i
		if c.lit(w.w) {
			if _, ok := c.wordsLit("之内", "以内", "内"); ok {
				sp := p.weekdayDate(time.Friday, w.sense)
				sp.eod = true
				return sp, true
			}
		}
		c.i = save
	}
	for _, w := range []struct {
		w     string
		month int
	}{{"下个月", 1}, {"下月", 1}, {"本月", 0}, {"这个月", 0}} {
		save := c.i
		if c.lit(w.w) {
			if d, ok := c.cnNumber(); ok && (c.lit("号") || c.lit("日")) {
				y, m, _ := p.now.Date()
				first := time.Date(y, m+time.Month(w.month), 1, 12, 0, 0, 0, p.loc)
				return p.ymd(first.Year(), int(first.Month()), d), true
			}
		}
		c.i = save
	}
	for _, w := range []string{"下周末", "下个周末"} {
		if c.lit(w) {
			sp := p.weekendOf(2)
			sp.lead = true
			return sp, true
		}
	}
	for _, w := range []string{"下周中", "下周中旬"} {
		if c.lit(w) {
			sp := p.weekdayDate(time.Wednesday, 2)
			sp.lead = true
			return sp, true
		}
	}
	for _, w := range []string{"本周末", "这周末", "这个周末", "周末"} {
		if c.lit(w) {
			sp := p.weekend()
			sp.lead = true
			return sp, true
		}
	}
	for _, w := range []string{"下个星期", "下星期", "下礼拜", "下周"} {
		save := c.i
		if c.lit(w) {
			if _, weekday := zhWeekdays[c.peek()]; !weekday {
				sp := p.nextWeek()
				sp.lead = true
				return sp, true
			}
		}
		c.i = save
	}
	if sp, ok := p.zhWeekday(c); ok {
		return sp, true
	}
	c.i = start
	// [YYYY年]M月D[日号], D[日号]
	y, hasYear := 0, false
	if v, n, ok := c.number(4); ok && n == 4 && c.lit("年") {
		y, hasYear = v, true
	} else {
		c.i = start
	}
	afterYear := c.i
	if m, ok := c.cnNumber(); ok && c.lit("月") {
		if d, ok := c.cnNumber(); ok && (c.lit("日") || c.lit("号")) {
			if hasYear {
				return p.ymd(y, m, d), true
			}
			return p.monthDay(m, d), true
		}
	}
	c.i = afterYear
	if !hasYear {
		if d, ok := c.cnNumber(); ok && c.lit("号") {
			y, m, today := p.now.Date()
			if d < today {
				m++
			}
			sp := p.ymd(time.Date(y, m, 1, 12, 0, 0, 0, p.loc).Year(), int(time.Date(y, m, 1, 12, 0, 0, 0, p.loc).Month()), d)
			sp.weak = true
			return sp, true
		}
	}
	c.i = start
	return spec{}, false
}

// zhWeekday matches 周五, 星期五, 礼拜五, 本周五, 这周五, 下周五, 下下周五 and
// 上周五.
func (p *parser) zhWeekday(c *cursor) (spec, bool) {
	start := c.i
	sense := 0
	switch {
	case c.lit("下下个"), c.lit("下下"):
		sense = 3
	case c.lit("下个"), c.lit("下"):
		sense = 2
	case c.lit("本"), c.lit("这个"), c.lit("这"):
		sense = 1
	case c.lit("上个"), c.lit("上"):
		sense = -1
	}
	if !c.lit("周") && !c.lit("星期") && !c.lit("礼拜") {
		c.i = start
		return spec{}, false
	}
	wd, ok := zhWeekdays[c.peek()]
	if !ok {
		c.i = start
		return spec{}, false
	}
	c.i += len(string(c.peek()))
	sp := p.weekdayDate(wd, sense)
	sp.weak = sense == 0
	sp.lead = sp.weak
	return sp, true
}

// zhClock matches 下午3点, 上午10点半, 18点30分, 15:00, 中午, 下班前.
func (p *parser) zhClock(c *cursor) (spec, bool) {
	start := c.i
	for _, w := range []string{"下班之前", "下班以前", "下班前", "下班"} {
		if c.lit(w) {
			return spec{eod: true}, true
		}
	}
	// Moments of the working day: 上班前 (its start), 午饭前 (noon), 一早.
	for _, w := range []struct {
		w   string
		min int
	}{{"上班之前", p.opt.StartOfDay}, {"上班前", p.opt.StartOfDay}, {"午饭之前", 12 * 60}, {"午饭前", 12 * 60},
		{"午休前", 12 * 60}, {"中午前", 12 * 60}, {"一大早", p.opt.Morning}, {"一早", p.opt.Morning}} {
		if c.lit(w.w) {
			sp := hm(w.min/60, w.min%60)
			sp.morning, sp.part, sp.weak = true, true, true
			return sp, true
		}
	}
	period := ""
	for _, w := range []string{"凌晨", "早上", "早晨", "上午", "中午", "下午", "傍晚", "晚上", "夜里", "晚", "早"} {
		if c.lit(w) {
			period = w
			break
		}
	}
	h, ok := c.cnNumber()
	m, colonForm := 0, false
	if ok {
		switch {
		case c.lit("点钟"), c.lit("点"), c.lit("时"):
			switch {
			case c.lit("半"):
				m = 30
			case c.lit("一刻"):
				m = 15
			case c.lit("三刻"):
				m = 45
			case c.lit("整"):
			default:
				save := c.i
				if v, ok := c.cnNumber(); ok {
					m = v
					c.lit("分")
				} else {
					c.i = save
				}
			}
		case c.lit(":"), c.lit("："):
			colonForm = true
			v, n, ok := c.number(2)
			if !ok || n != 2 {
				c.i = start
				return spec{}, false
			}
			m = v
			if period == "" && !c.eof() && isASCIIAlnum(c.peek()) {
				c.i = start
				return spec{}, false
			}
		default:
			ok = false
		}
	}
	if !ok {
		// A part of the day alone: 明天上午, 周五晚上, 傍晚前. Alone it is an
		// ordinary word too (下午茶), so it needs a date, a connector or
		// the end of the text.
		c.i = start + len(period)
		var sp spec
		switch period {
		case "早上", "早晨", "上午":
			sp = hm(p.opt.Morning/60, p.opt.Morning%60)
			sp.morning = true
		case "中午":
			sp = hm(12, 0)
			sp.evening = true
		case "下午":
			sp = hm(p.opt.Afternoon/60, p.opt.Afternoon%60)
			sp.evening = true
		case "傍晚":
			sp = hm(p.opt.EndOfDay/60, p.opt.EndOfDay%60)
			sp.evening = true
		case "晚上", "夜里":
			sp = hm(p.opt.Evening/60, p.opt.Evening%60)
			sp.evening = true
		case "晚":
			// 周五晚: only right after a date or at the end of the text.
			sp = hm(p.opt.Evening/60, p.opt.Evening%60)
			sp.evening = true
		case "凌晨":
			sp = spec{bad: needHour(period)}
		default:
			c.i = start
			return spec{}, false
		}
		sp.weak, sp.part, sp.lead = true, true, true
		return sp, true
	}
	if c.lit("档") {
		// 8点档: a time slot (the 8 o'clock show), not a time.
		c.i = start
		return spec{}, false
	}
	if period == "" {
		// A bare "18:00" is left to the English rules so that what follows
		// (am/pm) is read too; "6点" is ours, and says neither morning nor
		// evening.
		sp := hm(h, m)
		sp.bareHour = !colonForm && h >= 1 && h <= 11
		return sp, true
	}
	if h == 12 && m == 0 && (period == "晚上" || period == "夜里" || period == "晚") {
		// 晚上12点: midnight, the end of the day.
		sp := hm(23, 59)
		sp.evening = true
		return sp, true
	}
	switch period {
	case "下午", "傍晚", "晚上", "夜里", "晚":
		if h < 12 {
			h += 12
		}
	case "中午":
		if h < 4 {
			h += 12
		}
	case "凌晨":
		if h == 12 {
			h = 0
		}
	}
	sp := hm(h, m)
	// The period decided the half of the day.
	switch period {
	case "凌晨", "早上", "早晨", "上午":
		sp.morning = true
	default:
		sp.evening = true
	}
	return sp, true
}

// zhRelative matches "3天后", "两天后", "2小时后", "半小时后", "2周后",
// "3天内" and returns the count and unit.
func (p *parser) zhRelative(c *cursor) (int, byte, bool) {
	start := c.i
	n, ok := c.cnNumber()
	half := false
	if !ok {
		if c.lit("半") {
			half, ok = true, true
		}
	}
	if !ok {
		return 0, 0, false
	}
	c.lit("个")
	if !half && c.lit("半") {
		// 一个半小时后: an hour and a half.
		if !c.lit("小时") && !c.lit("钟头") {
			c.i = start
			return 0, 0, false
		}
		if _, ok := c.wordsLit("之后", "以后", "之内", "以内", "后", "内"); !ok {
			c.i = start
			return 0, 0, false
		}
		return n*60 + 30, 'm', true
	}
	var unit byte
	switch {
	case c.lit("分钟"):
		unit = 'm'
	case c.lit("小时"), c.lit("钟头"):
		unit = 'h'
	case c.lit("天"), c.lit("日"):
		unit = 'd'
	case c.lit("周"), c.lit("星期"), c.lit("礼拜"):
		unit = 'w'
	case c.lit("月"):
		unit = 'M'
	case c.lit("年"):
		unit = 'y'
	default:
		c.i = start
		return 0, 0, false
	}
	if _, ok := c.wordsLit("之后", "以后", "之内", "以内", "后", "内"); !ok {
		c.i = start
		return 0, 0, false
	}
	if half {
		if unit != 'h' {
			c.i = start
			return 0, 0, false
		}
		return 30, 'm', true
	}
	return n, unit, true
}

// wordsLit consumes the first of ws that matches literally.
func (c *cursor) wordsLit(ws ...string) (string, bool) {
	for _, w := range ws {
		if c.lit(w) {
			return w, true
		}
	}
	return "", false
}
