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
		return "", "", campaignbot.Errorf(campaignbot.EINVALID, "Usage: /%s %s", "用法：/%s %s", slash(req, "kb"), usage)
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
		folder = req.Tf("(unfiled; only you can see it until you save it)", "（未归档；保存前仅你可见）")
	case folder == "":
		folder = req.Tf("(unfiled)", "（未归档）")
	}
	tz := req.Config.Timezone
	m := campaignbot.OutgoingMessage{Text: fmt.Sprintf("#%d *%s* — %s", f.Number, f.Title, f.Name), Fields: []campaignbot.Field{
		{Label: req.Tf("Folder", "文件夹"), Value: folder},
		{Label: req.Tf("Version", "版本"), Value: fmt.Sprint(f.Version)},
		{Label: req.Tf("Type", "类型"), Value: f.MIME},
		{Label: req.Tf("Size", "大小"), Value: campaignbot.FormatSize(f.Size)},
		{Label: "SHA-256", Value: f.SHA256},
		{Label: req.Tf("Uploaded by", "上传者"), Value: bot.MentionUser(f.Uploader)},
		{Label: req.Tf("Shared", "分享时间"), Value: f.SharedAt.In(tz).Format("2006-01-02 15:04") + " " + bot.MentionChannel(f.Channel)},
	}}
	if f.SavedBy != "" {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("Saved by", "保存者"), Value: bot.MentionUser(f.SavedBy)})
	}
	if f.Permalink != "" {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("Source", "来源"), Value: f.Permalink})
	}
	if len(f.Tags) > 0 {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("Tags", "标签"), Value: strings.Join(f.Tags, ", ")})
	}
	if f.Reshare {
		seen, err := h.earlierCopyVisible(ctx, req, v, f)
		if err != nil {
			return err
		}
		if seen {
			m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("Re-share", "重复分享"), Value: req.Tf("the same bytes were shared before", "相同内容之前已分享过")})
		}
	}
	switch f.Text {
	case campaignbot.TextIndexed:
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("Search", "搜索"), Value: req.Tf("contents indexed", "内容已索引")})
	case campaignbot.TextUnreadable:
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("Search", "搜索"), Value: req.Tf("contents unreadable: title and details only", "内容无法读取：仅可按标题和信息搜索")})
	}
	if !f.DeletedAt.IsZero() {
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("In the recycle bin since", "移入回收站"), Value: f.DeletedAt.In(tz).Format("2006-01-02 15:04")})
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
		m.Fields = append(m.Fields, campaignbot.Field{Label: req.Tf("Other versions", "其他版本"), Value: strings.Join(vs, ", ")})
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
		return req.Tf("Saved *%s* to %s as version %d (file #%d).", "已将 *%s* 保存到 %s，版本 %d（文件 #%d）。", saved.Name, folder.Path, saved.Version, saved.Number), nil
	}
	return req.Tf("Saved *%s* to %s (file #%d).", "已将 *%s* 保存到 %s（文件 #%d）。", saved.Name, folder.Path, saved.Number), nil
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
		return campaignbot.Errorf(campaignbot.EINVALID, "Usage: /%s save PATH, e.g. /%s save Double 11/Planning", "用法：/%s save 路径，例如 /%s save Double 11/Planning", slash(req, "kb"), slash(req, "kb"))
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
			return campaignbot.Errorf(campaignbot.ENOTFOUND,
				"I have no files from this thread's first message; share them again, or use /%s file ID PATH.",
				"我没有这个话题首条消息中的文件记录；请重新分享，或使用 /%s file 编号 路径。", slash(req, "kb"))
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
			return campaignbot.Errorf(campaignbot.ENOTFOUND,
				"There is no unfiled file shared in this channel. Reply in the file's thread, or use /%s file ID PATH.",
				"此频道没有未归档的文件。请在文件所在话题中回复，或使用 /%s file 编号 路径。", slash(req, "kb"))
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
			line = req.Tf("Could not save %s: %s", "未能保存 %s：%s", f.Name, req.T(campaignbot.ErrorText(err)))
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
			return campaignbot.Errorf(campaignbot.EINVALID, "Usage: /%s mv ID PATH", "用法：/%s mv 编号 路径", slash(req, "kb"))
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
		return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.Tf("Moved *%s* (all versions) to %s.", "已将 *%s*（所有版本）移动到 %s。", f.Name, folder.Path)}, nil, folder.Path)
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
			return campaignbot.Errorf(campaignbot.EINVALID, "Usage: /%s rename ID NEW-NAME", "用法：/%s rename 编号 新名称", slash(req, "kb"))
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
		return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.Tf("Renamed *%s* to *%s* (all versions).", "已将 *%s* 重命名为 *%s*（所有版本）。", f.Name, renamed.Name)},
			[]*campaignbot.File{f}, v.path(f.FolderID))
	}
	from, name, err := twoPaths(req, args)
	if err != nil {
		return err
	}
	if strings.Contains(name, "/") {
		return campaignbot.Errorf(campaignbot.EINVALID, "A new folder name cannot contain slashes; use /%s mv to move it.", "新文件夹名不能包含斜杠；移动请用 /%s mv。", slash(req, "kb"))
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
		shown = req.Tf("none", "无")
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf("Tags of #%d *%s*: %s", "#%d *%s* 的标签：%s", f.Number, f.Name, shown)})
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
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.Tf(
		"Moved #%d *%s* to the recycle bin; /%s restore %d brings it back within 30 days.",
		"已将 #%d *%s* 移到回收站；30 天内可用 /%s restore %d 恢复。", f.Number, f.Name, slash(req, "kb"), f.Number)},
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
		where = req.Tf("the unfiled files", "未归档文件")
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.Tf("Restored #%d *%s* to %s.", "已将 #%d *%s* 恢复到 %s。", f.Number, f.Name, where)},
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
		return campaignbot.Errorf(campaignbot.EINVALID, "Usage: /%s trash [page N]", "用法：/%s trash [page 页码]", slash(req, "kb"))
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
		return req.ReplyPrivateText(ctx, campaignbot.Textf("The recycle bin is empty.", "回收站是空的。"))
	}
	var lines []string
	for _, f := range files {
		days := int(f.DeletedAt.Sub(cutoff).Hours()/24) + 1
		lines = append(lines, fileLine(req, f)+" — "+req.Tf("deleted by %s, %d days left", "由 %s 删除，剩余 %d 天", bot.MentionUser(f.DeletedBy), days))
	}
	if footer := pageFooter(req, filter.Offset, len(files), total, "/"+slash(req, "kb")+" trash", page); footer != "" {
		lines = append(lines, footer)
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf("*Recycle bin*", "*回收站*") + "\n" + strings.Join(lines, "\n")})
}
