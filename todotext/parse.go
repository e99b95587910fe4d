package todotext

import (
	"slices"
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
	// Choices, when the words allow more than one due date ("prepare noon
	// livestream 2026-12-05 12:30": today 12:00, or Dec 5 12:30? "明天8点":
	// 08:00 or 20:00?), lists them, earliest first, each with its own
	// title; Due, DuePhrase and DateOnly are then empty and nothing should
	// be stored until the writer picks one (see ChoiceText).
	Choices []DueChoice
	// Described is a date-like phrase that describes the thing rather than
	// when it is due ("晚上8点的直播脚本", "the 6pm flash sale banner"),
	// when it is the only one: it stays in the title, Due stays zero, and
	// the caller should say that no due date was taken from it.
	Described string
	// UnknownTags lists #words that name no configured milestone (nor a
	// channel), without the '#', so the caller can say the to-do has no
	// milestone rather than leave them silently in the title.
	UnknownTags []string
	// Unknown lists @words that are not mentions (names the chat platform
	// did not resolve), without the '@', so the caller can say who it does
	// not know.
	Unknown []string
	// DayOff, when Due lands on a public holiday or a company day off of
	// Options.Calendar (not a plain weekend; see OnDayOff), says which and
	// gives the next working day: the to-do is still due then, and the
	// caller should say so.
	DayOff *DayOff
}

// Parse reads a to-do request written in canonical markup (see
// bot.ParseText), such as "<@U1> finalize the coupon banner by tomorrow 6pm
// !high". Text without a date phrase is fine and leaves Due zero. Errors are
// *campaignbot.Error with code EINVALID: a date phrase that cannot be read,
// names a date that does not exist, has passed or is more than two years
// ahead; a title that is empty or longer than campaignbot.MaxTodoTitle.
func Parse(text string, opt Options) (Draft, error) {
	p := newParser(opt)
	original := normalizeWidth(strings.ToValidUTF8(text, "\uFFFD"))
	simplified := simplifyForParsing(original)
	d, err := p.parse(simplified)
	if err != nil {
		return Draft{}, err
	}
	return d.restoreScript(simplified, original), nil
}

// restoreScript puts the user's own characters back into the parts of d
// cut from simplified (see restoreScript).
func (d Draft) restoreScript(simplified, original string) Draft {
	if simplified == original {
		return d
	}
	d.Title = restoreScript(d.Title, simplified, original)
	d.DuePhrase = restoreScript(d.DuePhrase, simplified, original)
	choices := make([]DueChoice, len(d.Choices))
	for i, c := range d.Choices {
		c.Title = restoreScript(c.Title, simplified, original)
		c.DuePhrase = restoreScript(c.DuePhrase, simplified, original)
		choices[i] = c
	}
	if d.Choices != nil {
		d.Choices = choices
	}
	return d
}

// parse reads text whose Traditional date characters are already
// simplified.
func (p *parser) parse(text string) (Draft, error) {
	var d Draft
	plain := p.collectMentions(bot.ParseText(text), &d)
	plain, d.Unknown = extractUnknown(plain)
	plain, d.Priority = extractPriority(plain)
	plain = p.extractMilestone(plain, &d)
	if err := checkLength(plain); err != nil {
		return Draft{}, err
	}
	if d.Milestone == "" {
		for _, tag := range unknownTags(plain) {
			if !slices.Contains(p.channels, tag) {
				d.UnknownTags = append(d.UnknownTags, tag)
			}
		}
	}
	choices, err := p.dueChoices(plain)
	if err != nil {
		return Draft{}, err
	}
	d.Described = p.described
	switch len(choices) {
	case 0:
		d.Title = tidyTitle(plain)
	case 1:
		c := choices[0]
		d.Title, d.Due, d.DuePhrase, d.DateOnly = c.Title, c.Due, c.DuePhrase, c.DateOnly
	default:
		d.Choices, d.Due = choices, time.Time{}
		for _, c := range choices {
			if err := checkTitle(c.Title); err != nil {
				return Draft{}, err
			}
		}
		return d, nil
	}
	if err := checkTitle(d.Title); err != nil {
		return Draft{}, err
	}
	d.DayOff = OnDayOff(p.opt.Calendar, d.Due)
	return d, nil
}

