package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// idAndRest splits `ID REST`.
func idAndRest(req *bot.Request, args, usage string) (string, string, error) {
	id, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if id == "" || strings.TrimSpace(rest) == "" {
		return "", "", campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.usage", slash(req, "kb"), usage))
	}
	return id, strings.TrimSpace(rest), nil
}

// isFileNumber reports whether s looks like a file number.
func isFileNumber(s string) bool {
	_, err := parseFileNumber(s)
	return err == nil
}

// info shows an entry's metadata and its versions.
func (h *kbHandler) info(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := h.fileFor(ctx, req, v, args)
	if err != nil {
		return err
	}
	folder := string(v.path(f.FolderID))
	switch {
	case folder == "" && f.HeldFor != "":
		folder = req.T(campaignbot.T("handlers.unfiled-only-you-can-see-it"))
	case folder == "":
		folder = req.T(campaignbot.T("handlers.unfiled-3ea54f"))
	}
	tz := req.Config.Timezone
	m := campaignbot.OutgoingMessage{Text: fmt.Sprintf("#%d *%s* — %s", f.Number, f.Title, f.Name), Fields: []campaignbot.Field{
		{Label: req.T(campaignbot.T("handlers.folder")), Value: folder},
		{Label: req.T(campaignbot.T("handlers.version")), Value: fmt.Sprint(f.Version)},
		{Label: req.T(campaignbot.T("handlers.type")), Value: f.MIME},
		{Label: req.T(campaignbot.T("handlers.size")), Value: campaignbot.FormatSize(f.Size)},
		{Label: "SHA-256", Value: f.SHA256},
		{Label: req.T(campaignbot.T("handlers.uploaded-by")), Value: bot.MentionUser(f.Uploader)},
		{Label: req.T(campaignbot.T("handlers.shared")), Value: f.SharedAt.In(tz).Format("2006-01-02 15:04") + " " + bot.MentionChannel(f.Channel)},
	}}
	if f.SavedBy != "" {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.saved-by")), Value: bot.MentionUser(f.SavedBy)})
	}
	if f.Permalink != "" {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.source")), Value: f.Permalink})
	}
	if len(f.Tags) > 0 {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.tags-185506")), Value: strings.Join(f.Tags, ", ")})
	}
	if f.Reshare {
		seen, err := h.earlierCopyVisible(ctx, req, v, f)
		if err != nil {
			return err
		}
		if seen {
			m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.re-share")), Value: req.T(campaignbot.T("handlers.the-same-bytes-were-shared-before"))})
		}
	}
	switch f.Text {
	case campaignbot.TextIndexed:
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.search")), Value: req.T(campaignbot.T("handlers.contents-indexed"))})
	case campaignbot.TextUnreadable:
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.search")), Value: req.T(campaignbot.T("handlers.contents-unreadable-title-and-details"))})
	}
	if !f.DeletedAt.IsZero() {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.in-the-recycle-bin-since")), Value: f.DeletedAt.In(tz).Format("2006-01-02 15:04")})
	}
	others, err := h.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: req.Workspace, FolderID: f.FolderID, Unfiled: f.FolderID == nil, Holder: req.User.ID, Limit: 200})
	if err != nil {
		return err
	}
	var vs []string
	for _, o := range others {
		if o.Name == f.Name && o.ID != f.ID && o.HeldFor == f.HeldFor {
			vs = append(vs, fmt.Sprintf("v%d #%d (%s)", o.Version, o.Number, o.SharedAt.In(tz).Format("2006-01-02")))
		}
	}
	if len(vs) > 0 {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.T(campaignbot.T("handlers.other-versions")), Value: strings.Join(vs, ", ")})
	}
	return req.ReplyPrivately(ctx, m)
}

