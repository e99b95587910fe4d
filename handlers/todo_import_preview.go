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
			owner = req.Tf("you (no owner named)", "你（未写负责人）")
		}
		s := req.Tf("%d. %s — *%s* — no due date", "%d. %s —— *%s* —— 无截止时间", i+1, owner, r.todo.Title)
		if !r.todo.Due.IsZero() {
			s = req.Tf("%d. %s — *%s* — due %s", "%d. %s —— *%s* —— 截止 %s", i+1, owner, r.todo.Title, scheduler.FormatDue(r.todo.Due, loc, req.Lang))
		}
		if r.todo.Milestone != "" {
			s += req.Tf(" — milestone %s", " —— 里程碑 %s", r.todo.Milestone)
		}
		if r.todo.Priority == campaignbot.PriorityHigh {
			s += req.Tf(" — high priority", " —— 高优先级")
		}
		out = append(out, s+req.Tf(" (line %d)", "（第 %d 行）", r.line))
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
		out = append(out, req.Tf("⚠️ Line %d “%s”: %s", "⚠️ 第 %d 行“%s”：%s", pr.Line, string(src), why))
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
		return campaignbot.Errorf(campaignbot.EINVALID, "The preview has %d pages.", "预览共 %d 页。", pages)
	}
	cmd := "/" + slash(req, "todo") + " import"
	var b strings.Builder
	unread := req.Tf("%d lines I could not read", "%d 行无法读取", len(p.problems))
	if len(p.problems) == 1 {
		unread = req.Tf("1 line I could not read", "1 行无法读取")
	}
	b.WriteString(req.Tf("📝 From %s: %s to create, %s.", "📝 来自%s：%s待创建，%s。", p.label, countTodos(req, len(p.rows)), unread))
	if pages > 1 {
		b.WriteString(" " + req.Tf("Page %d of %d.", "第 %d/%d 页。", page, pages))
	}
	for _, l := range lines[(page-1)*importPageLines : min(page*importPageLines, len(lines))] {
		b.WriteString("\n" + l)
	}
	b.WriteString("\n")
	var buttons []campaignbot.Button
	if len(p.rows) == 0 {
		b.WriteString(req.Tf("Nothing can be created: fix the lines above (write @name and a date such as “by 10/8” or “10月8日前”) and import again.",
			"没有可创建的待办：请修改上面的行（写上 @姓名 和日期，例如“10月8日前”或“by 10/8”）后重新导入。"))
	} else {
		self := 0
		for _, r := range p.rows {
			if r.self {
				self++
			}
		}
		if len(p.rows) == 1 {
			b.WriteString(req.Tf("Confirming creates this to-do, linked to %s", "确认后将创建这 1 项待办，链接到%s", p.label))
		} else {
			b.WriteString(req.Tf("Confirming creates these %d to-dos, each linked to %s", "确认后将创建这 %d 项待办，均链接到%s", len(p.rows), p.label))
		}
		if self > 0 {
			b.WriteString(req.Tf("; rows that name no owner (%d) will be yours", "；其中 %d 项未写负责人，由你负责", self))
		}
		if len(p.problems) > 0 {
			b.WriteString(req.Tf("; the lines I could not read are left out", "；无法读取的行不会导入"))
		}
		b.WriteString(req.Tf(". Nothing is created until you confirm: `%[1]s confirm` (or `%[1]s confirm 1,3-5` for some rows only), `%[1]s cancel`. To change a row, fix the line in the notes and import again, or use /%[2]s edit after creating.",
			"。确认前不会创建任何内容：`%[1]s confirm`（或 `%[1]s confirm 1,3-5` 只创建部分行），`%[1]s cancel` 取消。如需修改某行，请修改纪要后重新导入，或创建后用 /%[2]s edit 修改。",
			cmd, slash(req, "todo")))
		buttons = append(buttons,
			campaignbot.Button{ActionID: ActionImportConfirm, Value: p.id, Style: campaignbot.ButtonPrimary,
				Label: req.Tf("Create %s", "创建 %s", countTodos(req, len(p.rows))), Command: cmd + " confirm"})
	}
	buttons = append(buttons, campaignbot.Button{ActionID: ActionImportCancel, Value: p.id,
		Label: req.Tf("Cancel", "取消"), Command: cmd + " cancel"})
	if first, last := (page-1)*importPageLines, min(page*importPageLines, len(p.rows)); first < last {
		buttons = append(buttons, campaignbot.Button{ActionID: ActionImportEdit, Value: p.id + ":" + strconv.Itoa(page),
			Label: req.Tf("Edit rows %d–%d", "编辑第 %d–%d 行", first+1, last), Command: cmd + " edit N @name what by date"})
	}
	if page < pages {
		buttons = append(buttons, campaignbot.Button{ActionID: ActionImportPage, Value: p.id + ":" + strconv.Itoa(page+1),
			Label: req.Tf("Next page (%d/%d)", "下一页（%d/%d）", page+1, pages), Command: fmt.Sprintf("%s page %d", cmd, page+1)})
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
	return campaignbot.Errorf(campaignbot.ENOTFOUND,
		"That preview is no longer waiting (it was cancelled, replaced by a newer import, or has expired); nothing was created from it. Import the notes again to see a fresh one.",
		"该预览已失效（已取消、被新的导入取代或已过期），未从中创建任何待办。请重新导入纪要查看新的预览。")
}

// countTodos is "1 to-do" or "N to-dos" ("N 项待办" in Chinese).
func countTodos(req *bot.Request, n int) string {
	if n == 1 {
		return req.Tf("1 to-do", "1 项待办")
	}
	return req.Tf("%d to-dos", "%d 项待办", n)
}

// createdAlready answers a page, a confirmation or a cancel of a preview
// whose to-dos were created: it no longer waits for anything.
func createdAlready(req *bot.Request, p *pendingImport) error {
	return campaignbot.Errorf(campaignbot.ECONFLICT,
		"The to-dos of %s were created already; /%s list shows them.",
		"%s的待办已经创建；/%s list 可查看。", p.label, slash(req, "todo"))
}
