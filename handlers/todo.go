package handlers

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/todotext"
)

// TodoPlanner re-plans a to-do's nudges after it changed; the scheduler
// implements it.
type TodoPlanner interface {
	PlanTodo(ctx context.Context, t *campaignbot.Todo, now time.Time) error
}

// todoHandler turns @-mentions into to-dos and answers /todo.
type todoHandler struct {
	todos  campaignbot.TodoService
	nudges TodoPlanner
	help   *helpHandler
	log    *slog.Logger
	// importer stores the to-dos of meeting notes; nil turns imports off.
	importer campaignbot.TodoImporter
	// imports holds the previews waiting for confirmation.
	imports importStore
}

// todoSummary is /todo's line in /help.
var todoSummary = campaignbot.Text{EN: "to-dos with owners and due dates: add, list, done, snooze…", ZH: "有负责人和截止时间的待办：添加、列表、完成、稍后提醒……"}

// handle dispatches /todo subcommands.
func (h *todoHandler) handle(ctx context.Context, req *bot.Request) error {
	sub, rest, _ := strings.Cut(strings.TrimSpace(req.Args), " ")
	rest = strings.TrimSpace(rest)
	switch strings.ToLower(sub) {
	case "add", "new":
		return h.create(ctx, req, rest, false)
	case "", "list", "ls":
		return h.list(ctx, req, rest)
	case "search", "find":
		return h.search(ctx, req, rest)
	case "show":
		return h.show(ctx, req, rest)
	case "done", "finish", "complete":
		return h.setStatus(ctx, req, rest, campaignbot.TodoDone)
	case "reopen":
		return h.setStatus(ctx, req, rest, campaignbot.TodoOpen)
	case "delete", "rm":
		return h.setStatus(ctx, req, rest, campaignbot.TodoDeleted)
	case "edit":
		return h.edit(ctx, req, rest)
	case "assign":
		return h.assign(ctx, req, rest)
	case "snooze":
		return h.snooze(ctx, req, rest)
	case "import", "导入":
		return h.importCommand(ctx, req, rest)
	case "help":
		return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(todoHelp(req))})
	}
	help := todoHelp(req)
	return campaignbot.Errorf(campaignbot.EINVALID, "I don't know /%s %s.\n%s", "不认识 /%s %s。\n%s", slash(req, "todo"), sub, help)
}

// todoHelp explains /todo.
func todoHelp(req *bot.Request) campaignbot.Text {
	n := slash(req, "todo")
	return campaignbot.Textf(
		"To-dos:\n"+
			"• `@campaignbot @alice finish the coupon banner by tomorrow 6pm` or `/%[1]s add @alice finish the coupon banner due 10/9 18:00`\n"+
			"  Dates: tomorrow 5pm, next friday, in 3 days, 10/29 18:00, eod, next business day, within 2 working days, 明天下午3点, 下周五, 3天后, 下个工作日, 3个工作日内, D-3, 大促前3天. Add !high or !low, and #milestone to link a milestone.\n"+
			"• `/%[1]s list` (yours) · `/%[1]s list @bob` · `/%[1]s list #channel` · `/%[1]s list overdue` · `/%[1]s list done` · `/%[1]s search WORDS`\n"+
			"• `/%[1]s done N` · `/%[1]s reopen N` · `/%[1]s edit N due friday` · `/%[1]s edit N title …` · `/%[1]s assign N @carol` · `/%[1]s snooze N 2h|tomorrow|2 business days` · `/%[1]s delete N` · `/%[1]s show N`\n"+
			"• Meeting notes: the message shortcut “Create to-dos from this message”, or share a .md/.txt/.docx file with the comment `to-dos`; then `/%[1]s import confirm` or `/%[1]s import cancel`",
		"待办：\n"+
			"• `@campaignbot @alice 明天下午6点前完成优惠券海报` 或 `/%[1]s add @alice 完成优惠券海报 due 10/9 18:00`\n"+
			"  日期写法：明天下午3点、下周五、3天后、10月29日18点、下个工作日、3个工作日内、D-3、大促前3天、tomorrow 5pm、next friday。可加 !high/紧急 或 !low，用 #里程碑 关联里程碑。\n"+
			"• `/%[1]s list`（我的）· `/%[1]s list @bob` · `/%[1]s list #频道` · `/%[1]s list overdue` · `/%[1]s list done` · `/%[1]s search 关键词`\n"+
			"• `/%[1]s done N` · `/%[1]s reopen N` · `/%[1]s edit N due 周五` · `/%[1]s edit N title …` · `/%[1]s assign N @carol` · `/%[1]s snooze N 2h|明天|2个工作日` · `/%[1]s delete N` · `/%[1]s show N`\n"+
			"• 会议纪要：消息快捷操作“从此消息创建待办”，或分享 .md/.txt/.docx 文件并附上说明 `待办`；然后 `/%[1]s import confirm` 或 `/%[1]s import cancel`",
		n)
}

