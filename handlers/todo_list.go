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
	title, doneTitle := campaignbot.Text{EN: "Your open to-dos", ZH: "你的未完成待办"}, campaignbot.Text{EN: "Your finished to-dos", ZH: "你的已完成待办"}
	done, overdue := false, false
	p := bot.ParseText(args)
	words := strings.Fields(strings.ToLower(p.Plain))
	switch {
	case len(p.Users) > 0:
		f.Assignee = p.Users[0]
		title = campaignbot.Textf("Open to-dos of %s", "%s 的未完成待办", bot.MentionUser(p.Users[0]))
		doneTitle = campaignbot.Textf("Finished to-dos of %s", "%s 的已完成待办", bot.MentionUser(p.Users[0]))
	case len(p.Channels) > 0:
		f.Channel = p.Channels[0]
		title = campaignbot.Textf("Open to-dos from %s", "来自 %s 的未完成待办", bot.MentionChannel(p.Channels[0]))
		doneTitle = campaignbot.Textf("Finished to-dos from %s", "来自 %s 的已完成待办", bot.MentionChannel(p.Channels[0]))
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
				title = campaignbot.Text{EN: "All open to-dos", ZH: "全部未完成待办"}
				doneTitle = campaignbot.Text{EN: "All finished to-dos", ZH: "全部已完成待办"}
			}
		default:
			return campaignbot.Errorf(campaignbot.EINVALID,
				"I can list yours, @someone's, a #channel's, overdue, done or all to-dos, e.g. /%s list @bob overdue; %q is none of those.",
				"可以列出我的、@某人的、#频道的、overdue（逾期）、done（已完成）或 all（全部）待办，例如 /%s list @bob overdue；%q 不在其中。",
				slash(req, "todo"), w)
		}
	}
	if done {
		title = doneTitle
	}
	if overdue {
		title = campaignbot.Join(" ", title, campaignbot.Text{EN: "(overdue)", ZH: "（已逾期）"})
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
		return campaignbot.Errorf(campaignbot.EINVALID, "Search for what? e.g. /%s search banner", "要搜索什么？例如 /%s search 海报", slash(req, "todo"))
	}
	todos, err := h.todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: req.Workspace, Text: words, Limit: listShown + 1,
		Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen, campaignbot.TodoDone, campaignbot.TodoDeleted}})
	if err != nil {
		return fmt.Errorf("search to-dos: %w", err)
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: h.render(req, campaignbot.Textf("To-dos matching %q", "匹配 %q 的待办", words), todos)})
}

// render lists to-dos under a title.
func (h *todoHandler) render(req *bot.Request, title campaignbot.Text, todos []*campaignbot.Todo) string {
	if len(todos) == 0 {
		return req.T(title) + ": " + req.Tf("none.", "无。")
	}
	var b strings.Builder
	more := ""
	if len(todos) > listShown {
		todos = todos[:listShown]
		more = "\n" + req.Tf("…and more; narrow it down with @someone, #channel or overdue.", "……还有更多；可用 @某人、#频道 或 overdue 缩小范围。")
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
		line += " " + req.Tf("(done by %s)", "（%s 完成）", bot.MentionUser(t.DoneBy))
	}
	if t.Status == campaignbot.TodoDeleted {
		line += req.Tf(" (deleted)", "（已删除）")
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
		{Label: req.Tf("Assignees", "负责人"), Value: mentions(t.Assignees)},
		{Label: req.Tf("Due", "截止"), Value: dueText(req, t)},
		{Label: req.Tf("Status", "状态"), Value: string(t.Status)},
		{Label: req.Tf("Priority", "优先级"), Value: string(t.Priority)},
		{Label: req.Tf("Created by", "创建人"), Value: bot.MentionUser(t.Creator) + " " + t.CreatedAt.In(userLocation(req)).Format("2006-01-02 15:04")},
	}
	if t.Channel != "" {
		fields = append(fields, campaignbot.Field{Label: req.Tf("Channel", "频道"), Value: bot.MentionChannel(t.Channel)})
	}
	if t.Milestone != "" {
		fields = append(fields, campaignbot.Field{Label: req.Tf("Milestone", "里程碑"), Value: t.Milestone})
	}
	if !t.SnoozedUntil.IsZero() {
		fields = append(fields, campaignbot.Field{Label: req.Tf("Snoozed until", "稍后提醒至"), Value: t.SnoozedUntil.In(userLocation(req)).Format("2006-01-02 15:04")})
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: fmt.Sprintf("#%d *%s*", t.Number, t.Title), Fields: fields})
}
