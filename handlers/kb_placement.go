package handlers

import (
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// privateFolderRoot is where files shared in private channels go when no
// filing rule may take them: one folder per channel, restricted to its
// members. Only the bot (and admins) make, move or rename the root and the
// channels' folders in it, so nobody can claim a channel's folder before
// the channel's first file arrives; inside a channel's folder its members
// organise as anywhere else.
const privateFolderRoot = "Private channels"

// reservedPath reports whether p is the private-channel root or a
// channel's folder in it, in any case.
func reservedPath(p campaignbot.FolderPath) bool {
	top, _, _ := strings.Cut(string(p), "/")
	return strings.EqualFold(top, privateFolderRoot) && p.Depth() <= 2
}

// errCannotPlace is the one answer for every path the user may not create
// a folder at or move one to: taken by a folder they may not see, under
// the private-channel root, or under a folder they may not edit or that is
// archived. A hidden folder is thus refused like any other such path.
func errCannotPlace(p campaignbot.FolderPath) error {
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.you-cannot-create-or-move-a", p))
}

// placeFolder checks that the user may have a folder at p, created or
// moved there (moving is the folder moved, nil for a new one), and returns
// p with its parent spelt as stored. Restricted paths the config declares
// and the private-channel folders are for admins only. The parent must appear to the user (a
// hidden or missing parent is missing, in the same words). Paths are
// unique ignoring case: a folder that appears at p is a conflict; an
// implicit one that does not appear (it holds only what the user may not
// see) is answered like a missing path, and is taken over; any other
// folder at p is hidden, and refused like every path the user may not use.
func (v *kbView) placeFolder(req *bot.Request, p campaignbot.FolderPath, moving *campaignbot.Folder) (campaignbot.FolderPath, error) {
	admin := req.User.IsAdmin
	if reservedPath(p) && !admin {
		return "", errCannotPlace(p)
	}

	if pp, ok := p.Parent(); ok {
		parent, err := v.folder(req, string(pp))
		if err != nil {
			return "", err
		}
		p = campaignbot.FolderPath(string(parent.Path) + "/" + p.Name())
		if reservedPath(p) && !admin {
			return "", errCannotPlace(p)
		}
		if parent.Archived || !v.access.Can(&parent.ID, campaignbot.RoleEditor) {
			return "", errCannotPlace(p)
		}
	}
	for _, f := range v.folders {
		if !strings.EqualFold(string(f.Path), string(p)) || (moving != nil && f.ID == moving.ID) {
			continue
		}
		switch {
		case v.appears[f.ID]:
			return "", campaignbot.NewError(campaignbot.ECONFLICT, campaignbot.T("handlers.the-folder-already-exists", f.Path))
		case !f.Implicit || !v.access.CanSee(&f.ID):
			return "", errCannotPlace(p)
		}
	}
	// A restricted path the config declares keeps its members: only admins
	// put a folder there (a member's own restricted folder moved there
	// would bring its members along).
	if decl, declared := declaredFolder(req.Config, p); declared && decl.Restricted && !admin {
		return "", errCannotPlace(p)
	}
	return p, nil
}

// hiddenBelow returns the folders below the folder at p that the user may
// not see: a move by them leaves these where they are.
func (v *kbView) hiddenBelow(p campaignbot.FolderPath) []int64 {
	var out []int64
	for _, f := range v.folders {
		if strings.HasPrefix(string(f.Path), string(p)+"/") && !v.access.CanSee(&f.ID) {
			out = append(out, f.ID)
		}
	}
	return out
}

// restricted reports whether the folder, or a folder above it, is
// restricted: whether not everyone may see it.
func (v *kbView) restricted(f *campaignbot.Folder) bool {
	return !campaignbot.ReadersAt(v.folders, f.Path).Open
}

// at returns the folder at p, seen or not: the one spelt exactly so, else
// the first one equal to it ignoring case; nil when there is none.
func (v *kbView) at(p campaignbot.FolderPath) *campaignbot.Folder {
	var fold *campaignbot.Folder
	for _, f := range v.folders {
		if f.Path == p {
			return f
		}
		if fold == nil && strings.EqualFold(string(f.Path), string(p)) {
			fold = f
		}
	}
	return fold
}

// spelt returns p as the folder there is spelt, or p when there is none.
func (v *kbView) spelt(p campaignbot.FolderPath) campaignbot.FolderPath {
	if f := v.at(p); f != nil {
		return f.Path
	}
	return p
}

// taken reports whether any folder, seen or not, is at p ignoring case.
func (v *kbView) taken(p campaignbot.FolderPath) bool { return v.at(p) != nil }
