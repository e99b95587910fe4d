package main

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// httpLimits bounds what one HTTP client can hold of the listener, so a
// slow or stalled client is cut off instead of keeping a connection (and
// a goroutine) forever.
type httpLimits struct {
	// ReadHeader is how long a client has to send the request headers.
	ReadHeader time.Duration
	// Read is how long a client has to send the whole request, headers and
	// body; a body that stalls or trickles is cut off when it runs out.
	Read time.Duration
	// Write is how long the handler and the response may take after the
	// headers were read.
	Write time.Duration
	// Idle is how long a kept-alive connection may wait for its next
	// request.
	Idle time.Duration
	// MaxHeaderBytes caps the request headers.
	MaxHeaderBytes int
	// MaxConns caps the connections open at once; further clients wait in
	// the kernel's accept queue until one closes.
	MaxConns int
}

// defaultHTTPLimits suit Slack's HTTP mode: Slack wants every request
// acknowledged within 3 seconds and sends bodies of at most 1 MiB, which
// arrive in well under a second, so a request that is not fully read after
// 5 seconds is not Slack's. Handlers answer within Slack's 3 seconds; the
// write bound leaves room for a /metrics scrape. The idle bound is longer
// than the 60 seconds load balancers commonly use, so the balancer, not
// the bot, closes idle connections and never sends on one being closed.
var defaultHTTPLimits = httpLimits{
	ReadHeader:     2 * time.Second,
	Read:           5 * time.Second,
	Write:          10 * time.Second,
	Idle:           90 * time.Second,
	MaxHeaderBytes: 64 << 10,
	MaxConns:       256,
}

// newHTTPServer returns a server of h bounded by l.
func newHTTPServer(h http.Handler, l httpLimits) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}

// limitListener caps the connections ln hands out at once at l.MaxConns;
// a zero cap leaves ln as it is.
func limitListener(ln net.Listener, l httpLimits) net.Listener {
	if l.MaxConns <= 0 {
		return ln
	}
	return netutil.LimitListener(ln, l.MaxConns)
}
