package handlers

import (
	"context"
	"log/slog"
	"strings"
	"sync"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// kbHandler answers /kb and the knowledge base's buttons, shortcut and
// form.
type kbHandler struct {
	kb        campaignbot.KnowledgeBase
	blobs     campaignbot.BlobStore
	indexer   *Indexer
	files     *fileShareHandler
	exportDir string
	log       *slog.Logger

	// configured remembers the workspaces whose folders match a config.
	configured sync.Map // configKey -> struct{}
}

// configKey is a workspace under one loaded config.
type configKey struct {
	ws  campaignbot.WorkspaceID
	cfg *config.Config
}

// kbSummary is the /help line of /kb.
var kbSummary = campaignbot.T("handlers.the-knowledge-base-tree-search-save")

// kbSub is one /kb subcommand.
type kbSub struct {
	name  string
	usage string
	help  campaignbot.Text
	run   func(h *kbHandler, ctx context.Context, req *bot.Request, args string) error
}

// kbSubs lists the subcommands in the order /kb help shows them.
func kbSubs() []kbSub {
	return []kbSub{
		{"tree", "tree", campaignbot.T("handlers.the-table-of-contents-with-file"), (*kbHandler).tree},
		{"ls", "ls PATH", campaignbot.T("handlers.list-a-folder-name-uploader-date"), (*kbHandler).ls},
		{"search", "search WORDS [in:PATH] [from:@user] [type:pdf] [after:2026-10-01] [before:…]", campaignbot.T("handlers.search-titles-names-tags-and-contents"), (*kbHandler).search},
		{"info", "info ID", campaignbot.T("handlers.everything-about-a-file-with-its"), (*kbHandler).info},
		{"save", "save PATH", campaignbot.T("handlers.in-a-thread-save-the-files"), (*kbHandler).save},
		{"file", "file ID PATH", campaignbot.T("handlers.save-file-id-into-a-folder"), (*kbHandler).file},
		{"mkdir", "mkdir PATH", campaignbot.T("handlers.create-a-folder-you-become-its"), (*kbHandler).mkdir},
		{"mv", "mv ID PATH | mv \"FOLDER\" \"NEW PATH\"", campaignbot.T("handlers.move-a-file-all-its-versions"), (*kbHandler).mv},
		{"rename", "rename ID NEW-NAME | rename \"FOLDER\" NEW-NAME", campaignbot.T("handlers.rename-a-file-or-a-folder"), (*kbHandler).rename},
		{"tag", "tag ID TAG… [-TAG…]", campaignbot.T("handlers.add-tags-tag-removes-one"), (*kbHandler).tag},
		{"rm", "rm ID", campaignbot.T("handlers.move-a-file-to-the-recycle"), (*kbHandler).rm},
		{"trash", "trash", campaignbot.T("handlers.the-recycle-bin"), (*kbHandler).trash},
		{"restore", "restore ID", campaignbot.T("handlers.take-a-file-back-out-of"), (*kbHandler).restore},
		{"grant", "grant PATH @user|#channel viewer|editor", campaignbot.T("handlers.give-access-to-a-folder-owners"), (*kbHandler).grant},
		{"revoke", "revoke PATH @user|#channel", campaignbot.T("handlers.take-access-away-owners-and-admins"), (*kbHandler).revoke},
		{"archive", "archive PATH", campaignbot.T("handlers.freeze-a-campaign-s-folder-read"), (*kbHandler).archive},
		{"export", "export PATH", campaignbot.T("handlers.write-a-zip-of-a-folder"), (*kbHandler).export},
		{"help", "help", campaignbot.T("handlers.this-list"), (*kbHandler).help},
	}
}

// handle dispatches /kb SUBCOMMAND ARGS.
func (h *kbHandler) handle(ctx context.Context, req *bot.Request) error {
	if err := h.ensureConfig(ctx, req); err != nil {
		return err
	}
	args := typedArgs(req.Args)
	name, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	name = strings.ToLower(name)
	if name == "" {
		name = "help"
	}
	for _, s := range kbSubs() {
		if s.name == name {
			return s.run(h, ctx, req, strings.TrimSpace(rest))
		}
	}
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-don-t-know-try-help", slash(req, "kb"), name, slash(req, "kb")))
}

// help lists the subcommands.
func (h *kbHandler) help(ctx context.Context, req *bot.Request, _ string) error {
	var b strings.Builder
	b.WriteString(req.T(campaignbot.T("handlers.knowledge-base-commands")))
	for _, s := range kbSubs() {
		b.WriteString("\n• `/" + slash(req, "kb") + " " + s.usage + "` — " + req.T(s.help))
	}
	b.WriteString("\n")
	b.WriteString(req.T(campaignbot.T("handlers.quote-paths-with-spaces-when-a")))
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}

// ensureConfig creates the configured folders of the request's workspace
// with their restrictions and grants, once per workspace and loaded config.
func (h *kbHandler) ensureConfig(ctx context.Context, req *bot.Request) error {
	key := configKey{ws: req.Workspace, cfg: req.Config}
	if _, ok := h.configured.Load(key); ok {
		return nil
	}
	for _, f := range req.Config.KnowledgeBase.Folders {
		if err := h.configureFolder(ctx, req, f); err != nil {
			return err
		}
	}
	h.configured.Store(key, struct{}{})
	return nil
}
