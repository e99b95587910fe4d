package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/todotext"
)

// handleMention turns a message addressed to the bot into a to-do when it
// names an owner or a due date, and "@campaignbot import" in a thread into
// a preview of the to-dos of the thread's first message; anything else
// gets the greeting.
func (h *todoHandler) handleMention(ctx context.Context, req *bot.Request) error {
	if h.importer != nil && isImportMention(req) {
		return h.importThread(ctx, req)
	}
	p := bot.ParseText(req.Message.Text)
	others := 0
	for _, u := range p.Users {
		if u != req.Chat.BotUser().ID {
			others++
		}
	}
	if others+len(p.Groups) == 0 {
		draft, err := todotext.Parse(req.Message.Text, parseOptions(req))
		if err != nil || (draft.Due.IsZero() && len(draft.Choices) == 0) {
			return h.help.handleMention(ctx, req)
		}
	}
	return h.create(ctx, req, req.Message.Text, true)
}

// create makes a to-do from text in canonical markup and confirms it.
// Nothing is stored unless the whole text is understood.
func (h *todoHandler) create(ctx context.Context, req *bot.Request, text string, fromMention bool) error {
	draft, err := todotext.Parse(text, parseOptions(req))
	if err != nil {
		return err
	}
	if len(draft.Unknown) == 0 && len(draft.Choices) > 0 {
		return askDue(ctx, req, draft)
	}
	if len(draft.Unknown) > 0 {
		return campaignbot.Errorf(campaignbot.EINVALID,
			"I don't know %s. Mention people as they appear in the chat, e.g. @alice; nothing was saved.",
			"我不认识 %s。请按聊天中的名字 @ 对方，例如 @alice；未保存任何内容。",
			"@"+strings.Join(draft.Unknown, ", @"))
	}
	assignees, err := h.resolveAssignees(ctx, req, draft)
	if err != nil {
		return err
	}
	selfAssigned := false
	if len(assignees) == 0 {
		assignees, selfAssigned = []campaignbot.UserID{req.User.ID}, true
	}
	t := &campaignbot.Todo{
		Workspace: req.Workspace,
		Title:     draft.Title,
		Assignees: assignees,
		Creator:   req.User.ID,
		Channel:   req.Channel.ID,
		Due:       draft.Due,
		Timezone:  userLocation(req).String(),
		Priority:  draft.Priority,
		Milestone: draft.Milestone,
	}
	if req.Message != nil {
		t.SourceLink = req.Message.Permalink
	}
	if err := h.todos.CreateTodo(ctx, t); err != nil {
		return fmt.Errorf("create a to-do: %w", err)
	}
	h.replan(ctx, req, t)
	reply := confirmation(req, t, draft.DuePhrase, selfAssigned)
	if t.Due.IsZero() && draft.Described != "" {
		reply += " " + req.Tf("“%s” reads as part of what is to be done, not as its due time, so it has none.",
			"“%s”看起来是在描述事项本身，而不是截止时间，因此未设截止时间。", draft.Described)
	}
	if note := dayOffNote(req, t, draft.DayOff); note != "" {
		reply += " " + note
	}
	if note := unknownMilestoneNote(req, draft.UnknownTags); note != "" {
		reply += " " + note
	}
	msg := campaignbot.OutgoingMessage{Text: reply, Buttons: scheduler.TodoButtons(req.Config, t, req.Lang)}
	if fromMention && req.Message != nil {
		msg.ThreadID = req.Message.TS
	}
	return req.Reply(ctx, msg)
}

// resolveAssignees checks the mentioned users and expands user groups.
func (h *todoHandler) resolveAssignees(ctx context.Context, req *bot.Request, d todotext.Draft) ([]campaignbot.UserID, error) {
	var out []campaignbot.UserID
	seen := map[campaignbot.UserID]bool{}
	add := func(id campaignbot.UserID) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range d.Assignees {
		u, err := req.Chat.User(ctx, id)
		switch {
		case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
			return nil, campaignbot.Errorf(campaignbot.EINVALID, "I can't find the user %s; nothing was saved.", "找不到用户 %s；未保存任何内容。", bot.MentionUser(id))
		case err != nil:
			return nil, fmt.Errorf("look up %s: %w", id, err)
		case u.IsBot:
			return nil, campaignbot.Errorf(campaignbot.EINVALID, "%s is a bot and cannot own a to-do; nothing was saved.", "%s 是机器人，不能负责待办；未保存任何内容。", bot.MentionUser(id))
		}
		add(id)
	}
	if len(d.Groups) > 0 {
		groups, ok := req.Chat.(bot.GroupDirectory)
		if !ok {
			return nil, campaignbot.Errorf(campaignbot.EINVALID, "User groups cannot be expanded here; mention people one by one.", "此处无法展开用户组，请逐个 @ 成员。")
		}
		for _, g := range d.Groups {
			members, err := groups.GroupMembers(ctx, g)
			if err != nil {
				var ce *campaignbot.Error
				if errors.As(err, &ce) {
					return nil, err
				}
				return nil, fmt.Errorf("expand group %s: %w", g, err)
			}
			if len(members) == 0 {
				return nil, campaignbot.Errorf(campaignbot.EINVALID, "The group %s has no members; nothing was saved.", "用户组 %s 没有成员；未保存任何内容。", "<!subteam^"+g+">")
			}
			for _, m := range members {
				add(m)
			}
		}
	}
	return out, nil
}

