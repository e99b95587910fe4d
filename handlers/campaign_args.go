package handlers

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// quotePairs are the quotes that may wrap an argument with spaces: ASCII,
// the curly ones phones type, and Chinese corner brackets.
var quotePairs = map[rune]rune{'"': '"', '“': '”', '「': '」'}

// splitArgs splits command arguments at spaces, keeping quoted parts
// together without their quotes. Returns EINVALID for an unclosed quote.
func splitArgs(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	var closing rune
	for _, r := range s {
		switch {
		case closing != 0 && r == closing:
			closing = 0
		case closing != 0:
			cur.WriteRune(r)
		case quotePairs[r] != 0 && !inWord:
			closing, inWord = quotePairs[r], true
		case r == ' ' || r == '\t' || r == '\n' || r == '\u3000':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if closing != 0 {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.a-quote-is-not-closed-end", closing))
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

var clockArgRE = regexp.MustCompile(`^[0-9]{1,2}:[0-9]{2}$`)

// takeTime takes a milestone time from the front of args: one token, or
// two when the second is a time of day ("2026-10-29 23:59", "D-3 10:00").
func takeTime(args []string) (string, []string) {
	if len(args) == 0 {
		return "", nil
	}
	if len(args) > 1 && clockArgRE.MatchString(args[1]) {
		return args[0] + " " + args[1], args[2:]
	}
	return args[0], args[1:]
}

// parseWhen parses a milestone time typed in chat for campaign c and
// checks it is in the future and not after the campaign ends.
func parseWhen(req *bot.Request, c campaignbot.Campaign, s string) (time.Time, error) {
	loc := campaignZone(c, req.Config.Timezone)
	at, err := config.ParseMilestoneTime(s, c.DDay, loc)
	if err != nil {
		return time.Time{}, campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("handlers.i-can-t-read-the-time", s, loc), err)
	}
	switch {
	case !at.After(req.Now):
		return time.Time{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.is-in-the-past-give-a", fmtWhen(at, loc)))
	case !c.Ends.IsZero() && at.After(c.Ends):
		return time.Time{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.is-after-the-campaign-ends-give", fmtWhen(at, loc), c.ID, fmtWhen(c.Ends, loc)))
	}
	return at, nil
}

// fmtWhen writes an instant the way the config file does.
func fmtWhen(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01-02 15:04") }

// milestoneRef is a milestone found by the reference typed in chat.
type milestoneRef struct {
	campaign  campaignbot.Campaign
	milestone campaignbot.Milestone
}

// findMilestone resolves "campaign/milestone", or "milestone" when exactly
// one campaign has it, in the merged campaigns.
func findMilestone(cs []campaignbot.Campaign, ref string) (milestoneRef, error) {
	cid, mid, qualified := strings.Cut(ref, "/")
	if !qualified {
		cid, mid = "", ref
	}
	var found []milestoneRef
	var known []string
	for _, c := range cs {
		if qualified && c.ID != cid {
			continue
		}
		for _, m := range c.Milestones {
			known = append(known, c.ID+"/"+m.ID)
			if m.ID == mid {
				found = append(found, milestoneRef{campaign: c, milestone: m})
			}
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		var refs []string
		for _, f := range found {
			refs = append(refs, f.campaign.ID+"/"+mid)
		}
		return milestoneRef{}, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.several-campaigns-have-a-milestone-say", mid, campaignbot.OrList(refs...)))
	case qualified && len(known) == 0:
		return milestoneRef{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-campaign-with-milestones", cid))
	}
	sort.Strings(known)
	return milestoneRef{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-milestone-milestones", ref, strings.Join(known, ", ")))
}

// requireAdmin refuses users who are not admins, naming who may.
func requireAdmin(req *bot.Request) error {
	if req.User.IsAdmin {
		return nil
	}
	if len(req.Config.Admins) == 0 {
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-admins-can-change-milestones-in-cc85b5"))
	}
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-admins-can-change-milestones-in-b28f7c", adminMentions(req)))
}

// adminMentions mentions the admins the config lists, comma-separated,
// for the refusals that say whom to ask.
func adminMentions(req *bot.Request) string {
	names := make([]string, len(req.Config.Admins))
	for i, a := range req.Config.Admins {
		names[i] = "<@" + string(a) + ">"
	}
	return strings.Join(names, ", ")
}

// changedBy names who changed a milestone.
func changedBy(by campaignbot.UserID, name string) string {
	if name != "" {
		return "@" + name
	}
	return "<@" + string(by) + ">"
}