// daysAhead finds "提前N天" (N days ahead of it) in the text after a date.
func daysAhead(s string) (int, bool) {
	k := strings.Index(s, "提前")
	if k < 0 {
		return 0, false
	}
	c := &cursor{s: s, i: k + len("提前")}
	n, ok := c.cnNumber()
	if !ok || !(c.lit("天") || c.lit("日")) || n < 1 || n > 30 {
		return 0, false
	}
	return n, true
}

// danglingWords are words left at the end of a title when the date after
// them is taken out: "book the photographer for [next Tuesday]".
var danglingWords = []string{"for", "by", "on", "at", "the", "before", "until", "mid"}

// trimDanglingWords removes danglingWords from the end of s.
func trimDanglingWords(s string) string {
	for {
		t := strings.TrimRightFunc(s, unicode.IsSpace)
		cut := false
		for _, w := range danglingWords {
			if len(t) > len(w) && strings.EqualFold(t[len(t)-len(w):], w) && !isASCIIAlnum(lastRune(t[:len(t)-len(w)])) {
				s, cut = t[:len(t)-len(w)], true
				break
			}
		}
		if !cut {
			return s
		}
	}
}

// DueChoice is one reading of a to-do whose words allow several due dates.
type DueChoice struct {
	// Due is the instant, DateOnly whether it is a date alone (end of day).
	Due      time.Time
	DateOnly bool
	// DuePhrase is the words read as the date, as written.
	DuePhrase string
	// Title is the to-do's title under this reading: the other date-like
	// words stay in it.
	Title string
}

// dueChoices finds the due date of free text: a phrase with a deadline
// marker (by, due, before, 前, 截止 …) wins over phrases that describe the
// thing ("prepare noon livestream script by 10/25"); a marked date written
// with its year wins over every other. Phrases that compete with nothing
// to choose between them, and words with several readings, give several
// choices.
func (p *parser) dueChoices(plain string) ([]DueChoice, error) {
	all := p.candidates(plain)
	cands := unquoted(plain, all)
	var pick []candidate
	for _, c := range cands {
		if c.deadline {
			pick = append(pick, c)
		}
	}
	for _, c := range pick {
		if c.explicit {
			pick = []candidate{c}
			break
		}
	}
	if len(pick) == 0 {
		m, err := p.unreadConnector(blank(plain, all))
		switch {
		case err != nil:
			return nil, err
		case m.found:
			pick = []candidate{{start: m.start, end: m.end, sp: m.sp, deadline: true}}
		default:
			for _, c := range cands {
				if !c.describes {
					pick = append(pick, c)
				}
			}
			if len(pick) == 0 && len(cands) > 0 {
				// "准备晚上8点的直播脚本", "update the 6pm flash sale
				// banner": the time names the thing; nothing says when it is
				// due. The caller says so rather than guess.
				p.described = strings.TrimSpace(plain[cands[0].start:cands[0].end])
				return nil, nil
			}
		}
	}
	var out []DueChoice
	var first error
	for _, c := range pick {
		phrase := strings.TrimSpace(plain[c.start:c.end])
		rs, err := p.readings(phrase, c.sp, p.opt.EndOfDay, c.before)
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		if n, ok := daysAhead(plain[c.end:]); ok && len(rs) == 1 {
			// "周五晚8点直播 提前一天彩排": the rehearsal is a day before the
			// show, or the show is the deadline; ask.
			y, m, d := rs[0].at.Date()
			rs = append([]reading{{at: wallTime(y, m, d-n, p.opt.EndOfDay/60, p.opt.EndOfDay%60, p.loc), dateOnly: true}}, rs...)
			if !rs[0].at.After(p.now) {
				rs = rs[1:]
			}
		}
		left, right := plain[:c.start], plain[c.end:]
		if tidyTitle(right) == "" {
			left = trimDanglingWords(left)
		}
		title := tidyTitle(joinParts(left, right))
		for _, r := range rs {
			if !containsDue(out, r.at) {
				out = append(out, DueChoice{Due: r.at, DateOnly: r.dateOnly, DuePhrase: phrase, Title: title})
			}
		}
	}
	if len(out) == 0 {
		return nil, first
	}
	slices.SortStableFunc(out, func(a, b DueChoice) int { return a.Due.Compare(b.Due) })
	return out, nil
}