// parseOptions are the to-do text options of a request.
func parseOptions(req *bot.Request) todotext.Options {
	return todotext.Options{
		Now:       req.Now,
		Location:  userLocation(req),
		EndOfDay:  req.Config.Todos.EndOfDay,
		Morning:   req.Config.Todos.Morning,
		Afternoon: req.Config.Todos.Afternoon,
		Evening:   req.Config.Todos.Evening,
		Campaigns: req.Config.Campaigns,
		Calendar:  req.Config.Calendar,
		BotID:     req.Chat.BotUser().ID,
	}
}

// userLocation is the zone dates typed by the user are read in: theirs
// when the chat knows it, else the configured one.
func userLocation(req *bot.Request) *time.Location {
	if req.User.Timezone != "" {
		if loc, err := time.LoadLocation(req.User.Timezone); err == nil {
			return loc
		}
	}
	return req.Config.Timezone
}

// parseNumber reads a to-do number such as 12 or #12.
func parseNumber(req *bot.Request, s string) (int64, string, error) {
	s = strings.TrimSpace(s)
	first, rest, _ := strings.Cut(s, " ")
	n, err := strconv.ParseInt(strings.TrimPrefix(first, "#"), 10, 64)
	if err != nil || n <= 0 {
		return 0, "", campaignbot.Errorf(campaignbot.EINVALID,
			"Which to-do? Give its number, like /%s done 12 (/%s list shows the numbers).",
			"是哪一项待办？请给出编号，例如 /%s done 12（/%s list 可查看编号）。", slash(req, "todo"), slash(req, "todo"))
	}
	return n, strings.TrimSpace(rest), nil
}

// mayChange checks that the user may change t: its assignees, creator,
// the leads it escalates to, and admins may.
func mayChange(req *bot.Request, t *campaignbot.Todo) error {
	u := req.User.ID
	if req.User.IsAdmin || u == t.Creator || slices.Contains(t.Assignees, u) || slices.Contains(scheduler.LeadsOf(req.Config, t, req.Now), u) {
		return nil
	}
	return campaignbot.Errorf(campaignbot.EFORBIDDEN,
		"Only the assignees (%s), the creator (%s), the leads or an admin can change to-do #%d.",
		"只有负责人（%s）、创建人（%s）、负责人主管或管理员可以修改待办 #%d。",
		mentions(t.Assignees), bot.MentionUser(t.Creator), t.Number)
}

// mayDelete checks that the user may delete t: its creator and admins may.
func mayDelete(req *bot.Request, t *campaignbot.Todo) error {
	if req.User.IsAdmin || req.User.ID == t.Creator {
		return nil
	}
	return campaignbot.Errorf(campaignbot.EFORBIDDEN,
		"Only the creator (%s) or an admin can delete to-do #%d; you can mark it done with /%s done %d.",
		"只有创建人（%s）或管理员可以删除待办 #%d；你可以用 /%s done %d 将其标记为完成。",
		bot.MentionUser(t.Creator), t.Number, slash(req, "todo"), t.Number)
}

// mentions renders user mentions separated by spaces.
func mentions(ids []campaignbot.UserID) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = bot.MentionUser(id)
	}
	return strings.Join(out, " ")
}

// replan re-plans a to-do's nudges; a failure is logged, not shown: the
// change itself was saved and the hourly planning will catch up.
func (h *todoHandler) replan(ctx context.Context, req *bot.Request, t *campaignbot.Todo) {
	if h.nudges == nil {
		return
	}
	if err := h.nudges.PlanTodo(ctx, t, req.Now); err != nil {
		h.log.Error("planning to-do nudges", "todo", t.Number, "workspace", t.Workspace, "err", err)
	}
}

// dueText renders a due time with its countdown ("overdue by 3 hours"
// when an open to-do's time has passed), or "no due date".
func dueText(req *bot.Request, t *campaignbot.Todo) string {
	if t.Due.IsZero() {
		return req.Tf("no due date", "无截止时间")
	}
	countdown := scheduler.Countdown(req.Now, t.Due, req.Lang)
	if t.Status == campaignbot.TodoOpen {
		countdown = scheduler.DueCountdown(req.Now, t.Due, req.Lang)
	}
	return req.Tf("%s (%s)", "%s（%s）", scheduler.FormatDue(t.Due, userLocation(req), req.Lang), countdown)
}
