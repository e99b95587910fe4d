package handlers

import (
	"context"
	"errors"
	"fmt"
	"golang.org/x/text/width"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
)

// Replanner re-plans the reminders at once after a change the config file
// does not carry, such as a milestone added or moved in chat.
type Replanner interface {
	// ReplanNow re-plans and returns when the plan is stored.
	ReplanNow(ctx context.Context) error
}

// maxMilestoneName is the longest milestone name, in characters.
const maxMilestoneName = 200

// campaigns returns the configured campaigns with the milestones added
// and moved in chat merged in.
func (h *campaignHandler) campaigns(ctx context.Context, req *bot.Request) ([]campaignbot.Campaign, error) {
	if h.overrides == nil {
		return req.Config.Campaigns, nil
	}
	os, err := h.overrides.Overrides(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("campaigns: %w", err)
	}
	merged, _ := campaignbot.MergeOverrides(req.Config.Campaigns, os)
	return merged, nil
}

// changes checks that the user may change milestones (EFORBIDDEN) and
// that changes can be stored here (EINVALID).
func (h *campaignHandler) changes(req *bot.Request) error {
	if err := requireAdmin(req); err != nil {
		return err
	}
	if h.overrides == nil {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.milestones-cannot-be-changed-in-chat"))
	}
	return nil
}

// addMilestone answers /campaign add-milestone CAMPAIGN ID "Name" AT
// [offsets 1d,2h,0] [urgent] [ack [@people]].
func (h *campaignHandler) addMilestone(ctx context.Context, req *bot.Request, rest string) error {
	if err := h.changes(req); err != nil {
		return err
	}
	usage := campaignbot.T("handlers.use-add-milestone-campaign-id-name", slash(req, "campaign"))
	args, err := splitArgs(rest)
	if err != nil {
		return err
	}
	if len(args) < 4 {
		return &campaignbot.Error{Code: campaignbot.EINVALID, Text: usage}
	}
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return err
	}
	c, err := findCampaignIn(cs, args[0])
	if err != nil {
		return err
	}
	o := campaignbot.MilestoneOverride{
		CampaignID: c.ID, MilestoneID: args[1], Name: strings.TrimSpace(args[2]),
		Offsets: config.DefaultOffsets(), Notify: campaignbot.Audience{Channel: true},
		ChangedBy: req.User.ID, ChangedByName: req.User.Name,
	}
	switch {
	case !config.ValidID(o.MilestoneID):
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.bad-milestone-id-use-lowercase-letters", o.MilestoneID))
	case o.Name == "" || len([]rune(o.Name)) > maxMilestoneName:
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.Tn("handlers.give-the-milestone-a-name-of", maxMilestoneName, maxMilestoneName))
	}
	if i := slices.IndexFunc(c.Milestones, func(m campaignbot.Milestone) bool { return m.ID == o.MilestoneID }); i >= 0 {
		return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("handlers.the-campaign-already-has-a-milestone", c.ID, o.MilestoneID, c.Milestones[i].Name))
	}
	when, opts := takeTime(args[3:])
	if o.At, err = parseWhen(req, c, when); err != nil {
		return err
	}
	if err := milestoneOptions(ctx, req, &o, opts, c, usage); err != nil {
		return err
	}
	if o, err = h.overrides.AddMilestone(ctx, o); err != nil {
		return err
	}
	loc := campaignZone(c, req.Config.Timezone)
	labels := make([]string, len(o.Offsets))
	for i, d := range o.Offsets {
		labels[i] = scheduler.FormatOffset(d)
	}
	urgent := ""
	if o.Urgent {
		urgent = req.T(campaignbot.T("handlers.urgent-ignores-quiet-hours"))
	}
	urgent += ackNote(req, o, c)
	text := req.T(campaignbot.T("handlers.added-the-milestone-at-reminding-before", "<@"+string(req.User.ID)+">", o.Name, o.Ref(), fmtWhen(o.At, loc), scheduler.Countdown(req.Now, o.At, req.Lang), strings.Join(labels, ", "), urgent))
	return h.replyChanged(ctx, req, text)
}

// milestoneOptions reads the options after an added milestone's time.
func milestoneOptions(ctx context.Context, req *bot.Request, o *campaignbot.MilestoneOverride, opts []string, c campaignbot.Campaign, usage campaignbot.Text) error {
	for i := 0; i < len(opts); i++ {
		word, value, hasValue := strings.Cut(opts[i], "=")
		// Chinese and Japanese keyboards type full-width letters; the
		// Traditional Chinese usage names 需確認 and 緊急.
		switch strings.ToLower(width.Narrow.String(word)) {
		case "urgent", "紧急", "緊急":
			o.Urgent = true
		case "ack", "需确认", "需確認":
			n, err := ackOption(ctx, req, o, c, opts[i+1:])
			if err != nil {
				return err
			}
			i += n
		case "offsets", "offset", "提醒":
			if !hasValue {
				if i+1 == len(opts) {
					return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.list-the-offsets-after-offsets-like"))
				}
				i++
				value = opts[i]
			}
			offsets, err := parseOffsets(value, o.At, c.Ends)
			if err != nil {
				return err
			}
			o.Offsets = offsets
		default:
			return &campaignbot.Error{Code: campaignbot.EINVALID, Text: campaignbot.Join(" ", campaignbot.T("handlers.i-don-t-understand", opts[i]), usage)}
		}
	}
	return nil
}

