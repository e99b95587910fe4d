package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// resumableBody is a file download that survives transient failures: a
// request that fails with a network error, a 5xx or a 429 is made again
// after a backoff (Retry-After when Slack gives one), and a body that
// breaks off is requested again from where it stopped, with a Range
// header (a server that ignores it sends everything, and what was read
// already is skipped). It makes at most maxAttempts requests in all;
// a file that is gone (404, 410) or a sign-in page is not retried.
type resumableBody struct {
	a        *Adapter
	ctx      context.Context
	url      string
	file     bot.SharedFile
	mimetype string
	// rc is the current response's body, nil between requests.
	rc io.ReadCloser
	// read counts the bytes delivered so far; length is the size the
	// first response announced, -1 when it did not.
	read, length int64
	attempts     int
	backoff      time.Duration
}

// errPermanent marks failures not worth another request.
var errPermanent = errors.New("not retried")

// connect requests the bytes from read on, retrying transient failures.
func (b *resumableBody) connect() error {
	for {
		b.attempts++
		retryAfter, err := b.request()
		if err == nil {
			return nil
		}
		if errors.Is(err, errPermanent) || b.attempts >= maxAttempts || b.ctx.Err() != nil {
			if !errors.Is(err, errPermanent) {
				b.a.log.Warn("file download failed; giving up", "file", b.file.ID, "attempts", b.attempts, "err", err)
			}
			return err
		}
		if err := b.wait(retryAfter, err); err != nil {
			return err
		}
	}
}

// wait sleeps before the next request: retryAfter when Slack said, else
// the backoff, which doubles each time.
func (b *resumableBody) wait(retryAfter time.Duration, why error) error {
	d := retryAfter
	if d <= 0 {
		d = b.backoff
		b.backoff = min(2*b.backoff, maxBackoff)
	}
	b.a.log.Debug("file download will be retried", "file", b.file.ID, "wait", d, "attempt", b.attempts, "read", b.read, "why", why)
	if err := b.a.sleep(b.ctx, d); err != nil {
		return &campaignbot.DeliveryError{Retryable: true, Reason: "canceled", Err: err}
	}
	return nil
}

// request makes one GET of the bytes from read on. A failure worth
// retrying comes with how long Slack asked to wait, if it did; others
// wrap errPermanent.
func (b *resumableBody) request() (time.Duration, error) {
	req, err := http.NewRequestWithContext(b.ctx, http.MethodGet, b.url, nil)
	if err != nil {
		return 0, fmt.Errorf("download %s: %w: %w", b.file.ID, errPermanent, err)
	}
	req.Header.Set("Authorization", "Bearer "+b.a.token.Reveal())
	if b.read > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", b.read))
	}
	resp, err := b.a.http.Do(req)
	if err != nil {
		return 0, &campaignbot.DeliveryError{Retryable: true, Reason: "network", Err: fmt.Errorf("download %s: %w", b.file.ID, err)}
	}
	fail := func(retryAfter time.Duration, err error) (time.Duration, error) {
		resp.Body.Close()
		return retryAfter, err
	}
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return fail(0, campaignbot.WrapError(campaignbot.ENOTFOUND, campaignbot.T("slack.the-file-is-gone-share-it", b.file.Name), errPermanent))
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return fail(retryAfterHeader(resp), &campaignbot.DeliveryError{Retryable: true, Reason: fmt.Sprintf("http_%d", resp.StatusCode),
			Err: fmt.Errorf("download %s: HTTP %s", b.file.ID, resp.Status)})
	case resp.StatusCode == http.StatusPartialContent && b.read > 0 && rangeStart(resp) == b.read:
	case resp.StatusCode != http.StatusOK:
		return fail(0, fmt.Errorf("download %s: %w: HTTP %s", b.file.ID, errPermanent, resp.Status))
	case strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && !strings.HasPrefix(b.mimetype, "text/html"):
		// Slack answers a sign-in page instead of the bytes when the token
		// is not accepted.
		return fail(0, fmt.Errorf("download %s: %w: Slack answered a sign-in page; check the bot token's files:read scope", b.file.ID, errPermanent))
	case b.read > 0:
		// The whole file again: skip what was read already.
		if _, err := io.CopyN(io.Discard, resp.Body, b.read); err != nil {
			return fail(0, &campaignbot.DeliveryError{Retryable: true, Reason: "network", Err: fmt.Errorf("download %s: %w", b.file.ID, err)})
		}
	}
	if b.attempts == 1 {
		b.length = resp.ContentLength
	}
	b.rc = resp.Body
	return 0, nil
}

// Read reads on, resuming after the body breaks off.
func (b *resumableBody) Read(p []byte) (int, error) {
	for {
		if b.rc == nil {
			if err := b.connect(); err != nil {
				return 0, err
			}
		}
		n, err := b.rc.Read(p)
		b.read += int64(n)
		if err == nil || errors.Is(err, io.EOF) {
			return n, err
		}
		b.rc.Close()
		b.rc = nil
		if b.attempts >= maxAttempts || b.ctx.Err() != nil {
			b.a.log.Warn("file download broke off; giving up", "file", b.file.ID, "attempts", b.attempts, "read", b.read, "err", err)
			return n, fmt.Errorf("download %s broke off after %d bytes: %w", b.file.ID, b.read, err)
		}
		if werr := b.wait(0, err); werr != nil {
			return n, werr
		}
		if n > 0 {
			return n, nil
		}
	}
}

// Close closes the current response, if any.
func (b *resumableBody) Close() error {
	if b.rc == nil {
		return nil
	}
	err := b.rc.Close()
	b.rc = nil
	return err
}

// retryAfterHeader reads Retry-After in seconds; 0 when absent.
func retryAfterHeader(resp *http.Response) time.Duration {
	s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After")))
	if err != nil || s <= 0 {
		return 0
	}
	return time.Duration(s) * time.Second
}

// rangeStart is the first byte of a 206 answer (Content-Range), or -1.
func rangeStart(resp *http.Response) int64 {
	r, ok := strings.CutPrefix(resp.Header.Get("Content-Range"), "bytes ")
	if !ok {
		return -1
	}
	start, _, _ := strings.Cut(r, "-")
	n, err := strconv.ParseInt(start, 10, 64)
	if err != nil {
		return -1
	}
	return n
}
