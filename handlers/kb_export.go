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

// export writes a zip of a folder the user may see into the export
// directory and says where. Only what the user may see is included.
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
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' {
			return '-'
		}
		return r
	}, string(folder.Path))
	final := filepath.Join(h.exportDir, fmt.Sprintf("%s-%s-%s.zip", name, req.Now.In(req.Config.Timezone).Format("20060102-150405"), req.User.ID))
	tmp, err := os.CreateTemp(h.exportDir, ".export-*.zip")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	sum, err := kbexport.Write(ctx, tmp, kbexport.Options{
		KB: h.kb, Blobs: h.blobs, Workspace: req.Workspace, Root: folder.Path, CanSee: v.appearsIn, Now: req.Now,
	})
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	abs, _ := filepath.Abs(final)
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf(
		"Exported %s (%d folders, %d files, %s) to `%s`, with index.html and index.json.",
		"已导出 %s（%d 个文件夹，%d 个文件，%s）到 `%s`，包含 index.html 和 index.json。",
		folder.Path, sum.Folders, sum.Files, campaignbot.FormatSize(sum.Bytes), abs)})
}
