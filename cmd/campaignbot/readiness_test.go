package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/monitor"
	"github.com/campaignbot/campaignbot/storage"
)

// TestReadyzFollowsStartUp runs the bot (the console adapter on SQLite)
// and checks that /readyz fails until the first plan is done and again
// when the database stops answering, while /healthz answers throughout.
func TestReadyzFollowsStartUp(t *testing.T) {
	isolate(t)
	old := readinessOptions
	readinessOptions = monitor.ReadinessOptions{CacheFor: -1} // every probe pings
	t.Cleanup(func() { readinessOptions = old })

	// The database is opened and migrated only when the test says so.
	addr := freeAddr(t)
	t.Setenv("CAMPAIGNBOT_HTTP_LISTEN", addr)
	migrating, migrate := make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { openStorage = storage.Open })
	openStorage = func(ctx context.Context, opts storage.Options) (*storage.DB, error) {
		close(migrating)
		<-migrate
		return storage.Open(ctx, opts)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in, typing := io.Pipe()
	var out, errOut syncBuffer
	s := streams{in: in, out: &out, err: &errOut}
	type opened struct {
		a   *app
		err error
	}
	openDone := make(chan opened, 1)
	go func() {
		a, err := openApp(ctx, s, "", forServe)
		openDone <- opened{a, err}
	}()
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get("http://" + addr + path)
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

	// While the database is opened and migrated, the listener already
	// answers: alive, not ready.
	<-migrating
	expect("during migrations", "/healthz", 200, `"status":"ok"`)
	expect("during migrations", "/readyz", 503, `"reason":"starting: migrations, first plan"`)
	// A client that sends nothing is cut off by the default header bound.
	silent := dial(t, addr)
	silentSince := time.Now()
	close(migrate)
	o := <-openDone
	if o.err != nil {
		t.Fatalf("open: %v\n%s", o.err, errOut.String())
	}
	a := o.a
	defer a.close()

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

	// The wired listener has the default bounds.
	if took := awaitClosed(t, silent, silentSince); took > defaultHTTPLimits.ReadHeader+1500*time.Millisecond {
		t.Errorf("a silent client was cut off after %v, want within %v", took, defaultHTTPLimits.ReadHeader)
	}
}

// TestDefaultHTTPLimits pins the bounds the README documents: within
// Slack's 3-second acknowledgement, longer idle than common load
// balancers' 60 s.
func TestDefaultHTTPLimits(t *testing.T) {
	want := httpLimits{
		ReadHeader:     2 * time.Second,
		Read:           5 * time.Second,
		Write:          10 * time.Second,
		Idle:           90 * time.Second,
		MaxHeaderBytes: 64 << 10,
		MaxConns:       256,
	}
	if defaultHTTPLimits != want {
		t.Errorf("defaultHTTPLimits = %+v, want %+v (update the README's Operations section too)", defaultHTTPLimits, want)
	}
}
