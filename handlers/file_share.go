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

// fileShareHandler stores files shared in channels in the knowledge base.
type fileShareHandler struct {
	kb      campaignbot.KnowledgeBase
	blobs   campaignbot.BlobStore
	indexer *Indexer
	kbh     *kbHandler
	log     *slog.Logger
}

// received is what became of one shared file.
type received struct {
	// file is the entry, nil when nothing was stored.
	file *campaignbot.File
	// line reports it, in the request's language.
	line string
	// private lines are told to the sharer only: they concern an entry
	// or a folder not everyone in the channel may see.
	private bool
}

// handle stores every file of the message and answers with one line each:
// in the share's thread, except for lines about entries or folders some
// members of the channel may not see, which only the sharer is told. Files
// no rule files are offered with a one-click save. A file that fails does
// not stop the others.
func (h *fileShareHandler) handle(ctx context.Context, req *bot.Request) error {
	v, err := h.kbh.view(ctx, req)
	if err != nil {
		return err
	}
	var public, private campaignbot.OutgoingMessage
	for _, sf := range req.Message.Files {
		var got received
		got, v, err = h.receive(ctx, req, v, sf, false)
		switch {
		case campaignbot.ErrorCode(err) == campaignbot.ECONFLICT:
			got.line = req.T(campaignbot.ErrorText(err))
		case err != nil:
			if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
				h.log.Error("saving a shared file failed", "file", sf.Name, "channel", req.Channel.ID, "err", err)
			}
			got.line = req.T(campaignbot.T("handlers.could-not-save", sf.Name, req.T(campaignbot.ErrorText(err))))
		}
		m := &public
		if got.private {
			m = &private
		}
		m.Text = strings.TrimPrefix(m.Text+"\n"+got.line, "\n")
		if err == nil && got.file.FolderID == nil {
			m.Buttons = append(m.Buttons, saveButton(req, v, got.file, !got.private))
		}
	}
	for _, m := range []struct {
		msg   campaignbot.OutgoingMessage
		reply func(context.Context, campaignbot.OutgoingMessage) error
	}{{public, req.Reply}, {private, req.ReplyPrivately}} {
		if m.msg.Text == "" {
			continue
		}
		m.msg.ThreadID = req.Message.TS
		if err := m.reply(ctx, m.msg); err != nil {
			return err
		}
	}
	return nil
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

// receive downloads one shared file and adds it to the knowledge base.
// With hold, it is held for the requester (the "Save to knowledge base"
// form's saver); otherwise it goes where destination says. It returns
// what became of it and the view, which filing may have refreshed.
func (h *fileShareHandler) receive(ctx context.Context, req *bot.Request, v *kbView, f bot.SharedFile, hold bool) (received, *kbView, error) {
	limit := req.Config.Storage.MaxFileSize
	name, err := campaignbot.CleanFileName(f.Name)
	if err != nil {
		return received{}, v, err
	}
	if limit > 0 && f.Size > limit {
		return received{}, v, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.it-is-larger-than-the-limit", campaignbot.FormatSize(f.Size), campaignbot.FormatSize(limit)))
	}
	rc, err := req.Chat.Download(ctx, f, limit)
	if err != nil {
		return received{}, v, fmt.Errorf("download %s: %w", f.Name, err)
	}
	defer rc.Close()
	tracked := &readTracker{r: rc}
	blob, err := h.blobs.Put(ctx, tracked, limit)
	if err != nil {
		if tracked.err != nil && campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
			return received{}, v, campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("handlers.the-download-broke-off-partway-so"), err)
		}
		return received{}, v, fmt.Errorf("store %s: %w", f.Name, err)
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
	dest := destination{held: true}
	if !hold {
		if dest, v, err = h.destination(ctx, req, v, name); err != nil {
			return received{}, v, err
		}
	}
	got := received{file: file, private: !dest.public}
	switch {
	case dest.held:
		file.HeldFor = req.User.ID
	case dest.folder != "":
		folder, err := h.kb.EnsureFolder(ctx, req.Workspace, dest.folder)
		if err != nil {
			return got, v, fmt.Errorf("folder %s: %w", dest.folder, err)
		}
		file.FolderID = &folder.ID
		file.SavedBy = req.User.ID
	}
	if err := h.kb.AddFile(ctx, file); err != nil {
		return got, v, fmt.Errorf("add %s to the knowledge base: %w", name, err)
	}
	h.index(req, file, got.private)
	got.line, err = h.describe(ctx, req, v, f, file, dest)
	return got, v, err
}

