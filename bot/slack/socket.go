package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/slack-go/slack/socketmode"

	"github.com/campaignbot/campaignbot/bot"
)

// runSocket holds the Socket Mode connection until ctx is done. slack-go
// reconnects on Slack's disconnect requests (warning, refresh_requested,
// too_many_websockets) and on missing pings; Slack redelivers what was not
// acknowledged, and the Router's event log drops what was already handled.
func (a *Adapter) runSocket(ctx context.Context, in bot.Inbox) error {
	opts := []socketmode.Option{socketmode.OptionLog(slogWriter{a.log})}
	if a.opts.PingInterval > 0 {
		opts = append(opts, socketmode.OptionPingInterval(a.opts.PingInterval))
	}
	smc := socketmode.New(a.client, opts...)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- smc.RunContext(runCtx) }()
	for {
		select {
		case <-ctx.Done():
			cancel()
			<-done
			return nil
		case err := <-done:
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case evt := <-smc.Events:
			a.onSocketEvent(ctx, smc, in, evt)
		}
	}
}

// onSocketEvent acknowledges an envelope at once and works on it after.
func (a *Adapter) onSocketEvent(ctx context.Context, smc *socketmode.Client, in bot.Inbox, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.log.Debug("connecting to Slack Socket Mode")
	case socketmode.EventTypeConnected:
		a.log.Info("connected to Slack Socket Mode")
	case socketmode.EventTypeConnectionError:
		a.log.Warn("Slack Socket Mode connection failed; retrying", "err", evt.Data)
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("Slack rejected the app-level token (CAMPAIGNBOT_SLACK_APP_TOKEN)")
	case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		if evt.Request != nil {
			a.onEnvelope(ctx, smc, in, evt.Request)
		}
	case socketmode.EventTypeErrorBadMessage:
		// slack-go could not parse the envelope; read it ourselves so it is
		// acknowledged (and worked on when we can) rather than redelivered.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var req socketmode.Request
			if json.Unmarshal(bad.Message, &req) == nil && req.EnvelopeID != "" {
				a.onEnvelope(ctx, smc, in, &req)
				return
			}
			a.log.Warn("unreadable Socket Mode message", "err", bad.Cause)
		}
	}
}

// onEnvelope acknowledges one envelope and handles its payload.
func (a *Adapter) onEnvelope(ctx context.Context, smc *socketmode.Client, in bot.Inbox, req *socketmode.Request) {
	log := a.log.With("envelope_id", req.EnvelopeID, "type", req.Type)
	if req.RetryAttempt > 0 {
		log.Debug("Slack redelivered an envelope", "retry_attempt", req.RetryAttempt, "retry_reason", req.RetryReason)
	}
	ack := func(payload any) {
		if err := smc.AckCtx(ctx, req.EnvelopeID, payload); err != nil {
			log.Warn("could not acknowledge a Socket Mode envelope", "err", err)
		}
	}
	switch req.Type {
	case socketmode.RequestTypeEventsAPI:
		ack(nil)
		env, ev, err := parseEnvelope(req.Payload)
		if err != nil || ev == nil {
			log.Warn("malformed Slack event", "err", err)
			return
		}
		a.goWork(ctx, "event", func(ctx context.Context) { a.handleEvent(ctx, in, env, ev) })
	case socketmode.RequestTypeSlashCommands:
		ack(nil)
		c, err := parseSlashJSON(req.Payload)
		if err != nil {
			log.Warn("malformed Slack command", "err", err)
			return
		}
		a.onCommand(ctx, in, c, req.EnvelopeID)
	case socketmode.RequestTypeInteractive:
		p, err := parseInteractionJSON(req.Payload)
		if err != nil {
			ack(nil)
			log.Warn("malformed Slack interaction", "err", err)
			return
		}
		if p.Type == "view_submission" || p.Type == "block_suggestion" {
			// The answer goes in the ack; work on it without holding up
			// the other envelopes.
			a.goWork(ctx, "view_submission", func(ctx context.Context) { ack(a.onInteraction(ctx, in, p, req.EnvelopeID)) })
			return
		}
		ack(nil)
		a.onInteraction(ctx, in, p, req.EnvelopeID)
	default:
		ack(nil)
	}
}

// slogWriter routes slack-go's socketmode log lines to slog at debug level.
type slogWriter struct{ log *slog.Logger }

// Output implements socketmode's logger.
func (w slogWriter) Output(_ int, s string) error {
	w.log.Debug(strings.TrimSpace(s), "source", "socketmode")
	return nil
}
