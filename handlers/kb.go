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
var kbSummary = campaignbot.Text{EN: "the knowledge base: tree, search, save, permissions (try /kb help)", ZH: "知识库：目录、搜索、保存、权限（试试 /kb help）"}

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
		{"tree", "tree", campaignbot.Text{EN: "the table of contents with file counts", ZH: "目录及文件数"}, (*kbHandler).tree},
		{"ls", "ls PATH", campaignbot.Text{EN: "list a folder: name, uploader, date, size, tags", ZH: "列出文件夹：名称、上传者、日期、大小、标签"}, (*kbHandler).ls},
		{"search", "search WORDS [in:PATH] [from:@user] [type:pdf] [after:2026-10-01] [before:…]", campaignbot.Text{EN: "search titles, names, tags and contents", ZH: "搜索标题、文件名、标签和内容"}, (*kbHandler).search},
		{"info", "info ID", campaignbot.Text{EN: "everything about a file, with its versions", ZH: "文件详情及其所有版本"}, (*kbHandler).info},
		{"save", "save PATH", campaignbot.Text{EN: "in a thread: save the files of its first message; elsewhere: the latest unfiled share here", ZH: "在话题中：保存首条消息的文件；其他地方：保存此频道最近未归档的文件"}, (*kbHandler).save},
		{"file", "file ID PATH", campaignbot.Text{EN: "save file #ID into a folder", ZH: "把文件 #ID 保存到文件夹"}, (*kbHandler).file},
		{"mkdir", "mkdir PATH", campaignbot.Text{EN: "create a folder (you become its owner)", ZH: "新建文件夹（你成为所有者）"}, (*kbHandler).mkdir},
		{"mv", "mv ID PATH | mv \"FOLDER\" \"NEW PATH\"", campaignbot.Text{EN: "move a file (all its versions) or a folder", ZH: "移动文件（含所有版本）或文件夹"}, (*kbHandler).mv},
		{"rename", "rename ID NEW-NAME | rename \"FOLDER\" NEW-NAME", campaignbot.Text{EN: "rename a file or a folder", ZH: "重命名文件或文件夹"}, (*kbHandler).rename},
		{"tag", "tag ID TAG… [-TAG…]", campaignbot.Text{EN: "add tags (-tag removes one)", ZH: "添加标签（-标签 表示删除）"}, (*kbHandler).tag},
		{"rm", "rm ID", campaignbot.Text{EN: "move a file to the recycle bin (restorable for 30 days)", ZH: "把文件移到回收站（30 天内可恢复）"}, (*kbHandler).rm},
		{"trash", "trash", campaignbot.Text{EN: "the recycle bin", ZH: "查看回收站"}, (*kbHandler).trash},
		{"restore", "restore ID", campaignbot.Text{EN: "take a file back out of the recycle bin", ZH: "从回收站恢复文件"}, (*kbHandler).restore},
		{"grant", "grant PATH @user|#channel viewer|editor", campaignbot.Text{EN: "give access to a folder (owners and admins)", ZH: "授予文件夹权限（所有者和管理员）"}, (*kbHandler).grant},
		{"revoke", "revoke PATH @user|#channel", campaignbot.Text{EN: "take access away (owners and admins)", ZH: "撤销文件夹权限（所有者和管理员）"}, (*kbHandler).revoke},
		{"archive", "archive PATH", campaignbot.Text{EN: "freeze a campaign's folder read-only (admins)", ZH: "归档活动文件夹并设为只读（管理员）"}, (*kbHandler).archive},
		{"export", "export PATH", campaignbot.Text{EN: "write a zip of a folder with index.html and index.json", ZH: "把文件夹导出为 zip（含 index.html 和 index.json）"}, (*kbHandler).export},
		{"help", "help", campaignbot.Text{EN: "this list", ZH: "显示本列表"}, (*kbHandler).help},
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
	return campaignbot.Errorf(campaignbot.EINVALID,
		"I don't know /%s %s. Try /%s help.", "不认识 /%s %s，试试 /%s help。", slash(req, "kb"), name, slash(req, "kb"))
}

// help lists the subcommands.
func (h *kbHandler) help(ctx context.Context, req *bot.Request, _ string) error {
	var b strings.Builder
	b.WriteString(req.Tf("Knowledge base commands:", "知识库命令："))
	for _, s := range kbSubs() {
		b.WriteString("\n• `/" + slash(req, "kb") + " " + s.usage + "` — " + req.T(s.help))
	}
	b.WriteString("\n")
	b.WriteString(req.Tf("Quote paths with spaces when a command takes two: /kb mv \"Double 11/Design\" \"618/Design\".",
		"命令需要两个路径时，含空格的路径请加引号：/kb mv \"Double 11/Design\" \"618/Design\"。"))
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
