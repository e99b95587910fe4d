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
// keep is set (archive), else that is an error. ready, when not nil, is
// asked once the asker may compile the review and before anything is
// compiled or saved; its error is returned.
func (h *campaignHandler) compileReview(ctx context.Context, req *bot.Request, id string, keep bool,
	ready func(campaignbot.Campaign) error) (campaignbot.Campaign, []campaignbot.Campaign, *review.Report, *review.Saved, error) {
	var none campaignbot.Campaign
	if h.reviews == nil || h.kb == nil {
		return none, nil, nil, nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.reviews-are-not-available-here"))
	}
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return none, nil, nil, nil, err
	}
	c, err := reviewedCampaign(req, cs, strings.TrimSpace(id))
	if err != nil {
		return none, nil, nil, nil, err
	}
	v, err := h.kb.view(ctx, req)
	if err != nil {
		return c, cs, nil, nil, err
	}
	switch role := v.access.RoleAt(c.ReviewFolder); {
	case !role.AtLeast(campaignbot.RoleViewer):
		// The folder is hidden from the asker: it is not named.
		return c, cs, nil, nil, campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.you-can-t-compile-the-review", c.Name))
	case !role.AtLeast(campaignbot.RoleEditor):
		return c, cs, nil, nil, campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.the-review-of-is-saved-into", c.Name, c.ReviewFolder))
	}
	if ready != nil {
		if err := ready(c); err != nil {
			return c, cs, nil, nil, err
		}
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

// reviewedCampaign picks the campaign named by id among cs; with no id,
// the one that ended last (a review comes after the campaign), else as
// findCampaign picks.
func reviewedCampaign(req *bot.Request, cs []campaignbot.Campaign, id string) (campaignbot.Campaign, error) {
	if id != "" {
		return findCampaignIn(cs, id)
	}
	var last *campaignbot.Campaign
	for i, c := range cs {
		if !c.Ends.IsZero() && !c.Ends.After(req.Now) && (last == nil || c.Ends.After(last.Ends)) {
			last = &cs[i]
		}
	}
	if last != nil {
		return *last, nil
	}
	return findCampaign(req, cs, "")
}

// reviewCommand answers /campaign review ID (复盘) for those who may save
// into the campaign's review folder: the review is compiled as of now, saved into the campaign's review folder and posted in the
// campaign channel with the numbers of its files; the asker is told where.
// The review names only what every member of the channel may see (see
// package review).
func (h *campaignHandler) reviewCommand(ctx context.Context, req *bot.Request, id string) error {
	// The channel is found first: a review that cannot be posted is not
	// saved either.
	var ch campaignbot.Channel
	c, _, rep, saved, err := h.compileReview(ctx, req, id, false, func(c campaignbot.Campaign) error {
		var err error
		if ch, err = req.Chat.Channel(ctx, c.Channel); err != nil {
			return fmt.Errorf("campaign review: channel %s: %w", c.Channel, err)
		}
		return nil
	})
	if err != nil {
		return err
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
	if strings.TrimSpace(id) == "" {
		// Archiving makes folders read-only: it is never done to a
		// campaign picked for the admin.
		cs, err := h.campaigns(ctx, req)
		if err != nil {
			return err
		}
		ids := make([]string, len(cs))
		for i, c := range cs {
			ids[i] = c.ID
		}
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.name-the-campaign-to-archive-archive", slash(req, "campaign"), strings.Join(ids, ", ")))
	}
	if err := h.sharedRoot(ctx, req, strings.TrimSpace(id)); err != nil {
		return err
	}
	c, cs, rep, _, err := h.compileReview(ctx, req, id, true, nil)
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
	// The folders are archived once the zip was handed over: a delivery
	// that failed leaves them as they were, to be archived on a retry.
	stamp := req.Now.In(req.Config.Timezone).Format("20060102-150405")
	delivered, err := h.kb.deliver(ctx, req, tmp, exportName(root)+"-archive", stamp, root, sum)
	if err != nil {
		return err
	}
	if !delivered {
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.nothing-was-archived-the-folders-of", root, slash(req, "campaign"), c.ID))
	}
	n, err := h.kb.kb.ArchiveFolder(ctx, req.Workspace, root)
	if err != nil {
		return fmt.Errorf("archive %s: %w", root, err)
	}
	return req.ReplyPrivateText(ctx, campaignbot.T("handlers.archived-its-folders-are-read-only", root, n))
}

// sharedRoot refuses to archive campaign id when the folder it would
// archive (see campaignRoot) is, or holds, another campaign's review
// folder: that campaign's review could not be saved any more.
func (h *campaignHandler) sharedRoot(ctx context.Context, req *bot.Request, id string) error {
	cs, err := h.campaigns(ctx, req)
	if err != nil {
		return err
	}
	c, err := findCampaignIn(cs, id)
	if err != nil {
		return err
	}
	root := strings.ToLower(string(campaignRoot(c)))
	for _, o := range cs {
		p := strings.ToLower(string(o.ReviewFolder))
		if o.ID != c.ID && (p == root || strings.HasPrefix(p, root+"/")) {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-won-t-archive-it-holds", campaignRoot(c), o.Name, o.ReviewFolder, c.ID, slash(req, "kb")))
		}
	}
	return nil
}

// errAdminsArchive refuses a user who is not an admin, naming who may.
func errAdminsArchive(req *bot.Request) error {
	if len(req.Config.Admins) == 0 {
		return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-admins-can-archive-campaigns-and"))
	}
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("handlers.only-admins-can-archive-campaigns-ask", adminMentions(req)))
}
