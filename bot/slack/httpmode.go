package slack

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/campaignbot/campaignbot/bot"
)

// HTTP-mode paths, mounted by Mount.
const (
	EventsPath        = "/slack/events"
	CommandsPath      = "/slack/commands"
	InteractivityPath = "/slack/interactivity"
)

// Mount registers the HTTP-mode endpoints on mux. In Socket Mode it
// registers nothing.
func (a *Adapter) Mount(mux *http.ServeMux) {
	if a.mode != ModeHTTP {
		return
	}
	mux.Handle("POST "+EventsPath, a.verified(a.serveEvents))
	mux.Handle("POST "+CommandsPath, a.verified(a.serveCommand))
	mux.Handle("POST "+InteractivityPath, a.verified(a.serveInteraction))
}

// verifiedHandler serves a request whose body was read once and verified.
// base is the context work goes on in after the request is answered.
type verifiedHandler func(w http.ResponseWriter, r *http.Request, in bot.Inbox, base context.Context, body []byte)

// verified reads the capped body once, verifies Slack's signature (401
// and nothing else happens when it fails) and hands the body on.
func (a *Adapter) verified(next verifiedHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, a.opts.MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "could not read the request", http.StatusBadRequest)
			return
		}
		if err := verify(a.secret, r.Header, body, a.now()); err != nil {
			a.log.Warn("rejected an unverified Slack request", "path", r.URL.Path, "remote", r.RemoteAddr, "why", err)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		in, base := a.currentInbox()
		if in == nil {
			http.Error(w, "starting up", http.StatusServiceUnavailable)
			return
		}
		next(w, r, in, base, body)
	})
}

// serveEvents answers the Events API: the url_verification challenge, or
// 200 at once for an event_callback, which is worked on afterwards.
func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request, in bot.Inbox, ctx context.Context, body []byte) {
	env, ev, err := parseEnvelope(body)
	if err != nil {
		a.log.Warn("malformed Slack event", "err", err)
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}
	if env.Type == "url_verification" {
		writeJSON(w, map[string]string{"challenge": env.Challenge})
		return
	}
	if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
		a.log.Debug("Slack retried an event", "event_id", env.EventID, "retry", n, "reason", r.Header.Get("X-Slack-Retry-Reason"))
	}
	w.WriteHeader(http.StatusOK)
	a.goWork(ctx, "event", func(ctx context.Context) { a.handleEvent(ctx, in, env, ev) })
}

// serveCommand acknowledges a slash command with an empty 200 and runs it
// afterwards.
func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request, in bot.Inbox, ctx context.Context, body []byte) {
	c, err := parseSlashForm(body)
	if err != nil {
		a.log.Warn("malformed Slack command", "err", err)
		http.Error(w, "malformed command", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.onCommand(ctx, in, c, "")
}

// serveInteraction answers an interactivity request: view submissions in
// the response, everything else with an empty 200 and work afterwards.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, in bot.Inbox, ctx context.Context, body []byte) {
	p, err := parseInteractionForm(body)
	if err != nil {
		a.log.Warn("malformed Slack interaction", "err", err)
		http.Error(w, "malformed payload", http.StatusBadRequest)
		return
	}
	if p.Type == "view_submission" || p.Type == "block_suggestion" {
		ctx = r.Context()
	}
	if ack := a.onInteraction(ctx, in, p, ""); ack != nil {
		writeJSON(w, ack)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
