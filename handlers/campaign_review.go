package handlers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/kbexport"
	"github.com/campaignbot/campaignbot/review"
)

// compileReview compiles campaign id's review as of now, in the config's
// language (it is posted in the campaign channel), and saves it into the
// campaign's review folder as the asker. It returns the campaign, the
// report and what was saved; saved is nil when the folder is archived and
// keep is set (archive), else that is an error.
func (h *campaignHandler) compileReview(ctx context.Context, req *bot.Request, id string, keep bool) (campaignbot.Campaign, []campaignbot.Campaign, *review.Report, *review.Saved, error) {
	var none campaignbot.Campaign
	if h.reviews == nil || h.kb == nil {
		return none, nil, nil, nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.reviews-are-not-available-here"))
	}
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return none, nil, nil, nil, err
	}
	c, err := findCampaign(req, cs, strings.TrimSpace(id))
	if err != nil {
		return none, nil, nil, nil, err
	}
	v, err := h.kb.view(ctx, req)
	if err != nil {
		return c, cs, nil, nil, err
	}
	if !v.access.RoleAt(c.ReviewFolder).AtLeast(campaignbot.RoleEditor) {
		return c, cs, nil, nil, campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.the-review-of-is-saved-into", c.Name, c.ReviewFolder))
	}
	compiler := *h.reviews
	compiler.Directory = req.Chat
	rep, err := compiler.Compile(ctx, review.Options{Workspace: req.Workspace, Campaign: c, All: cs, At: req.Now,
		Location: campaignZone(c, req.Config.Timezone), Language: req.Config.CampaignLanguage(c.ID)})
	if err != nil {
		return c, cs, nil, nil, err
	}
	saved, err := compiler.Save(ctx, req.Workspace, rep, req.User.ID)
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.EFORBIDDEN && keep:
		return c, cs, rep, nil, nil
	case campaignbot.ErrorCode(err) == campaignbot.EFORBIDDEN:
		return c, cs, nil, nil, campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.the-review-folder-is-archived-and", c.ReviewFolder))
	case err != nil:
		return c, cs, nil, nil, err
	}
	return c, cs, rep, saved, nil
}

// reviewCommand answers /campaign review ID (复盘) for those who may save
// into the campaign's review folder: the review is compiled as of now, saved into the campaign's review folder and posted in the
// campaign channel with the numbers of its files; the asker is told where.
// The review names only what every member of the channel may see (see
// package review).
func (h *campaignHandler) reviewCommand(ctx context.Context, req *bot.Request, id string) error {
	c, _, rep, saved, err := h.compileReview(ctx, req, id, false)
	if err != nil {
		return err
	}
	ch, err := req.Chat.Channel(ctx, c.Channel)
	if err != nil {
		return fmt.Errorf("campaign review: channel %s: %w", c.Channel, err)
	}
	if _, err := req.Chat.Send(ctx, campaignbot.Recipient{Channel: ch.ID}, rep.Announcement(saved, slash(req, "kb"))); err != nil {
		var de *campaignbot.DeliveryError
		if errors.As(err, &de) && (de.Reason == "not_in_channel" || de.Reason == "channel_not_found") {
			return campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("handlers.i-saved-the-review-to-file", saved.Folder, saved.HTML.Number, ch.Name, req.Chat.BotUser().Name), err)
		}
		return fmt.Errorf("campaign review: %w", err)
	}
	return req.ReplyPrivateText(ctx, campaignbot.T("handlers.posted-the-review-of-in-and", c.Name, ch.Name, saved.Folder, saved.HTML.Number, saved.HTML.Name, saved.Markdown.Number, saved.Markdown.Name))
}

// campaignRoot is the folder holding a campaign's folders: its review
// folder's parent, or the review folder itself at the top level.
func campaignRoot(c campaignbot.Campaign) campaignbot.FolderPath {
	if p, ok := c.ReviewFolder.Parent(); ok {
		return p
	}
	return c.ReviewFolder
}

// archiveCommand answers /campaign archive ID (归档; admins only): the
// review is compiled and saved, then the campaign's folders (see
// campaignRoot), with the review and the to-do history as CSV beside
// them, are zipped and delivered as /kb export delivers, and the folders
// are archived (read-only).
func (h *campaignHandler) archiveCommand(ctx context.Context, req *bot.Request, id string) error {
	if !req.User.IsAdmin {
		return errAdminsArchive(req)
	}
	if h.kb != nil && h.kb.exportDir == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.archives-are-not-available-in-chat"))
	}
	c, cs, rep, _, err := h.compileReview(ctx, req, id, true)
	if err != nil {
		return err
	}
	files, err := rep.Files()
	if err != nil {
		return err
	}
	var extra []kbexport.Extra
	for _, f := range files {
		extra = append(extra, kbexport.Extra{Name: "review/" + f.Name, Data: f.Data, Modified: req.Now})
	}
	var csv bytes.Buffer
	compiler := *h.reviews
	if err := compiler.TodoHistory(ctx, &csv, review.Options{Workspace: req.Workspace, Campaign: c, All: cs, At: req.Now,
		Location: campaignZone(c, req.Config.Timezone)}); err != nil {
		return err
	}
	extra = append(extra, kbexport.Extra{Name: "todos.csv", Data: csv.Bytes(), Modified: req.Now})
	root := campaignRoot(c)
	if err := os.MkdirAll(h.kb.exportDir, 0o755); err != nil {
		return fmt.Errorf("export directory: %w", err)
	}
	tmp, err := os.CreateTemp(h.kb.exportDir, ".export-*.zip")
	if err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	sum, err := kbexport.Write(ctx, tmp, kbexport.Options{KB: h.kb.kb, Blobs: h.kb.blobs, Workspace: req.Workspace, Root: root,
		Now: req.Now, Location: req.Config.Timezone, Language: req.Lang, Extra: extra})
	if err != nil {
		return err
	}
	n, err := h.kb.kb.ArchiveFolder(ctx, req.Workspace, root)
	if err != nil {
		return fmt.Errorf("archive %s: %w", root, err)
	}
	stamp := req.Now.In(req.Config.Timezone).Format("20060102-150405")
	if err := h.kb.deliver(ctx, req, tmp, exportName(root)+"-archive", stamp, root, sum); err != nil {
		return err
	}
	return req.ReplyPrivateText(ctx, campaignbot.T("handlers.archived-its-folders-are-read-only", root, n))
}

// errAdminsArchive refuses a user who is not an admin, naming who may.
func errAdminsArchive(req *bot.Request) error {
	if len(req.Config.Admins) == 0 {
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-admins-can-archive-campaigns-and"))
	}
	names := make([]string, len(req.Config.Admins))
	for i, a := range req.Config.Admins {
		names[i] = "<@" + string(a) + ">"
	}
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-admins-can-archive-campaigns-ask", strings.Join(names, ", ")))
}
