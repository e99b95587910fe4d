package handlers

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// kbView is the knowledge base as one user may see it.
type kbView struct {
	folders []*campaignbot.Folder
	byID    map[int64]*campaignbot.Folder
	access  *campaignbot.Access
	// appears holds the folders that appear to the user: those they may
	// see, except implicit folders holding nothing they may see (see
	// campaignbot.Folder.Implicit). Everything else answers as missing.
	appears map[int64]bool
}

// view loads the folders and computes what req's user may do in each.
// Channel and group membership come from the chat adapter when it
// implements campaignbot.Membership; without it they grant nothing.
func (h *kbHandler) view(ctx context.Context, req *bot.Request) (*kbView, error) {
	if err := h.ensureConfig(ctx, req); err != nil {
		return nil, err
	}
	folders, err := h.kb.Folders(ctx, req.Workspace)
	if err != nil {
		return nil, err
	}
	v := campaignbot.Viewer{User: req.User.ID, Admin: req.User.IsAdmin}
	if m := membershipOf(req.Chat); m != nil {
		channels, groups := map[campaignbot.ChannelID]bool{}, map[string]bool{}
		v.InChannel = func(c campaignbot.ChannelID) bool {
			in, seen := channels[c]
			if !seen {
				var err error
				if in, err = m.InChannel(ctx, c, req.User.ID); err != nil {
					h.log.Warn("channel membership unknown; denying", "channel", c, "user", req.User.ID, "err", err)
				}
				channels[c] = in
			}
			return in
		}
		v.InGroup = func(g string) bool {
			in, seen := groups[g]
			if !seen {
				var err error
				if in, err = m.InGroup(ctx, g, req.User.ID); err != nil {
					h.log.Warn("group membership unknown; denying", "group", g, "user", req.User.ID, "err", err)
				}
				groups[g] = in
			}
			return in
		}
	}
	kv := &kbView{folders: folders, byID: make(map[int64]*campaignbot.Folder, len(folders)), access: campaignbot.NewAccess(folders, v)}
	for _, f := range folders {
		kv.byID[f.ID] = f
	}
	if err := kv.findAppearing(ctx, h.kb, req.Workspace); err != nil {
		return nil, err
	}
	return kv, nil
}

// findAppearing decides which folders appear to the user, deepest first:
// a folder they may see appears when it was made on purpose, when a
// subfolder appears, or when it holds a live file. Only implicit folders
// with no appearing subfolder cost a query, which the file index answers.
func (v *kbView) findAppearing(ctx context.Context, kb campaignbot.KnowledgeBase, ws campaignbot.WorkspaceID) error {
	v.appears = make(map[int64]bool, len(v.folders))
	childAppears := map[campaignbot.FolderPath]bool{}
	for i := len(v.folders) - 1; i >= 0; i-- {
		f := v.folders[i]
		if !v.access.CanSee(&f.ID) {
			continue
		}
		appears := !f.Implicit || childAppears[f.Path]
		if !appears {
			files, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: ws, FolderID: &f.ID, Limit: 1})
			if err != nil {
				return err
			}
			appears = len(files) > 0
		}
		if appears {
			v.appears[f.ID] = true
			if parent, ok := f.Path.Parent(); ok {
				childAppears[parent] = true
			}
		}
	}
	return nil
}

// appearing returns the folders that appear to the user, in tree order.
func (v *kbView) appearing() []*campaignbot.Folder {
	out := make([]*campaignbot.Folder, 0, len(v.appears))
	for _, f := range v.folders {
		if v.appears[f.ID] {
			out = append(out, f)
		}
	}
	return out
}

// appearsIn reports whether the folder with the given ID appears to the
// user; nil (unfiled) never does.
func (v *kbView) appearsIn(folderID *int64) bool { return folderID != nil && v.appears[*folderID] }

// membershipOf returns what the chat knows about channel and group
// membership: its campaignbot.Membership, else group membership from a
// bot.GroupDirectory (channel membership unknown: no), else nil.
func membershipOf(chat bot.Chat) campaignbot.Membership {
	if m, ok := chat.(campaignbot.Membership); ok {
		return m
	}
	if g, ok := chat.(bot.GroupDirectory); ok {
		return groupMembership{g}
	}
	return nil
}

