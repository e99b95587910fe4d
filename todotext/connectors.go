package todotext

import (
	"strings"
	"unicode"
)

// leadingConnectors may stand before a due phrase, longest first.
var leadingConnectors = []string{
	"due by", "due on", "due before", "due", "deadline", "no later than", "by", "before", "b4", "until", "till", "ddl", "eta", "on",
	"截止时间", "截止日期", "截止到", "截止至", "截止", "截至", "最晚", "最迟", "在", "于",
}

// trailingConnectors may follow a due phrase (明天前, 周五之前).
// "内" counts only where no Chinese word goes on after it (今天内, not
// 今天内容).
var trailingConnectors = []string{"之前", "以前", "为止", "之内", "以内", "前", "内"}

// trimConnectors removes connectors around a phrase ("by", "截止", "前").
func trimConnectors(s string) string {
	s = trimLeading(s)
	for _, w := range trailingConnectors {
		if strings.HasSuffix(s, w) && len(s) > len(w) {
			s = strings.TrimSpace(strings.TrimSuffix(s, w))
			break
		}
	}
	return s
}

// trimLeading removes connectors before a phrase ("by", "截止").
func trimLeading(s string) string {
	s = strings.TrimSpace(s)
	for {
		c := &cursor{s: s}
		n, ok := leadingConnector(c)
		if !ok || n == len(s) {
			return s
		}
		s = strings.TrimSpace(s[n:])
	}
}

// leadingConnector consumes a connector and what follows it (":", spaces).
func leadingConnector(c *cursor) (int, bool) {
	for _, w := range leadingConnectors {
		save := c.i
		var ok bool
		if isASCIIAlnum(firstRune(w)) {
			ok = c.phraseWords(w)
		} else {
			ok = c.lit(w)
		}
		if ok {
			c.lit(":")
			c.lit("：")
			c.spaces()
			return c.i, true
		}
		c.i = save
	}
	return 0, false
}

// endsWithConnector reports whether s (text before a phrase) ends with a
// connector, where it starts and which it is.
func endsWithConnector(s string) (int, string, bool) {
	t := strings.TrimRightFunc(s, unicode.IsSpace)
	t = strings.TrimRight(t, ":：")
	t = strings.TrimRightFunc(t, unicode.IsSpace)
	for _, w := range leadingConnectors {
		if len(t) < len(w) || !strings.EqualFold(t[len(t)-len(w):], w) {
			continue
		}
		i := len(t) - len(w)
		if isASCIIAlnum(firstRune(w)) && i > 0 && isASCIIAlnum(lastRune(t[:i])) {
			continue
		}
		return i, w, true
	}
	return 0, "", false
}
