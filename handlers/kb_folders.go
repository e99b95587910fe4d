package handlers

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// folderMarks returns the markers shown after a folder's name: 🔒 when
// not everyone may see it, because of its own restriction or one above.
func folderMarks(req *bot.Request, v *kbView, f *campaignbot.Folder) string {
	var m string
	if v.restricted(f) {
		m += " 🔒" + req.Tf("restricted", "受限")
	}
	if f.Archived {
		m += " 📦" + req.Tf("archived", "已归档")
	}
	return m
}

// tree shows the folders that appear to the user with their file counts.
func (h *kbHandler) tree(ctx context.Context, req *bot.Request, _ string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	counts, err := h.kb.CountFiles(ctx, req.Workspace, req.User.ID)
	if err != nil {
		return err
	}
	var lines []string
	total := counts[0]
	for _, f := range v.appearing() {
		n := counts[f.ID]
		total += n
		lines = append(lines, fmt.Sprintf("%s%s (%d)%s", strings.Repeat("    ", f.Path.Depth()-1), f.Path.Name(), n, folderMarks(req, v, f)))
	}
	if counts[0] > 0 {
		lines = append(lines, req.Tf("Unfiled (%d) — save them with /kb save or /kb file", "未归档 (%d) — 用 /kb save 或 /kb file 保存", counts[0]))
	}
	if len(lines) == 0 {
		return req.ReplyPrivateText(ctx, campaignbot.Textf("The knowledge base is empty; create a folder with /kb mkdir PATH.", "知识库是空的，可用 /kb mkdir 路径 新建文件夹。"))
	}
	head := req.Tf("*Knowledge base* — %d files you can see:", "*知识库* — 你可见的文件共 %d 个：", total)
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: head + "\n" + strings.Join(lines, "\n")})
}

// fileLine describes one entry in a listing.
func fileLine(req *bot.Request, f *campaignbot.File) string {
	line := fmt.Sprintf("#%d *%s*", f.Number, f.Name)
	if f.Version > 1 {
		line += fmt.Sprintf(" v%d", f.Version)
	}
	if f.Versions > 1 {
		line += req.Tf(" (%d versions)", "（共 %d 个版本）", f.Versions)
	}
	if f.Title != "" && f.Title != f.Name {
		line += " “" + f.Title + "”"
	}
	if f.HeldFor != "" {
		line += " 🔒" + req.Tf("only you, until you save it", "保存前仅你可见")
	}
	line += fmt.Sprintf(" — %s, %s, %s", bot.MentionUser(f.Uploader), f.SharedAt.In(req.Config.Timezone).Format("2006-01-02"), campaignbot.FormatSize(f.Size))
	if len(f.Tags) > 0 {
		line += ", " + req.Tf("tags: ", "标签：") + strings.Join(f.Tags, ", ")
	}
	return line
}

// listPage is how many files a page of /kb ls or /kb trash shows.
const listPage = 50

// pageArg splits a trailing `page N` (or 第 N 页) off args: N, from 1, and
// the rest. A path that ends so is typed in quotes.
func pageArg(args string) (string, int) {
	args = strings.TrimSpace(args)
	if m := pageSuffix.FindStringSubmatch(args); m != nil {
		n := m[2]
		if n == "" {
			n = m[3]
		}
		if page, err := strconv.Atoi(n); err == nil && page >= 1 {
			return strings.TrimSpace(m[1]), page
		}
	}
	return args, 1
}

// pageSuffix matches args ending in `page N` or `第 N 页`.
var pageSuffix = regexp.MustCompile(`^(?i)(.*?)(?:^|\s)(?:page\s+([0-9]{1,6})|第\s*([0-9]{1,6})\s*页)$`)

// pageFooter says which files of total a page from offset shows and, when
// more follow, how to see the next page (more is the command without its
// page); "" when one page shows them all.
func pageFooter(req *bot.Request, offset, shown, total int, more string, page int) string {
	if total == 0 || (total <= listPage && offset == 0) {
		return ""
	}
	if shown == 0 {
		pages := (total + listPage - 1) / listPage
		return req.Tf("There is no page %d: %d files make %d pages.", "没有第 %d 页：%d 个文件共 %d 页。", page, total, pages)
	}
	line := req.Tf("Files %d–%d of %d.", "第 %d–%d 个文件，共 %d 个。", offset+1, offset+shown, total)
	if left := total - offset - shown; left > 0 {
		line += " " + req.Tf("%d more: %s page %d", "还有 %d 个：%s page %d", left, more, page+1)
	}
	return line
}

