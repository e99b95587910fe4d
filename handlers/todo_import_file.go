package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/extract"
)

// maxNotesFile is the largest notes file read, in bytes.
const maxNotesFile = 5 << 20

// importComments are the comments that ask for a shared file's to-dos
// rather than a place in the knowledge base, lower-case: English,
// Simplified and Traditional Chinese (the zh-TW replies say “待辦”) and
// Japanese.
var importComments = []string{"to-dos", "to-do", "todos", "todo", "import to-dos", "待办", "待办事项", "导入待办", "创建待办",
	"待辦", "待辦事項", "匯入待辦", "導入待辦", "建立待辦", "タスク", "タスクを作成", "タスクをインポート"}

// isImportComment reports whether a share's comment asks for its to-dos.
func isImportComment(text string) bool {
	plain := strings.ToLower(strings.TrimSpace(bot.ParseText(text).Plain))
	for _, c := range importComments {
		if plain == c {
			return true
		}
	}
	return false
}

// filesOr routes a file share with the comment "to-dos" (待办) to the
// import, and every other share to next (the knowledge base).
func (h *todoHandler) filesOr(next bot.Handler) bot.Handler {
	return func(ctx context.Context, req *bot.Request) error {
		if h.importer != nil && isImportComment(req.Message.Text) {
			return h.importFile(ctx, req)
		}
		if next == nil {
			return nil
		}
		return next(ctx, req)
	}
}

// importFile previews the to-dos of a shared .md, .txt or .docx file.
func (h *todoHandler) importFile(ctx context.Context, req *bot.Request) error {
	files := req.Message.Files
	if len(files) != 1 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.share-one-notes-file-at-a", len(files)))
	}
	f := files[0]
	kind := extract.KindOf(f.Name, f.MIME)
	if kind != extract.KindPlain && kind != extract.KindDOCX {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-can-read-to-dos-from", f.Name))
	}
	rc, err := req.Chat.Download(ctx, f, maxNotesFile)
	if err != nil {
		if code := campaignbot.ErrorCode(err); code == campaignbot.ENOTFOUND || code == campaignbot.EINVALID || code == campaignbot.EFORBIDDEN {
			return err
		}
		return fmt.Errorf("download %s: %w", f.Name, err)
	}
	defer rc.Close()
	text, status, err := extract.Text(ctx, rc, kind, f.Name)
	switch {
	case status == campaignbot.TextUnreadable:
		// The knowledge base's answer ("only its title is searchable")
		// means nothing here: say what would work instead.
		return unreadableNotes(req, f.Name)
	case err != nil:
		return fmt.Errorf("read %s: %w", f.Name, err)
	case status != campaignbot.TextIndexed || strings.TrimSpace(text) == "":
		return unreadableNotes(req, f.Name)
	}
	return h.preview(ctx, req, text, fileSource(req.Message, f), f.Name, req.Channel, importOrigin{file: &f})
}

// fileSource is the link the to-dos of a shared file are stored with: the
// share's permalink marked with the file's id, so that the same file
// shared again (in the thread after a mis-click, or in another channel)
// is the same source; or the file's own address in the console.
func fileSource(m *bot.Message, f bot.SharedFile) string {
	if m.Permalink != "" {
		return campaignbot.FileSourceLink(m.Permalink, f.ID)
	}
	if strings.HasPrefix(f.ID, "/") {
		return "file://" + f.ID
	}
	return "file:" + f.ID
}

// unreadableNotes answers a notes file with no text to read: a damaged
// Word file, or a text file not saved as UTF-8 (Windows Notepad's
// Chinese default, GBK, or its "Unicode", UTF-16).
func unreadableNotes(req *bot.Request, name string) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-could-not-read-the-text", name))
}