// unquoted returns the candidates outside quotation marks when there are
// any: "更新“3个工作日内发货”文案 周五前" quotes the copy to update, and the
// deadline is the one outside. A date that is only found inside quotes is
// still read.
func unquoted(s string, cs []candidate) []candidate {
	spans := quoteSpans(s)
	var out []candidate
	for _, c := range cs {
		if !slices.ContainsFunc(spans, func(q [2]int) bool { return q[0] <= c.start && c.end <= q[1] }) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return cs
	}
	return out
}

// quoteSpans returns the byte ranges of s inside paired quotation marks:
// “…”, 「…」, 『…』 and "…".
func quoteSpans(s string) [][2]int {
	var spans [][2]int
	for _, p := range [][2]string{{"“", "”"}, {"「", "」"}, {"『", "』"}, {`"`, `"`}} {
		for i := 0; i < len(s); {
			k := strings.Index(s[i:], p[0])
			if k < 0 {
				break
			}
			open := i + k + len(p[0])
			e := strings.Index(s[open:], p[1])
			if e < 0 {
				break
			}
			spans = append(spans, [2]int{open, open + e})
			i = open + e + len(p[1])
		}
	}
	return spans
}

func containsDue(cs []DueChoice, t time.Time) bool {
	return slices.ContainsFunc(cs, func(c DueChoice) bool { return c.Due.Equal(t) })
}

// ChoiceText writes the to-do of draft under choice c as text Parse reads
// with exactly that due date and no question: the owners, the title, the
// date written out with its year after "by", the priority and milestone.
// A button or a typed command offering the choice carries it.
func ChoiceText(d Draft, c DueChoice, loc *time.Location) string {
	var b strings.Builder
	for _, u := range d.Assignees {
		b.WriteString(bot.MentionUser(u) + " ")
	}
	for _, g := range d.Groups {
		b.WriteString("<!subteam^" + g + "> ")
	}
	b.WriteString(c.Title)
	if c.DateOnly {
		b.WriteString(" by " + c.Due.In(loc).Format("2006-01-02"))
	} else {
		b.WriteString(" by " + c.Due.In(loc).Format("2006-01-02 15:04"))
	}
	switch d.Priority {
	case campaignbot.PriorityHigh:
		b.WriteString(" !high")
	case campaignbot.PriorityLow:
		b.WriteString(" !low")
	}
	if d.Milestone != "" {
		b.WriteString(" #" + d.Milestone)
	}
	return b.String()
}

// normalizeWidth turns full-width digits and the punctuation of dates and
// times (１０／２９ １８：００) into their ASCII forms, and the ideographic
// space into a space.
func normalizeWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '／':
			return '/'
		case r == '：':
			return ':'
		case r == '．':
			return '.'
		case r == '－':
			return '-'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
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
			name := t.Label
			if name == "" {
				name = t.ID
			}
			b.WriteString(name)
			// A channel mention is not a #milestone.
			p.channels = append(p.channels, name)
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

// unknownTags returns the #words of s that look like a milestone tag: a
// letter among letters, digits, '-' and '_' ("#warmup-start"; not "#1").
func unknownTags(s string) []string {
	var tags []string
	for i := 0; i < len(s); i++ {
		if s[i] != '#' || (i > 0 && isASCIIAlnum(lastRune(s[:i]))) {
			continue
		}
		j := i + 1
		letter := false
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
				break
			}
			letter = letter || unicode.IsLetter(r)
			j += n
		}
		if letter {
			tags = appendUnique(tags, s[i+1:j])
		}
		i = j - 1
	}
	return tags
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
