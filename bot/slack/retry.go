package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
)

const (
	// maxAttempts bounds the tries of one call; the caller (for reminders,
	// the scheduler's outbox) decides about later tries.
	maxAttempts = 6
	// firstBackoff doubles after each transient failure up to maxBackoff.
	firstBackoff = 500 * time.Millisecond
	maxBackoff   = 30 * time.Second
)

// retryableCodes are Slack error codes worth trying again.
var retryableCodes = map[string]bool{
	"ratelimited": true, "internal_error": true, "fatal_error": true,
	"service_unavailable": true, "request_timeout": true, "team_added_to_org": true,
}

// classify turns a Web API error into a *campaignbot.DeliveryError.
func classify(err error) *campaignbot.DeliveryError {
	var rl *slackgo.RateLimitedError
	var sc slackgo.StatusCodeError
	var se slackgo.SlackErrorResponse
	var ne net.Error
	switch {
	case errors.As(err, &rl):
		return &campaignbot.DeliveryError{Retryable: true, RetryAfter: rl.RetryAfter, Reason: "ratelimited", Err: err}
	case errors.As(err, &sc):
		return &campaignbot.DeliveryError{Retryable: sc.Code >= 500 || sc.Code == 429, Reason: fmt.Sprintf("http_%d", sc.Code), Err: err}
	case errors.As(err, &se):
		return &campaignbot.DeliveryError{Retryable: retryableCodes[se.Err], Reason: se.Err, Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &campaignbot.DeliveryError{Retryable: true, Reason: "canceled", Err: err}
	case errors.As(err, &ne):
		return &campaignbot.DeliveryError{Retryable: true, Reason: "network", Err: err}
	}
	return &campaignbot.DeliveryError{Retryable: true, Reason: "unknown", Err: err}
}

// call runs one Web API call of method, paced by the limiter (per channel
// for chat methods), retried after rate limits and transient failures. It
// returns nil or a *campaignbot.DeliveryError.
func (a *Adapter) call(ctx context.Context, method, channel string, fn func(context.Context) error) error {
	backoff := firstBackoff
	for attempt := 1; ; attempt++ {
		if err := a.limits.wait(ctx, method, channel); err != nil {
			return &campaignbot.DeliveryError{Retryable: true, Reason: "canceled", Err: err}
		}
		err := fn(ctx)
		if err == nil {
			return nil
		}
		d := classify(err)
		if !d.Retryable || attempt >= maxAttempts || ctx.Err() != nil {
			d.Err = fmt.Errorf("%s: %w", method, d.Err)
			if !d.Retryable {
				a.log.Warn("slack call failed permanently", "method", method, "channel", channel, "reason", d.Reason)
			}
			return d
		}
		wait := d.RetryAfter
		if d.Reason != "ratelimited" || wait <= 0 {
			wait = backoff
			backoff = min(2*backoff, maxBackoff)
		}
		a.log.Debug("slack call will be retried", "method", method, "channel", channel, "reason", d.Reason, "wait", wait, "attempt", attempt)
		if err := a.sleep(ctx, wait); err != nil {
			return &campaignbot.DeliveryError{Retryable: true, Reason: "canceled", Err: err}
		}
	}
}

// asDelivery returns the *campaignbot.DeliveryError in err's chain, or nil.
func asDelivery(err error) *campaignbot.DeliveryError {
	var d *campaignbot.DeliveryError
	if errors.As(err, &d) {
		return d
	}
	return nil
}
