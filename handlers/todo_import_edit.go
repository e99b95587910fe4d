package handlers

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/todotext"
)

// editTarget is the PrivateValue of the edit form: the preview and the
// keys of the rows it shows.
type editTarget struct {
	ID   string `json:"id"`
	Keys []int  `json:"keys"`
}

// rowText writes a row as one line of to-do text that reads back as it
// is: the owners as @names (none when the importer owns it by default),
// the title, the due date in full, the priority and the milestone.
func rowText(ctx context.Context, req *bot.Request, r importRow) string {
	d := todotext.Draft{Priority: r.todo.Priority, Milestone: r.todo.Milestone}
	var b strings.Builder
	if !r.self {
		for _, id := range r.todo.Assignees {
			name := string(id)
			if u, err := req.Chat.User(ctx, id); err == nil && u.Name != "" {
				name = u.Name
			}
			b.WriteString("@" + name + " ")
		}
	}
	if r.todo.Due.IsZero() {
		b.WriteString(r.todo.Title)
		switch d.Priority {
		case campaignbot.PriorityHigh:
			b.WriteString(" !high")
		case campaignbot.PriorityLow:
			b.WriteString(" !low")
		}
		if d.Milestone != "" {
			b.WriteString(" #" + d.Milestone)
		}
		return b.String()
	}
	return b.String() + todotext.ChoiceText(d, todotext.DueChoice{Due: r.todo.Due, DateOnly: r.dateOnly, Title: r.todo.Title}, userLocation(req))
}

// editAction opens the edit form of one page of the preview: a line of
// to-do text per row, to change or (emptied) leave out. Where there are
// no forms (the console) it lists the typed commands instead.
func (h *todoHandler) editAction(ctx context.Context, req *bot.Request) error {
	id, n, _ := strings.Cut(req.Action.Value, ":")
	page, err := strconv.Atoi(n)
	p, getErr := h.imports.get(ctx, req.Workspace, req.User.ID, id, req.Now)
	if getErr != nil {
		return getErr
	}
	if p == nil || err != nil || h.imports.isDone(p) {
		return staleImport(req)
	}
	first, last := (page-1)*importPageLines, min(page*importPageLines, len(p.rows))
	if first < 0 || first >= last {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-page-has-no-rows-to"))
	}
	target := editTarget{ID: p.id}
	form := bot.Form{ID: FormImportEdit, Lang: req.Lang, Title: req.T(campaignbot.T("handlers.edit-to-dos", first+1, last)), Submit: req.T(campaignbot.T("handlers.save"))}
	var typed []string
	for i := first; i < last; i++ {
		r := p.rows[i]
		text := rowText(ctx, req, r)
		target.Keys = append(target.Keys, r.key)
		form.Fields = append(form.Fields, bot.FormField{ID: "row-" + strconv.Itoa(r.key), Kind: bot.FieldText, Optional: true, Initial: text,
			Label: req.T(campaignbot.T("handlers.line-empty-it-to-leave-the", i+1, r.line))})
		typed = append(typed, "/"+slash(req, "todo")+" import edit "+strconv.Itoa(i+1)+" "+text)
	}
	pv, err := json.Marshal(target)
	if err != nil {
		return err
	}
	form.PrivateValue = string(pv)
	if err := req.Chat.OpenForm(ctx, req.TriggerID, form); err != nil {
		if campaignbot.ErrorCode(err) != campaignbot.EINVALID {
			return err
		}
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.to-change-a-row-type-it", slash(req, "todo"), strings.Join(typed, "\n")))
	}
	return nil
}

