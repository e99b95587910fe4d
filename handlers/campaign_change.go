package handlers

import (
	"context"
	"errors"
	"fmt"
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
		return campaignbot.Errorf(campaignbot.EINVALID, "Milestones cannot be changed in chat here; edit the config file.", "此处无法在聊天中调整里程碑；请修改配置文件。")
	}
	return nil
}

// addMilestone answers /campaign add-milestone CAMPAIGN ID "Name" AT
// [offsets 1d,2h,0] [urgent] [ack [@people]].
func (h *campaignHandler) addMilestone(ctx context.Context, req *bot.Request, rest string) error {
	if err := h.changes(req); err != nil {
		return err
	}
	usage := campaignbot.Textf(`Use /%[1]s add-milestone CAMPAIGN ID "Name" AT [offsets 1d,2h,0] [urgent] [ack [@people]], e.g. /%[1]s add-milestone double11 extra-review "Extra review 加审" D-3 10:00 offsets 1d,0 ack @alice.`,
		`用法：/%[1]s add-milestone 活动ID 里程碑ID "名称" 时间 [offsets 1d,2h,0] [urgent] [需确认 [@成员]]，例如 /%[1]s add-milestone double11 extra-review "Extra review 加审" D-3 10:00 offsets 1d,0 需确认 @alice。`, slash(req, "campaign"))
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
		return campaignbot.Errorf(campaignbot.EINVALID, "Bad milestone id %q: use lowercase letters, digits, - and _, like extra-review.", "里程碑 ID %q 不合法：请用小写字母、数字、- 和 _，例如 extra-review。", o.MilestoneID)
	case o.Name == "" || len([]rune(o.Name)) > maxMilestoneName:
		return campaignbot.Errorf(campaignbot.EINVALID, "Give the milestone a name of 1 to %d characters, in quotes when it has spaces.", "请给里程碑起一个 1 到 %d 个字符的名称，含空格时加引号。", maxMilestoneName)
	}
	if i := slices.IndexFunc(c.Milestones, func(m campaignbot.Milestone) bool { return m.ID == o.MilestoneID }); i >= 0 {
		return campaignbot.Errorf(campaignbot.ECONFLICT, "The campaign %s already has a milestone %s (%s): pick another id.", "活动 %s 已有里程碑 %s（%s）：请换一个 ID。", c.ID, o.MilestoneID, c.Milestones[i].Name)
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
		urgent = req.Tf(", urgent (ignores quiet hours)", "，紧急（不受免打扰时段限制）")
	}
	urgent += ackNote(req, o, c)
	text := req.Tf("%[1]s added the milestone *%[2]s* (%[3]s) at %[4]s (%[5]s), reminding %[6]s before%[7]s.",
		"%[1]s 添加了里程碑 *%[2]s*（%[3]s），时间 %[4]s（%[5]s），提前 %[6]s 提醒%[7]s。",
		"<@"+string(req.User.ID)+">", o.Name, o.Ref(), fmtWhen(o.At, loc), scheduler.Countdown(req.Now, o.At, req.Lang), strings.Join(labels, ", "), urgent)
	return h.replyChanged(ctx, req, text)
}

