package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/review"
	"github.com/campaignbot/campaignbot/scheduler"
)

// campaignHandler answers /campaign: the campaigns, their timelines and
// the reminder schedule, and lets admins add, move and reset milestones.
type campaignHandler struct {
	reminders campaignbot.ReminderStore
	// todos gives /campaign schedule the to-do nudges and digests; nil
	// leaves them out.
	todos campaignbot.TodoService
	// overrides keeps milestones changed in chat; nil turns changes off.
	overrides campaignbot.CampaignOverrides
	// replanner re-plans after a change; nil leaves it to the scheduler.
	replanner Replanner
	// acks answers /campaign acks; nil turns it off.
	acks *ackHandler
	// progress answers /campaign progress; nil turns it off.
	progress *progress.Reporter
	// reviews and kb answer /campaign review and archive; nil turns them
	// off.
	reviews *review.Compiler
	kb      *kbHandler
	log     *slog.Logger
}

// handle dispatches /campaign subcommands.
func (h *campaignHandler) handle(ctx context.Context, req *bot.Request) error {
	// A full-width space (typed with a Chinese input method) separates as
	// a space does.
	args := strings.TrimSpace(req.Args)
	sub, rest := args, ""
	if i := strings.IndexFunc(args, unicode.IsSpace); i >= 0 {
		sub, rest = args[:i], strings.TrimSpace(args[i:])
	}
	switch strings.ToLower(sub) {
	case "", "list", "ls":
		return h.list(ctx, req)
	case "timeline", "tl":
		return h.timeline(ctx, req, rest)
	case "schedule":
		return h.schedule(ctx, req, rest)
	case "progress", "进度":
		return h.progressReport(ctx, req, rest)
	case "review", "复盘":
		return h.reviewCommand(ctx, req, rest)
	case "archive", "归档":
		return h.archiveCommand(ctx, req, rest)
	case "add-milestone", "add":
		return h.addMilestone(ctx, req, rest)
	case "move", "mv":
		return h.move(ctx, req, rest)
	case "reset":
		return h.reset(ctx, req, rest)
	case "acks":
		if h.acks == nil {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.acknowledgements-are-not-kept-here"))
		}
		cs, err := h.campaigns(ctx, req)
		if err != nil {
			return err
		}
		return h.acks.campaignAcks(ctx, req, cs, rest)
	case "help":
		return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignHelp(req))})
	}
	help := campaignHelp(req)
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-don-t-know-97e62e", slash(req, "campaign"), sub, help))
}

// slash returns the typed name of a command.
func slash(req *bot.Request, logical string) string {
	return req.Config.Slack.Commands.Name(logical)
}

// campaignHelp lists the /campaign subcommands.
func campaignHelp(req *bot.Request) campaignbot.Text {
	n := slash(req, "campaign")
	return campaignbot.T("handlers.try-the-campaigns-timeline-id-milestones", n)
}

// list shows every campaign with its D-day and next milestone.
func (h *campaignHandler) list(ctx context.Context, req *bot.Request) error {
	cfg := req.Config
	if len(cfg.Campaigns) == 0 {
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.no-campaigns-are-configured-yet-admins"))
	}
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(req.T(campaignbot.T("handlers.campaigns")))
	for _, c := range cs {
		loc := campaignZone(c, cfg.Timezone)
		fmt.Fprintf(&b, "\n• *%s* (`%s`) — %s", c.Name, c.ID, ddayText(req, c, loc, false))
		if m, ok := nextMilestone(c, req.Now); ok {
			fmt.Fprintf(&b, "\n  %s %s — %s (%s)%s", req.T(campaignbot.T("handlers.next")), m.Name,
				m.At.In(loc).Format("01-02 15:04"), scheduler.Countdown(req.Now, m.At, req.Lang), changeMark(req, m, loc))
		}
	}
	b.WriteString("\n" + req.T(campaignbot.T("handlers.details-timeline-id", slash(req, "campaign"))))
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}

