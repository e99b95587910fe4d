package slack

import (
	"context"
	"io"

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
				campaignbot.T("slack.the-file-is-gone-share-it", name), err)
		}
		return nil, err
	}
	return f, nil
}

// Download streams a shared file: files.info for its current size and
// url_private_download, then the bytes with the bot token. A file larger
// than maxSize is refused before any byte is fetched (EINVALID), and the
// stream fails should it run past maxSize anyway. Transient failures
// (network errors, 5xx, 429) are retried with backoff, honouring
// Retry-After, and a download that breaks off resumes where it stopped,
// up to maxAttempts requests in all (see resumableBody).
func (a *Adapter) Download(ctx context.Context, sf bot.SharedFile, maxSize int64) (io.ReadCloser, error) {
	f, err := a.fileInfo(ctx, sf.ID, sf.Name)
	if err != nil {
		return nil, err
	}
	if maxSize > 0 && int64(f.Size) > maxSize {
		return nil, tooLarge(sf.Name, int64(f.Size), maxSize)
	}
	if f.URLPrivateDownload == "" || !a.trustedURL(f.URLPrivateDownload) {
		return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("slack.slack-offers-no-download-of-it", sf.Name))
	}
	body := &resumableBody{a: a, ctx: ctx, url: f.URLPrivateDownload, file: sf, mimetype: f.Mimetype, backoff: firstBackoff}
	if err := body.connect(); err != nil {
		return nil, err
	}
	if maxSize > 0 && body.length > maxSize {
		body.Close()
		return nil, tooLarge(sf.Name, body.length, maxSize)
	}
	return &cappedBody{rc: body, left: maxSize, name: sf.Name, max: maxSize}, nil
}

// tooLarge is the EINVALID error of a file above the size limit.
func tooLarge(name string, size, limit int64) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("slack.is-larger-than-the-limit", name, campaignbot.FormatSize(size), campaignbot.FormatSize(limit)))
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
