package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/todotext"
)

// change loads to-do n, checks the permission, applies u, re-plans its
// nudges and answers visibly with text.
func (h *todoHandler) change(ctx context.Context, req *bot.Request, n int64, u campaignbot.TodoUpdate, text func(*campaignbot.Todo) string) error {
	t, err := h.todos.FindTodo(ctx, req.Workspace, n)
	if err != nil {
		return err
	}
	if t.Status == campaignbot.TodoDeleted {
		return campaignbot.Errorf(campaignbot.ENOTFOUND, "To-do #%d was deleted.", "待办 #%d 已删除。", n)
	}
	check := mayChange
	if u.Status != nil && *u.Status == campaignbot.TodoDeleted {
		check = mayDelete
	}
	if err := check(req, t); err != nil {
		return err
	}
	u.By = req.User.ID
	t, err = h.todos.UpdateTodo(ctx, req.Workspace, n, u)
	if err != nil {
		return err
	}
	h.replan(ctx, req, t)
	msg := campaignbot.OutgoingMessage{Text: text(t)}
	if t.Status == campaignbot.TodoOpen {
		msg.Buttons = scheduler.TodoButtons(req.Config, t, req.Lang)
	}
	if req.Action != nil && req.Action.Message.TS != "" {
		// A button was clicked: show the outcome in place of the message.
		if err := req.Chat.Update(ctx, req.Action.Message, msg); err == nil {
			return nil
		}
	}
	return req.Reply(ctx, msg)
}

// setStatus answers /todo done|reopen|delete N.
func (h *todoHandler) setStatus(ctx context.Context, req *bot.Request, args string, status campaignbot.TodoStatus) error {
	n, _, err := parseNumber(req, args)
	if err != nil {
		return err
	}
	return h.change(ctx, req, n, campaignbot.TodoUpdate{Status: &status}, func(t *campaignbot.Todo) string {
		switch status {
		case campaignbot.TodoDone:
			return req.Tf("✅ %s finished #%d *%s*.", "✅ %s 完成了 #%d *%s*。", bot.MentionUser(req.User.ID), t.Number, t.Title)
		case campaignbot.TodoDeleted:
			return req.Tf("🗑 %s deleted #%d *%s*; it stays in the history (/%s search).", "🗑 %s 删除了 #%d *%s*；历史中仍可查到（/%s search）。",
				bot.MentionUser(req.User.ID), t.Number, t.Title, slash(req, "todo"))
		}
		return req.Tf("↩ %s reopened #%d *%s* — due %s.", "↩ %s 重新打开了 #%d *%s* —— 截止 %s。", bot.MentionUser(req.User.ID), t.Number, t.Title, dueText(req, t))
	})
}

// edit answers /todo edit N due PHRASE | title TEXT | priority P.
func (h *todoHandler) edit(ctx context.Context, req *bot.Request, args string) error {
	n, rest, err := parseNumber(req, args)
	if err != nil {
		return err
	}
	field, value, _ := strings.Cut(rest, " ")
	value = strings.TrimSpace(value)
	var u campaignbot.TodoUpdate
	var off *todotext.DayOff
	switch strings.ToLower(field) {
	case "due", "截止":
		if value == "" {
			return campaignbot.Errorf(campaignbot.EINVALID, "When is it due? e.g. /%s edit %d due friday 6pm", "何时截止？例如 /%s edit %d due 周五下午6点", slash(req, "todo"), n)
		}
		due, _, err := todotext.ParseDue(value, parseOptions(req))
		if err != nil {
			return err
		}
		u.Due = &due
		off = todotext.OnDayOff(req.Config.Calendar, due)
	case "title", "标题":
		title := strings.TrimSpace(bot.ParseText(value).Plain)
		u.Title = &title
	case "priority", "优先级":
		p := campaignbot.Priority(strings.ToLower(strings.TrimPrefix(value, "!")))
		if p != campaignbot.PriorityHigh && p != campaignbot.PriorityNormal && p != campaignbot.PriorityLow {
			return campaignbot.Errorf(campaignbot.EINVALID, "Priority is high, normal or low.", "优先级可选 high、normal 或 low。")
		}
		u.Priority = &p
	default:
		return campaignbot.Errorf(campaignbot.EINVALID, "Edit what? /%[1]s edit %[2]d due friday · /%[1]s edit %[2]d title new title · /%[1]s edit %[2]d priority high",
			"要修改什么？/%[1]s edit %[2]d due 周五 · /%[1]s edit %[2]d title 新标题 · /%[1]s edit %[2]d priority high", slash(req, "todo"), n)
	}
	return h.change(ctx, req, n, u, func(t *campaignbot.Todo) string {
		return editedText(req, t, off)
	})
}

