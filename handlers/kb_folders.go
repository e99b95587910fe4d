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
		m += " 🔒" + req.T(campaignbot.T("handlers.restricted"))
	}
	if f.Archived {
		m += " 📦" + req.T(campaignbot.T("handlers.archived"))
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
		lines = append(lines, req.T(campaignbot.T("handlers.unfiled-save-them-with-kb-save", counts[0])))
	}
	if len(lines) == 0 {
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.the-knowledge-base-is-empty-create"))
	}
	head := req.T(campaignbot.Tn("handlers.knowledge-base-files-you-can-see", total, total))
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: head + "\n" + strings.Join(lines, "\n")})
}

// fileLine describes one entry in a listing.
func fileLine(req *bot.Request, f *campaignbot.File) string {
	line := fmt.Sprintf("#%d *%s*", f.Number, f.Name)
	if f.Version > 1 {
		line += fmt.Sprintf(" v%d", f.Version)
	}
	if f.Versions > 1 {
		line += req.T(campaignbot.Tn("handlers.versions", f.Versions, f.Versions))
	}
	if f.Title != "" && f.Title != f.Name {
		line += " “" + f.Title + "”"
	}
	if f.HeldFor != "" {
		line += " 🔒" + req.T(campaignbot.T("handlers.only-you-until-you-save-it"))
	}
	line += fmt.Sprintf(" — %s, %s, %s", bot.MentionUser(f.Uploader), f.SharedAt.In(req.Config.Timezone).Format("2006-01-02"), campaignbot.FormatSize(f.Size))
	if len(f.Tags) > 0 {
		line += ", " + req.T(campaignbot.T("handlers.tags-f2b390")) + strings.Join(f.Tags, ", ")
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
		return req.T(campaignbot.T("handlers.there-is-no-page-files-make", page, total, pages))
	}
	line := req.T(campaignbot.T("handlers.files-of", offset+1, offset+shown, total))
	if left := total - offset - shown; left > 0 {
		line += " " + req.T(campaignbot.T("handlers.more-page", left, more, page+1))
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
		title = req.T(campaignbot.T("handlers.top-level"))
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
		lines = append(lines, req.T(campaignbot.T("handlers.empty")))
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
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.created-the-folder-you-own-it", f.Path))}, nil, f.Path)
}

// twoPaths splits `"FROM" "TO"`.
func twoPaths(req *bot.Request, args string) (string, string, error) {
	parts := campaignbot.SplitArgs(args)
	if len(parts) != 2 {
		return "", "", campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.give-two-folder-paths-quoted-when", slash(req, "kb")))
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
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.the-folders-under-belong-to-their", privateFolderRoot))
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
	text := req.T(campaignbot.T("handlers.moved-the-folder-to", from.Path, change.Folder.Path))
	if change.Relocked {
		text += " " + req.T(campaignbot.T("handlers.it-is-inside-a-restricted-folder"))
	}
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: text}, nil, from.Path, change.Folder.Path)
}

// archive freezes a folder and everything in it (admins only).
func (h *kbHandler) archive(ctx context.Context, req *bot.Request, args string) error {
	if !req.User.IsAdmin {
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-admins-can-archive-folders"))
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
	return replyAbout(ctx, req, v, campaignbot.OutgoingMessage{Text: req.T(campaignbot.Tn("handlers.archived-folders-it-is-read-only", n, f.Path, n, slash(req, "kb"), f.Path))}, nil, v.subtree(f.Path)...)
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
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.usage-grant-path-user-viewer-editor", slash(req, "kb")))
	}
	role := campaignbot.Role(strings.ToLower(parts[len(parts)-1]))
	if role != campaignbot.RoleViewer && role != campaignbot.RoleEditor && role != campaignbot.RoleOwner {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.the-role-must-be-viewer-or", parts[len(parts)-1]))
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
	text := req.T(campaignbot.T("handlers.is-now-of", label, role, f.Path))
	if !v.restricted(f) {
		text += " " + req.T(campaignbot.T("handlers.the-folder-is-not-restricted-so"))
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: text})
}

// revoke takes a chat-made grant away.
func (h *kbHandler) revoke(ctx context.Context, req *bot.Request, args string) error {
	parts := campaignbot.SplitArgs(args)
	if len(parts) < 2 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.usage-revoke-path-user", slash(req, "kb")))
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
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.no-longer-has-access-to-through", label, f.Path))})
}
