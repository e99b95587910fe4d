package slackfake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
)

// Client returns the HTTP client that reaches the fake: over loopback for
// a fake made by New, by direct calls for one made by NewInProcess. The
// client has no timeout of its own; callers set one, as the adapter does.
func (s *Server) Client() *http.Client {
	if s.srv != nil {
		return &http.Client{Transport: s.srv.Client().Transport}
	}
	return &http.Client{Transport: inProcess{s.handler}}
}

// inProcess serves requests by calling the handler in a goroutine of its
// own. Like a network, it reports a written request to the caller's
// httptrace hooks, and a caller that gives up (timeout, cancel) gets its
// context's error while the fake carries on: the call may take effect.
type inProcess struct{ h http.Handler }

// RoundTrip implements http.RoundTripper.
func (t inProcess) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("slackfake: read request body: %w", err)
		}
		body = b
	}
	ctx := req.Context()
	if trace := httptrace.ContextClientTrace(ctx); trace != nil {
		if trace.WroteHeaders != nil {
			trace.WroteHeaders()
		}
		if trace.WroteRequest != nil {
			trace.WroteRequest(httptrace.WroteRequestInfo{})
		}
	}
	// The server side lives on without the client, as Slack does.
	in := req.Clone(context.WithoutCancel(ctx))
	in.Body = io.NopCloser(bytes.NewReader(body))
	in.ContentLength = int64(len(body))
	in.RequestURI = req.URL.RequestURI()
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.h.ServeHTTP(rec, in)
	}()
	select {
	case <-done:
		resp := rec.Result()
		resp.Request = req
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