// campaignZone returns the campaign's zone, or def.
func campaignZone(c campaignbot.Campaign, def *time.Location) *time.Location {
	if c.Timezone != "" {
		if loc, err := time.LoadLocation(c.Timezone); err == nil {
			return loc
		}
	}
	return def
}

// nextMilestone returns the first milestone at or after now.
func nextMilestone(c campaignbot.Campaign, now time.Time) (campaignbot.Milestone, bool) {
	var best campaignbot.Milestone
	found := false
	for _, m := range c.Milestones {
		if !m.At.Before(now) && (!found || m.At.Before(best.At)) {
			best, found = m, true
		}
	}
	return best, found
}

// findCampaign picks the campaign named by id, or the only one, or the
// next upcoming one, among cs.
func findCampaign(req *bot.Request, cs []campaignbot.Campaign, id string) (campaignbot.Campaign, error) {
	if id != "" {
		return findCampaignIn(cs, id)
	}
	if len(cs) == 0 {
		return campaignbot.Campaign{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.no-campaigns-are-configured-yet"))
	}
	best := cs[0]
	for _, c := range cs {
		if !c.DDay.Before(req.Now) && (best.DDay.Before(req.Now) || c.DDay.Before(best.DDay)) {
			best = c
		}
	}
	return best, nil
}

// findCampaignIn returns the campaign with the given id among cs.
func findCampaignIn(cs []campaignbot.Campaign, id string) (campaignbot.Campaign, error) {
	var ids []string
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
		ids = append(ids, c.ID)
	}
	return campaignbot.Campaign{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-campaign-campaigns", id, strings.Join(ids, ", ")))
}

// timeline shows a campaign's milestones, past and upcoming, marking those
// added or moved in chat and what happened to each one's reminders (✓ all
// sent, ⚠ some missed or failed, … still being delivered), then lists the
// reminders that were not delivered with the reason.
func (h *campaignHandler) timeline(ctx context.Context, req *bot.Request, id string) error {
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return err
	}
	c, err := findCampaign(req, cs, id)
	if err != nil {
		return err
	}
	loc := campaignZone(c, req.Config.Timezone)
	var b strings.Builder
	fmt.Fprintf(&b, "*%s* — %s", c.Name, ddayText(req, c, loc, true))
	ms := append([]campaignbot.Milestone(nil), c.Milestones...)
	slices.SortStableFunc(ms, func(a, b campaignbot.Milestone) int { return a.At.Compare(b.At) })
	var all []campaignbot.Reminder
	if h.reminders != nil {
		if all, err = h.reminders.Reminders(ctx, campaignbot.ReminderFilter{Prefix: "milestone:" + c.ID + "/"}); err != nil {
			return fmt.Errorf("timeline %s: %w", c.ID, err)
		}
	}
	bySource := map[string][]campaignbot.Reminder{}
	for _, r := range all {
		bySource[r.Source] = append(bySource[r.Source], r)
	}
	for _, m := range ms {
		mark, note := "○", ""
		if h.reminders != nil {
			mark, note = milestoneDelivery(req, m.At.Before(req.Now), bySource[scheduler.MilestoneSource(c.ID, m.ID)])
		} else if m.At.Before(req.Now) {
			mark = "✓"
		}
		urgent := ""
		if m.Urgent {
			urgent = " ⚡"
		}
		fmt.Fprintf(&b, "\n%s %s  %s — %s%s%s%s", mark, m.At.In(loc).Format("01-02 15:04"), m.Name, scheduler.Countdown(req.Now, m.At, req.Lang), urgent, changeMark(req, m, loc), note)
	}
	var missed []campaignbot.Reminder
	for _, r := range all {
		if r.Status == campaignbot.ReminderMissed || r.Status == campaignbot.ReminderFailed {
			missed = append(missed, r)
		}
	}
	if len(missed) > 0 {
		b.WriteString("\n" + req.T(campaignbot.T("handlers.reminders-not-delivered")))
		for _, r := range missed {
			fmt.Fprintf(&b, "\n⚠ %s %s → %s: %s", r.At.In(loc).Format("01-02 15:04"), strings.TrimPrefix(r.Source, "milestone:"+c.ID+"/"), r.Recipient, r.Reason)
		}
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}

// timelineAction answers the Timeline button of a milestone reminder.
func (h *campaignHandler) timelineAction(ctx context.Context, req *bot.Request) error {
	return h.timeline(ctx, req, req.Action.Value)
}

// schedule lists the reminders the bot would send in the next days
// (default 7), computed as `campaignbot schedule` computes them: every
// digest in the window and each recipient in their zone.
func (h *campaignHandler) schedule(ctx context.Context, req *bot.Request, arg string) error {
	days := 7
	if arg != "" {
		if _, err := fmt.Sscanf(arg, "%d", &days); err != nil || days < 1 || days > 60 {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.give-the-number-of-days-to", slash(req, "campaign")))
		}
	}
	campaigns, err := h.campaigns(ctx, req)
	if err != nil {
		return err
	}
	cfg := *req.Config
	cfg.Campaigns = campaigns
	p := scheduler.Preview{Config: &cfg, People: chatPeople{req.Chat}, Todos: h.todos, Now: req.Now}
	if h.reminders != nil {
		// A reminder sent before its milestone moved shows as its new
		// occurrence.
		if p.Sent, err = scheduler.SentOccurrences(ctx, h.reminders); err != nil {
			return fmt.Errorf("schedule: %w", err)
		}
	}
	rs, _, err := p.Reminders(ctx, req.Now, req.Now.Add(time.Duration(days)*24*time.Hour))
	if err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	if len(rs) == 0 {
		return req.ReplyPrivateText(ctx, campaignbot.Tn("handlers.no-reminders-are-planned-for-the", days, days))
	}
	var b strings.Builder
	b.WriteString(req.T(campaignbot.Tn("handlers.reminders-planned-for-the-next-days", days, days)))
	for i, r := range rs {
		if i == 50 {
			b.WriteString("\n" + req.T(campaignbot.T("handlers.and-more-campaignbot-schedule-json-lists", len(rs)-50)))
			break
		}
		fmt.Fprintf(&b, "\n• %s %s %s → %s%s", r.At.In(req.Config.Timezone).Format("01-02 15:04"), r.Kind, describeSource(r), r.Recipient, movedNote(req, r))
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}

// movedNote says what moved a reminder of the schedule: quiet hours in
// the recipient's zone, and the day off the calendar moved it from.
func movedNote(req *bot.Request, r campaignbot.Reminder) string {
	note := ""
	if r.Shifted {
		note = req.T(campaignbot.T("handlers.moved-by-quiet-hours-in", r.Zone))
	}
	if !r.Moved.IsZero() {
		note += req.T(campaignbot.T("handlers.text-9cb4ae", r.Moved.In(req.Lang)))
	}
	return note
}

// chatPeople gives the preview the zones the chat knows, and its user
// groups when it has any.
type chatPeople struct{ chat bot.Chat }

// User implements scheduler.People.
func (p chatPeople) User(ctx context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	return p.chat.User(ctx, id)
}

// GroupMembers implements scheduler.People.
func (p chatPeople) GroupMembers(ctx context.Context, group string) ([]campaignbot.UserID, error) {
	if g, ok := p.chat.(bot.GroupDirectory); ok {
		return g.GroupMembers(ctx, group)
	}
	return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.user-groups-cannot-be-expanded-here-ad0e36"))
}

// describeSource names what a reminder is about.
func describeSource(r campaignbot.Reminder) string {
	_, what, _ := strings.Cut(r.Source, ":")
	if r.Offset != "" {
		return what + " (" + r.Offset + ")"
	}
	return what
}
