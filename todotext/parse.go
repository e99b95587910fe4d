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
