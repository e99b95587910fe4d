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
var todoSummary = campaignbot.T("handlers.to-dos-with-owners-and-due")

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
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-don-t-know-f15d25", slash(req, "todo"), sub, help))
}

// todoHelp explains /todo.
func todoHelp(req *bot.Request) campaignbot.Text {
	n := slash(req, "todo")
	return campaignbot.T("handlers.to-dos-campaignbot-alice-finish-the", n)
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
		return 0, "", campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.which-to-do-give-its-number", slash(req, "todo"), slash(req, "todo")))
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
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-the-assignees-the-creator-the", mentions(t.Assignees), bot.MentionUser(t.Creator), t.Number))
}

// mayDelete checks that the user may delete t: its creator and admins may.
func mayDelete(req *bot.Request, t *campaignbot.Todo) error {
	if req.User.IsAdmin || req.User.ID == t.Creator {
		return nil
	}
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-the-creator-or-an-admin", bot.MentionUser(t.Creator), t.Number, slash(req, "todo"), t.Number))
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

// dueClause is the clause after a to-do's title in a confirmation: "due
// Thu 10-29 18:00 (in 1 day)", or "no due date" without the word due.
func dueClause(req *bot.Request, t *campaignbot.Todo) string {
	if t.Due.IsZero() {
		return req.T(campaignbot.T("handlers.no-due-date-db9ede"))
	}
	return req.T(campaignbot.T("handlers.due-clause", dueText(req, t)))
}

// dueText renders a due time with its countdown ("overdue by 3 hours"
// when an open to-do's time has passed), or "no due date".
func dueText(req *bot.Request, t *campaignbot.Todo) string {
	if t.Due.IsZero() {
		return req.T(campaignbot.T("handlers.no-due-date-db9ede"))
	}
	countdown := scheduler.Countdown(req.Now, t.Due, req.Lang)
	if t.Status == campaignbot.TodoOpen {
		countdown = scheduler.DueCountdown(req.Now, t.Due, req.Lang)
	}
	return req.T(campaignbot.T("handlers.text-bc4ef2", scheduler.FormatDue(t.Due, userLocation(req), req.Lang), countdown))
}
