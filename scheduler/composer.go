package scheduler

import (
	"context"
	"time"

	"github.com/campaignbot/campaignbot"
)

// Composer renders reminders whose content depends on data at send time,
// such as a to-do nudge (the to-do may be done by then) or a digest.
type Composer interface {
	// Compose returns the message to send, or send false when the reminder
	// is no longer needed (it is then recorded as canceled with reason).
	Compose(ctx context.Context, r campaignbot.Reminder, now time.Time) (m campaignbot.OutgoingMessage, send bool, reason string, err error)
}

// ComposerFunc adapts a function to Composer.
type ComposerFunc func(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error)

// Compose calls f.
func (f ComposerFunc) Compose(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
	return f(ctx, r, now)
}
