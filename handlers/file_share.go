package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// fileShareHandler stores files shared in channels in the knowledge base.
type fileShareHandler struct {
	kb    campaignbot.KnowledgeBase
	blobs campaignbot.BlobStore
	log   *slog.Logger
}

// handle stores every file of the message and answers with one line each.
// A file that fails does not stop the others.
func (h *fileShareHandler) handle(ctx context.Context, req *bot.Request) error {
	var lines []string
	for _, f := range req.Message.Files {
		line, err := h.save(ctx, req, f)
		switch {
		case campaignbot.ErrorCode(err) == campaignbot.ECONFLICT:
			line = req.T(campaignbot.ErrorText(err))
		case err != nil:
			if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
				h.log.Error("saving a shared file failed", "file", f.Name, "channel", req.Channel.ID, "err", err)
			}
			line = req.Tf("Could not save %s: %s", "未能保存 %s：%s", f.Name, req.T(campaignbot.ErrorText(err)))
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return nil
	}
	return req.Reply(ctx, campaignbot.OutgoingMessage{Text: strings.Join(lines, "\n"), ThreadID: req.Message.TS})
}

// save stores one file and returns the line that reports it.
func (h *fileShareHandler) save(ctx context.Context, req *bot.Request, f bot.SharedFile) (string, error) {
	limit := req.Config.Storage.MaxFileSize
	name, err := campaignbot.CleanFileName(f.Name)
	if err != nil {
		return "", err
	}
	if limit > 0 && f.Size > limit {
		return "", campaignbot.Errorf(campaignbot.EINVALID,
			"it is %s, larger than the %s limit (storage.max_file_size).", "文件大小 %s，超过 %s 的上限（storage.max_file_size）。",
			campaignbot.FormatSize(f.Size), campaignbot.FormatSize(limit))
	}
	rc, err := req.Chat.Download(ctx, f, limit)
	if err != nil {
		return "", fmt.Errorf("download %s: %w", f.Name, err)
	}
	defer rc.Close()
	blob, err := h.blobs.Put(ctx, rc, limit)
	if err != nil {
		return "", fmt.Errorf("store %s: %w", f.Name, err)
	}
	file := &campaignbot.File{
		Workspace: req.Workspace,
		Title:     strings.TrimSpace(bot.ParseText(req.Message.Text).Plain),
		Name:      name,
		MIME:      f.MIME,
		Size:      blob.Size,
		SHA256:    blob.SHA256,
		Uploader:  req.User.ID,
		Channel:   req.Channel.ID,
		Permalink: req.Message.Permalink,
		SharedAt:  req.Message.Time.UTC(),
	}
	if file.Title == "" {
		file.Title = name
	}
	folderPath, matched := FilingFolder(req.Config.KnowledgeBase.Rules, req.Channel, name)
	if !matched {
		folderPath = req.Config.KnowledgeBase.Unfiled
	}
	if folderPath != "" {
		folder, err := h.kb.EnsureFolder(ctx, req.Workspace, folderPath)
		if err != nil {
			return "", fmt.Errorf("folder %s: %w", folderPath, err)
		}
		file.FolderID = &folder.ID
		file.SavedBy = req.User.ID
	}
	if err := h.kb.AddFile(ctx, file); err != nil {
		return "", fmt.Errorf("add %s to the knowledge base: %w", name, err)
	}
	size := campaignbot.FormatSize(file.Size)
	var line string
	switch {
	case folderPath != "" && file.Version > 1:
		line = req.Tf("Saved *%s* (%s) to %s as version %d (file #%d).", "已将 *%s*（%s）保存到 %s，版本 %d（文件 #%d）。",
			name, size, folderPath, file.Version, file.ID)
	case folderPath != "":
		line = req.Tf("Saved *%s* (%s) to %s (file #%d).", "已将 *%s*（%s）保存到 %s（文件 #%d）。",
			name, size, folderPath, file.ID)
	default:
		line = req.Tf("Received *%s* (%s) as file #%d. No filing rule matches it, so it waits unfiled in the knowledge base.",
			"已收到 *%s*（%s），文件 #%d。没有匹配的归档规则，暂存为未归档文件。", name, size, file.ID)
	}
	if file.Reshare {
		line += " " + req.Tf("The same file was shared before; its bytes are stored once.", "相同的文件之前已分享过，只保存一份。")
	}
	return line, nil
}