// parseOffsets parses "1d,2h,0" and checks no reminder falls after ends.
func parseOffsets(s string, at, ends time.Time) ([]time.Duration, error) {
	var out []time.Duration
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		d, err := config.ParseDuration(part, true)
		if err != nil {
			return nil, campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("handlers.bad-offset-use-durations-like-7d", part), err)
		}
		if slices.Contains(out, d) {
			return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.the-offset-is-listed-twice", part))
		}
		if !ends.IsZero() && at.Add(-d).After(ends) {
			return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.the-offset-puts-a-reminder-after", part))
		}
		out = append(out, d)
	}
	return out, nil
}

// move answers /campaign move MILESTONE DATE.
func (h *campaignHandler) move(ctx context.Context, req *bot.Request, rest string) error {
	if err := h.changes(req); err != nil {
		return err
	}
	args, err := splitArgs(rest)
	if err != nil {
		return err
	}
	when, extra := takeTime(args[min(1, len(args)):])
	if len(args) < 2 || len(extra) > 0 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.use-move-milestone-date-e-g", slash(req, "campaign")))
	}
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return err
	}
	ref, err := findMilestone(cs, args[0])
	if err != nil {
		return err
	}
	c, m := ref.campaign, ref.milestone
	at, err := parseWhen(req, c, when)
	if err != nil {
		return err
	}
	loc := campaignZone(c, req.Config.Timezone)
	ident := c.ID + "/" + m.ID
	switch {
	case at.Equal(m.At):
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.is-already-at", m.Name, ident, fmtWhen(at, loc)))
	case m.Change != nil && m.Change.Kind == campaignbot.OverrideMoved && at.Equal(m.Change.ConfigAt):
		// Back to the config file's time: drop the override.
		if _, err := h.overrides.RemoveOverride(ctx, c.ID, m.ID); err != nil {
			return err
		}
	default:
		if _, err := h.overrides.MoveMilestone(ctx, c.ID, m.ID, at, req.User.ID, req.User.Name); err != nil {
			return err
		}
	}
	text := req.T(campaignbot.T("handlers.moved-the-milestone-from-to", "<@"+string(req.User.ID)+">", m.Name, ident, fmtWhen(m.At, loc), fmtWhen(at, loc), scheduler.Countdown(req.Now, at, req.Lang)))
	return h.replyChanged(ctx, req, text)
}

// reset answers /campaign reset MILESTONE: it drops the chat change, so an
// added milestone disappears and a moved one is back at the config's time.
// It works on changes the config file no longer matches, too.
func (h *campaignHandler) reset(ctx context.Context, req *bot.Request, rest string) error {
	if err := h.changes(req); err != nil {
		return err
	}
	args, err := splitArgs(rest)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.use-reset-milestone-e-g-reset", slash(req, "campaign")))
	}
	os, err := h.overrides.Overrides(ctx, "")
	if err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	cid, mid, qualified := strings.Cut(args[0], "/")
	if !qualified {
		cid, mid = "", args[0]
	}
	var found []campaignbot.MilestoneOverride
	for _, o := range os {
		if o.MilestoneID == mid && (!qualified || o.CampaignID == cid) {
			found = append(found, o)
		}
	}
	switch {
	case len(found) == 0:
		return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.the-milestone-was-not-added-or", args[0]))
	case len(found) > 1:
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.several-campaigns-changed-a-milestone", mid, found[0].Ref()))
	}
	o, err := h.overrides.RemoveOverride(ctx, found[0].CampaignID, found[0].MilestoneID)
	if err != nil {
		return err
	}
	who := "<@" + string(req.User.ID) + ">"
	var text string
	c, _ := req.Config.Campaign(o.CampaignID)
	loc := campaignZone(c, req.Config.Timezone)
	i := slices.IndexFunc(c.Milestones, func(m campaignbot.Milestone) bool { return m.ID == o.MilestoneID })
	switch {
	case o.Kind == campaignbot.OverrideAdded:
		text = req.T(campaignbot.T("handlers.removed-the-milestone-that-was-added", who, o.Name, o.Ref()))
	case i >= 0:
		m := c.Milestones[i]
		text = req.T(campaignbot.T("handlers.reset-to-the-config-file-s", who, m.Name, o.Ref(), fmtWhen(m.At, loc)))
	default:
		text = req.T(campaignbot.T("handlers.dropped-the-move-of-which-the", who, o.Ref()))
	}
	return h.replyChanged(ctx, req, text)
}

// replyChanged re-plans the reminders and tells the channel what changed.
func (h *campaignHandler) replyChanged(ctx context.Context, req *bot.Request, text string) error {
	if h.replanner != nil {
		if err := h.replanner.ReplanNow(ctx); errors.Is(err, scheduler.ErrReplanQueued) {
			text += " " + req.T(campaignbot.T("handlers.the-change-is-saved-its-reminders"))
		} else if err != nil {
			h.log.Error("re-planning after a milestone change", "err", err)
			text += " " + req.T(campaignbot.T("handlers.the-change-is-saved-but-planning"))
		} else {
			text += " " + req.T(campaignbot.T("handlers.reminders-are-re-planned-those-already"))
		}
	}
	return req.Reply(ctx, campaignbot.OutgoingMessage{Text: text})
}

// changeMark notes a milestone added or moved in chat, for the timeline
// and the campaign list.
func changeMark(req *bot.Request, m campaignbot.Milestone, loc *time.Location) string {
	ch := m.Change
	if ch == nil {
		return ""
	}
	who := changedBy(ch.By, ch.ByName)
	if ch.Kind == campaignbot.OverrideAdded {
		return "  ✚ " + req.T(campaignbot.T("handlers.added-in-chat-by", who))
	}
	return "  ↷ " + req.T(campaignbot.T("handlers.moved-from-yaml-by", ch.ConfigAt.In(loc).Format("01-02 15:04"), who))
}
