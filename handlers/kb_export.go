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
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.exports-are-not-available-in-chat"))
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
	return true, req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.exported-folders-files-to-with-index", root, sum.Folders, sum.Files, campaignbot.FormatSize(sum.Bytes), abs))})
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
		Name:    fileName,
		Title:   req.T(campaignbot.T("handlers.export-of", root)),
		Comment: req.T(campaignbot.T("handlers.your-export-of-folders-files-with", root, sum.Folders, sum.Files, size)),
		Content: zip,
		Size:    info.Size(),
	})
	switch {
	case err == nil:
		return true, req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.sent-you-the-export-of-folders", root, sum.Folders, sum.Files, size))})
	case campaignbot.ErrorCode(err) == campaignbot.EINVALID:
		why := campaignbot.ErrorText(err)
		return false, campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("handlers.i-can-t-send-you-the", root, why), err)
	}
	h.log.Warn("could not send an export to Slack", "user", req.User.ID, "folder", root, "bytes", info.Size(), "err", err)
	return false, req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.sorry-i-couldn-t-deliver-the", root))})
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
