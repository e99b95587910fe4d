package minutes

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
)

// doneMarks start a ticked check box: work already done, not a to-do.
var doneMarks = []string{"[x]", "[X]", "☑", "✅", "✔"}

// isDone reports a line whose check box is ticked ("- [x] …").
func isDone(s string) bool {
	t := strings.TrimSpace(s)
	for _, p := range []string{"- ", "* ", "• ", "+ "} {
		t = strings.TrimSpace(strings.TrimPrefix(t, p))
	}
	for _, m := range doneMarks {
		if strings.HasPrefix(t, m) {
			return true
		}
	}
	return false
}

// chineseNumerals are the numerals of Chinese item numbers (一、, （二）).
const chineseNumerals = "一二三四五六七八九十"

// stripChineseNumber removes "一、", "十二、", "（一）" and "(一)".
func stripChineseNumber(s string) string {
	n := 0
	for _, r := range s {
		if !strings.ContainsRune(chineseNumerals, r) {
			break
		}
		n += utf8.RuneLen(r)
	}
	if n > 0 && n <= 9 {
		if after, ok := strings.CutPrefix(s[n:], "、"); ok {
			return strings.TrimSpace(after)
		}
	}
	for _, open := range []string{"(", "（"} {
		rest, ok := strings.CutPrefix(s, open)
		if !ok {
			continue
		}
		m := 0
		for _, r := range rest {
			if !strings.ContainsRune(chineseNumerals, r) {
				break
			}
			m += utf8.RuneLen(r)
		}
		for _, cl := range []string{")", "）"} {
			if after, ok := strings.CutPrefix(rest[m:], cl); m > 0 && ok {
				return strings.TrimSpace(after)
			}
		}
	}
	return s
}

// unbold removes the asterisks of bold text, as Slack (*…*) and Markdown
// (**…**) write it: they are markup, not part of a title.
func unbold(s string) string {
	return strings.ReplaceAll(s, "*", "")
}

// joinedOwners is "and" between two mentions ("<@U1> 和 <@U2>").
var joinedOwners = regexp.MustCompile(`(<[@!][^>]+>)\s*(?:和|与|跟|及|以及|、|,|，|&|\band\b)\s*(<[@!])`)

// joinOwners drops "and" between mentioned owners, which would otherwise
// start the title.
func joinOwners(s string) string {
	for {
		t := joinedOwners.ReplaceAllString(s, "$1 $2")
		if t == s {
			return s
		}
		s = t
	}
}

// isHan reports a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// mentionStart reports whether an '@' after prev starts a name: at the
// start, after a space or punctuation, or after a Chinese character,
// since Chinese is written without spaces ("完成预热页@alice").
func mentionStart(prev rune, atStart bool) bool {
	return atStart || !isNameRune(prev) || isHan(prev)
}

// latinHead is the part of a name before the first Chinese character
// after Latin letters: "alice" of "alice完成预热页", or "" when there is
// none.
func latinHead(name string) string {
	for i, r := range name {
		if isHan(r) {
			if i > 0 && !isHan(lastRune(name[:i])) {
				return name[:i]
			}
			return ""
		}
	}
	return ""
}

// midOwnerLabel is an owner label after the task ("完成预热页（负责人：alice，
// 10月8日前）", "准备优惠券 负责人：@bob 截止：10月9日"): the label, the
// name after it and the brackets around.
var midOwnerLabel = regexp.MustCompile(`(?i)[（(]?\s*(?:负责人|责任人|执行人|owner|assignee)\s*[:：]\s*@?([\p{L}][\p{L}\p{N}._-]*)`)

// deadlineLabel is a "截止：" or "Due:" label before a date.
var deadlineLabel = regexp.MustCompile(`(?i)(?:截止(?:日期|时间)?|deadline|due)\s*[:：]\s*(\S+)`)

// ownerMidLine turns an owner label after the task into a mention of the
// known person it names, and the brackets and commas around the label
// and date into spaces; the name is returned when it is not known.
func ownerMidLine(s string, people map[string]campaignbot.UserID) (string, string) {
	m := midOwnerLabel.FindStringSubmatchIndex(s)
	if m == nil || m[0] == 0 {
		return s, ""
	}
	name := s[m[2]:m[3]]
	id, ok := people[strings.ToLower(name)]
	if !ok {
		if h := latinHead(name); h != "" {
			name = h
			id, ok = people[strings.ToLower(h)]
		}
	}
	if !ok {
		return s, name
	}
	rest := s[m[2]+len(name):]
	rest = deadlineLabel.ReplaceAllStringFunc(rest, func(d string) string {
		date := deadlineLabel.FindStringSubmatch(d)[1]
		if strings.HasSuffix(date, "前") {
			return date
		}
		return date + "前"
	})
	rest = strings.NewReplacer("）", " ", ")", " ", "，", " ", ",", " ").Replace(rest)
	return strings.TrimSpace(s[:m[0]]) + " <@" + string(id) + "> " + strings.TrimSpace(rest), ""
}

// nameColon turns "alice: send recap" of a known person into a mention.
func nameColon(s string, people map[string]campaignbot.UserID) string {
	label, rest, ok := cutLabel(s)
	if !ok || !isName(label) {
		return s
	}
	if id, ok := people[label]; ok {
		return "<@" + string(id) + "> " + rest
	}
	return s
}
