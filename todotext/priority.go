package todotext

import (
	"strings"

	"github.com/campaignbot/campaignbot"
)

// priorityWords are the markers of priority. ASCII markers start with '!'
// and must stand as words; Chinese ones may appear anywhere. Longer markers
// come first so that 不紧急 is not read as 紧急.
var priorityWords = []struct {
	w string
	p campaignbot.Priority
}{
	{"!urgent", campaignbot.PriorityHigh}, {"!high", campaignbot.PriorityHigh}, {"!important", campaignbot.PriorityHigh},
	{"!normal", campaignbot.PriorityNormal}, {"!medium", campaignbot.PriorityNormal},
	{"!low", campaignbot.PriorityLow},
	{"不紧急", campaignbot.PriorityLow}, {"不着急", campaignbot.PriorityLow}, {"不急", campaignbot.PriorityLow},
	{"紧急", campaignbot.PriorityHigh}, {"加急", campaignbot.PriorityHigh}, {"特急", campaignbot.PriorityHigh},
	{"优先级高", campaignbot.PriorityHigh}, {"优先级低", campaignbot.PriorityLow},
}

// extractPriority removes priority markers from s and returns the last one
// given (PriorityNormal when none).
func extractPriority(s string) (string, campaignbot.Priority) {
	prio := campaignbot.PriorityNormal
	var b strings.Builder
	for i := 0; i < len(s); {
		matched := false
		for _, pw := range priorityWords {
			w := pw.w
			if len(s)-i < len(w) || !strings.EqualFold(s[i:i+len(w)], w) {
				continue
			}
			if w[0] == '!' {
				if i > 0 && !isBoundary(lastRune(s[:i])) {
					continue
				}
				if rest := s[i+len(w):]; rest != "" && isASCIIAlnum(firstRune(rest)) {
					continue
				}
			}
			prio = pw.p
			b.WriteByte(' ')
			i += len(w)
			matched = true
			break
		}
		if !matched {
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String(), prio
}

// isBoundary reports whether r may precede a marker such as "!high".
func isBoundary(r rune) bool { return !isASCIIAlnum(r) && r != '!' }
