package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/minutes"
)

// IDs of the meeting-note import's shortcut and buttons.
const (
	// ShortcutTodoImport is the "Create to-dos from this message" message
	// shortcut.
	ShortcutTodoImport = "todo_import"
	// ActionImportConfirm creates the previewed to-dos; its Value is the
	// preview's id.
	ActionImportConfirm = "todo.import.confirm"
	// ActionImportCancel drops the preview; its Value is the preview's id.
	ActionImportCancel = "todo.import.cancel"
	// ActionImportPage shows another page of the preview; its Value is
	// "id:page".
	ActionImportPage = "todo.import.page"
	// ActionImportEdit opens the edit form of a page of the preview; its
	// Value is "id:page".
	ActionImportEdit = "todo.import.edit"
	// FormImportEdit is that form: one line of to-do text per row.
	FormImportEdit = "todo.import.edit"
)

// importCommand answers /todo import [confirm [ROWS] | cancel | page N].
func (h *todoHandler) importCommand(ctx context.Context, req *bot.Request, rest string) error {
	if h.importer == nil {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.importing-to-dos-is-not-available"))
	}
	sub, arg, _ := strings.Cut(strings.TrimSpace(rest), " ")
	arg = strings.TrimSpace(arg)
	switch strings.ToLower(sub) {
	case "confirm", "yes", "确认":
		return h.confirmImport(ctx, req, "", arg)
	case "cancel", "no", "取消":
		return h.cancelImport(ctx, req, "")
	case "edit", "编辑":
		return h.editImportRow(ctx, req, arg)
	case "page", "页":
		var n int
		if _, err := fmt.Sscan(arg, &n); err != nil || n < 1 {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.which-page-e-g-import-page", slash(req, "todo")))
		}
		p, getErr := h.imports.get(ctx, req.Workspace, req.User.ID, "", req.Now)
		if getErr != nil {
			return getErr
		}
		if p == nil {
			return noImportWaiting(req)
		}
		return h.showImport(ctx, req, p, n)
	}
	if strings.Contains(sub, "/archives/") {
		return h.importLink(ctx, req, sub)
	}
	return importHowTo(req)
}

// importHowTo says how to turn meeting notes into to-dos: Slack does not
// say which thread a slash command was typed in, so /todo import alone
// cannot find the notes.
func importHowTo(req *bot.Request) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.to-turn-meeting-notes-into-to", slash(req, "todo")))
}

// noImportWaiting says there is nothing to confirm.
func noImportWaiting(req *bot.Request) error {
	return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-import-waiting-for"))
}

// handleImportShortcut answers the "Create to-dos from this message"
// shortcut with a preview of the message's to-dos.
func (h *todoHandler) handleImportShortcut(ctx context.Context, req *bot.Request) error {
	if h.importer == nil {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.importing-to-dos-is-not-available"))
	}
	m := req.Message
	if m == nil || strings.TrimSpace(bot.ParseText(m.Text).Plain) == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-message-has-no-text-to"))
	}
	if m.User.IsBot {
		return notesOfABot(req)
	}
	return h.preview(ctx, req, m.Text, messageSource(req.Channel.ID, m), req.T(campaignbot.T("handlers.the-message")), req.Channel, importOrigin{ts: m.TS, shortcut: true})
}

// notesOfABot refuses a bot's message, such as the bot's own
// announcement of created to-dos: it is not meeting notes, and reading
// it would create every to-do it lists again.
func notesOfABot(req *bot.Request) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-message-was-posted-by-a", slash(req, "todo")))
}

// messageSource is the link imported to-dos of a message are stored
// with: its permalink, or a stable name of it where there is none.
func messageSource(ch campaignbot.ChannelID, m *bot.Message) string {
	if m.Permalink != "" {
		return m.Permalink
	}
	return "message:" + string(ch) + "/" + m.TS
}

// preview reads notes and shows what importing them would create, as
// to-dos of the channel where; nothing is stored until the user confirms.
func (h *todoHandler) preview(ctx context.Context, req *bot.Request, notes, source, label string, where campaignbot.Channel, origin importOrigin) error {
	p, err := h.readNotes(ctx, req, notes)
	if err != nil {
		return err
	}
	if len(p.rows) == 0 && len(p.problems) == 0 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-found-no-to-dos-in", label))
	}
	p.source, p.label, p.channel, p.origin, p.at = source, label, where, origin, req.Now
	if err := h.imports.put(ctx, req.Workspace, req.User.ID, p); err != nil {
		return err
	}
	return h.showImport(ctx, req, p, 1)
}

// readNotes reads notes into the rows of a preview: the bare names they
// use are looked up in the chat's directory, mentioned people and groups
// are checked as for any to-do, and a line with someone who cannot own a
// to-do is listed with the reason rather than created.
func (h *todoHandler) readNotes(ctx context.Context, req *bot.Request, notes string) (*pendingImport, error) {
	people := map[string]campaignbot.UserID{}
	for _, name := range minutes.Names(notes) {
		u, err := req.Chat.UserByName(ctx, name)
		switch {
		case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
		case err != nil:
			return nil, fmt.Errorf("look up @%s: %w", name, err)
		case !u.IsBot:
			people[name] = u.ID
		}
	}
	res := minutes.Read(notes, people, parseOptions(req))
	p := &pendingImport{problems: res.Problems}
	for _, it := range res.Items {
		assignees, err := h.resolveAssignees(ctx, req, it.Draft)
		if err != nil {
			if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
				return nil, err
			}
			p.problems = append(p.problems, minutes.Problem{Line: it.Line, Source: it.Source, Why: campaignbot.ErrorText(err)})
			continue
		}
		row := importRow{key: len(p.rows), line: it.Line, source: it.Source, dateOnly: it.Draft.DateOnly, todo: campaignbot.Todo{
			Title:     it.Draft.Title,
			Assignees: assignees,
			Due:       it.Draft.Due,
			Timezone:  userLocation(req).String(),
			Priority:  it.Draft.Priority,
			Milestone: it.Draft.Milestone,
		}}
		if len(assignees) == 0 {
			row.todo.Assignees, row.self = []campaignbot.UserID{req.User.ID}, true
		}
		p.rows = append(p.rows, row)
	}
	sortProblems(p.problems)
	return p, nil
}
