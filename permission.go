package campaignbot

import (
	"context"
	"slices"
)

// Role is what a principal may do in a knowledge-base folder.
type Role string

// Folder roles, weakest first. Editors save, move and rename; owners also
// grant and revoke.
const (
	RoleNone   Role = ""
	RoleViewer Role = "viewer"
	RoleEditor Role = "editor"
	RoleOwner  Role = "owner"
)

// rank orders roles.
func (r Role) rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleEditor:
		return 2
	case RoleOwner:
		return 3
	}
	return 0
}

// AtLeast reports whether r is min or stronger.
func (r Role) AtLeast(min Role) bool { return r.rank() >= min.rank() }

// Valid reports whether r is one of the named roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// PrincipalKind is the kind of who a Grant is for.
type PrincipalKind string

// Principal kinds.
const (
	PrincipalUser    PrincipalKind = "user"
	PrincipalGroup   PrincipalKind = "group"
	PrincipalChannel PrincipalKind = "channel"
)

// Grant gives a user, a user group or the members of a channel a role in a
// folder and its subfolders.
type Grant struct {
	Kind PrincipalKind
	// Principal is a UserID, a group handle or a ChannelID.
	Principal string
	Role      Role
	// FromConfig is true for grants made by knowledge_base.folders; they are
	// replaced when the config changes and cannot be revoked in chat.
	FromConfig bool
}

// Membership tells which channels and user groups a user belongs to. Chat
// adapters implement it; without it, grants to channels and groups match
// nobody.
type Membership interface {
	// InChannel reports whether user is a member of channel.
	InChannel(ctx context.Context, channel ChannelID, user UserID) (bool, error)
	// InGroup reports whether user belongs to the user group with the
	// given handle.
	InGroup(ctx context.Context, group string, user UserID) (bool, error)
}

// Viewer is who asks, as Access sees them.
type Viewer struct {
	User  UserID
	Admin bool
	// InChannel and InGroup answer membership; nil answers no.
	InChannel func(ChannelID) bool
	InGroup   func(string) bool
}

// matches reports whether g is for v.
func (v Viewer) matches(g Grant) bool {
	switch g.Kind {
	case PrincipalUser:
		return UserID(g.Principal) == v.User
	case PrincipalChannel:
		return v.InChannel != nil && v.InChannel(ChannelID(g.Principal))
	case PrincipalGroup:
		return v.InGroup != nil && v.InGroup(g.Principal)
	}
	return false
}

// Access is what one viewer may do in each folder of a workspace.
//
// The rules: admins own everything. Otherwise a viewer's role in a folder
// is the strongest grant matching them on the folder or its ancestors. In a
// folder that is not restricted and has no restricted ancestor, everyone is
// at least an editor. Under a restricted folder only grants on that
// restricted folder or below it count (the deepest restricted folder on the
// path decides), so a restricted folder is invisible to everyone else.
// Unfiled files are open to everyone as editors, except those held for one
// user (File.HeldFor): only that user, who owns them, may see them.
type Access struct {
	roles  map[int64]Role
	byPath map[FolderPath]*Folder
	v      Viewer
}

// NewAccess computes v's roles in folders, which must hold every folder of
// the workspace.
func NewAccess(folders []*Folder, v Viewer) *Access {
	a := &Access{roles: make(map[int64]Role, len(folders)), byPath: make(map[FolderPath]*Folder, len(folders)), v: v}
	for _, f := range folders {
		a.byPath[f.Path] = f
	}
	for _, f := range folders {
		a.roles[f.ID] = a.roleAt(f.Path)
	}
	return a
}

// roleAt computes the viewer's role in a folder at p, which need not
// exist: the grants of the existing folders on its path decide.
func (a *Access) roleAt(p FolderPath) Role {
	if a.v.Admin {
		return RoleOwner
	}
	// chain from p up to the root.
	var chain []*Folder
	for {
		if g, ok := a.byPath[p]; ok {
			chain = append(chain, g)
		}
		parent, ok := p.Parent()
		if !ok {
			break
		}
		p = parent
	}
	restricted := slices.IndexFunc(chain, func(g *Folder) bool { return g.Restricted })
	if restricted >= 0 {
		chain = chain[:restricted+1]
	}
	best := RoleNone
	for _, g := range chain {
		for _, gr := range g.Grants {
			if gr.Role.rank() > best.rank() && a.v.matches(gr) {
				best = gr.Role
			}
		}
	}
	if restricted < 0 && best.rank() < RoleEditor.rank() {
		best = RoleEditor
	}
	return best
}

// Role returns the viewer's role in the folder with the given ID; nil means
// unfiled, where everyone is an editor.
func (a *Access) Role(folderID *int64) Role {
	if folderID == nil {
		if a.v.Admin {
			return RoleOwner
		}
		return RoleEditor
	}
	return a.roles[*folderID]
}

// RoleAt returns the role the viewer has, or would have, in a folder at p
// whether or not it exists yet.
func (a *Access) RoleAt(p FolderPath) Role {
	if f, ok := a.byPath[p]; ok {
		return a.roles[f.ID]
	}
	return a.roleAt(p)
}

// FileRole returns the viewer's role on an entry: its folder's, and for an
// unfiled entry held for a user, owner for that user and none for anyone
// else, admins included.
func (a *Access) FileRole(f *File) Role {
	if f.FolderID == nil && f.HeldFor != "" {
		if f.HeldFor == a.v.User {
			return RoleOwner
		}
		return RoleNone
	}
	return a.Role(f.FolderID)
}

// Can reports whether the viewer has at least role min in the folder.
func (a *Access) Can(folderID *int64, min Role) bool { return a.Role(folderID).AtLeast(min) }

// CanSee reports whether the viewer may see the folder and its files.
func (a *Access) CanSee(folderID *int64) bool { return a.Can(folderID, RoleViewer) }

// CanSeeFile reports whether the viewer may see the entry.
func (a *Access) CanSeeFile(f *File) bool { return a.FileRole(f).AtLeast(RoleViewer) }

// Visible returns the IDs of the folders the viewer may see, sorted.
func (a *Access) Visible() []int64 {
	ids := make([]int64, 0, len(a.roles))
	for id, r := range a.roles {
		if r.AtLeast(RoleViewer) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
