package minutes

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/todotext"
)

// MaxLines is the most lines Read looks at; the rest are reported as one
// Problem so that nothing is dropped silently.
const MaxLines = 2000

// MaxChars is the most text Read looks at, in characters: far more than
// any meeting's notes, and few enough that the slowest lines to read
// (dense with date-like words) take seconds, not minutes.
const MaxChars = 100_000

// MaxLine is the longest line read as a to-do, in characters: twice the
// longest title, room for owners and a date. Longer lines are reported
// unread, since reading dates in them costs time out of all proportion
// (todotext is slow on very long text).
const MaxLine = 2 * campaignbot.MaxTodoTitle

// Item is a line read as a to-do.
type Item struct {
	// Line is the line's number in the notes, from 1.
	Line int
	// Source is the line as written, trimmed.
	Source string
	// Draft is the to-do. It has no Choices and no Unknown people; it may
	// have no owner, when the line named only a date.
	Draft todotext.Draft
}

// Problem is a line that names an owner or a date but could not be read.
type Problem struct {
	// Line is the line's number in the notes, from 1; 0 for the notes as
	// a whole.
	Line   int
	Source string
	// Why says what is wrong and what would work, in both languages.
	Why campaignbot.Text
}

// Result is what Read found.
type Result struct {
	Items    []Item
	Problems []Problem
}

// Read reads notes, written in canonical markup (see bot.ParseText), for
// to-dos. People is the directory of bare names (lower-case, without '@')
// the notes may use, as found with Names; opt says how dates are read.
func Read(notes string, people map[string]campaignbot.UserID, opt todotext.Options) Result {
	var res Result
	lines := strings.Split(strings.ToValidUTF8(notes, "\uFFFD"), "\n")
	if len(lines) > MaxLines {
		res.Problems = append(res.Problems, Problem{Why: campaignbot.Tn("minutes.the-notes-have-lines-i-read", len(lines), len(lines), MaxLines)})
		lines = lines[:MaxLines]
	}
	total := 0
	var parent *owners // the owners of the last item, for its sub-items
	for i, raw := range lines {
		if total += utf8.RuneCountInString(raw) + 1; total > MaxChars {
			res.Problems = append(res.Problems, Problem{Why: campaignbot.T("minutes.the-notes-are-longer-than-characters", MaxChars, i)})
			break
		}
		source := strings.TrimSpace(raw)
		if source == "" || isHeading(source) {
			continue
		}
		if n := utf8.RuneCountInString(source); n > MaxLine {
			if strings.Contains(source, "@") || looksDated(source[:min(len(source), 4*MaxLine)]) {
				res.Problems = append(res.Problems, Problem{Line: i + 1, Source: source, Why: campaignbot.Tn("minutes.the-line-is-characters-long-a", n, n, MaxLine)})
			}
			continue
		}
		if isDone(source) {
			continue // a ticked check box is work done, not a to-do
		}
		l := strip(source)
		l.text = unbold(l.text)
		if l.bullet {
			l.text = nameColon(l.text, people)
		}
		text, named := namedOwner(l, people)
		if named == "" && !l.owner {
			text, named = ownerMidLine(text, people)
		}
		text = joinOwners(resolveMentions(text, people))
		if strings.TrimSpace(text) == "" {
			continue
		}
		text, weekday := dropWeekday(text)
		d, err := todotext.Parse(text, opt)
		// A sub-item that names no owner is the owner's of the item it is
		// indented under.
		ind := indent(raw)
		switch {
		case err == nil && len(d.Assignees)+len(d.Groups) == 0 && parent != nil && ind > parent.indent:
			d.Assignees, d.Groups = parent.assignees, parent.groups
		case err == nil && len(d.Assignees)+len(d.Groups) > 0:
			parent = &owners{indent: ind, assignees: d.Assignees, groups: d.Groups}
		case parent != nil && ind <= parent.indent:
			parent = nil
		}
		problem := func(why campaignbot.Text) {
			res.Problems = append(res.Problems, Problem{Line: i + 1, Source: source, Why: why})
		}
		switch {
		case named != "":
			problem(campaignbot.T("minutes.i-don-t-know-mention-people-5bc8a4", named))
		case err != nil:
			if l.labelled || mentions(text) || looksDated(source) {
				problem(campaignbot.ErrorText(err))
			}
		case err == nil && doubtful(text, d, weekday, opt.Location):
			why, _ := dateDoubt(text, d, weekday, opt.Location)
			problem(why)
		case len(d.Unknown) > 0:
			problem(campaignbot.T("minutes.i-don-t-know-mention-people-b3a43f", strings.Join(d.Unknown, ", @")))
		case len(d.Choices) > 0:
			problem(choicesText(d, opt))
		case len(d.Assignees)+len(d.Groups) == 0 && (d.Due.IsZero() || !(l.bullet || l.labelled)):
			// Prose that names no one is skipped, even with a date ("Next
			// meeting is on Thursday."); a bullet or a lead-in with a date
			// is a to-do of whoever imports it.
			if l.labelled && d.Due.IsZero() {
				problem(campaignbot.T("minutes.no-owner-or-due-date-add"))
			}
		default:
			res.Items = append(res.Items, Item{Line: i + 1, Source: source, Draft: d})
		}
	}
	return res
}

// owners are the owners of an item and how far it is indented.
type owners struct {
	indent    int
	assignees []campaignbot.UserID
	groups    []string
}

// indent is how far a line is indented, a tab counting as four spaces.
func indent(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case ' ':
			n++
		case '\t':
			n += 4
		case '　':
			n += 2
		default:
			return n
		}
	}
	return n
}

// choicesText says that a line's date can be read several ways, listing
// them, and how to write the one meant.
func choicesText(d todotext.Draft, opt todotext.Options) campaignbot.Text {
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	var at []string
	for _, c := range d.Choices {
		at = append(at, c.Due.In(loc).Format("2006-01-02 15:04"))
	}
	return campaignbot.T("minutes.can-be-read-as-write-the", d.Choices[0].DuePhrase, strings.Join(at, " or "), strings.Join(at, " 或 "), at[0])
}

// isHeading reports a Markdown heading ("# Agenda", "## 行动项") or a
// Setext underline.
func isHeading(s string) bool {
	if strings.Trim(s, "=-_*") == "" {
		return true
	}
	t := strings.TrimLeft(s, "#")
	return len(t) < len(s) && (t == "" || t[0] == ' ')
}

// mentions reports whether canonical text mentions a user or group.
func mentions(s string) bool {
	return strings.Contains(s, "<@") || strings.Contains(s, "<!subteam^")
}

// looksDated reports a connector that promises a date ("by", "due",
// "截止", "前" after a digit), so that a line whose date cannot be read
// is reported rather than skipped as prose.
func looksDated(s string) bool {
	l := " " + strings.ToLower(s) + " "
	for _, w := range []string{" due ", " by ", " deadline", " ddl", "截止", "截至", "之前", "以前"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	for i, r := range s {
		if r == '前' && i > 0 {
			p, _ := utf8.DecodeLastRuneInString(s[:i])
			if unicode.IsDigit(p) || strings.ContainsRune("日号天周点", p) {
				return true
			}
		}
	}
	return false
}
