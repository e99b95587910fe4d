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
		return campaignbot.Errorf(campaignbot.EINVALID, "Importing to-dos is not available here.", "此处不支持导入待办。")
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
			return campaignbot.Errorf(campaignbot.EINVALID, "Which page? E.g. /%s import page 2.", "第几页？例如 /%s import page 2。", slash(req, "todo"))
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
	return campaignbot.Errorf(campaignbot.EINVALID,
		"To turn meeting notes into to-dos: use the message shortcut “Create to-dos from this message” on the notes (⋯ menu); "+
			"reply “@campaignbot import” in the notes' thread (Slack does not tell me in which thread a command was typed); "+
			"type /%[1]s import LINK with the notes' link (Copy link); "+
			"or share a .md, .txt or .docx file with the comment “to-dos” (in the console: /share notes.md to-dos). "+
			"Each line that names an owner (@alice) or a due date (by friday, 周五前) becomes a to-do after you confirm.",
		"把会议纪要变成待办：在纪要消息的 ⋯ 菜单中选择快捷操作“从此消息创建待办”；"+
			"或在纪要的话题中回复“@campaignbot 导入”（Slack 不会告诉我命令是在哪个话题中输入的）；"+
			"或输入 /%[1]s import 链接（消息的“复制链接”）；"+
			"或分享 .md、.txt、.docx 文件并附上说明“待办”（控制台：/share notes.md 待办）。"+
			"每一行写明负责人（@alice）或截止时间（周五前、by friday）的内容，确认后成为待办。", slash(req, "todo"))
}

// noImportWaiting says there is nothing to confirm.
func noImportWaiting(req *bot.Request) error {
	return campaignbot.Errorf(campaignbot.ENOTFOUND,
		"There is no import waiting for your confirmation, so nothing was created. Import the notes again to see a fresh preview.",
		"没有等待你确认的导入，因此未创建任何待办。请重新导入纪要以查看新的预览。")
}

// handleImportShortcut answers the "Create to-dos from this message"
// shortcut with a preview of the message's to-dos.
func (h *todoHandler) handleImportShortcut(ctx context.Context, req *bot.Request) error {
	if h.importer == nil {
		return campaignbot.Errorf(campaignbot.EINVALID, "Importing to-dos is not available here.", "此处不支持导入待办。")
	}
	m := req.Message
	if m == nil || strings.TrimSpace(bot.ParseText(m.Text).Plain) == "" {
		return campaignbot.Errorf(campaignbot.EINVALID,
			"That message has no text to read to-dos from. For a notes file, share it with the comment “to-dos”.",
			"这条消息没有可读取待办的文字。若纪要是文件，请分享文件并附上说明“待办”。")
	}
	if m.User.IsBot {
		return notesOfABot(req)
	}
	return h.preview(ctx, req, m.Text, messageSource(req.Channel.ID, m), req.Tf("the message", "该消息"), req.Channel, importOrigin{ts: m.TS, shortcut: true})
}

// notesOfABot refuses a bot's message, such as the bot's own
// announcement of created to-dos: it is not meeting notes, and reading
// it would create every to-do it lists again.
func notesOfABot(req *bot.Request) error {
	return campaignbot.Errorf(campaignbot.EINVALID,
		"That message was posted by a bot, not written as meeting notes, so I don't read to-dos from it. Use the shortcut on the notes themselves; /%s list shows the to-dos created already.",
		"这条消息由机器人发送，不是会议纪要，因此不从中读取待办。请在纪要消息本身上使用快捷操作；/%s list 可查看已创建的待办。", slash(req, "todo"))
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
		return campaignbot.Errorf(campaignbot.EINVALID,
			"I found no to-dos in %s: no line names an owner or a due date. Write one per line, e.g. “- @alice finish the warm-up page by friday” or “负责人：@bob 10月8日前提交报名表”.",
			"在%s中没有找到待办：没有哪一行写明负责人或截止时间。请每行写一项，例如“- @alice 周五前完成预热页”或“Action: Bob to send the coupon list by 10/8”。",
			label)
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
		row := importRow{key: len(p.rows), line: it.Line, dateOnly: it.Draft.DateOnly, todo: campaignbot.Todo{
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