// editedText confirms an edited to-do, with the note of a due date on a
// day off.
func editedText(req *bot.Request, t *campaignbot.Todo, off *todotext.DayOff) string {
	text := req.Tf("✏️ #%d *%s* for %s — due %s.", "✏️ #%d *%s*，负责人 %s —— 截止 %s。", t.Number, t.Title, mentions(t.Assignees), dueText(req, t))
	if note := dayOffNote(req, t, off); note != "" {
		text += " " + note
	}
	return text
}

// assign answers /todo assign N @user [@user…].
func (h *todoHandler) assign(ctx context.Context, req *bot.Request, args string) error {
	n, rest, err := parseNumber(req, args)
	if err != nil {
		return err
	}
	p := bot.ParseText(rest)
	assignees, err := h.resolveAssignees(ctx, req, todotext.Draft{Assignees: p.Users, Groups: p.Groups})
	if err != nil {
		return err
	}
	if len(assignees) == 0 {
		if names := unknownNames(p.Plain); len(names) > 0 {
			return campaignbot.Errorf(campaignbot.EINVALID,
				"I don't know %s: no one here has that name, so #%d keeps its owners. Mention a member of this workspace (in Slack, pick them from the list that opens when you type @), e.g. /%s assign %d @carol",
				"我不认识 %s：这里没有叫这个名字的成员，因此 #%d 的负责人不变。请 @ 本工作区的成员（在 Slack 中输入 @ 后从弹出的列表中选择），例如 /%s assign %d @carol",
				strings.Join(names, " "), n, slash(req, "todo"), n)
		}
		return campaignbot.Errorf(campaignbot.EINVALID, "Assign to whom? e.g. /%s assign %d @carol", "分配给谁？例如 /%s assign %d @carol", slash(req, "todo"), n)
	}
	return h.change(ctx, req, n, campaignbot.TodoUpdate{Assignees: assignees}, func(t *campaignbot.Todo) string {
		return req.Tf("👤 #%d *%s* is now %s's — due %s.", "👤 #%d *%s* 现由 %s 负责 —— 截止 %s。", t.Number, t.Title, mentions(t.Assignees), dueText(req, t))
	})
}

// unknownNames returns the @names typed as plain text: the chat turns the
// names it knows into mentions, so these are names it did not recognise.
func unknownNames(plain string) []string {
	var out []string
	for _, w := range strings.Fields(plain) {
		w = strings.TrimRight(w, ".,;:!?，。；：！？")
		if len(w) > 1 && (w[0] == '@' || strings.HasPrefix(w, "＠")) {
			out = append(out, w)
		}
	}
	return out
}

// snooze answers /todo snooze N 2h|tomorrow: the next nudge waits until
// then; the due date stays.
func (h *todoHandler) snooze(ctx context.Context, req *bot.Request, args string) error {
	n, rest, err := parseNumber(req, args)
	if err != nil {
		return err
	}
	if rest == "" {
		rest = "2h"
	}
	until, err := todotext.ParseSnooze(rest, parseOptions(req))
	if err != nil {
		return err
	}
	return h.change(ctx, req, n, campaignbot.TodoUpdate{SnoozedUntil: &until}, func(t *campaignbot.Todo) string {
		return req.Tf("💤 I'll remind %s about #%d *%s* at %s; it is still due %s.", "💤 将于 %[4]s 再提醒 %[1]s #%[2]d *%[3]s*；截止时间不变：%[5]s。",
			mentions(t.Assignees), t.Number, t.Title, scheduler.FormatDue(until, userLocation(req), req.Lang), dueText(req, t))
	})
}

