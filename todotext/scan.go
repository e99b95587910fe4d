package todotext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cursor walks a string during matching. Grammar functions advance i on
// success and leave it unchanged on failure.
type cursor struct {
	s string
	i int
}

func (c *cursor) eof() bool { return c.i >= len(c.s) }

// peek returns the rune at the cursor.
func (c *cursor) peek() rune {
	if c.eof() {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(c.s[c.i:])
	return r
}

// spaces skips white space and reports whether any was skipped.
func (c *cursor) spaces() bool {
	start := c.i
	for !c.eof() {
		r, n := utf8.DecodeRuneInString(c.s[c.i:])
		if !unicode.IsSpace(r) {
			break
		}
		c.i += n
	}
	return c.i > start
}

// lit consumes w (ASCII case-insensitive) without a boundary check.
func (c *cursor) lit(w string) bool {
	if len(c.s)-c.i >= len(w) && strings.EqualFold(c.s[c.i:c.i+len(w)], w) {
		c.i += len(w)
		return true
	}
	return false
}

// word consumes w when it is followed by a word boundary.
func (c *cursor) word(w string) bool {
	save := c.i
	if !c.lit(w) {
		return false
	}
	if isASCIIAlnum(lastRune(w)) && !c.eof() && isASCIIAlnum(c.peek()) {
		c.i = save
		return false
	}
	return true
}

// words consumes the first of ws that matches as a word; longer
// alternatives must be listed first.
func (c *cursor) words(ws ...string) (string, bool) {
	for _, w := range ws {
		if c.word(w) {
			return w, true
		}
	}
	return "", false
}

// phraseWords consumes words separated by single runs of space, e.g.
// "end of day".
func (c *cursor) phraseWords(p string) bool {
	save := c.i
	for k, w := range strings.Fields(p) {
		if k > 0 && !c.spaces() {
			c.i = save
			return false
		}
		if !c.word(w) {
			c.i = save
			return false
		}
	}
	return true
}

// digits consumes 1 to max ASCII digits.
func (c *cursor) digits(max int) (int, int, bool) {
	v, n := 0, 0
	for !c.eof() && n < max {
		b := c.s[c.i]
		if b < '0' || b > '9' {
			break
		}
		v = v*10 + int(b-'0')
		c.i++
		n++
	}
	return v, n, n > 0
}

// number consumes up to max digits that are not followed by another digit.
func (c *cursor) number(max int) (int, int, bool) {
	save := c.i
	v, n, ok := c.digits(max)
	if !ok || (!c.eof() && c.s[c.i] >= '0' && c.s[c.i] <= '9') {
		c.i = save
		return 0, 0, false
	}
	return v, n, true
}

var cnDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// cnNumber consumes a number from 0 to 99 written in ASCII digits or Chinese
// numerals (三, 十二, 二十五, 两).
func (c *cursor) cnNumber() (int, bool) {
	if v, _, ok := c.number(4); ok {
		return v, true
	}
	save := c.i
	var rs []rune
	for !c.eof() && len(rs) < 3 {
		r, n := utf8.DecodeRuneInString(c.s[c.i:])
		if _, ok := cnDigits[r]; !ok && r != '十' {
			break
		}
		rs = append(rs, r)
		c.i += n
	}
	v, ok := cnValue(rs)
	if !ok {
		c.i = save
	}
	return v, ok
}

func cnValue(rs []rune) (int, bool) {
	switch len(rs) {
	case 1:
		if rs[0] == '十' {
			return 10, true
		}
		v, ok := cnDigits[rs[0]]
		return v, ok
	case 2:
		if rs[0] == '十' {
			v, ok := cnDigits[rs[1]]
			return 10 + v, ok
		}
		if rs[1] == '十' {
			v, ok := cnDigits[rs[0]]
			return v * 10, ok && v > 1
		}
	case 3:
		a, ok1 := cnDigits[rs[0]]
		b, ok2 := cnDigits[rs[2]]
		if rs[1] == '十' && ok1 && ok2 && a > 1 {
			return a*10 + b, true
		}
	}
	return 0, false
}

// number2 consumes one or two digits not followed by another.
func (c *cursor) number2() bool {
	_, _, ok := c.number(2)
	return ok
}

// englishNumber consumes a count in digits or words (a, an, one … twelve).
func (c *cursor) englishNumber() (int, bool) {
	if v, _, ok := c.number(6); ok {
		return v, true
	}
	for k, w := range []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"} {
		if c.word(w) {
			return k, true
		}
	}
	if c.word("an") || c.word("a") {
		return 1, true
	}
	return 0, false
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
