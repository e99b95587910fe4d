// Package monitor exposes campaignbot's health, readiness and Prometheus
// metrics over HTTP: /healthz answers while the process runs, /readyz only
// while the database answers, and /metrics serves the counters of handled
// events and their latencies.
package monitor

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are campaignbot's Prometheus collectors. It implements
// bot.Observer.
type Metrics struct {
	registry *prometheus.Registry
	events   *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

// NewMetrics returns metrics registered on a new registry together with the
// Go runtime and process collectors.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		registry: reg,
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "campaignbot_events_total",
			Help: "Incoming chat events handled, by kind, handler and result code (ok when it succeeded).",
		}, []string{"kind", "handler", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "campaignbot_event_duration_seconds",
			Help:    "Time spent handling incoming chat events.",
			Buckets: []float64{.001, .005, .01, .05, .1, .5, 1, 3, 10},
		}, []string{"kind"}),
	}
	reg.MustRegister(m.events, m.latency,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry returns the registry, so other packages can register collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Observe records one handled event.
func (m *Metrics) Observe(kind, handler, code string, took time.Duration) {
	if code == "" {
		code = "ok"
	}
	m.events.WithLabelValues(kind, handler, code).Inc()
	m.latency.WithLabelValues(kind).Observe(took.Seconds())
}

// Mount adds /healthz, /readyz and /metrics to mux. ready reports whether
// the bot can serve, typically by pinging the database.
func Mount(mux *http.ServeMux, m *Metrics, ready func(ctx context.Context) error) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, http.StatusOK, "ok", "")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			// The cause may name hosts or paths; keep it in the logs only.
			writeStatus(w, http.StatusServiceUnavailable, "unavailable", "database unreachable")
			return
		}
		writeStatus(w, http.StatusOK, "ok", "")
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
}

// writeStatus writes a small JSON status document.
func writeStatus(w http.ResponseWriter, code int, status, reason string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	body := map[string]string{"status": status}
	if reason != "" {
		body["reason"] = reason
	}
	_ = json.NewEncoder(w).Encode(body)
}
