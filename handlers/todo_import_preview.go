package handlers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/minutes"
	"github.com/campaignbot/campaignbot/scheduler"
)

// importPageLines is how many rows and unreadable lines one page of a
// preview shows, so that a 500-line message stays within a chat
// message's limits (Slack: 50 blocks of 3,000 characters).
const importPageLines = 20

// maxQuoted is how much of an unreadable line a preview quotes.
const maxQuoted = 120

// sortProblems orders unreadable lines as they appear in the notes.
func sortProblems(ps []minutes.Problem) {
	slices.SortStableFunc(ps, func(a, b minutes.Problem) int { return a.Line - b.Line })
}

// importLines are the lines of a preview: a numbered row per to-do, then
// the lines that could not be read, with why.
func importLines(req *bot.Request, p *pendingImport) []string {
	loc := userLocation(req)
	var out []string
	for i, r := range p.rows {
		owner := mentions(r.todo.Assignees)
		if r.self {
			owner = req.T(campaignbot.T("handlers.you-no-owner-named"))
		}
		s := req.T(campaignbot.T("handlers.no-due-date-8db0be", i+1, owner, r.todo.Title))
		if !r.todo.Due.IsZero() {
			s = req.T(campaignbot.T("handlers.due-05d197", i+1, owner, r.todo.Title, scheduler.FormatDue(r.todo.Due, loc, req.Lang)))
		}
		if r.todo.Milestone != "" {
			s += req.T(campaignbot.T("handlers.milestone-b7ead1", r.todo.Milestone))
		}
		if r.todo.Priority == campaignbot.PriorityHigh {
			s += req.T(campaignbot.T("handlers.high-priority"))
		}
		out = append(out, s+req.T(campaignbot.T("handlers.line-e068b8", r.line)))
	}
	for _, pr := range p.problems {
		why := req.T(pr.Why)
		if pr.Line == 0 {
			out = append(out, "⚠️ "+why)
			continue
		}
		src := []rune(pr.Source)
		if len(src) > maxQuoted {
			src = append(src[:maxQuoted], '…')
		}
		out = append(out, req.T(campaignbot.T("handlers.line-7ba5e7", pr.Line, string(src), why)))
	}
	return out
}

// showImport shows one page of a preview privately, saying what
// confirming will do, with buttons to confirm, cancel and turn the page
// (and the commands they stand for).
func (h *todoHandler) showImport(ctx context.Context, req *bot.Request, p *pendingImport, page int) error {
	if h.imports.isDone(p) {
		return createdAlready(req, p)
	}
	lines := importLines(req, p)
	pages := (len(lines) + importPageLines - 1) / importPageLines
	if page > pages {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.Tn("handlers.the-preview-has-pages", pages, pages))
	}
	cmd := "/" + slash(req, "todo") + " import"
	var b strings.Builder
	unread := req.T(campaignbot.Tn("handlers.lines-i-could-not-read", len(p.problems), len(p.problems)))
	if len(p.problems) == 1 {
		unread = req.T(campaignbot.T("handlers.1-line-i-could-not-read"))
	}
	b.WriteString(req.T(campaignbot.T("handlers.from-to-create", p.label, countTodos(req, len(p.rows)), unread)))
	if pages > 1 {
		b.WriteString(" " + req.T(campaignbot.T("handlers.page-of", page, pages)))
	}
	for _, l := range lines[(page-1)*importPageLines : min(page*importPageLines, len(lines))] {
		b.WriteString("\n" + l)
	}
	b.WriteString("\n")
	var buttons []campaignbot.Button
	if len(p.rows) == 0 {
		b.WriteString(req.T(campaignbot.T("handlers.nothing-can-be-created-fix-the")))
	} else {
		self := 0
		for _, r := range p.rows {
			if r.self {
				self++
			}
		}
		if len(p.rows) == 1 {
			b.WriteString(req.T(campaignbot.T("handlers.confirming-creates-this-to-do-linked", p.label)))
		} else {
			b.WriteString(req.T(campaignbot.T("handlers.confirming-creates-these-to-dos-each", len(p.rows), p.label)))
		}
		if self > 0 {
			b.WriteString(req.T(campaignbot.T("handlers.rows-that-name-no-owner-will", self)))
		}
		if len(p.problems) > 0 {
			b.WriteString(req.T(campaignbot.T("handlers.the-lines-i-could-not-read")))
		}
		b.WriteString(req.T(campaignbot.T("handlers.nothing-is-created-until-you-confirm", cmd, slash(req, "todo"))))
		buttons = append(buttons,
			campaignbot.Button{ActionID: ActionImportConfirm, Value: p.id, Style: campaignbot.ButtonPrimary,
				Label: req.T(campaignbot.T("handlers.create", countTodos(req, len(p.rows)))), Command: cmd + " confirm"})
	}
	buttons = append(buttons, campaignbot.Button{ActionID: ActionImportCancel, Value: p.id,
		Label: req.T(campaignbot.T("handlers.cancel")), Command: cmd + " cancel"})
	if first, last := (page-1)*importPageLines, min(page*importPageLines, len(p.rows)); first < last {
		buttons = append(buttons, campaignbot.Button{ActionID: ActionImportEdit, Value: p.id + ":" + strconv.Itoa(page),
			Label: req.T(campaignbot.T("handlers.edit-rows", first+1, last)), Command: cmd + " edit N @name what by date"})
	}
	if page < pages {
		buttons = append(buttons, campaignbot.Button{ActionID: ActionImportPage, Value: p.id + ":" + strconv.Itoa(page+1),
			Label: req.T(campaignbot.T("handlers.next-page", page+1, pages)), Command: fmt.Sprintf("%s page %d", cmd, page+1)})
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String(), Buttons: buttons})
}

// pageAction answers the next-page button.
func (h *todoHandler) pageAction(ctx context.Context, req *bot.Request) error {
	id, n, _ := strings.Cut(req.Action.Value, ":")
	page, err := strconv.Atoi(n)
	p, getErr := h.imports.get(ctx, req.Workspace, req.User.ID, id, req.Now)
	if getErr != nil {
		return getErr
	}
	if p == nil || err != nil {
		return staleImport(req)
	}
	return h.showImport(ctx, req, p, page)
}

// staleImport answers a button of a preview that was replaced, confirmed
// or cancelled, or has expired.
func staleImport(req *bot.Request) error {
	return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.that-preview-is-no-longer-waiting"))
}

// countTodos is "1 to-do" or "N to-dos" ("N 项待办" in Chinese).
func countTodos(req *bot.Request, n int) string {
	if n == 1 {
		return req.T(campaignbot.T("handlers.1-to-do"))
	}
	return req.T(campaignbot.T("handlers.to-dos", n))
}

// createdAlready answers a page, a confirmation or a cancel of a preview
// whose to-dos were created: it no longer waits for anything.
func createdAlready(req *bot.Request, p *pendingImport) error {
	return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("handlers.the-to-dos-of-were-created-320519", p.label, slash(req, "todo")))
}
