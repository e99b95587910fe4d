package todotext

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Draft is a to-do as understood from a message, before it is stored.
type Draft struct {
	// Title is the text with mentions, the date phrase, priority markers
	// and the #milestone removed, tidied.
	Title string
	// Assignees and Groups are the mentioned users (without the bot) and
	// user groups, in order, without duplicates.
	Assignees []campaignbot.UserID
	Groups    []string
	// Due is the due instant in Options.Location; zero when the text has no
	// date phrase. With a #milestone and no date phrase it is the
	// milestone's instant, when that is still ahead.
	Due time.Time
	// DuePhrase is the date phrase as written, with its connectors, e.g.
	// "by tomorrow 6pm" or "明天下午6点前".
	DuePhrase string
	// DateOnly reports that the phrase had no time and Options.EndOfDay
	// was applied.
	DateOnly bool
	// Priority is PriorityNormal unless a marker (!high, !low, 紧急, 不急)
	// says otherwise.
	Priority campaignbot.Priority
	// Milestone is "campaignID/milestoneID" when a #tag named a configured
	// milestone.
	Milestone string
	// Unknown lists @words that are not mentions (names the chat platform
	// did not resolve), without the '@', so the caller can say who it does
	// not know.
	Unknown []string
}

// Parse reads a to-do request written in canonical markup (see
// bot.ParseText), such as "<@U1> finalize the coupon banner by tomorrow 6pm
// !high". Text without a date phrase is fine and leaves Due zero. Errors are
// *campaignbot.Error with code EINVALID: a date phrase that cannot be read,
// names a date that does not exist, has passed or is more than two years
// ahead; a title that is empty or longer than campaignbot.MaxTodoTitle.
func Parse(text string, opt Options) (Draft, error) {
	p := newParser(opt)
	var d Draft
	plain := p.collectMentions(bot.ParseText(strings.ToValidUTF8(text, "\uFFFD")), &d)
	plain, d.Unknown = extractUnknown(plain)
	plain, d.Priority = extractPriority(plain)
	plain = p.extractMilestone(plain, &d)
	m, err := p.findPhrase(plain)
	if err != nil {
		return Draft{}, err
	}
	if m.found {
		d.DuePhrase = strings.TrimSpace(plain[m.start:m.end])
		d.Due, d.DateOnly, err = p.resolve(d.DuePhrase, m.sp, p.opt.EndOfDay)
		if err != nil {
			return Draft{}, err
		}
		plain = joinParts(plain[:m.start], plain[m.end:])
	}
	d.Title = tidyTitle(plain)
	if err := checkTitle(d.Title); err != nil {
		return Draft{}, err
	}
	return d, nil
}

// collectMentions fills the assignees and groups and returns the text
// without mentions.
func (p *parser) collectMentions(parsed bot.Parsed, d *Draft) string {
	var b strings.Builder
	for _, t := range parsed.Tokens {
		switch t.Kind {
		case bot.TokenText:
			b.WriteString(t.Text)
		case bot.TokenLink:
			if t.Label != "" {
				b.WriteString(t.Label)
			} else {
				b.WriteString(t.ID)
			}
		case bot.TokenChannel:
			b.WriteString(" #")
			if t.Label != "" {
				b.WriteString(t.Label)
			} else {
				b.WriteString(t.ID)
			}
			b.WriteByte(' ')
		default:
			b.WriteByte(' ')
		}
	}
	for _, u := range parsed.Users {
		if u != p.opt.BotID {
			d.Assignees = append(d.Assignees, u)
		}
	}
	d.Groups = parsed.Groups
	return b.String()
}

// extractUnknown removes @words that are not mentions and returns them.
func extractUnknown(s string) (string, []string) {
	var unknown []string
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == '@' || r == '＠') && (i == 0 || !isNameRune(lastRune(s[:i]))) {
			j := i + n
			for j < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[j:])
				if !isNameRune(r2) {
					break
				}
				j += n2
			}
			name := strings.TrimRight(s[i+n:j], ".-")
			if name != "" {
				unknown = appendUnique(unknown, name)
				b.WriteByte(' ')
				i += n + len(name)
				continue
			}
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String(), unknown
}

func isNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-'
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// extractMilestone removes the first #tag naming a configured milestone.
func (p *parser) extractMilestone(s string, d *Draft) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '#' || (i > 0 && isASCIIAlnum(lastRune(s[:i]))) {
			continue
		}
		n, cp, ms, ok := p.milestoneAt(s[i+1:])
		if !ok {
			continue
		}
		d.Milestone = cp.ID + "/" + ms.ID
		if !ms.At.IsZero() && ms.At.After(p.now) {
			d.Due = ms.At.In(p.loc)
		}
		return joinParts(s[:i], s[i+1+n:])
	}
	return s
}

// match is a due phrase found in free text.
type match struct {
	found      bool
	start, end int
	sp         spec
}

// findPhrase finds the first due phrase in s, with its connectors. A phrase
// that is also an ordinary word (spec.weak) counts only next to a connector
// or at the end of the text. When there is none, a connector such as "due"
// or "截止" followed by text that cannot be read is an error.
func (p *parser) findPhrase(s string) (match, error) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if i > 0 && isASCIIAlnum(r) && isASCIIAlnum(lastRune(s[:i])) {
			i += n
			continue
		}
		if i > 0 && glued(lastRune(s[:i]), r) {
			// "下下下周五": a week prefix our rules do not know.
			i += n
			continue
		}
		c := &cursor{s: s, i: i}
		sp, ok := p.phrase(c)
		if !ok || c.i == i || (c.i < len(s) && isASCIIAlnum(lastRune(s[:c.i])) && isASCIIAlnum(firstRune(s[c.i:]))) {
			i += n
			continue
		}
		m := match{found: true, start: i, end: c.i, sp: sp}
		connector := false
		if k, ok := endsWithConnector(s[:i]); ok {
			m.start, connector = k, true
		}
		rest := strings.TrimLeftFunc(s[m.end:], unicode.IsSpace)
		for _, w := range trailingConnectors {
			if strings.HasPrefix(rest, w) {
				m.end = len(s) - len(rest) + len(w)
				connector = true
				break
			}
		}
		atEnd := strings.TrimFunc(s[m.end:], func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(dangling, r)
		}) == ""
		if sp.weak && !connector && !atEnd {
			i += n
			continue
		}
		return m, nil
	}
	return p.unreadConnector(s)
}

// textConnectors introduce a due phrase in free text; when what follows one
// looks like a date but cannot be read, Parse reports it.
var textConnectors = []string{"deadline", "截止到", "截止至", "截止", "截至", "due", "by", "before", "until", "till"}

// dateishWords make the text after a connector look like a date.
var dateishWords = []string{"next", "this", "week", "weekend", "day", "days", "month", "tomorrow", "today",
	"tonight", "morning", "afternoon", "evening", "night", "noon", "hour", "hours", "eod", "eow",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm", "fortnight", "sprint", "quarter"}

// dateish reports whether rest (the text after a connector) looks like an
// attempt at a date: short, with a digit, a date word or a Chinese date
// character.
func dateish(rest string) bool {
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
		return match{}, errNotUnderstood(phrase, err)
	}
	if phrase, ok := zhDateishBefore(s); ok {
		return match{}, errNotUnderstood(phrase, nil)
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
