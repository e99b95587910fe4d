package todotext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// match is a due phrase found in free text.
type match struct {
	found      bool
	start, end int
	sp         spec
}

// textConnectors introduce a due phrase in free text; when what follows one
// looks like a date but cannot be read, Parse reports it.
var textConnectors = []string{"deadline", "截止到", "截止至", "截止", "截至", "due", "by", "before", "until", "till"}

// dateishWords make the text after a connector look like a date.
var dateishWords = []string{"next", "this", "week", "weekend", "day", "days", "month", "tomorrow", "today",
	"tonight", "morning", "afternoon", "evening", "night", "noon", "hour", "hours", "eod", "eow",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm", "fortnight", "sprint", "quarter"}

// amountRE matches text starting with an amount: a percentage, a factor
// or money.
var amountRE = regexp.MustCompile(`(?i)^\s*[0-9]+(\.[0-9]+)?\s*(%|percent|pct|x\b|times|倍|元|块|rmb|usd|\$)`)

// dateish reports whether rest (the text after a connector) looks like an
// attempt at a date: short, with a digit, a date word or a Chinese date
// character.
func dateish(rest string) bool {
	if amountRE.MatchString(rest) {
		// "by 10%", "by 20 percent": an amount, not a date.
		return false
	}
	f := strings.Fields(strings.ToLower(rest))
	if len(f) > 4 || utf8.RuneCountInString(rest) > maxPhrase {
		return false
	}
	if strings.ContainsAny(rest, "0123456789天周月日号点年季") {
		return true
	}
	for _, w := range f {
		for _, d := range dateishWords {
			if strings.Trim(w, ".,!?") == d {
				return true
			}
		}
	}
	return false
}

// unreadConnector handles text with no phrase our rules read: when a
// connector is followed by what looks like a due phrase, it is tried with
// when and otherwise reported as not understood. So is a Chinese "…前" whose
// words before it look like a date ("下下下周五前").
func (p *parser) unreadConnector(s string) (match, error) {
	for _, w := range textConnectors {
		k := lastWordIndex(s, w)
		if k < 0 {
			continue
		}
		rest := strings.TrimSpace(strings.TrimLeft(s[k+len(w):], ":： "))
		if rest == "" || !dateish(rest) {
			continue
		}
		phrase := strings.TrimSpace(s[k:])
		sp, err := p.viaWhen(trimConnectors(phrase))
		if err == nil && (!sp.exact.IsZero() || sp.hasDate) {
			return match{found: true, start: k, end: len(s), sp: sp}, nil
		}
		return match{}, errNotUnderstood(phrase, p.example(), err)
	}
	if phrase, ok := zhDateishBefore(s); ok {
		return match{}, errNotUnderstood(phrase, p.example(), nil)
	}
	return match{}, nil
}

// zhDateishBefore finds "…前" whose chunk before it (back to a space or
// punctuation) has a date character such as 天, 周, 月, 日, 号 or 点.
func zhDateishBefore(s string) (string, bool) {
	for _, w := range trailingConnectors {
		k := strings.Index(s, w)
		if k <= 0 {
			continue
		}
		chunk := s[:k]
		if j := strings.LastIndexFunc(chunk, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '-' && r != ':'
		}); j >= 0 {
			_, n := utf8.DecodeRuneInString(chunk[j:])
			chunk = chunk[j+n:]
		}
		if noun := strings.ReplaceAll(chunk, "工作日", ""); noun != chunk && !strings.Contains(chunk, "个工作日") && !strings.ContainsAny(noun, "天周月日号点") {
			// "请在工作日内回复客户": 工作日 with no count is a noun (during
			// working days), not a date.
			continue
		}
		if chunk != "" && utf8.RuneCountInString(chunk) <= 8 && strings.ContainsAny(chunk, "天周月日号点") {
			return chunk + w, true
		}
	}
	return "", false
}

// lastWordIndex returns the index of the last occurrence of w in s (ASCII
// case-insensitive) that stands as a word (ASCII) or anywhere (Chinese), or
// -1.
func lastWordIndex(s, w string) int {
	for k := len(s) - len(w); k >= 0; k-- {
		if !strings.EqualFold(s[k:k+len(w)], w) {
			continue
		}
		if !isASCIIAlnum(firstRune(w)) {
			return k
		}
		before := k == 0 || !isASCIIAlnum(lastRune(s[:k]))
		after := k+len(w) == len(s) || !isASCIIAlnum(firstRune(s[k+len(w):]))
		if before && after {
			return k
		}
	}
	return -1
}

// glued reports whether a phrase starting with r cannot start after prev,
// because prev modifies it (下 before 下周五).
func glued(prev, r rune) bool {
	return (prev == '下' || prev == '上') && (r == '下' || r == '上' || r == '周' || r == '星' || r == '礼')
}
