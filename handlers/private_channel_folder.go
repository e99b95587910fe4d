package handlers

import (
	"context"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// privateChannelFolder returns the restricted folder of the request's
// private channel, whose members may edit it. A channel's folder is bound
// to the channel's id by its channel grant, not to its name: it is the
// folder under Private channels with that grant, made the first time as
// Private channels/NAME-ID (the console's ids are its names: NAME). The
// id makes the path the channel's own, so choosing it never depends on
// folders the sharer may not see (another channel's folder under an old
// name). When the channel was renamed, its folder follows the new name.
func (h *fileShareHandler) privateChannelFolder(ctx context.Context, req *bot.Request, v *kbView) (campaignbot.FolderPath, error) {
	ch := req.Channel
	name := ch.Name
	if name == "" {
		name = string(ch.ID)
	}
	plain, err := channelFolderPath(name)
	if err != nil {
		return "", err
	}
	own := plain
	if string(ch.ID) != name {
		if own, err = channelFolderPath(name + "-" + string(ch.ID)); err != nil {
			return "", err
		}
	}
	if bound := v.channelFolder(ch.ID); bound != nil {
		if strings.EqualFold(string(bound.Path), string(plain)) || strings.EqualFold(string(bound.Path), string(own)) {
			return bound.Path, nil
		}
		change, err := h.kb.MoveFolder(ctx, req.Workspace, campaignbot.FolderMove{From: bound.Path, To: own})
		switch {
		case campaignbot.ErrorCode(err) == campaignbot.ECONFLICT:
			return bound.Path, nil
		case err != nil:
			return "", err
		}
		h.log.Info("a private channel's folder follows the channel's new name", "workspace", req.Workspace, "channel", ch.ID, "from", bound.Path, "to", change.Folder.Path)
		return change.Folder.Path, nil
	}
	grants := []campaignbot.Grant{{Kind: campaignbot.PrincipalChannel, Principal: string(ch.ID), Role: campaignbot.RoleEditor}}
	change, err := h.kb.ConfigureFolder(ctx, req.Workspace, own, true, grants)
	if err != nil {
		return "", err
	}
	return change.Folder.Path, nil
}

// channelFolderPath is the path of the folder of a channel named name.
func channelFolderPath(name string) (campaignbot.FolderPath, error) {
	return campaignbot.ParseFolderPath(privateFolderRoot + "/" + strings.ReplaceAll(name, "/", "-"))
}

// channelFolder returns the folder bound to the private channel ch: the
// restricted folder right under Private channels that the bot granted to
// ch; nil when there is none.
func (v *kbView) channelFolder(ch campaignbot.ChannelID) *campaignbot.Folder {
	for _, f := range v.folders {
		parent, ok := f.Path.Parent()
		if !ok || !strings.EqualFold(string(parent), privateFolderRoot) || !f.Restricted {
			continue
		}
		for _, g := range f.Grants {
			if g.FromConfig && g.Kind == campaignbot.PrincipalChannel && campaignbot.ChannelID(g.Principal) == ch {
				return f
			}
		}
	}
	return nil
}
