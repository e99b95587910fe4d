// Package handlers holds campaignbot's command and event handlers. They
// speak to people through bot.Request and to storage through the root
// package's service interfaces, never through gorm or slack-go, so they run
// the same on every chat adapter and database.
package handlers

import (
	"log/slog"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Deps are the services the handlers use.
type Deps struct {
	KnowledgeBase campaignbot.KnowledgeBase
	Blobs         campaignbot.BlobStore
	Logger        *slog.Logger
}

// Register registers every handler on r.
func Register(r *bot.Router, d Deps) {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	h := &helpHandler{router: r}
	r.Command("help", campaignbot.Text{EN: "show what I can do", ZH: "查看我能做什么"}, h.handle)
	r.OnMention(h.handleMention)
	f := &fileShareHandler{kb: d.KnowledgeBase, blobs: d.Blobs, log: d.Logger}
	r.OnFiles(f.handle)
}