// fileInto files one entry into a folder the user may edit and returns the
// line reporting it.
func (h *kbHandler) fileInto(ctx context.Context, req *bot.Request, v *kbView, f *campaignbot.File, folder *campaignbot.Folder, title string, tags []string) (string, error) {
	if err := v.need(&folder.ID, campaignbot.RoleEditor); err != nil {
		return "", err
	}
	if err := v.needFile(f, campaignbot.RoleEditor); err != nil {
		return "", err
	}
	saved, err := h.kb.FileInto(ctx, req.Workspace, f.ID, folder.ID, req.User.ID, title, tags)
	if err != nil {
		return "", err
	}
	if saved.Version > 1 {
		return req.T(campaignbot.T("handlers.saved-to-as-version-file-b82fdb", saved.Name, folder.Path, saved.Version, saved.Number)), nil
	}
	return req.T(campaignbot.T("handlers.saved-to-file-83f17f", saved.Name, folder.Path, saved.Number)), nil
}

// file handles /kb file ID PATH, the typed form of the one-click save.
func (h *kbHandler) file(ctx context.Context, req *bot.Request, args string) error {
	id, path, err := idAndRest(req, args, "file ID PATH")
	if err != nil {
		return err
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := h.fileFor(ctx, req, v, id)
	if err != nil {
		return err
	}
	folder, err := v.folder(req, path)
	if err != nil {
		return err
	}
	line, err := h.fileInto(ctx, req, v, f, folder, "", nil)
	if err != nil {
		return err
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: line, ThreadID: f.MessageTS}, nil, folder.Path)
}

// save handles /kb save PATH: in a thread, the files of the thread's first
// message; elsewhere the files of the latest share in this channel that
// are still unfiled.
func (h *kbHandler) save(ctx context.Context, req *bot.Request, args string) error {
	if strings.TrimSpace(args) == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.usage-save-path-e-g-save", slash(req, "kb"), slash(req, "kb")))
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	folder, err := v.folder(req, args)
	if err != nil {
		return err
	}
	thread := req.ThreadTS
	if req.Message != nil && req.Message.ThreadTS != "" {
		thread = req.Message.ThreadTS
	}
	var files []*campaignbot.File
	if thread != "" {
		files, err = h.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: req.Workspace, Channel: req.Channel.ID, MessageTS: thread, Holder: req.User.ID})
		files = v.visibleFiles(files)
		if err == nil && len(files) == 0 {
			return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.i-have-no-files-from-this", slash(req, "kb")))
		}
	} else {
		var unfiled []*campaignbot.File
		unfiled, err = h.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: req.Workspace, Channel: req.Channel.ID, Unfiled: true, Holder: req.User.ID, Limit: 50})
		for _, f := range unfiled {
			if f.MessageTS == unfiled[0].MessageTS {
				files = append(files, f)
			}
		}
		if err == nil && len(files) == 0 {
			return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-unfiled-file-shared", slash(req, "kb")))
		}
	}
	if err != nil {
		return err
	}
	var lines []string
	for _, f := range files {
		line, err := h.fileInto(ctx, req, v, f, folder, "", nil)
		if err != nil {
			if campaignbot.ErrorCode(err) == campaignbot.EINTERNAL {
				return err
			}
			line = req.T(campaignbot.T("handlers.could-not-save", f.Name, req.T(campaignbot.ErrorText(err))))
		}
		lines = append(lines, line)
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: strings.Join(lines, "\n"), ThreadID: files[0].MessageTS}, files, folder.Path)
}

