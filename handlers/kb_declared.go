package handlers

import (
	"context"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// restoreDeclared makes the folder the config declares at p (if any) what
// the config says when it is not: missing (moved away), implicit, or not
// restricted as declared (a folder made in chat where a restricted one
// was). Filing into it then never files into an open folder the config
// means to restrict. It returns the view, reloaded when it changed.
func (h *kbHandler) restoreDeclared(ctx context.Context, req *bot.Request, v *kbView, p campaignbot.FolderPath) (*kbView, error) {
	decl, ok := declaredFolder(req.Config, p)
	if !ok {
		return v, nil
	}
	if f := v.at(p); f != nil && !f.Implicit && f.Restricted == decl.Restricted {
		return v, nil
	}
	if err := h.configureFolder(ctx, req, decl); err != nil {
		return v, err
	}
	return h.view(ctx, req)
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
