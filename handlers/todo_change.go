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
		return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.to-do-was-deleted", n))
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
			return req.T(campaignbot.T("handlers.finished", bot.MentionUser(req.User.ID), t.Number, t.Title))
		case campaignbot.TodoDeleted:
			return req.T(campaignbot.T("handlers.deleted-it-stays-in-the-history", bot.MentionUser(req.User.ID), t.Number, t.Title, slash(req, "todo")))
		}
		return req.T(campaignbot.T("handlers.reopened-due", bot.MentionUser(req.User.ID), t.Number, t.Title, dueClause(req, t)))
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
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.when-is-it-due-e-g", slash(req, "todo"), n))
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
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.priority-is-high-normal-or-low"))
		}
		u.Priority = &p
	default:
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.edit-what-edit-due-friday-edit", slash(req, "todo"), n))
	}
	return h.change(ctx, req, n, u, func(t *campaignbot.Todo) string {
		return editedText(req, t, off)
	})
}

// editedText confirms an edited to-do, with the note of a due date on a
// day off.
func editedText(req *bot.Request, t *campaignbot.Todo, off *todotext.DayOff) string {
	text := req.T(campaignbot.T("handlers.for-due", t.Number, t.Title, mentions(t.Assignees), dueClause(req, t)))
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
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-don-t-know-no-one", strings.Join(names, " "), n, slash(req, "todo"), n))
		}
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.assign-to-whom-e-g-assign", slash(req, "todo"), n))
	}
	return h.change(ctx, req, n, campaignbot.TodoUpdate{Assignees: assignees}, func(t *campaignbot.Todo) string {
		return req.T(campaignbot.T("handlers.is-now-s-due", t.Number, t.Title, mentions(t.Assignees), dueClause(req, t)))
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
		at := scheduler.FormatDue(until, userLocation(req), req.Lang)
		if t.Due.IsZero() {
			return req.T(campaignbot.T("handlers.i-ll-remind-about-at-no-due", mentions(t.Assignees), t.Number, t.Title, at))
		}
		return req.T(campaignbot.T("handlers.i-ll-remind-about-at-it", mentions(t.Assignees), t.Number, t.Title, at, dueText(req, t)))
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
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-button-no-longer-does-anything"))
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
		Title:        req.T(campaignbot.T("handlers.edit-to-do", t.Number)),
		Submit:       req.T(campaignbot.T("handlers.save")),
		PrivateValue: fmt.Sprint(t.Number),
		Fields: []bot.FormField{
			{ID: "title", Label: req.T(campaignbot.T("handlers.what")), Kind: bot.FieldText, Initial: t.Title},
			{ID: "due", Label: req.T(campaignbot.T("handlers.due-e-g-friday-6pm-10")), Kind: bot.FieldText, Initial: due, Optional: true},
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
		return bot.FormResult{Errors: map[string]string{"title": req.T(campaignbot.T("handlers.say-what-has-to-be-done"))}}, nil
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