// maxChoiceValue is the longest text a choice's button carries: Slack
// refuses button values over 2,000 characters.
const maxChoiceValue = 2000

// askDue asks the writer which due date they meant when the words allow
// several; nothing is stored until they pick one. Each choice is a button
// (in the console, the typed command it stands for) carrying the to-do
// written with that date in full, so picking it creates exactly that.
func askDue(ctx context.Context, req *bot.Request, d todotext.Draft) error {
	loc := userLocation(req)
	var b strings.Builder
	b.WriteString(req.Tf("When is it due? Your words can be read %d ways; nothing is saved until you pick one:",
		"截止时间可以有 %d 种理解，请选一个；选定前不会保存：", len(d.Choices)))
	var buttons []campaignbot.Button
	for i, c := range d.Choices {
		when := scheduler.FormatDue(c.Due, loc, req.Lang)
		b.WriteString("\n" + req.Tf("%d. due %s — from “%s”: *%s*", "%d. 截止 %s —— 来自“%s”：*%s*", i+1, when, c.DuePhrase, c.Title))
		text := todotext.ChoiceText(d, c, loc)
		if len(text) > maxChoiceValue {
			continue
		}
		buttons = append(buttons, campaignbot.Button{ActionID: ActionTodoChoose, Value: text,
			Label: fmt.Sprintf("%d. %s", i+1, when), Command: "/" + slash(req, "todo") + " add " + text})
	}
	if len(buttons) < len(d.Choices) {
		b.WriteString("\n" + req.Tf("Write the date in full to choose, e.g. “by %s”.", "请写出完整日期来选择，例如“%s前”。",
			d.Choices[0].Due.In(loc).Format("2006-01-02 15:04")))
		buttons = nil
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String(), Buttons: buttons})
}

// ActionTodoChoose is the button that picks one of the due dates askDue
// offers.
const ActionTodoChoose = "todo.choose"

// confirmation says who, what and when, and which words were read as the
// date.
func confirmation(req *bot.Request, t *campaignbot.Todo, phrase string, selfAssigned bool) string {
	var b strings.Builder
	due := dueText(req, t)
	if phrase != "" && !t.Due.IsZero() {
		due += req.Tf(" — from “%s”", " —— 来自“%s”", phrase)
	}
	b.WriteString(req.Tf("✅ To-do #%d for %s: *%s* — due %s.", "✅ 已创建待办 #%d，负责人 %s：*%s* —— 截止 %s。",
		t.Number, mentions(t.Assignees), t.Title, due))
	if t.Priority == campaignbot.PriorityHigh {
		b.WriteString(" " + req.Tf("Priority: high.", "优先级：高。"))
	} else if t.Priority == campaignbot.PriorityLow {
		b.WriteString(" " + req.Tf("Priority: low.", "优先级：低。"))
	}
	if t.Milestone != "" {
		b.WriteString(" " + req.Tf("Milestone: %s.", "里程碑：%s。", t.Milestone))
	}
	if selfAssigned {
		b.WriteString(" " + req.Tf("No one was mentioned, so it is yours.", "没有 @ 任何人，因此由你负责。"))
	}
	if t.Due.IsZero() {
		b.WriteString(" " + req.Tf("Add a date any time: /%s edit %d due friday.", "可随时补充日期：/%s edit %d due 周五。", slash(req, "todo"), t.Number))
	}
	return b.String()
}

// unknownMilestoneNote says that #tags which name no milestone linked
// none, and which milestones are ahead, so that a mistyped #milestone is
// not left silently in the title.
func unknownMilestoneNote(req *bot.Request, tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	var ahead []string
	for _, c := range req.Config.Campaigns {
		for _, m := range c.Milestones {
			if m.At.After(req.Now) && len(ahead) < 5 {
				ahead = append(ahead, "#"+m.ID)
			}
		}
	}
	if len(ahead) == 0 {
		return ""
	}
	return req.Tf("#%s is not a milestone I know, so the to-do is linked to none; milestones ahead: %s (/%s timeline lists them all).",
		"#%s 不是已知的里程碑，因此待办未关联里程碑；即将到来的里程碑：%s（/%s timeline 可查看全部）。",
		strings.Join(tags, ", #"), strings.Join(ahead, " "), slash(req, "campaign"))
}
