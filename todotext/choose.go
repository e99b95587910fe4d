package todotext

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// candidate is a due phrase found in free text.
type candidate struct {
	start, end int
	sp         spec
	// deadline reports that a deadline marker stands with the phrase: by,
	// due, before, until, 截止, 前, 之前 … ("on" and "在" are not).
	deadline bool
	// before reports the marker "before": "before friday" may mean by
	// Thursday's end or by Friday's.
	before bool
	// explicit reports a date written out with its year (2026-12-05): with
	// a deadline marker it wins over every other phrase.
	explicit bool
	// describes reports a phrase that qualifies a noun ("明天10点的选品会",
	// "tomorrow's banner"): it names the thing, not when it is due, unless
	// nothing else does.
	describes bool
}

// deadlineConnectors are the leading connectors that mark a deadline.
var deadlineConnectors = map[string]bool{
	"due by": true, "due on": true, "due before": true, "due": true, "deadline": true, "no later than": true,
	"by": true, "before": true, "b4": true, "until": true, "till": true, "ddl": true, "eta": true,
	"截止时间": true, "截止日期": true, "截止到": true, "截止至": true, "截止": true, "截至": true, "最晚": true, "最迟": true,
}

// candidates finds every due phrase in s, left to right, with its
// connectors. A phrase that is also an ordinary word (spec.weak) counts
// only next to a connector, at the end of the text or, for a weekday, at
// its start ("周一 更新FAQ").
func (p *parser) candidates(s string) []candidate {
	var out []candidate
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			// No phrase or connector starts with white space; skipping it
			// keeps text padded with blank lines cheap.
			i += n
			continue
		}
		if i > 0 && isASCIIAlnum(r) && isASCIIAlnum(lastRune(s[:i])) {
			i += n
			continue
		}
		if i > 0 && glued(lastRune(s[:i]), r) {
			// "下下下周五": a week prefix our rules do not know.
			i += n
			continue
		}
		if k, ok := leadingConnector(&cursor{s: s, i: i}); ok && k < len(s) {
			// A connector is not the start of a phrase (最晚明天 is not
			// 晚 + 明天); the phrase after it takes it along. After a
			// deadline connector a bare hour is a time: "by 5".
			c := &cursor{s: s, i: k}
			if w := strings.ToLower(strings.TrimSpace(strings.TrimRight(s[i:k], ":： "))); deadlineConnectors[w] && isASCIIAlnum(firstRune(w)) && !p.phraseAt(s, k) {
				if sp, ok := p.byHour(c); ok {
					out = append(out, candidate{start: i, end: c.i, sp: sp, deadline: true})
					i = c.i
					continue
				}
				if strings.TrimSpace(s[:i]) == "" {
					// "by 10 send the refund stats": at the start of the
					// text, a bare hour after by is the deadline.
					c := &cursor{s: s, i: k}
					if h, _, ok := c.number(2); ok && h >= 1 && h <= 12 && (c.eof() || c.peek() == ' ' || c.peek() == ',') {
						sp := hm(h, 0)
						sp.bareHour = h <= 11
						out = append(out, candidate{start: i, end: c.i, sp: sp, deadline: true})
						i = c.i
						continue
					}
				}
			}
			i = k
			continue
		}
		c := &cursor{s: s, i: i}
		sp, ok := p.phrase(c)
		if !ok || c.i == i || (c.i < len(s) && isASCIIAlnum(lastRune(s[:c.i])) && isASCIIAlnum(firstRune(s[c.i:]))) {
			i += n
			continue
		}
		m := candidate{start: i, end: c.i, sp: sp, explicit: explicitDate(s[i:c.i]), deadline: sp.marked}
		connector := false
		if k, w, ok := endsWithConnector(s[:i]); ok {
			m.start, connector = k, true
			m.deadline = deadlineConnectors[strings.ToLower(w)]
			m.before = strings.EqualFold(w, "before") || strings.EqualFold(w, "due before") || strings.EqualFold(w, "b4")
		}
		for _, w := range trailingConnectors {
			if strings.HasSuffix(s[m.start:m.end], w) {
				// The phrase ends with its own marker: 下班前, 3天内.
				m.deadline = true
				break
			}
		}
		rest := strings.TrimLeftFunc(s[m.end:], unicode.IsSpace)
		for _, w := range trailingConnectors {
			if strings.HasPrefix(rest, w) && (w != "内" || !isHan(firstRune(rest[len(w):]))) {
				m.end = len(s) - len(rest) + len(w)
				connector, m.deadline = true, true
				break
			}
		}
		event := false
		if k, end, ok := anchorBefore(s[:i]); ok && sp.workdays {
			// "周五后的下个工作日": counted from that day, not from today.
			// After an event ("收到样品后3个工作日内") there is no date: the
			// words describe the task.
			m.start = k
			if m.sp, ok = p.fromAnchor(s[k:end], sp); !ok {
				event = true
			}
			for len(out) > 0 && out[len(out)-1].end > k {
				// The anchor's own words ("明天后的…") are not a due date.
				out = out[:len(out)-1]
			}
		}
		edge := func(t string) bool {
			return strings.TrimFunc(t, func(r rune) bool {
				return unicode.IsSpace(r) || strings.ContainsRune(dangling, r)
			}) == ""
		}
		atEnd := edge(s[m.end:])
		label := strings.HasPrefix(strings.TrimLeft(s[m.end:], " "), ":") || strings.HasPrefix(s[m.end:], "：")
		english := isASCIIAlnum(firstRune(s[m.start:]))
		atStart := edge(s[:m.start]) && (sp.lead && (m.end == len(s) || english || !isHan(firstRune(s[m.end:]))) || label)
		if sp.weak && !connector && !atEnd && !atStart && !zhDeadlineAfter(s[m.end:]) {
			i += n
			continue
		}
		// "update the next business day delivery FAQ": a working-day
		// phrase that takes its own "the" has its determiner inside; a
		// word such as "about" or "please" after it is no noun.
		lead := s[:m.start]
		if sp.workdays && strings.HasPrefix(strings.ToLower(s[m.start:m.end]), "the ") && !functionWordAfter(s[m.end:]) {
			lead = s[:m.start+len("the")]
		}
		m.describes = !m.deadline && (strings.HasPrefix(s[m.end:], "的") || strings.HasPrefix(s[m.end:], "'s") || strings.HasPrefix(s[m.end:], "’s") ||
			determinerBefore(lead) && nounAfter(s[m.end:]) || movedTo(s[:m.start]))
		if label {
			// "next mon: align on the roster": a date set off as a label
			// says when.
			m.deadline = true
		}
		if event {
			m.deadline, m.describes = false, true
		}
		out = append(out, m)
		i = m.end
	}
	return out
}

