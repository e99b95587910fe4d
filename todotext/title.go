package todotext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
)

// joinParts joins the text before and after a removed phrase, with a space
// unless either side is Chinese.
func joinParts(a, b string) string {
	a = strings.TrimRightFunc(a, unicode.IsSpace)
	b = strings.TrimLeftFunc(b, unicode.IsSpace)
	if a == "" || b == "" || isHan(lastRune(a)) || isHan(firstRune(b)) {
		return a + b
	}
	return a + " " + b
}

// dangling is punctuation that may be left at either end of a title once
// mentions and the date phrase are gone.
const dangling = ",.;:!?-–—~、，。；：！？…·|/\\"

// emptyPairs are brackets and quotes with nothing but space inside, left
// behind by removed markers ("【紧急】").
var emptyPairs = regexp.MustCompile(`\(\s*\)|（\s*）|\[\s*\]|【\s*】|「\s*」|『\s*』|《\s*》|"\s*"|“\s*”`)

// tidyTitle collapses white space, drops empty brackets, stray quotes and
// punctuation left dangling at either end. Emoji are kept.
func tidyTitle(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for {
		before := s
		s = emptyPairs.ReplaceAllString(s, " ")
		s = strings.Join(strings.Fields(s), " ")
		s = strings.TrimFunc(s, func(r rune) bool { return strings.ContainsRune(dangling, r) || unicode.IsSpace(r) })
		s = stripStrayQuotes(s)
		// "明天的 直播选品" without 明天: a title does not start with 的.
		s = strings.TrimPrefix(s, "的")
		if s == before {
			return s
		}
	}
}

// stripStrayQuotes removes a pair of quotes wrapping the whole title and any
// quote character that has no partner.
func stripStrayQuotes(s string) string {
	pairs := [][2]string{{`"`, `"`}, {"“", "”"}, {"'", "'"}, {"‘", "’"}, {"「", "」"}, {"『", "』"}, {"`", "`"}}
	for _, p := range pairs {
		if len(s) > len(p[0])+len(p[1]) && strings.HasPrefix(s, p[0]) && strings.HasSuffix(s, p[1]) &&
			strings.Count(s, p[0]) == 1+boolInt(p[0] == p[1]) && strings.Count(s, p[1]) == 1+boolInt(p[0] == p[1]) {
			s = s[len(p[0]) : len(s)-len(p[1])]
		}
	}
	for _, p := range pairs {
		if p[0] == p[1] {
			if strings.Count(s, p[0])%2 == 1 && p[0] != "'" {
				s = strings.ReplaceAll(s, p[0], "")
			}
			continue
		}
		if strings.Count(s, p[0]) != strings.Count(s, p[1]) {
			s = strings.ReplaceAll(strings.ReplaceAll(s, p[0], ""), p[1], "")
		}
	}
	return strings.TrimSpace(s)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// maxDueSpan bounds how much of a message its due phrase and connectors
// can take away from the title ("due by next business day 10am 之前").
const maxDueSpan = 2 * maxPhrase

// checkLength refuses, before any due phrase is looked for, text whose
// title would be too long whatever phrase were taken out of it. Finding
// and weighing every date-like phrase costs more than linear time in the
// length of the text (each one's title is tidied), and Slack allows 40,000
// characters: a pasted brief kept the bot busy for most of a minute only
// to refuse the title in the end. The writer now gets the answer at once.
// The count is of the whole text without mentions, since the due phrase
// in it is not known yet.
func checkLength(plain string) error {
	t := tidyTitle(plain)
	n := utf8.RuneCountInString(t)
	if n <= campaignbot.MaxTodoTitle+maxDueSpan {
		return nil
	}
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.Tn("todotext.the-to-do-is-characters-long", n, n, campaignbot.MaxTodoTitle))
}

// checkTitle refuses empty and overlong titles.
func checkTitle(title string) error {
	if title == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("todotext.the-to-do-has-only-mentions"))
	}
	if n := utf8.RuneCountInString(title); n > campaignbot.MaxTodoTitle {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.Tn("todotext.the-title-is-characters-long-please", n, n, campaignbot.MaxTodoTitle))
	}
	return nil
}
