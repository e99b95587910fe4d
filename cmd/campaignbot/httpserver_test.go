package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// testHTTPLimits are short bounds, so the tests see clients cut off in a
// fraction of a second.
var testHTTPLimits = httpLimits{
	ReadHeader:     300 * time.Millisecond,
	Read:           600 * time.Millisecond,
	Write:          600 * time.Millisecond,
	Idle:           600 * time.Millisecond,
	MaxHeaderBytes: 4 << 10,
	MaxConns:       2,
}

// clientPatience is how long a test client waits for the server before it
// gives up: far beyond every bound in testHTTPLimits, so reaching it means
// the server kept the connection open.
const clientPatience = 10 * time.Second

// serveTest serves h on a real loopback listener bounded by l and returns
// its address. bodyErrs receives what the handler's body read ended with.
func serveTest(t *testing.T, l httpLimits) (addr string, bodyErrs <-chan error) {
	t.Helper()
	errs := make(chan error, 16)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		errs <- err
		if err != nil {
			http.Error(w, "could not read the request", http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(mux, l)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(limitListener(ln, l))
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		srv.Close()
		<-done
	})
	return ln.Addr().String(), errs
}

// dial opens a raw connection to addr.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// awaitClosed reads c until the server closes it and returns how long
// that took from start. It fails the test when the client's patience runs
// out first: the server never cut the client off.
func awaitClosed(t *testing.T, c net.Conn, start time.Time) time.Duration {
	t.Helper()
	if err := c.SetReadDeadline(start.Add(clientPatience)); err != nil {
		t.Fatal(err)
	}
	_, err := io.Copy(io.Discard, c)
	took := time.Since(start)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the server kept the connection open for %v", took)
	}
	return took
}

const postHeaders = "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"

func TestHTTPServerCutsOffSlowClients(t *testing.T) {
	l := testHTTPLimits
	// margin absorbs scheduling on a busy machine; it is still far below
	// clientPatience.
	const margin = 1500 * time.Millisecond
	tests := []struct {
		name string
		// send writes what the client sends; it runs in its own goroutine
		// and returns when a write fails or stop is closed.
		send func(c net.Conn, stop <-chan struct{})
		// bound is how soon the server must close the connection.
		bound time.Duration
		// bodyRead reports whether the handler ran and read a body, which
		// must then have failed.
		bodyRead bool
	}{
		{
			name: "headers then a stalled body",
			send: func(c net.Conn, stop <-chan struct{}) {
				io.WriteString(c, postHeaders+`{"type":`)
			},
			bound:    l.Read,
			bodyRead: true,
		},
		{
			name: "a body trickled a byte at a time",
			send: func(c net.Conn, stop <-chan struct{}) {
				if _, err := io.WriteString(c, postHeaders); err != nil {
					return
				}
				// A byte every 100 ms would take 100 s for the body.
				tick := time.NewTicker(100 * time.Millisecond)
				defer tick.Stop()
				for {
					select {
					case <-stop:
						return
					case <-tick.C:
						if _, err := c.Write([]byte("x")); err != nil {
							return
						}
					}
				}
			},
			bound:    l.Read,
			bodyRead: true,
		},
		{
			name: "headers that stall",
			send: func(c net.Conn, stop <-chan struct{}) {
				io.WriteString(c, "POST /slack/events HTTP/1.1\r\nHost: bo")
			},
			bound: l.ReadHeader,
		},
		{
			name: "a connection that sends nothing",
			send: func(c net.Conn, stop <-chan struct{}) {},
			// Before the first request the server waits for headers.
			bound: l.ReadHeader,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, bodyErrs := serveTest(t, l)
			c := dial(t, addr)
			stop := make(chan struct{})
			defer close(stop)
			start := time.Now()
			go tt.send(c, stop)
			took := awaitClosed(t, c, start)
			if took > tt.bound+margin {
				t.Errorf("cut off after %v, want within %v (+%v margin)", took, tt.bound, margin)
			}
			if tt.bodyRead {
				select {
				case err := <-bodyErrs:
					if err == nil {
						t.Error("the handler read a whole body")
					}
				default:
					t.Error("the handler never saw the request")
				}
			}
		})
	}
}

// TestHTTPServerIdleKeepAlive checks that a kept-alive connection is closed
// after the idle bound.
func TestHTTPServerIdleKeepAlive(t *testing.T) {
	l := testHTTPLimits
	l.Idle = 300 * time.Millisecond
	addr, _ := serveTest(t, l)
	c := dial(t, addr)
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("status %d, close %v; want a kept-alive 200", resp.StatusCode, resp.Close)
	}
	start := time.Now()
	if err := c.SetReadDeadline(start.Add(clientPatience)); err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, br)
	took := time.Since(start)
	if errors.Is(err, os.ErrDeadlineExceeded) || took > l.Idle+1500*time.Millisecond {
		t.Errorf("idle connection closed after %v (err %v), want within %v", took, err, l.Idle)
	}
}

// TestHTTPServerConnectionCap checks that connections beyond MaxConns wait
// until one closes, and that slow clients holding every slot are cut off
// so the waiting ones are served.
func TestHTTPServerConnectionCap(t *testing.T) {
	l := testHTTPLimits
	l.MaxConns = 2
	addr, _ := serveTest(t, l)
	// Two silent clients take every slot.
	silent := []net.Conn{dial(t, addr), dial(t, addr)}
	waiting := dial(t, addr)
	if _, err := io.WriteString(waiting, "GET /healthz HTTP/1.1\r\nHost: bot\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// While the slots are held, the third client is not served.
	if err := waiting.SetReadDeadline(time.Now().Add(100 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if n, err := waiting.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("a connection beyond the cap was served while the cap was reached: %d bytes, %v", n, err)
	}
	// The silent clients are cut off, which frees the slots.
	start := time.Now()
	if err := waiting.SetReadDeadline(start.Add(clientPatience)); err != nil {
		t.Fatal(err)
	}
	resp, err := io.ReadAll(waiting)
	if err != nil {
		t.Fatalf("waiting client: %v", err)
	}
	if !strings.HasPrefix(string(resp), "HTTP/1.1 200") || !strings.HasSuffix(string(resp), "ok") {
		t.Errorf("waiting client got %q", resp)
	}
	for _, c := range silent {
		awaitClosed(t, c, start)
	}
}
