package monitor_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/monitor"
)

func TestEndpoints(t *testing.T) {
	var dbErr error
	m := monitor.NewMetrics()
	mux := http.NewServeMux()
	monitor.Mount(mux, m, func(context.Context) error { return dbErr })
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
		{"readyz down hides cause", errors.New("dial tcp 10.0.0.1:5432: secret-host"), "/readyz", 503, []string{`"unavailable"`}},
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