// mv moves a file (with its versions) or a folder.
func (h *kbHandler) mv(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if isFileNumber(first) {
		if strings.TrimSpace(rest) == "" {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.usage-mv-id-path", slash(req, "kb")))
		}
		f, err := h.fileFor(ctx, req, v, first)
		if err != nil {
			return err
		}
		folder, err := v.folder(req, rest)
		if err != nil {
			return err
		}
		if f.FolderID == nil {
			line, err := h.fileInto(ctx, req, v, f, folder, "", nil)
			if err != nil {
				return err
			}
			return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: line}, nil, folder.Path)
		}
		if err := v.needFile(f, campaignbot.RoleEditor); err != nil {
			return err
		}
		if err := v.need(&folder.ID, campaignbot.RoleEditor); err != nil {
			return err
		}
		if _, err := h.kb.MoveFile(ctx, req.Workspace, f.ID, folder.ID); err != nil {
			return err
		}
		return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.moved-all-versions-to", f.Name, folder.Path))}, nil, folder.Path)
	}
	from, to, err := twoPaths(req, args)
	if err != nil {
		return err
	}
	src, err := v.folder(req, from)
	if err != nil {
		return unquotedPaths(req, args, err)
	}
	dst, err := campaignbot.ParseFolderPath(to)
	if err != nil {
		return err
	}
	// Moving into an existing folder keeps the name: mv "A/B" "C" → C/B.
	if existing, err := v.folder(req, string(dst)); err == nil {
		dst = campaignbot.FolderPath(string(existing.Path) + "/" + src.Path.Name())
	}
	return h.moveFolder(ctx, req, v, src, dst)
}

// rename renames a file (with its versions) or a folder.
func (h *kbHandler) rename(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	first, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if isFileNumber(first) {
		if strings.TrimSpace(rest) == "" {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.usage-rename-id-new-name", slash(req, "kb")))
		}
		f, err := h.fileFor(ctx, req, v, first)
		if err != nil {
			return err
		}
		if err := v.needFile(f, campaignbot.RoleEditor); err != nil {
			return err
		}
		renamed, err := h.kb.RenameFile(ctx, req.Workspace, f.ID, unquote(rest))
		if err != nil {
			return err
		}
		return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.renamed-to-all-versions", f.Name, renamed.Name))},
			[]*campaignbot.File{f}, v.path(f.FolderID))
	}
	from, name, err := twoPaths(req, args)
	if err != nil {
		return err
	}
	if strings.Contains(name, "/") {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.a-new-folder-name-cannot-contain", slash(req, "kb")))
	}
	src, err := v.folder(req, from)
	if err != nil {
		return unquotedPaths(req, args, err)
	}
	dst := campaignbot.FolderPath(name)
	if parent, ok := src.Path.Parent(); ok {
		dst = campaignbot.FolderPath(string(parent) + "/" + name)
	}
	if _, err := campaignbot.ParseFolderPath(string(dst)); err != nil {
		return err
	}
	return h.moveFolder(ctx, req, v, src, dst)
}

// unquotedPaths turns a missing folder into a reminder to quote paths
// when the user typed none: "mv Double 11/Design" splits at the space.
func unquotedPaths(req *bot.Request, args string, err error) error {
	if strings.ContainsAny(args, "\"'“‘「") || campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
		return err
	}
	_, _, usage := twoPaths(req, "")
	return usage
}