// describe is the line reporting a stored file.
func (h *fileShareHandler) describe(ctx context.Context, req *bot.Request, v *kbView, f bot.SharedFile, file *campaignbot.File, dest destination) (string, error) {
	name, size := file.Name, campaignbot.FormatSize(file.Size)
	var line string
	switch {
	case dest.held || dest.folder == "":
		// Held or merely unfiled, the sharer reads the same: the reply
		// does not tell which names a rule sends to a folder they may not
		// edit.
		line = req.T(campaignbot.T("handlers.received-as-file-pick-a-folder", name, size, file.Number))
	case file.Version > 1:
		line = req.T(campaignbot.T("handlers.saved-to-as-version-file-5bcdf2", name, size, dest.folder, file.Version, file.Number))
	default:
		line = req.T(campaignbot.T("handlers.saved-to-file-bc2c80", name, size, dest.folder, file.Number))
	}
	if file.Reshare {
		seen, err := h.kbh.earlierCopyVisible(ctx, req, v, file)
		if err != nil {
			return "", err
		}
		if seen {
			line += " " + req.T(campaignbot.T("handlers.the-same-file-was-shared-before"))
		}
	}
	switch {
	case utf8.RuneCountInString(f.Name) > campaignbot.MaxFileName:
		line += " " + req.T(campaignbot.Tn("handlers.its-name-was-shortened-to-characters", campaignbot.MaxFileName, campaignbot.MaxFileName))
	case name != strings.TrimSpace(f.Name):
		line += " " + req.T(campaignbot.T("handlers.its-name-was-cleaned-from", f.Name))
	}
	return line, nil
}

// destination is where a shared file goes.
type destination struct {
	// folder is the folder it is filed into; "" leaves it unfiled.
	folder campaignbot.FolderPath
	// held keeps it unfiled for the sharer alone.
	held bool
	// public reports whether everyone in the channel may see it there.
	public bool
}

// destination decides where a shared file goes. A file sent to the bot
// in a direct conversation is held for the sharer. Otherwise: the folder
// of the first matching filing rule that may take it (in a private
// channel, a rule naming the channel, or one whose folder only the
// channel's members may see); else, in a private channel, that channel's
// restricted folder; else knowledge_base.unfiled, or nowhere, to offer a
// one-click save. A folder the config declares is first made what the
// config says when it is not (see restoreDeclared). A folder the sharer
// may not edit does not take the file: it is held for the sharer instead,
// and nothing is said of the folder.
func (h *fileShareHandler) destination(ctx context.Context, req *bot.Request, v *kbView, name string) (destination, *kbView, error) {
	if req.Channel.IsDM {
		return destination{held: true}, v, nil
	}
	var (
		p   campaignbot.FolderPath
		err error
	)
	for _, r := range MatchingRules(req.Config.KnowledgeBase.Rules, req.Channel, name) {
		if v, err = h.kbh.restoreDeclared(ctx, req, v, r.Folder); err != nil {
			return destination{}, v, err
		}
		folder := v.spelt(r.Folder)
		ok := !req.Channel.Private || namesChannel(r, req.Channel)
		if !ok {
			if ok, err = readersWithinChannel(ctx, req, v, folder, req.Channel); err != nil {
				h.log.Warn("channel members unknown; keeping the file in the channel's folder", "channel", req.Channel.ID, "folder", folder, "err", err)
			}
		}
		if ok {
			p = folder
			break
		}
	}
	if p == "" && req.Channel.Private {
		if p, err = h.privateChannelFolder(ctx, req, v); err != nil {
			return destination{}, v, err
		}
		if v, err = h.kbh.view(ctx, req); err != nil {
			return destination{}, v, err
		}
	}
	if p == "" && req.Config.KnowledgeBase.Unfiled != "" {
		if v, err = h.kbh.restoreDeclared(ctx, req, v, req.Config.KnowledgeBase.Unfiled); err != nil {
			return destination{}, v, err
		}
		p = v.spelt(req.Config.KnowledgeBase.Unfiled)
	}
	if p == "" {
		return destination{public: true}, v, nil
	}
	if !v.access.RoleAt(p).AtLeast(campaignbot.RoleEditor) {
		return destination{held: true}, v, nil
	}
	return destination{folder: p, public: campaignbot.ReadersAt(v.folders, p).IncludeChannel(req.Channel)}, v, nil
}

// index extracts the file's text in the background; when the contents
// turn out unreadable it says so in the share's thread, or only to the
// sharer when not everyone there may see the entry.
func (h *fileShareHandler) index(req *bot.Request, f *campaignbot.File, private bool) {
	if h.indexer == nil {
		return
	}
	thread := req.Message.TS
	h.indexer.Enqueue(IndexJob{Workspace: req.Workspace, File: f, Notify: func(ctx context.Context, why campaignbot.Text) {
		if req.Channel.ID == "" {
			return
		}
		m := campaignbot.OutgoingMessage{Text: req.T(why), ThreadID: thread}
		var err error
		if private {
			err = req.ReplyPrivately(ctx, m)
		} else {
			_, err = req.Chat.Send(ctx, campaignbot.Recipient{Channel: req.Channel.ID}, m)
		}
		if err != nil {
			h.log.Warn("could not say a file is unreadable", "file", f.ID, "err", err)
		}
	}})
}
