package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/monitor"
)

// TestReadyzFollowsStartUp runs the bot (the console adapter on SQLite)
// and checks that /readyz fails until the first plan is done and again
// when the database stops answering, while /healthz answers throughout.
func TestReadyzFollowsStartUp(t *testing.T) {
	isolate(t)
	old := readinessOptions
	readinessOptions = monitor.ReadinessOptions{CacheFor: -1} // every probe pings
	t.Cleanup(func() { readinessOptions = old })

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, typing := io.Pipe()
	var out, errOut syncBuffer
	s := streams{in: in, out: &out, err: &errOut}
	a, err := openServingApp(ctx, s, "")
	if err != nil {
		t.Fatalf("open: %v\n%s", err, errOut.String())
	}
	defer a.close()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + a.httpAddr + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	expect := func(when, path string, wantCode int, want string) {
		t.Helper()
		if code, body := get(path); code != wantCode || !strings.Contains(body, want) {
			t.Errorf("%s: %s = %d %s, want %d with %s", when, path, code, body, wantCode, want)
		}
	}

	// Migrated, but nothing planned yet: the scheduler has not started.
	expect("before the first plan", "/readyz", 503, `"reason":"starting: first plan"`)
	expect("before the first plan", "/healthz", 200, `"status":"ok"`)

	done := make(chan error, 1)
	go func() { done <- runConsole(ctx, s, a, "", "") }()
	select {
	case <-a.ready.Started():
	case err := <-done:
		t.Fatalf("the console ended: %v\n%s", err, errOut.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("the first plan never finished\n%s", errOut.String())
	}
	expect("after the first plan", "/readyz", 200, `"status":"ok"`)

	// The database goes away: every query fails from now on.
	if err := a.db.Close(); err != nil {
		t.Fatal(err)
	}
	expect("database unreachable", "/readyz", 503, `"reason":"database unreachable"`)
	expect("database unreachable", "/healthz", 200, `"status":"ok"`)

	typing.Close() // end of input: the console exits
	if err := <-done; err != nil {
		t.Errorf("console: %v", err)
	}
}
