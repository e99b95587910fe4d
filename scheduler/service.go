package scheduler

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"

	"github.com/robfig/cron/v3"

	"github.com/campaignbot/campaignbot/config"
)

// Service runs the scheduler: it plans at start, re-plans on every config
// change and every hour (extending the horizon of recurring jobs), and
// runs the dispatcher until ctx is done.
type Service struct {
	Planner    *Planner
	Dispatcher *Dispatcher
	// Config returns the configuration in force.
	Config func() *config.Config
	// Changes delivers each new config after a hot reload; nil means none.
	Changes <-chan *config.Config
	Clock   Clock
	Logger  *slog.Logger

	// mu serializes planning runs (start, hourly, reloads and ReplanNow),
	// so a run that read older data never commits after a newer one.
	mu sync.Mutex
}

// Run plans, dispatches and re-plans until ctx is done.
func (s *Service) Run(ctx context.Context) error {
	s.mu.Lock()
	s.defaults()
	s.Planner.Wake = s.Dispatcher.Wake
	s.mu.Unlock()
	// The dispatcher starts first, so reminders already due (after a
	// restart) go out while the possibly slow start-up planning runs.
	done := make(chan error, 1)
	go func() { done <- s.Dispatcher.Run(ctx) }()
	s.safeReplan(ctx, s.Config(), "start")

	// SkipIfStillRunning must wrap Recover, not the other way round: with
	// Recover outside, a run that panics never releases the skip lock and
	// every later run is skipped (robfig/cron issue 366).
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cronLogger{s.Logger}), cron.Recover(cronLogger{s.Logger})))
	if _, err := c.AddFunc("@hourly", func() { s.replan(ctx, s.Config(), "hourly") }); err != nil {
		return fmt.Errorf("schedule hourly planning: %w", err)
	}
	c.Start()
	defer func() { <-c.Stop().Done() }()

	for {
		select {
		case <-ctx.Done():
			return <-done
		case cfg := <-s.Changes:
			s.safeReplan(ctx, cfg, "config reload")
		}
	}
}

// defaults fills in the clock and the logger; s.mu is held.
func (s *Service) defaults() {
	if s.Clock == nil {
		s.Clock = SystemClock{}
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
}

// ReplanNow re-plans at once with the config in force, for changes the
// config does not carry, such as milestones added or moved in chat. It is
// safe to call concurrently with Run and returns when the plan is stored,
// with the planning error, if any.
func (s *Service) ReplanNow(ctx context.Context) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("planning panicked: %v", p)
			s.Logger.Error("planning panicked", "why", "replan now", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	return s.replan(ctx, s.Config(), "replan now")
}

// safeReplan re-plans and turns a panic into a logged error.
func (s *Service) safeReplan(ctx context.Context, cfg *config.Config, why string) {
	defer func() {
		if p := recover(); p != nil {
			s.Logger.Error("planning panicked", "why", why, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	s.replan(ctx, cfg, why)
}

// replan plans as of now, logs the outcome and returns the planning
// error. When run by cron, a panic is recovered by the chain's Recover.
func (s *Service) replan(ctx context.Context, cfg *config.Config, why string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.defaults()
	res, err := s.Planner.Plan(ctx, cfg, s.Clock.Now())
	if err != nil {
		s.Logger.Error("planning reminders", "why", why, "err", err)
	}
	for prefix, r := range res {
		if r.Added+r.Updated+r.Canceled > 0 {
			s.Logger.Info("planned reminders", "why", why, "source", prefix, "added", r.Added, "updated", r.Updated, "canceled", r.Canceled)
		}
	}
	return err
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ l *slog.Logger }

// Info logs cron's routine messages at debug level.
func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }

// Error logs cron's errors, including recovered panics.
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
