package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// responder answers a slash command or a click through its response_url,
// which needs no channel membership, and falls back to chat.postMessage /
// chat.postEphemeral when there is none or it fails.
type responder struct {
	a       *Adapter
	url     string
	channel campaignbot.ChannelID
	user    campaignbot.UserID
	thread  string
}

var _ bot.Responder = (*responder)(nil)

// Reply answers visibly in the conversation.
func (r *responder) Reply(ctx context.Context, m campaignbot.OutgoingMessage) error {
	if m.ThreadID == "" {
		m.ThreadID = r.thread
	}
	if r.url != "" && m.ThreadID == "" {
		err := r.a.postResponse(ctx, r.url, "in_channel", m)
		if err == nil {
			return nil
		}
		r.a.log.Warn("response_url failed; posting instead", "channel", r.channel, "err", err)
	}
	target := campaignbot.Recipient{Channel: r.channel}
	if r.channel == "" {
		target = campaignbot.Recipient{User: r.user}
	}
	_, err := r.a.Send(ctx, target, m)
	return err
}

// ReplyPrivately answers only the user who asked.
func (r *responder) ReplyPrivately(ctx context.Context, m campaignbot.OutgoingMessage) error {
	if r.url != "" {
		err := r.a.postResponse(ctx, r.url, "ephemeral", m)
		if err == nil {
			return nil
		}
		r.a.log.Warn("response_url failed; answering by chat.postEphemeral instead", "channel", r.channel, "err", err)
	}
	if r.channel == "" {
		_, err := r.a.Send(ctx, campaignbot.Recipient{User: r.user}, m)
		return err
	}
	return r.a.Ephemeral(ctx, r.channel, r.user, m)
}

// responsePayload is what a response_url accepts.
type responsePayload struct {
	ResponseType    string          `json:"response_type"`
	Text            string          `json:"text"`
	Blocks          []slackgo.Block `json:"blocks,omitempty"`
	ReplaceOriginal bool            `json:"replace_original"`
}

// postResponse posts m to a response_url.
func (a *Adapter) postResponse(ctx context.Context, target, kind string, m campaignbot.OutgoingMessage) error {
	if !a.trustedURL(target) {
		return fmt.Errorf("response_url host is not Slack's")
	}
	body, err := json.Marshal(responsePayload{ResponseType: kind, Text: truncate(m.Text, 4000), Blocks: renderBlocks(m)})
	if err != nil {
		return fmt.Errorf("encode the response: %w", err)
	}
	return a.call(ctx, "response_url", "", func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := a.http.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 || resp.StatusCode != http.StatusOK {
			return slackgo.StatusCodeError{Code: resp.StatusCode, Status: resp.Status}
		}
		return nil
	})
}

// trustedURL reports whether the bot may send to u: Slack's hosts or the
// configured API host (a proxy or the test fake). The bot token and
// replies go nowhere else.
func (a *Adapter) trustedURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") {
		return false
	}
	host := p.Hostname()
	if host == a.apiHost {
		return true
	}
	return p.Scheme == "https" && (host == "slack.com" || strings.HasSuffix(host, ".slack.com"))
}
