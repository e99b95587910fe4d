package minutes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
)

// line is one line of notes with its bullet and lead-in removed.
type line struct {
	text string
	// labelled reports a lead-in ("Action:", "待办：") or an owner label:
	// the writer meant a to-do, so a line that cannot be read is reported.
	labelled bool
	// owner reports an owner label ("Owner:", "负责人："): the first word
	// after it is a person.
	owner bool
	// bullet reports a list item or check box: a line of its own, unlike
	// a sentence of prose.
	bullet bool
}

// leadIns are the words that introduce a to-do, lower-case, without the
// colon.
var leadIns = []string{"action items", "action item", "action", "ai", "todo", "to-do", "to do",
	"follow-up", "follow up", "next step", "待办事项", "待办", "行动项", "跟进", "任务"}

// ownerLabels introduce the owner.
var ownerLabels = []string{"owner", "owners", "assignee", "负责人", "责任人", "负责", "执行人"}

// strip removes the bullet, the check box and the lead-in of a line.
func strip(s string) line {
	var l line
	t := stripBullet(s)
	l.bullet = t != s
	s = t
	for {
		label, rest, ok := cutLabel(s)
		if !ok {
			break
		}
		switch {
		case contains(leadIns, label):
			l.labelled = true
		case contains(ownerLabels, label):
			l.labelled, l.owner = true, true
		default:
			l.text = s
			return l
		}
		s = rest
	}
	l.text = s
	return l
}

// cutLabel splits "Label: rest" (or "Label：rest", "*Label:* rest") and
// returns the label lower-case.
func cutLabel(s string) (string, string, bool) {
	i := strings.IndexAny(s, ":：")
	if i <= 0 || i > 40 {
		return "", "", false
	}
	label := strings.ToLower(strings.Trim(s[:i], "*_ "))
	_, n := utf8.DecodeRuneInString(s[i:])
	return label, strings.TrimSpace(strings.TrimLeft(s[i+n:], "*_ ")), true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// stripBullet removes list markers and check boxes.
func stripBullet(s string) string {
	for {
		t := strings.TrimSpace(s)
		for _, p := range []string{"- ", "* ", "• ", "+ ", "· ", "– ", "— ", "> ", "[ ]", "[x]", "[X]", "☐", "☑", "□", "■", "●", "○", "◦", "▪"} {
			if strings.HasPrefix(t, p) {
				t = strings.TrimSpace(t[len(p):])
			}
		}
		t = stripChineseNumber(stripNumber(t))
		if t == s {
			return t
		}
		s = t
	}
}

// stripNumber removes "1.", "1)", "1、", "(1)", "（1）" and "①".
func stripNumber(s string) string {
	for _, open := range []string{"(", "（"} {
		if rest, ok := strings.CutPrefix(s, open); ok {
			d := digits(rest)
			for _, cl := range []string{")", "）"} {
				if after, ok := strings.CutPrefix(rest[d:], cl); d > 0 && ok {
					return strings.TrimSpace(after)
				}
			}
		}
	}
	if r, n := utf8.DecodeRuneInString(s); r >= '①' && r <= '⑳' {
		return strings.TrimSpace(s[n:])
	}
	d := digits(s)
	if d == 0 || d > 3 {
		return s
	}
	rest := s[d:]
	for _, p := range []string{". ", ") ", "、", "）"} {
		if after, ok := strings.CutPrefix(rest, p); ok {
			return strings.TrimSpace(after)
		}
	}
	return s
}

func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// namedOwner turns a bare name after an owner label ("负责人：bob …") or
// before " to " ("Bob to send …") into a mention when it is a known
// person. After an owner label or a lead-in a name nobody knows is
// returned, so that the line is reported.
func namedOwner(l line, people map[string]campaignbot.UserID) (string, string) {
	s := l.text
	if s == "" || strings.HasPrefix(s, "<") || strings.HasPrefix(s, "@") || strings.HasPrefix(s, "＠") {
		return s, ""
	}
	if l.owner {
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",，、;；", r) })
		if end < 0 {
			end = len(s)
		}
		name := s[:end]
		if id, ok := people[strings.ToLower(name)]; ok {
			return "<@" + string(id) + ">" + s[end:], ""
		}
		return s, name
	}
	name, rest, ok := strings.Cut(s, " ")
	if !ok || !isName(name) {
		return s, ""
	}
	after, ok := strings.CutPrefix(rest, "to ")
	if !ok {
		return s, ""
	}
	if id, ok := people[strings.ToLower(name)]; ok {
		return "<@" + string(id) + "> " + after, ""
	}
	if l.labelled {
		return s, name
	}
	return s, ""
}

// isName reports a word that can be a person's handle, starting with a
// letter.
func isName(s string) bool {
	for i, r := range s {
		if !(unicode.IsLetter(r) || (i > 0 && (unicode.IsDigit(r) || r == '.' || r == '_' || r == '-'))) {
			return false
		}
	}
	return s != ""
}

// resolveMentions turns "@name" of a known person into a mention; other
// @words are left for todotext to report. Canonical tokens (<…>) are kept
// as they are.
func resolveMentions(s string, people map[string]campaignbot.UserID) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '<' {
			if j := strings.IndexByte(s[i:], '>'); j > 0 {
				b.WriteString(s[i : i+j+1])
				i += j + 1
				continue
			}
		}
		if (r == '@' || r == '＠') && mentionStart(lastRune(s[:i]), i == 0) {
			name := nameAt(s[i+n:])
			id, ok := people[strings.ToLower(name)]
			if h := latinHead(name); !ok && h != "" {
				// "@alice完成预热页": Chinese follows the name without a
				// space.
				name = h
				id, ok = people[strings.ToLower(name)]
			}
			if ok && name != "" {
				b.WriteString("<@" + string(id) + "> ")
				i += n + len(name)
				continue
			}
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// nameAt returns the handle at the start of s, as todotext reads it.
func nameAt(s string) string {
	j := 0
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isNameRune(r) {
			break
		}
		j += n
	}
	return strings.TrimRight(s[:j], ".-")
}

func isNameRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-'
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// Names returns the bare names the notes use for people, lower-case and
// without duplicates: @names outside mentions, the word after an owner
// label and the word before " to " after a lead-in or at the start of a
// line. The caller looks them up and hands Read the ones it knows.
func Names(notes string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		n = strings.ToLower(n)
		if n != "" && !seen[n] && len(out) < MaxLines {
			seen[n] = true
			out = append(out, n)
		}
	}
	lines := strings.Split(strings.ToValidUTF8(notes, "\uFFFD"), "\n")
	if len(lines) > MaxLines {
		lines = lines[:MaxLines]
	}
	for _, raw := range lines {
		l := strip(strings.TrimSpace(raw))
		if _, named := namedOwner(l, nil); named != "" {
			add(named)
		} else if name, rest, ok := strings.Cut(l.text, " "); ok && isName(name) && strings.HasPrefix(rest, "to ") {
			add(name)
		}
		if label, _, ok := cutLabel(l.text); ok && l.bullet && isName(label) {
			add(label)
		}
		if m := midOwnerLabel.FindStringSubmatch(l.text); m != nil {
			add(m[1])
			add(latinHead(m[1]))
		}
		s := l.text
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == '<' {
				if j := strings.IndexByte(s[i:], '>'); j > 0 {
					i += j + 1
					continue
				}
			}
			if (r == '@' || r == '＠') && mentionStart(lastRune(s[:i]), i == 0) {
				name := nameAt(s[i+n:])
				add(name)
				add(latinHead(name))
			}
			i += n
		}
	}
	return out
}
