package bot

import (
	"context"
	"time"

	"github.com/campaignbot/campaignbot"
)

// HomeVisit is a user opening the bot's home page (Slack's App Home tab).
// The handler answers with req.Reply, which the adapter publishes as the
// user's home page instead of posting a message.
type HomeVisit struct {
	Workspace campaignbot.WorkspaceID
	User      campaignbot.User
	// Responder publishes the home page; Reply replaces its content.
	Responder Responder
	Time      time.Time
}

// HomeInbox is implemented by inboxes that draw home pages. The Router
// implements it; adapters check for it so that Inbox stays small.
type HomeInbox interface {
	HandleHome(ctx context.Context, chat Chat, h *HomeVisit)
}

// OnHome registers the handler that draws a user's home page.
func (r *Router) OnHome(h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.home = h
}

// HandleHome draws the visiting user's home page. Home visits are not
// deduplicated: drawing the page twice is harmless.
func (r *Router) HandleHome(ctx context.Context, chat Chat, v *HomeVisit) {
	r.mu.RLock()
	h := r.home
	r.mu.RUnlock()
	if h == nil || v.User.IsBot {
		return
	}
	req, _ := r.newRequest(ctx, chat, v.Workspace, v.User, campaignbot.Channel{})
	req.responder = v.Responder
	r.run(ctx, "home", "home", req, h)
}
