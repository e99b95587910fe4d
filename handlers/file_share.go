package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// privateFolderRoot is where files shared in private channels go when no
// filing rule matches: one folder per channel, restricted to its members.
const privateFolderRoot = "Private channels"

// fileShareHandler stores files shared in channels in the knowledge base.
type fileShareHandler struct {
	kb      campaignbot.KnowledgeBase
	blobs   campaignbot.BlobStore
	indexer *Indexer
	kbh     *kbHandler
	log     *slog.Logger
}

// handle stores every file of the message and answers with one line each,
// offering a one-click save for files no rule files. A file that fails
// does not stop the others.
func (h *fileShareHandler) handle(ctx context.Context, req *bot.Request) error {
	if err := h.kbh.ensureConfig(ctx, req); err != nil {
		return err
	}
	var (
		lines   []string
		unfiled []*campaignbot.File
	)
	for _, f := range req.Message.Files {
		file, line, err := h.store(ctx, req, f, true)
		switch {
		case campaignbot.ErrorCode(err) == campaignbot.ECONFLICT:
			line = req.T(campaignbot.ErrorText(err))
		case err != nil:
			if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
				h.log.Error("saving a shared file failed", "file", f.Name, "channel", req.Channel.ID, "err", err)
			}
			line = req.Tf("Could not save %s: %s", "未能保存 %s：%s", f.Name, req.T(campaignbot.ErrorText(err)))
		case file.FolderID == nil:
			unfiled = append(unfiled, file)
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return nil
	}
	m := campaignbot.OutgoingMessage{Text: strings.Join(lines, "\n"), ThreadID: req.Message.TS}
	if len(unfiled) > 0 {
		v, err := h.kbh.view(ctx, req)
		if err != nil {
			return err
		}
		for _, f := range unfiled {
			m.Buttons = append(m.Buttons, saveButton(req, v, f))
		}
	}
	return req.Reply(ctx, m)
}

// readTracker remembers the first error of the reader it wraps, telling a
// download that broke off from a failure to store.
type readTracker struct {
	r   io.Reader
	err error
}

func (t *readTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && t.err == nil {
		t.err = err
	}
	return n, err
}