// readRow reads one edited line into a row of the preview, or says what
// is wrong with it.
func (h *todoHandler) readRow(ctx context.Context, req *bot.Request, text string, old importRow) (importRow, campaignbot.Text, error) {
	// An edited row is a to-do of its own, like a bullet: a date alone
	// is enough, as it was in the notes.
	q, err := h.readNotes(ctx, req, "- "+strings.TrimSpace(strings.ReplaceAll(text, "\n", " ")))
	switch {
	case err != nil:
		return importRow{}, campaignbot.Text{}, err
	case len(q.problems) > 0:
		return importRow{}, q.problems[0].Why, nil
	case len(q.rows) != 1:
		return importRow{}, campaignbot.T("handlers.write-the-to-do-with-its"), nil
	}
	r := q.rows[0]
	r.key, r.line = old.key, old.line
	return r, campaignbot.Text{}, nil
}

// editImportForm applies the edit form: each non-empty line replaces its
// row, an emptied one leaves the row out; a line that cannot be read is
// shown beside its field and nothing changes. Rows are named by key, so
// that a retried submission changes the same rows again. The changed
// preview is shown again.
func (h *todoHandler) editImportForm(ctx context.Context, req *bot.Request) (bot.FormResult, error) {
	var target editTarget
	stale := bot.FormResult{Errors: map[string]string{"": req.T(campaignbot.ErrorText(staleImport(req)))}}
	if err := json.Unmarshal([]byte(req.Form.PrivateValue), &target); err != nil {
		return stale, nil
	}
	p, getErr := h.imports.get(ctx, req.Workspace, req.User.ID, target.ID, req.Now)
	if getErr != nil {
		return bot.FormResult{}, getErr
	}
	if p == nil || h.imports.isDone(p) {
		return stale, nil
	}
	edits := map[int]*importRow{}
	errs := map[string]string{}
	for _, key := range target.Keys {
		field := "row-" + strconv.Itoa(key)
		i := slices.IndexFunc(p.rows, func(r importRow) bool { return r.key == key })
		if i < 0 {
			continue // left out by an earlier submission
		}
		text := strings.TrimSpace(req.Form.Values[field])
		if text == "" {
			edits[key] = nil
			continue
		}
		r, why, err := h.readRow(ctx, req, text, p.rows[i])
		if err != nil {
			return bot.FormResult{}, err
		}
		if !why.IsZero() {
			errs[field] = req.T(why)
			continue
		}
		edits[key] = &r
	}
	if len(errs) > 0 {
		return bot.FormResult{Errors: errs}, nil
	}
	next := *p
	next.rows = nil
	for _, r := range p.rows {
		e, edited := edits[r.key]
		switch {
		case !edited:
			next.rows = append(next.rows, r)
		case e != nil:
			next.rows = append(next.rows, *e)
		}
	}
	replaced, err := h.imports.replace(ctx, req.Workspace, req.User.ID, p, &next)
	if err != nil {
		return bot.FormResult{}, err
	}
	if !replaced {
		return stale, nil
	}
	return bot.FormResult{}, h.showImport(ctx, req, &next, 1)
}

// editImportRow answers /todo import edit N TEXT: row N becomes TEXT.
func (h *todoHandler) editImportRow(ctx context.Context, req *bot.Request, arg string) error {
	p, getErr := h.imports.get(ctx, req.Workspace, req.User.ID, "", req.Now)
	if getErr != nil {
		return getErr
	}
	if p == nil || h.imports.isDone(p) {
		return noImportWaiting(req)
	}
	n, text, _ := strings.Cut(arg, " ")
	i, err := strconv.Atoi(n)
	text = strings.TrimSpace(text)
	if err != nil || i < 1 || i > len(p.rows) || text == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.give-the-row-s-number-1", len(p.rows), slash(req, "todo")))
	}
	r, why, err := h.readRow(ctx, req, text, p.rows[i-1])
	if err != nil {
		return err
	}
	if !why.IsZero() {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.row-was-not-changed", why, n))
	}
	next := *p
	next.rows = slices.Clone(p.rows)
	next.rows[i-1] = r
	replaced, err := h.imports.replace(ctx, req.Workspace, req.User.ID, p, &next)
	if err != nil {
		return err
	}
	if !replaced {
		return staleImport(req)
	}
	return h.showImport(ctx, req, &next, (i-1)/importPageLines+1)
}
