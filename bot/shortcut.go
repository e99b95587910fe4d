package bot

import (
	"context"
	"time"

	"github.com/campaignbot/campaignbot"
)

// Shortcut is a message shortcut a user picked from a message's menu, such
// as Slack's "Save to knowledge base".
type Shortcut struct {
	Workspace campaignbot.WorkspaceID
	// EventID identifies the delivery for deduplication; "" skips it.
	EventID string
	// CallbackID names the shortcut, e.g. "kb_save".
	CallbackID string
	User       campaignbot.User
	Channel    campaignbot.Channel
	// Message is the message the shortcut was used on, with its files.
	Message *Message
	// TriggerID lets the handler open a form within the platform's deadline.
	TriggerID string
	// Responder answers the shortcut; nil means reply through Chat.
	Responder Responder
	Time      time.Time
}

// ShortcutInbox is implemented by inboxes that take message shortcuts. The
// Router implements it; adapters check for it so that Inbox stays small.
type ShortcutInbox interface {
	HandleShortcut(ctx context.Context, chat Chat, s *Shortcut)
}

// OnShortcut registers the handler of the message shortcut with the given
// callback id. The handler finds the message in req.Message and can open a
// form with req.TriggerID.
func (r *Router) OnShortcut(callbackID string, h Handler) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.shortcuts[callbackID] = h
}

// HandleShortcut handles a message shortcut: deduplicated like the other
// events, an unknown callback id gets a polite private answer.
func (r *Router) HandleShortcut(ctx context.Context, chat Chat, s *Shortcut) {
	req, _ := r.newRequest(ctx, chat, s.Workspace, s.User, s.Channel)
	req.Message = s.Message
	req.TriggerID = s.TriggerID
	req.responder = s.Responder
	if fresh, err := r.firstDelivery(ctx, "shortcut", s.EventID); err != nil {
		r.report(ctx, "shortcut", s.CallbackID, req, err)
		return
	} else if !fresh {
		return
	}
	r.mu.RLock()
	h := r.shortcuts[s.CallbackID]
	r.mu.RUnlock()
	if h == nil {
		r.run(ctx, "shortcut", "unknown", req, func(context.Context, *Request) error {
			return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("bot.that-shortcut-is-not-available-any"))
		})
		return
	}
	r.run(ctx, "shortcut", s.CallbackID, req, h)
}