// groupMembership answers group membership from a bot.GroupDirectory.
type groupMembership struct{ dir bot.GroupDirectory }

// InChannel implements campaignbot.Membership: unknown, so no.
func (groupMembership) InChannel(context.Context, campaignbot.ChannelID, campaignbot.UserID) (bool, error) {
	return false, nil
}

// InGroup implements campaignbot.Membership.
func (m groupMembership) InGroup(ctx context.Context, group string, user campaignbot.UserID) (bool, error) {
	members, err := m.dir.GroupMembers(ctx, group)
	if err != nil {
		return false, err
	}
	return slices.Contains(members, user), nil
}

// path returns the folder path of a file's folder, "" when unfiled.
func (v *kbView) path(folderID *int64) campaignbot.FolderPath {
	if folderID == nil {
		return ""
	}
	if f := v.byID[*folderID]; f != nil {
		return f.Path
	}
	return ""
}

// folder finds a folder that appears to the user by path: the one spelt
// exactly so, else the one equal to it ignoring case. Folders the user may
// not see are never found: they are reported as missing, in the same
// words, so that their existence does not leak. Two visible folders that
// differ only in case (made before paths were unique ignoring case) are
// not guessed between.
func (v *kbView) folder(req *bot.Request, typed string) (*campaignbot.Folder, error) {
	p, err := campaignbot.ParseFolderPath(unquote(typed))
	if err != nil {
		return nil, err
	}
	var fold []*campaignbot.Folder
	for _, f := range v.appearing() {
		if f.Path == p {
			return f, nil
		}
		if strings.EqualFold(string(f.Path), string(p)) {
			fold = append(fold, f)
		}
	}
	switch len(fold) {
	case 0:
		return nil, v.notFound(req, p)
	case 1:
		return fold[0], nil
	}
	paths := make([]string, len(fold))
	for i, f := range fold {
		paths[i] = string(f.Path)
	}
	return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.several-folders-are-called-in-different", p, strings.Join(paths, ", ")))
}

// notFound explains that a folder does not exist, with suggestions among
// the folders the user may see.
func (v *kbView) notFound(req *bot.Request, p campaignbot.FolderPath) error {
	want := strings.ToLower(p.Name())
	var close, top []string
	for _, f := range v.appearing() {
		if strings.Contains(strings.ToLower(string(f.Path)), want) && len(close) < 5 {
			close = append(close, string(f.Path))
		}
		if f.Path.Depth() == 1 {
			top = append(top, string(f.Path))
		}
	}
	hint := close
	if len(hint) == 0 {
		hint = top
	}
	if len(hint) == 0 {
		return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-folder-yet-create", p, slash(req, "kb"), p))
	}
	return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-folder-did-you", p, strings.Join(hint, ", "), slash(req, "kb")))
}

// need returns EFORBIDDEN unless the user has role min in the folder.
func (v *kbView) need(folderID *int64, min campaignbot.Role) error {
	if v.access.Can(folderID, min) {
		return nil
	}
	p := v.path(folderID)
	if min == campaignbot.RoleOwner {
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-owners-of-and-admins-can", p))
	}
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.you-need-to-be-an-editor", p))
}

// needFile returns EFORBIDDEN unless the user has role min on the entry.
func (v *kbView) needFile(f *campaignbot.File, min campaignbot.Role) error {
	if v.access.FileRole(f).AtLeast(min) {
		return nil
	}
	return v.need(f.FolderID, min)
}

// fileFor returns the live or trashed entry with the typed number when
// the user may see it; otherwise ENOTFOUND, in the words of a missing one.
func (h *kbHandler) fileFor(ctx context.Context, req *bot.Request, v *kbView, typed string) (*campaignbot.File, error) {
	n, err := parseFileNumber(typed)
	if err != nil {
		return nil, err
	}
	f, err := h.kb.FileByNumber(ctx, req.Workspace, n)
	if err != nil {
		return nil, err
	}
	if !v.access.CanSeeFile(f) {
		return nil, errNoSuchFile(n)
	}
	return f, nil
}

