// Package monitor exposes campaignbot's health, readiness and Prometheus
// metrics over HTTP: /healthz answers while the process runs (liveness),
// /readyz only once start-up is done (migrations, the first plan) and while
// the database answers, and /metrics serves the counters of handled events
// and their latencies.
package monitor

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
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

// Readiness decides what /readyz answers: not ready while a start-up step
// is pending, or while the database does not answer a ping. Pings are
// bounded by a short timeout and their result is kept briefly, so that
// frequent probes from several load balancers cost one query now and then
// and a hung database answers the probe in time. It is safe for concurrent
// use.
type Readiness struct {
	opts ReadinessOptions

	mu      sync.Mutex
	ping    func(ctx context.Context) error
	pending []string
	started chan struct{}
	// checked is when the cached ping result pingErr was taken.
	checked time.Time
	pingErr error

	// pinging serializes pings, so concurrent probes share one.
	pinging sync.Mutex
}

// ReadinessOptions configure a Readiness. Zero values take the defaults.
type ReadinessOptions struct {
	// Timeout bounds one database ping (default DefaultPingTimeout).
	Timeout time.Duration
	// CacheFor is how long a ping's result is reused (default
	// DefaultPingCache); negative pings every time.
	CacheFor time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// DefaultPingTimeout bounds the database ping of a readiness check: well
// under the usual 1-second probe timeout of Kubernetes.
const DefaultPingTimeout = 800 * time.Millisecond

// DefaultPingCache is how long a readiness ping's result is reused.
const DefaultPingCache = 2 * time.Second

// NewReadiness returns a Readiness with no pending step and no ping: ready
// until a step is added with Pending.
func NewReadiness(opts ReadinessOptions) *Readiness {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultPingTimeout
	}
	if opts.CacheFor == 0 {
		opts.CacheFor = DefaultPingCache
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Readiness{opts: opts, started: make(chan struct{})}
}

// Pending adds a start-up step, named for the /readyz answer, and returns
// the function that marks it done; calling it again does nothing. When the
// last pending step is done, the channel of Started is closed.
func (r *Readiness) Pending(step string) (done func()) {
	r.mu.Lock()
	r.pending = append(r.pending, step)
	r.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			for i, p := range r.pending {
				if p == step {
					r.pending = append(r.pending[:i], r.pending[i+1:]...)
					break
				}
			}
			if len(r.pending) == 0 {
				select {
				case <-r.started:
				default:
					close(r.started)
				}
			}
		})
	}
}

// Started returns a channel closed when the last pending step is done.
func (r *Readiness) Started() <-chan struct{} { return r.started }

// SetPing sets the database check, from then on part of every readiness
// check.
func (r *Readiness) SetPing(ping func(ctx context.Context) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ping, r.checked, r.pingErr = ping, time.Time{}, nil
}

// Check returns "" when the bot is ready, else the reason it is not, safe
// to show to anyone: "starting: <steps>" or "database unreachable". The
// cause of a failed ping is not part of it, as it may name hosts.
func (r *Readiness) Check(ctx context.Context) string {
	r.mu.Lock()
	if len(r.pending) > 0 {
		reason := "starting: " + strings.Join(r.pending, ", ")
		r.mu.Unlock()
		return reason
	}
	r.mu.Unlock()
	if err := r.pingCached(ctx); err != nil {
		return "database unreachable"
	}
	return ""
}

// pingCached pings the database unless a result younger than CacheFor is
// at hand.
func (r *Readiness) pingCached(ctx context.Context) error {
	r.pinging.Lock()
	defer r.pinging.Unlock()
	r.mu.Lock()
	ping, checked, err := r.ping, r.checked, r.pingErr
	r.mu.Unlock()
	if ping == nil {
		return nil
	}
	now := r.opts.Now()
	if !checked.IsZero() && r.opts.CacheFor > 0 && now.Sub(checked) < r.opts.CacheFor {
		return err
	}
	pctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	err = ping(pctx)
	r.mu.Lock()
	r.checked, r.pingErr = now, err
	r.mu.Unlock()
	return err
}

// Mount adds /healthz, /readyz and /metrics to mux. /healthz is liveness
// only: it answers 200 while the process serves HTTP, whatever the
// database. /readyz answers 200 when ready says so, else 503 with the
// reason.
func Mount(mux *http.ServeMux, m *Metrics, ready *Readiness) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, http.StatusOK, "ok", "")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if reason := ready.Check(r.Context()); reason != "" {
			writeStatus(w, http.StatusServiceUnavailable, "unavailable", reason)
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