// anchorBefore reports whether s ends with a day or an event and 后
// ("周五后的", "10/23之后", "收到样品后"), which a count of working days
// after it is counted from, and returns where its words start and end
// (before 后).
func anchorBefore(s string) (int, int, bool) {
	t := strings.TrimSuffix(strings.TrimRightFunc(s, unicode.IsSpace), "的")
	for _, w := range []string{"之后", "以后", "过后", "后"} {
		if !strings.HasSuffix(t, w) {
			continue
		}
		chunk := t[:len(t)-len(w)]
		k := strings.LastIndexFunc(chunk, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '/' && r != '-' })
		if k >= 0 {
			_, n := utf8.DecodeRuneInString(chunk[k:])
			k += n
		} else {
			k = 0
		}
		if k == len(chunk) {
			return 0, 0, false
		}
		return k, len(chunk), true
	}
	return 0, 0, false
}

// determinerBefore reports whether s ends with a determiner or
// possessive ("the", "our", "tonight's"): the phrase after it qualifies a
// noun ("the 6pm flash sale").
func determinerBefore(s string) bool {
	switch w := lastWord(s); w {
	case "the", "a", "an", "our", "your", "my", "their", "his", "her", "this", "that", "these", "those", "its":
		return true
	default:
		return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
	}
}

// movedTo reports whether s ends with "to" or "from": the phrase after it
// is where something moves ("move the 8pm livestream to 9pm"), not when
// it is due.
func movedTo(s string) bool {
	w := lastWord(s)
	return w == "to" || w == "from"
}

// lastWord returns the last word of s in lower case, or "".
func lastWord(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// nounAfter reports whether an English word follows at once.
func nounAfter(s string) bool {
	t := strings.TrimLeft(s, " ")
	return len(t) < len(s) && t != "" && isASCIIAlnum(firstRune(t)) && !strings.HasPrefix(strings.ToLower(t), "by ")
}

// functionWordAfter reports whether the next word of s is one that
// cannot be the noun a date qualifies: "remind me the next business day
// about the rates".
func functionWordAfter(s string) bool {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return false
	}
	switch strings.Trim(f[0], ".,!?;:") {
	case "about", "after", "before", "at", "by", "for", "to", "with", "and", "or", "if", "when", "so", "then", "please", "pls", "too", "again", "as", "once", "latest", "asap", "thanks", "thx", "in", "on", "morning", "afternoon", "evening", "am", "pm", "eod":
		return true
	}
	return false
}