// store downloads one shared file and adds it to the knowledge base. With
// auto it is filed by the rules (or into its private channel's folder, or
// the configured unfiled folder); otherwise it stays unfiled. It returns
// the entry and the line that reports it.
func (h *fileShareHandler) store(ctx context.Context, req *bot.Request, f bot.SharedFile, auto bool) (*campaignbot.File, string, error) {
	limit := req.Config.Storage.MaxFileSize
	name, err := campaignbot.CleanFileName(f.Name)
	if err != nil {
		return nil, "", err
	}
	if limit > 0 && f.Size > limit {
		return nil, "", campaignbot.Errorf(campaignbot.EINVALID,
			"it is %s, larger than the %s limit (storage.max_file_size).", "文件大小 %s，超过 %s 的上限（storage.max_file_size）。",
			campaignbot.FormatSize(f.Size), campaignbot.FormatSize(limit))
	}
	rc, err := req.Chat.Download(ctx, f, limit)
	if err != nil {
		return nil, "", fmt.Errorf("download %s: %w", f.Name, err)
	}
	defer rc.Close()
	tracked := &readTracker{r: rc}
	blob, err := h.blobs.Put(ctx, tracked, limit)
	if err != nil {
		if tracked.err != nil && campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
			return nil, "", campaignbot.WrapError(campaignbot.EINVALID, campaignbot.Textf(
				"the download broke off partway, so nothing was saved; please share it again.",
				"下载中途中断，未保存任何内容，请重新分享。"), err)
		}
		return nil, "", fmt.Errorf("store %s: %w", f.Name, err)
	}
	file := &campaignbot.File{
		Workspace: req.Workspace,
		Title:     strings.TrimSpace(bot.ParseText(req.Message.Text).Plain),
		Name:      name,
		MIME:      f.MIME,
		Size:      blob.Size,
		SHA256:    blob.SHA256,
		Uploader:  req.Message.User.ID,
		Channel:   req.Channel.ID,
		Permalink: req.Message.Permalink,
		SharedAt:  req.Message.Time.UTC(),
		MessageTS: req.Message.TS,
	}
	if file.Uploader == "" {
		file.Uploader = req.User.ID
	}
	if file.Title == "" || len(req.Message.Files) > 1 {
		file.Title = name
	}
	var folderPath campaignbot.FolderPath
	if auto {
		if folderPath, err = h.folderFor(ctx, req, name); err != nil {
			return nil, "", err
		}
	}
	if folderPath != "" {
		folder, err := h.kb.EnsureFolder(ctx, req.Workspace, folderPath)
		if err != nil {
			return nil, "", fmt.Errorf("folder %s: %w", folderPath, err)
		}
		file.FolderID = &folder.ID
		file.SavedBy = req.User.ID
	}
	if err := h.kb.AddFile(ctx, file); err != nil {
		return nil, "", fmt.Errorf("add %s to the knowledge base: %w", name, err)
	}
	h.index(req, file)
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
		line = req.Tf("Received *%s* (%s) as file #%d. No filing rule matches it: pick a folder to save it to.",
			"已收到 *%s*（%s），文件 #%d。没有匹配的归档规则，请选择要保存到的文件夹。", name, size, file.ID)
	}
	if file.Reshare {
		line += " " + req.Tf("The same file was shared before; its bytes are stored once.", "相同的文件之前已分享过，只保存一份。")
	}
	switch {
	case utf8.RuneCountInString(f.Name) > campaignbot.MaxFileName:
		line += " " + req.Tf("(Its name was shortened to %d characters.)", "（文件名已缩短为 %d 个字符。）", campaignbot.MaxFileName)
	case name != strings.TrimSpace(f.Name):
		line += " " + req.Tf("(Its name was cleaned from %q.)", "（文件名已从 %q 清理。）", f.Name)
	}
	return file, line, nil
}

// folderFor decides where a shared file goes: the first matching filing
// rule; in a private channel, that channel's restricted folder; otherwise
// knowledge_base.unfiled, or nowhere ("") to offer a one-click save.
func (h *fileShareHandler) folderFor(ctx context.Context, req *bot.Request, name string) (campaignbot.FolderPath, error) {
	if p, ok := FilingFolder(req.Config.KnowledgeBase.Rules, req.Channel, name); ok {
		return p, nil
	}
	if req.Channel.Private {
		ch := req.Channel.Name
		if ch == "" {
			ch = string(req.Channel.ID)
		}
		p, err := campaignbot.ParseFolderPath(privateFolderRoot + "/" + strings.ReplaceAll(ch, "/", "-"))
		if err != nil {
			return "", err
		}
		grants := []campaignbot.Grant{{Kind: campaignbot.PrincipalChannel, Principal: string(req.Channel.ID), Role: campaignbot.RoleEditor}}
		if _, err := h.kb.ConfigureFolder(ctx, req.Workspace, p, true, grants); err != nil {
			return "", err
		}
		return p, nil
	}
	return req.Config.KnowledgeBase.Unfiled, nil
}

// index extracts the file's text in the background; when the contents
// turn out unreadable it says so in the share's thread.
func (h *fileShareHandler) index(req *bot.Request, f *campaignbot.File) {
	if h.indexer == nil {
		return
	}
	chat, lang, channel, thread := req.Chat, req.Lang, req.Channel.ID, req.Message.TS
	h.indexer.Enqueue(IndexJob{Workspace: req.Workspace, File: f, Notify: func(ctx context.Context, why campaignbot.Text) {
		if channel == "" {
			return
		}
		if _, err := chat.Send(ctx, campaignbot.Recipient{Channel: channel}, campaignbot.OutgoingMessage{Text: why.In(lang), ThreadID: thread}); err != nil {
			h.log.Warn("could not say a file is unreadable", "file", f.ID, "err", err)
		}
	}})
}