// ls lists a folder's subfolders and files, each file once as its latest
// version, a page at a time; without a path, the top-level folders and
// the unfiled files.
func (h *kbHandler) ls(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	args, page := pageArg(args)
	var (
		folder *campaignbot.Folder
		filter = campaignbot.FileFilter{Workspace: req.Workspace, Latest: true, Offset: (page - 1) * listPage, Limit: listPage}
		title  string
		more   = "/" + slash(req, "kb") + " ls"
	)
	filter.Holder = req.User.ID
	if args == "" {
		filter.Unfiled = true
		title = req.Tf("*Top level*", "*顶层*")
	} else {
		if folder, err = v.folder(req, args); err != nil {
			return err
		}
		filter.FolderID = &folder.ID
		title = "*" + string(folder.Path) + "*" + folderMarks(req, v, folder)
		more += " " + quotePath(folder.Path)
	}
	var lines []string
	for _, f := range v.appearing() {
		parent, ok := f.Path.Parent()
		if page == 1 && ((folder == nil && !ok) || (folder != nil && ok && parent == folder.Path)) {
			lines = append(lines, "📁 "+f.Path.Name()+folderMarks(req, v, f))
		}
	}
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
	for _, f := range files {
		lines = append(lines, fileLine(req, f))
	}
	if footer := pageFooter(req, filter.Offset, len(files), total, more, page); footer != "" {
		lines = append(lines, footer)
	} else if len(lines) == 0 {
		lines = append(lines, req.Tf("(empty)", "（空）"))
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: title + "\n" + strings.Join(lines, "\n")})
}

// quotePath is a folder path as typed in a command: quoted when it holds
// a space, or when it ends like a page (`Landing page 2`).
func quotePath(p campaignbot.FolderPath) string {
	if strings.ContainsFunc(string(p), unicode.IsSpace) || pageSuffix.MatchString(string(p)) {
		return `"` + string(p) + `"`
	}
	return string(p)
}

// mkdir creates a folder owned by the user, in a folder they may edit.
func (h *kbHandler) mkdir(ctx context.Context, req *bot.Request, args string) error {
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	p, err := campaignbot.ParseFolderPath(unquote(args))
	if err != nil {
		return err
	}
	if p, err = v.placeFolder(req, p, nil); err != nil {
		return err
	}
	f, err := h.kb.CreateFolder(ctx, req.Workspace, p, req.User.ID)
	if campaignbot.ErrorCode(err) == campaignbot.ECONFLICT {
		// Taken meanwhile, or by a folder the user may not see.
		return errCannotPlace(p)
	} else if err != nil {
		return err
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.Tf("Created the folder %s; you own it.", "已新建文件夹 %s，你是其所有者。", f.Path)}, nil, f.Path)
}

// twoPaths splits `"FROM" "TO"`.
func twoPaths(req *bot.Request, args string) (string, string, error) {
	parts := campaignbot.SplitArgs(args)
	if len(parts) != 2 {
		return "", "", campaignbot.Errorf(campaignbot.EINVALID,
			"Give two folder paths, quoted when they have spaces: /%s mv \"Double 11/Design\" \"618/Design\".",
			"请给出两个文件夹路径，含空格时加引号：/%s mv \"Double 11/Design\" \"618/Design\"。", slash(req, "kb"))
	}
	return parts[0], parts[1], nil
}

// moveFolder moves a folder after checking the user may edit it and may
// have a folder at to. Only what the user may see moves: folders hidden
// from them stay where they are, so the move and its reply are what they
// would be without them. A folder moved under a restricted folder it was
// not under follows that folder's members from then on, and the reply
// says so.
func (h *kbHandler) moveFolder(ctx context.Context, req *bot.Request, v *kbView, from *campaignbot.Folder, to campaignbot.FolderPath) error {
	if err := v.need(&from.ID, campaignbot.RoleEditor); err != nil {
		return err
	}
	if reservedPath(from.Path) && !req.User.IsAdmin {
		return campaignbot.Errorf(campaignbot.EFORBIDDEN,
			"The folders under %s belong to their channels; only admins move or rename them.",
			"%s 下的文件夹属于各自的频道，只有管理员可以移动或重命名。", privateFolderRoot)
	}
	to, err := v.placeFolder(req, to, from)
	if err != nil {
		return err
	}
	change, err := h.kb.MoveFolder(ctx, req.Workspace, campaignbot.FolderMove{From: from.Path, To: to, Leave: v.hiddenBelow(from.Path)})
	if campaignbot.ErrorCode(err) == campaignbot.ECONFLICT {
		// Taken meanwhile, or by a folder the user may not see.
		return errCannotPlace(to)
	} else if err != nil {
		return err
	}
	logDropped(h.log, req.Workspace, "the folder moved under another restricted folder", change.Dropped)
	text := req.Tf("Moved the folder %s to %s.", "已将文件夹 %s 移动到 %s。", from.Path, change.Folder.Path)
	if change.Relocked {
		text += " " + req.Tf("It is inside a restricted folder now: any access granted on it in chat was removed, so it follows that folder's members.",
			"它现在位于受限文件夹内：之前在聊天中对它授予的权限均已移除，访问权限随该受限文件夹的成员。")
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: text}, nil, from.Path, change.Folder.Path)
}

