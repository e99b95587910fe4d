package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// searchLimit is how many results /kb search shows.
const searchLimit = 10

// search runs /kb search, showing only files the user may see, each once
// as its latest version.
func (h *kbHandler) search(ctx context.Context, req *bot.Request, args string) error {
	q, err := campaignbot.ParseSearchQuery(args, req.Config.Timezone)
	if err != nil {
		return err
	}
	v, err := h.view(ctx, req)
	if err != nil {
		return err
	}
	opts := campaignbot.SearchOptions{
		Workspace:    req.Workspace,
		Terms:        q.Terms,
		Unfiled:      true,
		Holder:       req.User.ID,
		Ext:          q.Type,
		SharedAfter:  q.After,
		SharedBefore: q.Before,
		Limit:        searchLimit,
	}
	visible := v.access.Visible()
	opts.Folders = visible
	if q.In != "" {
		root, err := v.folder(req, q.In)
		if err != nil {
			return err
		}
		opts.Unfiled = false
		opts.Folders = nil
		for _, id := range visible {
			p := v.byID[id].Path
			if p == root.Path || strings.HasPrefix(string(p), string(root.Path)+"/") {
				opts.Folders = append(opts.Folders, id)
			}
		}
	}
	if opts.Folders == nil {
		opts.Folders = []int64{}
	}
	if q.From != "" {
		kind, id, _, err := principal(ctx, req, q.From)
		if err != nil {
			return err
		}
		if kind != campaignbot.PrincipalUser {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.from-takes-a-user-like-from"))
		}
		opts.Uploader = campaignbot.UserID(id)
	}
	hits, err := h.kb.Search(ctx, opts)
	if err != nil {
		return err
	}
	if len(hits) == 0 {
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.nothing-found-for", strings.TrimSpace(args)))
	}
	var b strings.Builder
	b.WriteString(req.T(campaignbot.T("handlers.search-best-matches-first", strings.TrimSpace(args), len(hits))))
	for i, hit := range hits {
		f := hit.File
		where := string(v.path(f.FolderID))
		if where == "" {
			where = req.T(campaignbot.T("handlers.unfiled-b89821"))
		}
		fmt.Fprintf(&b, "\n%d. #%d *%s* — %s · %s · %s", i+1, f.Number, bot.Escape(f.Title), where, bot.MentionUser(f.Uploader), f.SharedAt.In(req.Config.Timezone).Format("2006-01-02"))
		if f.Title != f.Name {
			fmt.Fprintf(&b, " · %s", bot.Escape(f.Name))
		}
		if f.Versions > 1 {
			b.WriteString(" · " + req.T(campaignbot.Tn("handlers.v-of-versions", f.Versions, f.Version, f.Versions)))
		}
		if hit.Matched != 0 && hit.Matched != f.Version {
			b.WriteString(" · " + req.T(campaignbot.T("handlers.found-in-version", hit.Matched)))
		}
		if hit.Snippet != "" {
			fmt.Fprintf(&b, "\n    %s", bot.Escape(hit.Snippet))
		}
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}
