package monitor_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot/monitor"
)

func TestEndpoints(t *testing.T) {
	var dbErr error
	m := monitor.NewMetrics()
	mux := http.NewServeMux()
	ready := monitor.NewReadiness(monitor.ReadinessOptions{CacheFor: -1})
	ready.SetPing(func(context.Context) error { return dbErr })
	monitor.Mount(mux, m, ready)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	m.Observe("command", "help", "", 3*time.Millisecond)
	m.Observe("command", "unknown", "invalid", time.Millisecond)

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	tests := []struct {
		name     string
		dbErr    error
		path     string
		wantCode int
		want     []string
	}{
		{"healthz", nil, "/healthz", 200, []string{`"status":"ok"`}},
		{"readyz up", nil, "/readyz", 200, []string{`"status":"ok"`}},
		{"readyz down hides cause", errors.New("dial tcp 10.0.0.1:5432: secret-host"), "/readyz", 503, []string{`"unavailable"`, `"database unreachable"`}},
		{"healthz while the database is down", errors.New("down"), "/healthz", 200, []string{`"status":"ok"`}},
		{"metrics", nil, "/metrics", 200, []string{
			`campaignbot_events_total{code="ok",handler="help",kind="command"} 1`,
			`campaignbot_events_total{code="invalid",handler="unknown",kind="command"} 1`,
			`campaignbot_event_duration_seconds_count{kind="command"} 2`,
			`go_goroutines`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dbErr = tt.dbErr
			code, body := get(tt.path)
			if code != tt.wantCode {
				t.Fatalf("status %d, want %d; body %s", code, tt.wantCode, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			if strings.Contains(body, "secret-host") {
				t.Errorf("readiness leaked the database error: %s", body)
			}
		})
	}
}

// get returns the status and body of a GET of path on h.
func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

// TestReadinessStartUp checks that /readyz fails until every start-up step
// is done, in any order, while /healthz answers throughout.
func TestReadinessStartUp(t *testing.T) {
	ready := monitor.NewReadiness(monitor.ReadinessOptions{})
	migrated := ready.Pending("migrations")
	planned := ready.Pending("first plan")
	mux := http.NewServeMux()
	monitor.Mount(mux, monitor.NewMetrics(), ready)

	steps := []struct {
		name     string
		do       func()
		wantCode int
		want     string
	}{
		{"nothing done", func() {}, 503, `"reason":"starting: migrations, first plan"`},
		{"migrated", migrated, 503, `"reason":"starting: first plan"`},
		{"migrated twice", migrated, 503, `"reason":"starting: first plan"`},
		{"planned", planned, 200, `"status":"ok"`},
	}
	for _, st := range steps {
		st.do()
		if code, body := get(t, mux, "/readyz"); code != st.wantCode || !strings.Contains(body, st.want) {
			t.Errorf("%s: /readyz = %d %s, want %d with %s", st.name, code, body, st.wantCode, st.want)
		}
		if code, _ := get(t, mux, "/healthz"); code != 200 {
			t.Errorf("%s: /healthz = %d", st.name, code)
		}
	}
	select {
	case <-ready.Started():
	default:
		t.Error("Started is not closed after the last step")
	}
}

// TestReadinessPing checks that a ping result is reused for CacheFor, that
// a failed ping makes the bot unready until a later ping succeeds, and
// that a hung database is reported within the ping timeout.
func TestReadinessPing(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	var pings int
	var dbErr error
	// The defaults: a result is reused for 2 s.
	ready := monitor.NewReadiness(monitor.ReadinessOptions{Now: func() time.Time { return now }})
	ready.SetPing(func(context.Context) error { pings++; return dbErr })
	ctx := context.Background()

	steps := []struct {
		name      string
		advance   time.Duration
		dbErr     error
		want      string
		wantPings int
	}{
		{"first check pings", 0, nil, "", 1},
		{"within the cache", time.Second, errors.New("down"), "", 1},
		{"cache expired: down", time.Second, errors.New("down"), "database unreachable", 2},
		{"failure is cached too", time.Second, nil, "database unreachable", 2},
		{"back up", time.Second, nil, "", 3},
	}
	for _, st := range steps {
		now = now.Add(st.advance)
		dbErr = st.dbErr
		if got := ready.Check(ctx); got != st.want || pings != st.wantPings {
			t.Errorf("%s: Check = %q after %d pings, want %q after %d", st.name, got, pings, st.want, st.wantPings)
		}
	}
}

// TestReadinessHungDatabase checks that a ping that never returns on its
// own is cut off by the timeout.
func TestReadinessHungDatabase(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ready := monitor.NewReadiness(monitor.ReadinessOptions{}) // the default 800 ms timeout
		ready.SetPing(func(ctx context.Context) error {
			<-ctx.Done() // a database that never answers
			return ctx.Err()
		})
		start := time.Now()
		if got := ready.Check(context.Background()); got != "database unreachable" {
			t.Errorf("Check = %q", got)
		}
		if took := time.Since(start); took != 800*time.Millisecond {
			t.Errorf("the check took %v, want the 800ms timeout", took)
		}
	})
}