// archive freezes a folder and everything in it (admins only).
func (h *kbHandler) archive(ctx context.Context, req *bot.Request, args string) error {
	if !req.User.IsAdmin {
		return campaignbot.Errorf(campaignbot.EFORBIDDEN, "Only admins can archive folders.", "只有管理员可以归档文件夹。")
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := v.folder(req, args)
	if err != nil {
		return err
	}
	n, err := h.kb.ArchiveFolder(ctx, req.Workspace, f.Path)
	if err != nil {
		return err
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.Tf(
		"Archived %s (%d folders): it is read-only now. Export it for the next campaign with /%s export %s.",
		"已归档 %s（%d 个文件夹），现在只读。可用 /%s export %s 导出给下一次活动使用。", f.Path, n, slash(req, "kb"), f.Path)}, nil, v.subtree(f.Path)...)
}

// subtree returns p and the paths of every folder below it: the count of
// an archive covers them all.
func (v *kbView) subtree(p campaignbot.FolderPath) []campaignbot.FolderPath {
	out := []campaignbot.FolderPath{p}
	for _, f := range v.folders {
		if strings.HasPrefix(string(f.Path), string(p)+"/") {
			out = append(out, f.Path)
		}
	}
	return out
}

// grant gives a user or channel a role in a folder.
func (h *kbHandler) grant(ctx context.Context, req *bot.Request, args string) error {
	parts := campaignbot.SplitArgs(args)
	if len(parts) < 3 {
		return campaignbot.Errorf(campaignbot.EINVALID, "Usage: /%s grant PATH @user viewer|editor", "用法：/%s grant 路径 @用户 viewer|editor", slash(req, "kb"))
	}
	role := campaignbot.Role(strings.ToLower(parts[len(parts)-1]))
	if role != campaignbot.RoleViewer && role != campaignbot.RoleEditor && role != campaignbot.RoleOwner {
		return campaignbot.Errorf(campaignbot.EINVALID, "The role must be viewer or editor (or owner), not %q.", "角色必须是 viewer 或 editor（或 owner），而不是 %q。", parts[len(parts)-1])
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := v.folder(req, strings.Join(parts[:len(parts)-2], " "))
	if err != nil {
		return err
	}
	if err := v.need(&f.ID, campaignbot.RoleOwner); err != nil {
		return err
	}
	kind, id, label, err := principal(ctx, req, parts[len(parts)-2])
	if err != nil {
		return err
	}
	if err := h.kb.Grant(ctx, f.ID, campaignbot.Grant{Kind: kind, Principal: id, Role: role}); err != nil {
		return err
	}
	text := req.Tf("%s is now %s of %s.", "%s 现在是 %s 的 %s。", label, role, f.Path)
	if req.Lang == campaignbot.Chinese || req.Lang == campaignbot.TraditionalChinese {
		text = fmt.Sprintf("%s 现在是 %s 的 %s。", label, f.Path, role)
	}
	if !v.restricted(f) {
		text += " " + req.Tf("(The folder is not restricted, so everyone can already see and edit it.)", "（该文件夹不受限，所有人本来就能查看和编辑。）")
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: text})
}

// revoke takes a chat-made grant away.
func (h *kbHandler) revoke(ctx context.Context, req *bot.Request, args string) error {
	parts := campaignbot.SplitArgs(args)
	if len(parts) < 2 {
		return campaignbot.Errorf(campaignbot.EINVALID, "Usage: /%s revoke PATH @user", "用法：/%s revoke 路径 @用户", slash(req, "kb"))
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	f, err := v.folder(req, strings.Join(parts[:len(parts)-1], " "))
	if err != nil {
		return err
	}
	if err := v.need(&f.ID, campaignbot.RoleOwner); err != nil {
		return err
	}
	kind, id, label, err := principal(ctx, req, parts[len(parts)-1])
	if err != nil {
		return err
	}
	if err := h.kb.Revoke(ctx, f.ID, kind, id); err != nil {
		return err
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.Tf("%s no longer has access to %s through a grant.", "已撤销 %s 对 %s 的授权。", label, f.Path)})
}
