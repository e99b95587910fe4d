package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

var _ bot.FileSender = (*Adapter)(nil)

// DefaultMaxUpload is Slack's limit on one uploaded file: 1 GB.
const DefaultMaxUpload = 1 << 30

// uploadStep names the POST of the bytes to the upload_url in the
// limiter, the retry rules and the logs; it is not a Web API method.
const uploadStep = "files.upload_url"

// SendFile uploads f into the DM with user through Slack's upload flow:
// files.getUploadURLExternal announces the name and length and returns an
// upload_url and a file id, the bytes are POSTed to the upload_url
// streaming from f.Content, and files.completeUploadExternal shares the
// file into the DM (opened with conversations.open) with f.Comment. Each
// step goes through the adapter's pacing and retries: the first two may
// be repeated when their outcome is unknown (a repeated upload sends the
// bytes again from the start); completing shares a message, so it is
// paced as a post into the DM and repeated only after a server error page.
// The HTTP client's timeout bounds every request, the upload included. A
// file over Options.MaxUpload (Slack's 1 GB) or the workspace's own limit
// is EINVALID.
func (a *Adapter) SendFile(ctx context.Context, user campaignbot.UserID, f bot.OutgoingFile) error {
	if f.Size <= 0 || f.Content == nil {
		return fmt.Errorf("slack: send %s: the file is empty", f.Name)
	}
	if f.Size > a.opts.MaxUpload {
		return tooLargeForSlack(f.Name, f.Size, a.opts.MaxUpload)
	}
	dm, err := a.conversation(ctx, campaignbot.Recipient{User: user})
	if err != nil {
		return err
	}
	return a.upload(ctx, string(dm), "", f)
}

// upload runs the upload flow SendFile describes for f, sharing it into
// the conversation with id channel, in the thread thread when it is not
// "".
func (a *Adapter) upload(ctx context.Context, channel, thread string, f bot.OutgoingFile) error {
	var up *slackgo.GetUploadURLExternalResponse
	err := a.call(ctx, "files.getUploadURLExternal", "", func(ctx context.Context) error {
		var err error
		up, err = a.api.GetUploadURLExternalContext(ctx, slackgo.GetUploadURLExternalParameters{FileName: f.Name, FileSize: int(f.Size)})
		return err
	})
	if err != nil {
		if reason(err) == "file_upload_size_restricted" {
			return campaignbot.WrapError(campaignbot.EINVALID, campaignbot.T("slack.is-more-than-this-slack-workspace", f.Name, campaignbot.FormatSize(f.Size)), err)
		}
		return err
	}
	if up.UploadURL == "" || up.FileID == "" {
		return &campaignbot.DeliveryError{Reason: "no_upload_url", Err: errors.New("files.getUploadURLExternal returned no upload_url or file_id")}
	}
	if !a.trustedURL(up.UploadURL) {
		// slack-go sends the bot token along; it goes nowhere but Slack.
		return &campaignbot.DeliveryError{Reason: "untrusted_upload_url", Err: fmt.Errorf("files.getUploadURLExternal returned an upload_url off Slack's hosts (%s)", a.apiHost)}
	}
	err = a.call(ctx, uploadStep, "", func(ctx context.Context) error {
		return a.api.UploadToURL(ctx, slackgo.UploadToURLParameters{
			UploadURL: up.UploadURL, Filename: f.Name, Reader: io.NewSectionReader(f.Content, 0, f.Size)})
	})
	if err != nil {
		return err
	}
	title := f.Title
	if title == "" {
		title = f.Name
	}
	return a.call(ctx, "files.completeUploadExternal", a.conversationKey(channel), func(ctx context.Context) error {
		_, err := a.api.CompleteUploadExternalContext(ctx, slackgo.CompleteUploadExternalParameters{
			Files: []slackgo.FileSummary{{ID: up.FileID, Title: title}}, Channel: channel, ThreadTimestamp: thread, InitialComment: f.Comment})
		return err
	})
}

// tooLargeForSlack is the EINVALID error of a file over Slack's limit.
func tooLargeForSlack(name string, size, limit int64) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("slack.is-larger-than-the-slack-accepts", name, campaignbot.FormatSize(size), campaignbot.FormatSize(limit)))
}

// attach shares m's attachment into the conversation a message was just
// posted to (ref), in its thread when the message went into one. The
// message is delivered already, so a failure is logged, not returned:
// returning it would have the message sent again.
func (a *Adapter) attach(ctx context.Context, ref campaignbot.MessageRef, m campaignbot.OutgoingMessage) {
	f := m.Attachment
	err := a.upload(ctx, string(ref.Channel), m.ThreadID, bot.OutgoingFile{
		Name: f.Name, Title: f.Title, Content: bytes.NewReader(f.Data), Size: int64(len(f.Data))})
	if err != nil {
		a.log.Error("uploading the file sent with a message failed; the message is posted", "file", f.Name, "channel", ref.Channel, "err", err)
	}
}
