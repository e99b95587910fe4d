package slack

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// fileInfo looks a file up with files.info. Returns ENOTFOUND.
func (a *Adapter) fileInfo(ctx context.Context, id, name string) (*slackgo.File, error) {
	var f *slackgo.File
	err := a.call(ctx, "files.info", "", func(ctx context.Context) error {
		var err error
		f, _, _, err = a.api.GetFileInfoContext(ctx, id, 0, 0)
		return err
	})
	if err != nil {
		if isNotFound(err) {
			return nil, campaignbot.WrapError(campaignbot.ENOTFOUND,
				campaignbot.Textf("The file %s is gone; share it again.", "文件 %s 已不存在，请重新分享。", name), err)
		}
		return nil, err
	}
	return f, nil
}

// Download streams a shared file: files.info for its current size and
// url_private_download, then the bytes with the bot token. A file larger
// than maxSize is refused before any byte is fetched (EINVALID), and the
// stream fails should it run past maxSize anyway.
func (a *Adapter) Download(ctx context.Context, sf bot.SharedFile, maxSize int64) (io.ReadCloser, error) {
	f, err := a.fileInfo(ctx, sf.ID, sf.Name)
	if err != nil {
		return nil, err
	}
	if maxSize > 0 && int64(f.Size) > maxSize {
		return nil, tooLarge(sf.Name, int64(f.Size), maxSize)
	}
	if f.URLPrivateDownload == "" || !a.trustedURL(f.URLPrivateDownload) {
		return nil, campaignbot.Errorf(campaignbot.EINVALID,
			"Slack offers no download of %s (it may be an external or restricted file).", "Slack 没有提供 %s 的下载（可能是外部或受限文件）。", sf.Name)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URLPrivateDownload, nil)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", sf.ID, err)
	}
	req.Header.Set("Authorization", "Bearer "+a.token.Reveal())
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, &campaignbot.DeliveryError{Retryable: true, Reason: "network", Err: fmt.Errorf("download %s: %w", sf.ID, err)}
	}
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		resp.Body.Close()
		return nil, campaignbot.Errorf(campaignbot.ENOTFOUND, "The file %s is gone; share it again.", "文件 %s 已不存在，请重新分享。", sf.Name)
	case resp.StatusCode != http.StatusOK:
		resp.Body.Close()
		return nil, fmt.Errorf("download %s: HTTP %s", sf.ID, resp.Status)
	case strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && !strings.HasPrefix(f.Mimetype, "text/html"):
		// Slack answers a sign-in page instead of the bytes when the token
		// is not accepted.
		resp.Body.Close()
		return nil, fmt.Errorf("download %s: Slack answered a sign-in page; check the bot token's files:read scope", sf.ID)
	}
	if maxSize > 0 && resp.ContentLength > maxSize {
		resp.Body.Close()
		return nil, tooLarge(sf.Name, resp.ContentLength, maxSize)
	}
	return &cappedBody{rc: resp.Body, left: maxSize, name: sf.Name, max: maxSize}, nil
}

// tooLarge is the EINVALID error of a file above the size limit.
func tooLarge(name string, size, limit int64) error {
	return campaignbot.Errorf(campaignbot.EINVALID, "%s is %s, larger than the %s limit.", "%s 大小为 %s，超过 %s 的上限。",
		name, campaignbot.FormatSize(size), campaignbot.FormatSize(limit))
}

// cappedBody fails once more than max bytes were read (max <= 0: no cap).
type cappedBody struct {
	rc   io.ReadCloser
	left int64
	max  int64
	name string
}

// Read reads on, failing once more than max bytes came.
func (c *cappedBody) Read(p []byte) (int, error) {
	if c.max <= 0 {
		return c.rc.Read(p)
	}
	if c.left < 0 {
		return 0, tooLarge(c.name, c.max+1, c.max)
	}
	if int64(len(p)) > c.left+1 {
		p = p[:c.left+1]
	}
	n, err := c.rc.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, tooLarge(c.name, c.max+1, c.max)
	}
	return n, err
}

// Close closes the response body.
func (c *cappedBody) Close() error { return c.rc.Close() }
