package handlers

import (
	"context"
	"log/slog"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
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

// configureFolder gives the folder the config declares as f its
// restriction and grants, creating it when missing, and logs the grants
// made in chat that its new restriction dropped.
func (h *kbHandler) configureFolder(ctx context.Context, req *bot.Request, f config.Folder) error {
	var grants []campaignbot.Grant
	for _, u := range f.Members {
		grants = append(grants, campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: string(u), Role: campaignbot.RoleEditor})
	}
	for _, g := range f.Groups {
		grants = append(grants, campaignbot.Grant{Kind: campaignbot.PrincipalGroup, Principal: g, Role: campaignbot.RoleEditor})
	}
	for _, c := range f.Channels {
		grants = append(grants, campaignbot.Grant{Kind: campaignbot.PrincipalChannel, Principal: string(c), Role: campaignbot.RoleEditor})
	}
	change, err := h.kb.ConfigureFolder(ctx, req.Workspace, f.Path, f.Restricted, grants)
	if err != nil {
		return err
	}
	logDropped(h.log, req.Workspace, "the config restricts the folder", change.Dropped)
	return nil
}

// logDropped logs the grants made in chat that a new restriction removed.
func logDropped(log *slog.Logger, ws campaignbot.WorkspaceID, why string, dropped []campaignbot.DroppedGrant) {
	for _, d := range dropped {
		log.Info("dropped a grant made in chat: "+why, "workspace", ws, "folder", d.Path,
			"kind", d.Grant.Kind, "principal", d.Grant.Principal, "role", d.Grant.Role)
	}
}

// declaredFolder returns the config's declaration of the folder at p,
// ignoring case, and whether there is one.
func declaredFolder(cfg *config.Config, p campaignbot.FolderPath) (config.Folder, bool) {
	for _, f := range cfg.KnowledgeBase.Folders {
		if strings.EqualFold(string(f.Path), string(p)) {
			return f, true
		}
	}
	return config.Folder{}, false
}
