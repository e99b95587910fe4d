package campaignbot

import (
	"context"
	"strings"
)

// Readers are who may see a folder, besides admins: everyone when Open;
// otherwise the principals of Grants, which are the grants on the deepest
// restricted folder at or above it and on the folders between.
type Readers struct {
	Open   bool
	Grants []Grant
}

// ReadersAt returns who may see a folder at p, whether or not it exists
// yet, among folders, which must hold every folder of the workspace.
func ReadersAt(folders []*Folder, p FolderPath) Readers {
	byPath := make(map[FolderPath]*Folder, len(folders))
	for _, f := range folders {
		byPath[f.Path] = f
	}
	var grants []Grant
	for q := p; ; {
		if f, ok := byPath[q]; ok {
			for _, g := range f.Grants {
				if g.Role.AtLeast(RoleViewer) {
					grants = append(grants, g)
				}
			}
			if f.Restricted {
				return Readers{Grants: grants}
			}
		}
		parent, ok := q.Parent()
		if !ok {
			return Readers{Open: true}
		}
		q = parent
	}
}

// IncludeChannel reports whether every member of channel may see the
// folder: it is open, or one of its grants is to that channel, named by id
// or by name.
func (r Readers) IncludeChannel(channel Channel) bool {
	if r.Open {
		return true
	}
	for _, g := range r.Grants {
		if g.Kind == PrincipalChannel && SameChannel(ChannelID(g.Principal), channel) {
			return true
		}
	}
	return false
}

// SameChannel reports whether ref, a channel id or a name with or without
// '#', names channel. An id names only the channel with that id: Slack's
// ids are upper case and its names lower case, so a channel named "g1"
// is not the channel G1. A name names the channel of that name, ignoring
// case (the console's ids are its names).
func SameChannel(ref ChannelID, channel Channel) bool {
	s := strings.TrimPrefix(strings.TrimSpace(string(ref)), "#")
	switch {
	case s == "":
		return false
	case s == string(channel.ID):
		return true
	case looksLikeChannelID(s):
		return false
	}
	return channel.Name != "" && strings.EqualFold(s, channel.Name)
}

// looksLikeChannelID reports whether s has the shape of a Slack
// conversation id (C…, G… or D… in upper case letters and digits).
func looksLikeChannelID(s string) bool {
	if len(s) < 3 || (s[0] != 'C' && s[0] != 'G' && s[0] != 'D') {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// MemberLister lists the members of channels, for deciding whether a
// folder's readers are all members of a private channel. Chat adapters
// that can list members implement it.
type MemberLister interface {
	// ChannelMembers returns the members of a channel, by id or name. A
	// channel the adapter cannot see has no members.
	ChannelMembers(ctx context.Context, channel ChannelID) ([]UserID, error)
}
