package handlers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/kbexport"
)

// export zips a folder the user may see, with only what the user may see.
// Where the chat can hand over files (bot.FileSender: Slack), the zip is
// written to a temporary file in the export directory, streamed from disk
// to the user as a file in their DM, and deleted whatever happens;
// elsewhere (the console) it stays in the export directory and the reply
// says where.
func (h *kbHandler) export(ctx context.Context, req *bot.Request, args string) error {
	if h.exportDir == "" {
		return campaignbot.Errorf(campaignbot.EINVALID,
			"Exports are not available in chat here; run `campaignbot kb export PATH -o file.zip` on the server.",
			"此处无法在聊天中导出；请在服务器上运行 `campaignbot kb export 路径 -o 文件.zip`。")
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	folder, err := v.folder(req, args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(h.exportDir, 0o755); err != nil {
		return fmt.Errorf("export directory: %w", err)
	}
	name := exportName(folder.Path)
	stamp := req.Now.In(req.Config.Timezone).Format("20060102-150405")
	tmp, err := os.CreateTemp(h.exportDir, ".export-*.zip")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	// Removing fails harmlessly once the zip was renamed into place.
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	sum, err := kbexport.Write(ctx, tmp, kbexport.Options{
		KB: h.kb, Blobs: h.blobs, Workspace: req.Workspace, Root: folder.Path, CanSee: v.appearsIn, Now: req.Now,
		Location: req.Config.Timezone, Language: req.Lang,
	})
	if err != nil {
		return err
	}
	_, err = h.deliver(ctx, req, tmp, name, stamp, folder.Path, sum)
	return err
}

// deliver hands the zip written to tmp over: as a file in the user's DM
// where the chat can send files, else renamed into the export directory
// with the path in the reply. name and stamp make its file name. It
// reports whether the zip was handed over: false, with a nil error, when
// the chat did not take it and the user was told so.
func (h *kbHandler) deliver(ctx context.Context, req *bot.Request, tmp *os.File, name, stamp string, root campaignbot.FolderPath, sum kbexport.Summary) (bool, error) {
	if fs, ok := req.Chat.(bot.FileSender); ok {
		return h.sendExport(ctx, req, fs, tmp, fmt.Sprintf("%s-%s.zip", name, stamp), root, sum)
	}
	if err := tmp.Close(); err != nil {
		return false, fmt.Errorf("export: %w", err)
	}
	final := filepath.Join(h.exportDir, fmt.Sprintf("%s-%s-%s.zip", name, stamp, req.User.ID))
	if err := os.Rename(tmp.Name(), final); err != nil {
		return false, fmt.Errorf("export: %w", err)
	}
	abs, _ := filepath.Abs(final)
	return true, req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf(
		"Exported %s (%d folders, %d files, %s) to `%s`, with index.html and index.json.",
		"已导出 %s（%d 个文件夹，%d 个文件，%s）到 `%s`，包含 index.html 和 index.json。",
		root, sum.Folders, sum.Files, campaignbot.FormatSize(sum.Bytes), abs)})
}

// sendExport hands the written zip to the user as a file in their DM. A
// zip too large for the chat is refused with the limit; any other failure
// (Slack refusing the upload, the network) is logged and answered
// politely: the user can only try again later. It reports whether the
// file was sent.
func (h *kbHandler) sendExport(ctx context.Context, req *bot.Request, fs bot.FileSender, zip *os.File, fileName string,
	root campaignbot.FolderPath, sum kbexport.Summary) (bool, error) {
	info, err := zip.Stat()
	if err != nil {
		return false, fmt.Errorf("export: %w", err)
	}
	size := campaignbot.FormatSize(sum.Bytes)
	err = fs.SendFile(ctx, req.User.ID, bot.OutgoingFile{
		Name:  fileName,
		Title: req.Tf("Export of %s", "%s 的导出", root),
		Comment: req.Tf("Your export of %s: %d folders, %d files, %s, with index.html and index.json (only what you may see).",
			"你导出的 %s：%d 个文件夹，%d 个文件，%s，包含 index.html 和 index.json（只含你有权查看的内容）。",
			root, sum.Folders, sum.Files, size),
		Content: zip,
		Size:    info.Size(),
	})
	switch {
	case err == nil:
		return true, req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf(
			"Sent you the export of %s (%d folders, %d files, %s) as a file in our direct messages.",
			"已把 %s 的导出（%d 个文件夹，%d 个文件，%s）作为文件私信发给你。",
			root, sum.Folders, sum.Files, size)})
	case campaignbot.ErrorCode(err) == campaignbot.EINVALID:
		why := campaignbot.ErrorText(err)
		return false, campaignbot.WrapError(campaignbot.EINVALID, campaignbot.Text{
			EN: fmt.Sprintf("I can't send you the export of %s: %s Export a subfolder, or ask an operator to run `campaignbot kb export` on the server.", root, why.EN),
			ZH: fmt.Sprintf("无法把 %s 的导出发给你：%s 请导出其中的子文件夹，或请管理员在服务器上运行 `campaignbot kb export`。", root, why.ZH),
		}, err)
	}
	h.log.Warn("could not send an export to Slack", "user", req.User.ID, "folder", root, "bytes", info.Size(), "err", err)
	return false, req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf(
		"Sorry, I couldn't deliver the export of %s to you just now: Slack did not take the file. Nothing was kept on the server; please try again in a few minutes.",
		"抱歉，暂时无法把 %s 的导出发给你：Slack 没有接收这个文件。服务器上没有保留任何内容，请几分钟后再试。",
		root)})
}

// exportName is the file name stem of an export of the folder at p.
func exportName(p campaignbot.FolderPath) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' {
			return '-'
		}
		return r
	}, string(p))
}
