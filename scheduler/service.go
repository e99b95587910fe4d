package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/campaignbot/campaignbot/config"
)

// ReplanWait is how long ReplanNow waits for a plan before it leaves the
// plan to the service and returns ErrReplanQueued, so a chat command that
// changed a milestone is answered within Slack's patience even while a
// large plan runs.
const ReplanWait = 2 * time.Second

// ErrReplanQueued says a re-plan was asked for but not finished within
// ReplanWait: the service runs it as soon as the plan in progress ends.
var ErrReplanQueued = errors.New("re-plan queued behind the plan in progress")

// Service runs the scheduler: it plans at start, re-plans on every config
// change and every hour (extending the horizon of recurring jobs), and
// runs the dispatcher until ctx is done.
//
// Planning has two parts with a lock each: the config part (milestones,
// jobs, reports), quick whatever the data, and the features part (to-do
// nudges and digests), which reads every open to-do. A command that
// changed a milestone waits only for the config part, and never longer
// than ReplanWait.
type Service struct {
	Planner    *Planner
	Dispatcher *Dispatcher
	// Config returns the configuration in force.
	Config func() *config.Config
	// Changes delivers each new config after a hot reload; nil means none.
	Changes <-chan *config.Config
	Clock   Clock
	Logger  *slog.Logger
	// Hourly jobs run every hour besides planning, each on its own
	// schedule entry (pruning the event log, say); a panic in one is
	// recovered and logged.
	Hourly []func(context.Context)

	// configLock and featureLock serialize the two parts of planning
	// runs, so a run that read older data never commits after a newer
	// one; queued holds a re-plan asked for while busy.
	once        sync.Once
	configLock  chan struct{}
	featureLock chan struct{}
	queued      chan struct{}
	// planned is closed when the start-up plan has run.
	planned chan struct{}
}

// init fills defaults, once.
func (s *Service) init() {
	s.once.Do(func() {
		if s.Clock == nil {
			s.Clock = SystemClock{}
		}
		if s.Logger == nil {
			s.Logger = slog.New(slog.DiscardHandler)
		}
		s.configLock = make(chan struct{}, 1)
		s.featureLock = make(chan struct{}, 1)
		s.queued = make(chan struct{}, 1)
		s.planned = make(chan struct{})
	})
}

// Planned returns a channel closed once Run's start-up plan has run,
// whether it succeeded or not (a failure is logged and the hourly re-plan
// tries again): from then on reminders due are planned and dispatched.
func (s *Service) Planned() <-chan struct{} {
	s.init()
	return s.planned
}

// Run plans, dispatches and re-plans until ctx is done.
func (s *Service) Run(ctx context.Context) error {
	s.init()
	s.configLock <- struct{}{}
	s.Planner.Wake = s.Dispatcher.Wake
	<-s.configLock
	// The dispatcher starts first, so reminders already due (after a
	// restart) go out while the possibly slow start-up planning runs.
	done := make(chan error, 1)
	go func() { done <- s.Dispatcher.Run(ctx) }()
	s.safeReplan(ctx, s.Config(), "start")
	close(s.planned)

	// SkipIfStillRunning must wrap Recover, not the other way round: with
	// Recover outside, a run that panics never releases the skip lock and
	// every later run is skipped (robfig/cron issue 366).
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cronLogger{s.Logger}), cron.Recover(cronLogger{s.Logger})))
	if _, err := c.AddFunc("@hourly", func() { s.replan(ctx, s.Config(), "hourly") }); err != nil {
		return fmt.Errorf("schedule hourly planning: %w", err)
	}
	for _, job := range s.Hourly {
		if _, err := c.AddFunc("@hourly", func() { job(ctx) }); err != nil {
			return fmt.Errorf("schedule an hourly job: %w", err)
		}
	}
	c.Start()
	defer func() { <-c.Stop().Done() }()

	for {
		select {
		case <-ctx.Done():
			return <-done
		case cfg := <-s.Changes:
			s.safeReplan(ctx, cfg, "config reload")
		case <-s.queued:
			s.safeReplan(ctx, s.Config(), "asked while busy")
		}
	}
}

// ReplanNow re-plans the config part (milestones, jobs, reports) with the
// config in force, for changes the config does not carry, such as
// milestones added or moved in chat. It is safe to call concurrently with
// Run and returns when the plan is stored, with the planning error, or
// after ReplanWait with ErrReplanQueued, leaving the re-plan to Run.
func (s *Service) ReplanNow(ctx context.Context) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("planning panicked: %v", p)
			s.Logger.Error("planning panicked", "why", "replan now", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	s.init()
	wait := s.Clock.NewTimer(ReplanWait)
	defer wait.Stop()
	select {
	case s.configLock <- struct{}{}:
	case <-wait.C():
		s.queue()
		return ErrReplanQueued
	case <-ctx.Done():
		s.queue()
		return ctx.Err()
	}
	defer func() { <-s.configLock }()
	res, err := s.Planner.PlanConfig(ctx, s.Config(), s.Clock.Now())
	s.logResult("replan now", res, err)
	return err
}

// queue asks Run for a re-plan once the plan in progress ends.
func (s *Service) queue() {
	select {
	case s.queued <- struct{}{}:
	default:
	}
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

// replan plans both parts as of now, each under its lock, logs the
// outcome and returns the planning error. When run by cron, a panic is
// recovered by the chain's Recover.
func (s *Service) replan(ctx context.Context, cfg *config.Config, why string) error {
	now := s.Clock.Now()
	s.configLock <- struct{}{}
	res, cerr := func() (PlanResult, error) {
		defer func() { <-s.configLock }()
		return s.Planner.PlanConfig(ctx, cfg, now)
	}()
	s.featureLock <- struct{}{}
	ferr := func() error {
		defer func() { <-s.featureLock }()
		return s.Planner.PlanFeatures(ctx, cfg, now)
	}()
	err := errors.Join(cerr, ferr)
	s.logResult(why, res, err)
	return err
}

// logResult logs what a planning run changed and its error.
func (s *Service) logResult(why string, res PlanResult, err error) {
	if err != nil && !errors.Is(err, context.Canceled) {
		s.Logger.Error("planning reminders", "why", why, "err", err)
	}
	for prefix, r := range res {
		if r.Added+r.Updated+r.Canceled > 0 {
			s.Logger.Info("planned reminders", "why", why, "source", prefix, "added", r.Added, "updated", r.Updated, "canceled", r.Canceled)
		}
	}
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ l *slog.Logger }

// Info logs cron's routine messages at debug level.
func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }

// Error logs cron's errors, including recovered panics.
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