// zhDeadlineAfter reports whether what follows a Chinese date makes it
// the time of the action: 周三把绿幕买了, 28号要交.
func zhDeadlineAfter(s string) bool {
	for _, w := range []string{"把", "要", "得", "必须", "务必", "给我", "交", "完成", "搞定"} {
		if strings.HasPrefix(strings.TrimLeft(s, " "), w) {
			return true
		}
	}
	return false
}

// phraseAt reports whether a due phrase starts at s[i:].
func (p *parser) phraseAt(s string, i int) bool {
	c := &cursor{s: s, i: i}
	_, ok := p.phrase(c)
	return ok && c.i > i
}

// blank returns s with the candidates' text replaced by spaces, so that
// what is left can be searched for unread deadlines.
func blank(s string, cs []candidate) string {
	b := []byte(s)
	for _, c := range cs {
		for i := c.start; i < c.end; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

// explicitDate reports whether a phrase writes a date with its year.
func explicitDate(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (i == 0 || s[i-1] < '0' || s[i-1] > '9') && allDigits(s[i:i+4]) && (i+4 == len(s) || s[i+4] == '-' || s[i+4] == '/' || strings.HasPrefix(s[i+4:], "年")) {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// reading is one way to take a due phrase.
type reading struct {
	at       time.Time
	dateOnly bool
}

// readings resolves a phrase to every reading still ahead: one, or more
// when the words allow several (a bare hour, "next friday" on a Tuesday,
// "midnight on 11/11"). The error is the first reading's when none is
// ahead.
func (p *parser) readings(phrase string, sp spec, dayMinutes int, before bool) ([]reading, error) {
	specs := p.expand(sp)
	if before && sp.hasDate && !sp.hasTime && sp.exact.IsZero() && !sp.workdays {
		// "before friday": by Thursday's end, or by Friday's?
		prev := sp
		prev.alt, prev.roll = nil, false
		y, m, d := time.Date(sp.y, sp.m, sp.d-1, 12, 0, 0, 0, p.loc).Date()
		prev.setDate(y, m, d)
		specs = append([]spec{prev}, specs...)
	}
	var out []reading
	var first error
	for _, s := range specs {
		t, dateOnly, err := p.resolve(phrase, s, dayMinutes)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		if !slices.ContainsFunc(out, func(r reading) bool { return r.at.Equal(t) }) {
			out = append(out, reading{at: t, dateOnly: dateOnly})
		}
	}
	if len(out) == 0 {
		return nil, first
	}
	slices.SortStableFunc(out, func(a, b reading) int { return a.at.Compare(b.at) })
	return out, nil
}

// expand lists the specs a phrase may mean: itself and its alternative,
// and for a bare hour the halves of the day that fall in working hours
// (both when both do, the next day's morning too when none ahead does).
func (p *parser) expand(sp spec) []spec {
	var out []spec
	for s := &sp; s != nil; s = s.alt {
		one := *s
		one.alt = nil
		if !one.bareHour {
			out = append(out, one)
			continue
		}
		one.bareHour = false
		am, pm := one, one
		pm.hour += 12
		var ahead, working []spec
		for _, h := range []spec{am, pm} {
			if _, _, err := p.resolve("", h, p.opt.EndOfDay); err != nil {
				continue
			}
			ahead = append(ahead, h)
			if h.hour >= workStart && h.hour <= workEnd {
				working = append(working, h)
			}
		}
		early := len(ahead) == 2 && ahead[0].hour >= 6 && ahead[0].hour < workStart
		switch {
		case early:
			// "7点半前" said at 07:10: the morning is as likely as the
			// evening; ask.
			out = append(out, ahead...)
		case len(working) > 0:
			out = append(out, working...)
		case len(ahead) > 0 && !one.hasDate:
			// "at 9" said at 10:17: tonight at 21:00, or tomorrow at 9?
			next := am
			next.setDate(p.day(1))
			out = append(out, ahead[0], next)
		case len(ahead) > 0:
			out = append(out, ahead...)
		default:
			out = append(out, pm)
		}
	}
	return out
}
