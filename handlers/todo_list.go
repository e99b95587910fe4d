package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// listShown caps the to-dos one reply shows.
const listShown = 50

// list answers /todo list [@user|#channel|overdue|done|all].
func (h *todoHandler) list(ctx context.Context, req *bot.Request, args string) error {
	f := campaignbot.TodoFilter{Workspace: req.Workspace, Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen}}
	// The title of the open to-dos listed and of the finished ones.
	title, doneTitle := campaignbot.T("handlers.your-open-to-dos-f93060"), campaignbot.T("handlers.your-finished-to-dos")
	done, overdue := false, false
	p := bot.ParseText(args)
	words := strings.Fields(strings.ToLower(p.Plain))
	switch {
	case len(p.Users) > 0:
		f.Assignee = p.Users[0]
		title = campaignbot.T("handlers.open-to-dos-of", bot.MentionUser(p.Users[0]))
		doneTitle = campaignbot.T("handlers.finished-to-dos-of", bot.MentionUser(p.Users[0]))
	case len(p.Channels) > 0:
		f.Channel = p.Channels[0]
		title = campaignbot.T("handlers.open-to-dos-from", bot.MentionChannel(p.Channels[0]))
		doneTitle = campaignbot.T("handlers.finished-to-dos-from", bot.MentionChannel(p.Channels[0]))
	default:
		f.Assignee = req.User.ID
	}
	for _, w := range words {
		switch w {
		case "overdue", "逾期":
			f.DueBefore = req.Now
			overdue = true
		case "done", "finished", "已完成":
			f.Statuses = []campaignbot.TodoStatus{campaignbot.TodoDone}
			done = true
		case "all", "全部":
			if len(p.Users) == 0 {
				f.Assignee = ""
				title = campaignbot.T("handlers.all-open-to-dos")
				doneTitle = campaignbot.T("handlers.all-finished-to-dos")
			}
		default:
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-can-list-yours-someone-s", slash(req, "todo"), w))
		}
	}
	if done {
		title = doneTitle
	}
	if overdue {
		title = campaignbot.Join(" ", title, campaignbot.T("handlers.overdue"))
	}
	f.Limit = listShown + 1
	todos, err := h.todos.FindTodos(ctx, f)
	if err != nil {
		return fmt.Errorf("list to-dos: %w", err)
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: h.render(req, title, todos)})
}

// search answers /todo search WORDS over every to-do of the workspace,
// finished and deleted ones too: the history /todo delete promises. Anyone
// in the workspace may search, as anyone may list anyone's to-dos.
func (h *todoHandler) search(ctx context.Context, req *bot.Request, args string) error {
	words := strings.TrimSpace(bot.ParseText(args).Plain)
	if words == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.search-for-what-e-g-search", slash(req, "todo")))
	}
	todos, err := h.todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: req.Workspace, Text: words, Limit: listShown + 1,
		Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen, campaignbot.TodoDone, campaignbot.TodoDeleted}})
	if err != nil {
		return fmt.Errorf("search to-dos: %w", err)
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: h.render(req, campaignbot.T("handlers.to-dos-matching", words), todos)})
}

// render lists to-dos under a title.
func (h *todoHandler) render(req *bot.Request, title campaignbot.Text, todos []*campaignbot.Todo) string {
	if len(todos) == 0 {
		return req.T(title) + ": " + req.T(campaignbot.T("handlers.none-3aeebb"))
	}
	var b strings.Builder
	more := ""
	if len(todos) > listShown {
		todos = todos[:listShown]
		more = "\n" + req.T(campaignbot.T("handlers.and-more-narrow-it-down-with"))
	}
	fmt.Fprintf(&b, "%s (%d%s):", req.T(title), len(todos), map[bool]string{true: "+", false: ""}[more != ""])
	for _, t := range todos {
		b.WriteString("\n" + todoLine(req, t))
	}
	b.WriteString(more)
	return b.String()
}

// todoLine renders one to-do on one line.
func todoLine(req *bot.Request, t *campaignbot.Todo) string {
	mark := "•"
	switch {
	case t.Status == campaignbot.TodoDone:
		mark = "✓"
	case t.Status == campaignbot.TodoDeleted:
		mark = "🗑"
	case !t.Due.IsZero() && t.Due.Before(req.Now):
		mark = "⚠"
	}
	line := fmt.Sprintf("%s #%d %s — %s — %s", mark, t.Number, t.Title, mentions(t.Assignees), dueText(req, t))
	if t.Priority == campaignbot.PriorityHigh {
		line += " ‼"
	}
	if t.Status == campaignbot.TodoDone && !t.DoneAt.IsZero() {
		line += " " + req.T(campaignbot.T("handlers.done-by", bot.MentionUser(t.DoneBy)))
	}
	if t.Status == campaignbot.TodoDeleted {
		line += req.T(campaignbot.T("handlers.deleted"))
	}
	return line
}

// show answers /todo show N with every detail.
func (h *todoHandler) show(ctx context.Context, req *bot.Request, args string) error {
	n, _, err := parseNumber(req, args)
	if err != nil {
		return err
	}
	t, err := h.todos.FindTodo(ctx, req.Workspace, n)
	if err != nil {
		return err
	}
	fields := []campaignbot.Field{
		{Label: req.T(campaignbot.T("handlers.assignees")), Value: mentions(t.Assignees)},
		{Label: req.T(campaignbot.T("handlers.due-9545f3")), Value: dueText(req, t)},
		{Label: req.T(campaignbot.T("handlers.status")), Value: req.T(statusText(t.Status))},
		{Label: req.T(campaignbot.T("handlers.priority")), Value: req.T(priorityText(t.Priority))},
		{Label: req.T(campaignbot.T("handlers.created-by")), Value: bot.MentionUser(t.Creator) + " " + t.CreatedAt.In(userLocation(req)).Format("2006-01-02 15:04")},
	}
	if t.Channel != "" {
		fields = append(fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.channel")), Value: bot.MentionChannel(t.Channel)})
	}
	if t.Milestone != "" {
		fields = append(fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.milestone-b277be")), Value: t.Milestone})
	}
	if !t.SnoozedUntil.IsZero() {
		fields = append(fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.snoozed-until")), Value: t.SnoozedUntil.In(userLocation(req)).Format("2006-01-02 15:04")})
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: fmt.Sprintf("#%d *%s*", t.Number, t.Title), Fields: fields})
}