// errNoSuchFile is the answer for an entry that does not exist or that the
// user may not see.
func errNoSuchFile(n int64) error {
	return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.there-is-no-file", n))
}

// visibleFiles keeps the entries the user may see.
func (v *kbView) visibleFiles(files []*campaignbot.File) []*campaignbot.File {
	out := files[:0:0]
	for _, f := range files {
		if v.access.CanSeeFile(f) {
			out = append(out, f)
		}
	}
	return out
}

// earlierCopyVisible reports whether the user may see an entry with the
// same bytes as f added before it, which alone may be called a re-share.
func (h *kbHandler) earlierCopyVisible(ctx context.Context, req *bot.Request, v *kbView, f *campaignbot.File) (bool, error) {
	copies, err := h.kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: req.Workspace, SHA256: f.SHA256, Holder: req.User.ID})
	if err != nil {
		return false, err
	}
	for _, c := range v.visibleFiles(copies) {
		if c.ID < f.ID {
			return true, nil
		}
	}
	return false, nil
}

// parseFileNumber reads a file number such as 7 or #7.
func parseFileNumber(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || n <= 0 {
		return 0, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.is-not-a-file-number-file", s))
	}
	return n, nil
}

// typedArgs turns canonical markup back into what the user typed, keeping
// user and channel mentions as <@ID> and <#ID> so they can be resolved.
func typedArgs(s string) string {
	var b strings.Builder
	for _, t := range bot.ParseText(s).Tokens {
		switch t.Kind {
		case bot.TokenUser:
			b.WriteString(bot.MentionUser(campaignbot.UserID(t.ID)))
		case bot.TokenChannel:
			b.WriteString(bot.MentionChannel(campaignbot.ChannelID(t.ID)))
		case bot.TokenText:
			b.WriteString(t.Text)
		default:
			if t.Label != "" {
				b.WriteString(t.Label)
			} else {
				b.WriteString(t.ID)
			}
		}
	}
	return b.String()
}

// unquote removes one pair of surrounding quotes.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if a := quotedArg(s); a != "" {
		return a
	}
	return s
}

// quotedArg returns s without its surrounding quotes when s is one quoted
// argument, and "" otherwise.
func quotedArg(s string) string {
	parts := campaignbot.SplitArgs(s)
	if len(parts) == 1 && len(s) > 0 && strings.ContainsRune("\"'“‘「", []rune(s)[0]) {
		return parts[0]
	}
	return ""
}

// principal resolves @user, a user mention, #channel or a channel mention.
func principal(ctx context.Context, req *bot.Request, s string) (campaignbot.PrincipalKind, string, string, error) {
	s = strings.TrimSpace(s)
	p := bot.ParseText(s)
	switch {
	case len(p.Users) == 1:
		return campaignbot.PrincipalUser, string(p.Users[0]), "@" + userLabel(ctx, req, p.Users[0]), nil
	case len(p.Channels) == 1:
		return campaignbot.PrincipalChannel, string(p.Channels[0]), "#" + string(p.Channels[0]), nil
	case strings.HasPrefix(s, "#"):
		c, err := req.Chat.Channel(ctx, campaignbot.ChannelID(strings.TrimPrefix(s, "#")))
		if err != nil {
			return "", "", "", err
		}
		return campaignbot.PrincipalChannel, string(c.ID), "#" + c.Name, nil
	}
	u, err := req.Chat.UserByName(ctx, strings.TrimPrefix(s, "@"))
	if err != nil {
		return "", "", "", campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.i-don-t-know-the-user", s))
	}
	return campaignbot.PrincipalUser, string(u.ID), "@" + u.Name, nil
}

// userLabel returns a user's handle, or the id when unknown.
func userLabel(ctx context.Context, req *bot.Request, id campaignbot.UserID) string {
	if u, err := req.Chat.User(ctx, id); err == nil && u.Name != "" {
		return u.Name
	}
	return string(id)
}