// buttonAction handles the Done and Snooze buttons.
func (h *todoHandler) buttonAction(ctx context.Context, req *bot.Request) error {
	switch req.Action.ActionID {
	case "todo.done":
		return h.setStatus(ctx, req, req.Action.Value, campaignbot.TodoDone)
	case "todo.snooze":
		return h.snooze(ctx, req, req.Action.Value+" 2h")
	case "todo.edit":
		return h.openEditForm(ctx, req)
	case "todo.open":
		return nil // a link button: the platform opened the link
	case ActionTodoChoose:
		return h.create(ctx, req, req.Action.Value, false)
	case ActionImportConfirm:
		return h.confirmAction(ctx, req)
	case ActionImportCancel:
		return h.cancelAction(ctx, req)
	case ActionImportPage:
		return h.pageAction(ctx, req)
	case ActionImportEdit:
		return h.editAction(ctx, req)
	}
	return campaignbot.Errorf(campaignbot.EINVALID, "That button no longer does anything.", "这个按钮已失效。")
}

// openEditForm opens the edit form of a to-do.
func (h *todoHandler) openEditForm(ctx context.Context, req *bot.Request) error {
	n, _, err := parseNumber(req, req.Action.Value)
	if err != nil {
		return err
	}
	t, err := h.todos.FindTodo(ctx, req.Workspace, n)
	if err != nil {
		return err
	}
	if err := mayChange(req, t); err != nil {
		return err
	}
	due := ""
	if !t.Due.IsZero() {
		due = t.Due.In(userLocation(req)).Format("2006-01-02 15:04")
	}
	return req.Chat.OpenForm(ctx, req.TriggerID, bot.Form{
		Lang:         req.Lang,
		ID:           "todo.edit",
		Title:        req.Tf("Edit to-do #%d", "编辑待办 #%d", t.Number),
		Submit:       req.Tf("Save", "保存"),
		PrivateValue: fmt.Sprint(t.Number),
		Fields: []bot.FormField{
			{ID: "title", Label: req.Tf("What", "内容"), Kind: bot.FieldText, Initial: t.Title},
			{ID: "due", Label: req.Tf("Due (e.g. friday 6pm, 10/29 18:00, 明天下午3点)", "截止（如 周五下午6点、10/29 18:00）"), Kind: bot.FieldText, Initial: due, Optional: true},
		},
	})
}

// editForm saves the edit form; errors show beside the fields.
func (h *todoHandler) editForm(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
	n, _, err := parseNumber(req, req.Form.PrivateValue)
	if err != nil {
		return bot.FormResult{}, err
	}
	var u campaignbot.TodoUpdate
	title := strings.TrimSpace(req.Form.Values["title"])
	if title == "" {
		return bot.FormResult{Errors: map[string]string{"title": req.Tf("Say what has to be done.", "请写明要做什么。")}}, nil
	}
	u.Title = &title
	var off *todotext.DayOff
	if d := strings.TrimSpace(req.Form.Values["due"]); d != "" {
		due, _, err := todotext.ParseDue(d, parseOptions(req))
		if err != nil {
			return bot.FormResult{Errors: map[string]string{"due": req.T(campaignbot.ErrorText(err))}}, nil
		}
		u.Due = &due
		off = todotext.OnDayOff(req.Config.Calendar, due)
	} else {
		zero := time.Time{}
		u.Due = &zero
	}
	if err := h.change(ctx, req, n, u, func(t *campaignbot.Todo) string {
		return editedText(req, t, off)
	}); err != nil {
		if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
			return bot.FormResult{}, err
		}
		return bot.FormResult{Errors: map[string]string{"title": req.T(campaignbot.ErrorText(err))}}, nil
	}
	return bot.FormResult{}, nil
}
