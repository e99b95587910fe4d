package slack

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
)

const (
	// maxAttempts bounds the tries of one call; the caller (for reminders,
	// the scheduler's dispatcher) decides about later tries.
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

// mayHaveWorkedCodes are Slack error codes after which, Slack's docs say,
// "some aspect of the operation" may have succeeded.
var mayHaveWorkedCodes = map[string]bool{"internal_error": true, "fatal_error": true}

// repeatable lists the methods that may be sent again when the outcome of
// a call is unknown: reads, and writes that end in the same state however
// often they run. Posting twice posts twice.
var repeatable = map[string]bool{
	"auth.test": true, "users.info": true, "users.list": true, "conversations.info": true,
	"conversations.list": true, "conversations.members": true, "conversations.history": true,
	"conversations.replies": true, "conversations.open": true, "usergroups.list": true,
	"usergroups.users.list": true, "files.info": true, "chat.update": true, "views.publish": true,
	// An upload_url handed out but never completed is dropped by Slack;
	// the bytes POSTed again replace the ones sent before.
	"files.getUploadURLExternal": true, uploadStep: true,
}

// classify turns a Web API error into a *campaignbot.DeliveryError.
// written says whether the request was written to Slack: a failure after
// that without an answer (a timeout, a lost connection) leaves the outcome
// unknown, as do 500, 502 and 504 (Slack's edge may answer so after the
// backend posted) and the error codes after which Slack says part of the
// work may have been done.
func classify(err error, written bool) *campaignbot.DeliveryError {
	var rl *slackgo.RateLimitedError
	var sc slackgo.StatusCodeError
	var se slackgo.SlackErrorResponse
	var ne net.Error
	switch {
	case errors.As(err, &rl):
		return &campaignbot.DeliveryError{Retryable: true, RetryAfter: rl.RetryAfter, Reason: "ratelimited", Err: err}
	case errors.As(err, &sc):
		// A gateway error or a server error may come after Slack's backend
		// carried the request out; 503 and 429 say it was not taken.
		return &campaignbot.DeliveryError{Retryable: sc.Code >= 500 || sc.Code == 429, Reason: fmt.Sprintf("http_%d", sc.Code),
			Unknown: written && sc.Code >= 500 && sc.Code != http.StatusServiceUnavailable, Err: err}
	case errors.As(err, &se):
		return &campaignbot.DeliveryError{Retryable: retryableCodes[se.Err], Reason: se.Err, Unknown: mayHaveWorkedCodes[se.Err], Err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &campaignbot.DeliveryError{Retryable: true, Reason: "timeout", Unknown: written, Err: err}
	case errors.As(err, &ne):
		return &campaignbot.DeliveryError{Retryable: true, Reason: "network", Unknown: written, Err: err}
	}
	return &campaignbot.DeliveryError{Retryable: true, Reason: "unknown", Unknown: written, Err: err}
}

// traced returns ctx with an httptrace hook that records whether a
// request was written to the wire.
func traced(ctx context.Context) (context.Context, *atomic.Bool) {
	var written atomic.Bool
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { written.Store(true) },
	}), &written
}

// call runs one Web API call of method, paced by the limiter (per
// conversation for chat methods), retried after rate limits and transient
// failures; a call whose outcome is unknown is retried only when method
// is repeatable. It returns nil or a *campaignbot.DeliveryError.
func (a *Adapter) call(ctx context.Context, method, channel string, fn func(context.Context) error) error {
	backoff := firstBackoff
	for attempt := 1; ; attempt++ {
		if wait, err := a.limits.waitWithin(ctx, method, channel); err != nil {
			return paced(method, channel, wait, err)
		}
		d := a.attempt(ctx, method, channel, fn)
		if d == nil {
			return nil
		}
		// A post whose outcome is unknown is not repeated, except after a
		// server error page: a reply lost there is worse than the rare
		// reply posted twice. Reminders never come here: the dispatcher
		// uses callOnce and looks before sending again.
		unknownPost := d.Unknown && !repeatable[method] && !strings.HasPrefix(d.Reason, "http_5")
		if !d.Retryable || unknownPost || attempt >= maxAttempts || ctx.Err() != nil {
			return a.failed(method, channel, d)
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

// callOnce makes exactly one attempt of a Web API call, for callers that
// retry durably themselves. It waits for the limiter only when the wait
// fits before ctx's deadline; otherwise it fails retryably with the wait
// as RetryAfter, having sent nothing. It returns nil or a
// *campaignbot.DeliveryError.
func (a *Adapter) callOnce(ctx context.Context, method, channel string, fn func(context.Context) error) error {
	if wait, err := a.limits.waitWithin(ctx, method, channel); err != nil {
		return paced(method, channel, wait, err)
	}
	if d := a.attempt(ctx, method, channel, fn); d != nil {
		return a.failed(method, channel, d)
	}
	return nil
}

// attempt runs fn once, noting whether the request was written, and
// returns its failure classified, or nil. A Retry-After Slack sends holds
// the channel in the limiter.
func (a *Adapter) attempt(ctx context.Context, method, channel string, fn func(context.Context) error) *campaignbot.DeliveryError {
	tctx, written := traced(ctx)
	err := fn(tctx)
	if err == nil {
		return nil
	}
	d := classify(err, written.Load())
	a.noteRetryAfter(channel, d)
	return d
}

// failed names the method in d and logs a permanent failure.
func (a *Adapter) failed(method, channel string, d *campaignbot.DeliveryError) error {
	d.Err = fmt.Errorf("%s: %w", method, d.Err)
	if !d.Retryable {
		a.log.Warn("slack call failed permanently", "method", method, "channel", channel, "reason", d.Reason)
	}
	return d
}

// paced is the error of a call the limiter did not let start: its slot
// was beyond the caller's deadline (retryable after the wait), or the
// caller gave up waiting.
func paced(method, channel string, wait time.Duration, err error) error {
	if wait > 0 {
		return &campaignbot.DeliveryError{Retryable: true, RetryAfter: wait, Reason: "paced",
			Err: fmt.Errorf("%s: the next slot for %q is %v away, beyond this attempt's deadline", method, channel, wait)}
	}
	return &campaignbot.DeliveryError{Retryable: true, Reason: "canceled", Err: err}
}

// noteRetryAfter makes the limiter hold chat calls into channel for as
// long as Slack asked, so no other call runs into the same 429.
func (a *Adapter) noteRetryAfter(channel string, d *campaignbot.DeliveryError) {
	if channel != "" && d.Reason == "ratelimited" && d.RetryAfter > 0 {
		a.limits.hold(channel, a.now().Add(d.RetryAfter))
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
