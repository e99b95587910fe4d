package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// maxListedImports is how many created to-dos the confirmation lists one
// by one.
const maxListedImports = 20

// confirmAction and cancelAction answer the preview's buttons.
func (h *todoHandler) confirmAction(ctx context.Context, req *bot.Request) error {
	return h.confirmImport(ctx, req, req.Action.Value, "")
}

func (h *todoHandler) cancelAction(ctx context.Context, req *bot.Request) error {
	return h.cancelImport(ctx, req, req.Action.Value)
}

// confirmImport creates the previewed to-dos (the rows picked by sel, all
// when it is empty) in one transaction, linked to their source. A second
// confirmation, or an import of notes imported before, creates nothing and
// says so.
func (h *todoHandler) confirmImport(ctx context.Context, req *bot.Request, id, sel string) error {
	p, getErr := h.imports.get(ctx, req.Workspace, req.User.ID, id, req.Now)
	if getErr != nil {
		return getErr
	}
	switch {
	case p == nil && id != "":
		return staleImport(req)
	case p == nil:
		return noImportWaiting(req)
	case len(p.rows) == 0:
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.the-preview-has-no-to-dos"))
	}
	picked, err := pickRows(req, len(p.rows), sel)
	if err != nil {
		return err
	}
	// The notes may have been deleted, or the user removed from their
	// private channel, since the preview: check again, and answer as for
	// a missing message.
	if err := h.stillReadable(ctx, req, p); err != nil {
		return err
	}
	ts := make([]*campaignbot.Todo, len(picked))
	for i, n := range picked {
		t := p.rows[n].todo
		t.Assignees = append([]campaignbot.UserID(nil), t.Assignees...)
		t.Creator, t.Channel, t.SourceLine, t.SourceText = req.User.ID, p.channel.ID, p.rows[n].line, p.rows[n].source
		ts[i] = &t
	}
	if err := h.importer.ImportTodosFrom(ctx, req.Workspace, p.source, ts); err != nil {
		if campaignbot.ErrorCode(err) == campaignbot.ECONFLICT {
			if err := h.imports.markDone(ctx, req.Workspace, req.User.ID, p); err != nil {
				return err
			}
			return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("handlers.the-to-dos-of-were-created-0de496", p.label, slash(req, "todo")))
		}
		return fmt.Errorf("import %d to-dos from %s: %w", len(ts), p.source, err)
	}
	if err := h.imports.markDone(ctx, req.Workspace, req.User.ID, p); err != nil {
		return err
	}
	// To-dos imported from the same notes before are left out: only the
	// rest, such as a line fixed since, were created.
	created := ts[:0:0]
	for _, t := range ts {
		if t.ID != 0 {
			created = append(created, t)
		}
	}
	before := len(ts) - len(created)
	ts = created
	for _, t := range ts {
		h.replan(ctx, req, t)
	}
	var b strings.Builder
	b.WriteString(req.T(campaignbot.T("handlers.created-from", bot.MentionUser(req.User.ID), p.label, countTodos(req, len(ts)))))
	if before > 0 {
		b.WriteString(" " + req.T(campaignbot.T("handlers.more-were-created-from-it-before", before)))
	}
	for i, t := range ts {
		if i == maxListedImports {
			b.WriteString("\n" + req.T(campaignbot.T("handlers.and-more-list-shows-them-all", len(ts)-i, slash(req, "todo"))))
			break
		}
		b.WriteString("\n" + req.T(campaignbot.T("handlers.due-a95d2f", t.Number, mentions(t.Assignees), t.Title, dueClause(req, t))))
	}
	// The to-dos are announced where the notes are; confirmed anywhere
	// else (a link to a private channel's notes typed in a public one),
	// only the importer is told, since the people there may not be
	// allowed to read the notes.
	if req.Channel.ID != p.channel.ID {
		return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
	}
	return req.Reply(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}

// cancelImport drops the preview; nothing is created.
func (h *todoHandler) cancelImport(ctx context.Context, req *bot.Request, id string) error {
	p, getErr := h.imports.get(ctx, req.Workspace, req.User.ID, id, req.Now)
	if getErr != nil {
		return getErr
	}
	switch {
	case p == nil && id != "":
		return staleImport(req)
	case p == nil:
		return noImportWaiting(req)
	case h.imports.isDone(p):
		return campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("handlers.the-to-dos-of-were-created-edd7cc", p.label, slash(req, "todo")))
	}
	if _, err := h.imports.drop(ctx, req.Workspace, req.User.ID, p.id); err != nil {
		return err
	}
	return req.ReplyPrivateText(ctx, campaignbot.T("handlers.import-cancelled-nothing-was-created"))
}

// rangeDash is a range's dash with the spaces around it.
var rangeDash = regexp.MustCompile(`\s*[-–—~～‐‑−]\s*`)

// pickRows reads "1,3-5" into row indexes (from 0), every row for "".
func pickRows(req *bot.Request, n int, sel string) ([]int, error) {
	if strings.TrimSpace(sel) == "" {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	bad := campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-can-t-read-the-rows", sel, n, slash(req, "todo")))
	// Dashes as keyboards and Slack type them ("1–4" on the preview's own
	// edit button), "~" and spaces around them all mean a range.
	sel = rangeDash.ReplaceAllString(sel, "-")
	seen := make([]bool, n)
	var out []int
	for _, part := range strings.FieldsFunc(sel, func(r rune) bool { return r == ',' || r == ' ' || r == '，' || r == '、' }) {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || a < 1 || b > n || a > b {
			return nil, bad
		}
		for i := a; i <= b; i++ {
			if !seen[i-1] {
				seen[i-1] = true
				out = append(out, i-1)
			}
		}
	}
	if len(out) == 0 {
		return nil, bad
	}
	return out, nil
}