// milestoneOptions reads the options after an added milestone's time.
func milestoneOptions(ctx context.Context, req *bot.Request, o *campaignbot.MilestoneOverride, opts []string, c campaignbot.Campaign, usage campaignbot.Text) error {
	for i := 0; i < len(opts); i++ {
		word, value, hasValue := strings.Cut(opts[i], "=")
		switch strings.ToLower(word) {
		case "urgent", "紧急":
			o.Urgent = true
		case "ack", "需确认":
			n, err := ackOption(ctx, req, o, c, opts[i+1:])
			if err != nil {
				return err
			}
			i += n
		case "offsets", "offset", "提醒":
			if !hasValue {
				if i+1 == len(opts) {
					return campaignbot.Errorf(campaignbot.EINVALID, "List the offsets after offsets, like offsets 1d,2h,0.", "请在 offsets 后列出提醒提前量，例如 offsets 1d,2h,0。")
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
			return &campaignbot.Error{Code: campaignbot.EINVALID, Text: campaignbot.Join(" ", campaignbot.Textf("I don't understand %q.", "无法理解 %q。", opts[i]), usage)}
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
			return nil, campaignbot.WrapError(campaignbot.EINVALID, campaignbot.Textf(
				"Bad offset %q: use durations like 7d, 2h, 30m or 0 (at the milestone); -1d reminds a day after.",
				"提前量 %q 不合法：请用 7d、2h、30m 或 0（里程碑当时）；-1d 表示之后一天提醒。", part), err)
		}
		if slices.Contains(out, d) {
			return nil, campaignbot.Errorf(campaignbot.EINVALID, "The offset %s is listed twice.", "提前量 %s 重复了。", part)
		}
		if !ends.IsZero() && at.Add(-d).After(ends) {
			return nil, campaignbot.Errorf(campaignbot.EINVALID, "The offset %s puts a reminder after the campaign ends.", "提前量 %s 会让提醒晚于活动结束时间。", part)
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
		return campaignbot.Errorf(campaignbot.EINVALID, "Use /%[1]s move MILESTONE DATE, e.g. /%[1]s move double11/registration-closes 2026-10-30 23:59 or D-12 23:59.",
			"用法：/%[1]s move 里程碑 时间，例如 /%[1]s move double11/registration-closes 2026-10-30 23:59 或 D-12 23:59。", slash(req, "campaign"))
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
		return req.ReplyPrivateText(ctx, campaignbot.Textf("*%s* (%s) is already at %s.", "*%s*（%s）已经是 %s。", m.Name, ident, fmtWhen(at, loc)))
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
	text := req.Tf("%[1]s moved the milestone *%[2]s* (%[3]s) from %[4]s to %[5]s (%[6]s).",
		"%[1]s 将里程碑 *%[2]s*（%[3]s）从 %[4]s 调整到 %[5]s（%[6]s）。",
		"<@"+string(req.User.ID)+">", m.Name, ident, fmtWhen(m.At, loc), fmtWhen(at, loc), scheduler.Countdown(req.Now, at, req.Lang))
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
		return campaignbot.Errorf(campaignbot.EINVALID, "Use /%[1]s reset MILESTONE, e.g. /%[1]s reset double11/registration-closes.", "用法：/%[1]s reset 里程碑，例如 /%[1]s reset double11/registration-closes。", slash(req, "campaign"))
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
		return campaignbot.Errorf(campaignbot.ENOTFOUND, "The milestone %s was not added or moved in chat; nothing to reset.", "里程碑 %s 没有在聊天中添加或调整过，无需撤销。", args[0])
	case len(found) > 1:
		return campaignbot.Errorf(campaignbot.EINVALID, "Several campaigns changed a milestone %s: say which, e.g. %s.", "多个活动都调整过里程碑 %s：请指明，例如 %s。", mid, found[0].Ref())
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
		text = req.Tf("%s removed the milestone *%s* (%s) that was added in chat; its pending reminders are canceled.",
			"%s 删除了在聊天中添加的里程碑 *%s*（%s）；其待发提醒已取消。", who, o.Name, o.Ref())
	case i >= 0:
		m := c.Milestones[i]
		text = req.Tf("%s reset *%s* (%s) to the config file's time, %s.", "%s 将 *%s*（%s）恢复为配置文件中的时间 %s。", who, m.Name, o.Ref(), fmtWhen(m.At, loc))
	default:
		text = req.Tf("%s dropped the move of %s, which the config file no longer has.", "%s 撤销了对 %s 的调整（配置文件中已没有该里程碑）。", who, o.Ref())
	}
	return h.replyChanged(ctx, req, text)
}

// replyChanged re-plans the reminders and tells the channel what changed.
func (h *campaignHandler) replyChanged(ctx context.Context, req *bot.Request, text string) error {
	if h.replanner != nil {
		if err := h.replanner.ReplanNow(ctx); errors.Is(err, scheduler.ErrReplanQueued) {
			text += " " + req.Tf("The change is saved; its reminders are re-planned as soon as the planning run in progress ends, within minutes.",
				"变更已保存；当前的计划任务结束后（几分钟内）会立即重新计划其提醒。")
		} else if err != nil {
			h.log.Error("re-planning after a milestone change", "err", err)
			text += " " + req.Tf("The change is saved, but planning its reminders failed; the hourly planning will retry.", "变更已保存，但提醒计划失败；每小时的计划会重试。")
		} else {
			text += " " + req.Tf("Reminders are re-planned; those already sent are not sent again.", "提醒已重新计划；已发送的不会重复发送。")
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
		return "  ✚ " + req.Tf("added in chat by %s", "由 %s 在聊天中添加", who)
	}
	return "  ↷ " + req.Tf("moved from %[1]s (YAML) by %[2]s", "由 %[2]s 从 %[1]s（YAML）调整", ch.ConfigAt.In(loc).Format("01-02 15:04"), who)
}