// tag adds and removes tags of an entry.
func (h *kbHandler) tag(ctx context.Context, req *bot.Request, args string) error {
	id, rest, err := idAndRest(req, args, "tag ID TAG… [-TAG…]")
	if err != nil {
		return err
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := h.fileFor(ctx, req, v, id)
	if err != nil {
		return err
	}
	if err := v.needFile(f, campaignbot.RoleEditor); err != nil {
		return err
	}
	tags := append([]string(nil), f.Tags...)
	for _, t := range campaignbot.SplitArgs(strings.ReplaceAll(rest, ",", " ")) {
		if drop, ok := strings.CutPrefix(t, "-"); ok {
			tags = removeFold(tags, strings.TrimPrefix(drop, "#"))
		} else {
			tags = append(tags, strings.TrimPrefix(t, "#"))
		}
	}
	updated, err := h.kb.UpdateFile(ctx, req.Workspace, f.ID, campaignbot.FileUpdate{Tags: &tags})
	if err != nil {
		return err
	}
	shown := strings.Join(updated.Tags, ", ")
	if shown == "" {
		shown = req.T(campaignbot.T("handlers.none-0d7ad2"))
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.tags-of", f.Number, f.Name, shown))})
}

// removeFold drops s from list, ignoring case.
func removeFold(list []string, s string) []string {
	out := list[:0]
	for _, x := range list {
		if !strings.EqualFold(x, s) {
			out = append(out, x)
		}
	}
	return out
}

// rm moves an entry to the recycle bin.
func (h *kbHandler) rm(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := h.fileFor(ctx, req, v, args)
	if err != nil {
		return err
	}
	if f.Uploader != req.User.ID {
		if err := v.needFile(f, campaignbot.RoleEditor); err != nil {
			return err
		}
	}
	if _, err := h.kb.TrashFile(ctx, req.Workspace, f.ID, req.User.ID); err != nil {
		return err
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.moved-to-the-recycle-bin-restore", f.Number, f.Name, slash(req, "kb"), f.Number))},
		[]*campaignbot.File{f}, v.path(f.FolderID))
}

// restore takes an entry out of the recycle bin.
func (h *kbHandler) restore(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := h.fileFor(ctx, req, v, args)
	if err != nil {
		return err
	}
	if f.Uploader != req.User.ID {
		if err := v.needFile(f, campaignbot.RoleEditor); err != nil {
			return err
		}
	}
	restored, err := h.kb.RestoreFile(ctx, req.Workspace, f.ID, req.Now.Add(-campaignbot.TrashRetention))
	if err != nil {
		return err
	}
	where := string(v.path(restored.FolderID))
	if where == "" {
		where = req.T(campaignbot.T("handlers.the-unfiled-files"))
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.restored-to", f.Number, f.Name, where))},
		[]*campaignbot.File{restored}, v.path(restored.FolderID))
}

// trash lists the recycle bin a page at a time, purging entries older
// than 30 days first and then the bytes no entry uses any more.
func (h *kbHandler) trash(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	rest, page := pageArg(args)
	if rest != "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.usage-trash-page-n", slash(req, "kb")))
	}
	cutoff := req.Now.Add(-campaignbot.TrashRetention)
	if _, err := h.kb.PurgeTrash(ctx, req.Workspace, cutoff); err != nil {
		return err
	}
	if freed, err := h.blobs.Collect(ctx, req.Now.Add(-campaignbot.BlobClaimGrace)); err != nil {
		h.log.Error("deleting unused file bytes failed", "err", err)
	} else if freed.Blobs > 0 {
		h.log.Info("deleted unused file bytes", "blobs", freed.Blobs, "bytes", freed.Bytes)
	}
	// Only the user's part of the bin is read, counted and paged, in the
	// query, so entries they may not see neither crowd theirs out of a
	// page nor show in a count.
	filter := campaignbot.FileFilter{Workspace: req.Workspace, Trashed: true, Holder: req.User.ID, Folders: v.access.Visible(),
		Offset: (page - 1) * listPage, Limit: listPage}
	files, err := h.kb.FindFiles(ctx, filter)
	if err != nil {
		return err
	}
	total := len(files)
	if filter.Offset > 0 || total == listPage {
		if total, err = h.kb.CountMatches(ctx, filter); err != nil {
			return err
		}
	}
	if total == 0 {
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.the-recycle-bin-is-empty"))
	}
	var lines []string
	for _, f := range files {
		days := int(f.DeletedAt.Sub(cutoff).Hours()/24) + 1
		lines = append(lines, fileLine(req, f)+" — "+req.T(campaignbot.Tn("handlers.deleted-by-days-left", days, bot.MentionUser(f.DeletedBy), days)))
	}
	if footer := pageFooter(req, filter.Offset, len(files), total, "/"+slash(req, "kb")+" trash", page); footer != "" {
		lines = append(lines, footer)
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.recycle-bin")) + "\n" + strings.Join(lines, "\n")})
}
