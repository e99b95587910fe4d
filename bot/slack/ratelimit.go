package slack

import (
	"context"
	"sync"
	"time"
)

// pace is how often one key may be used, with a burst allowance.
type pace struct {
	every time.Duration
	burst int
}

// Paces of the Web API methods, after Slack's rate-limit tiers: chat
// messages about one per second per channel under a workspace-wide cap.
var (
	perChannelPace = pace{every: time.Second, burst: 1}
	workspacePace  = pace{every: 100 * time.Millisecond, burst: 10}
	methodPaces    = map[string]pace{
		"users.info":            {every: 600 * time.Millisecond, burst: 20},  // tier 4
		"files.info":            {every: 600 * time.Millisecond, burst: 20},  // tier 4
		"views.publish":         {every: 600 * time.Millisecond, burst: 20},  // tier 4
		"conversations.info":    {every: 1200 * time.Millisecond, burst: 20}, // tier 3
		"conversations.history": {every: 1200 * time.Millisecond, burst: 20}, // tier 3
		"conversations.open":    {every: 1200 * time.Millisecond, burst: 20}, // tier 3
		"usergroups.users.list": {every: 3 * time.Second, burst: 5},          // tier 2
		"usergroups.list":       {every: 3 * time.Second, burst: 5},          // tier 2
		"conversations.list":    {every: 3 * time.Second, burst: 5},          // tier 2
		"conversations.members": {every: 3 * time.Second, burst: 5},          // tier 2
	}
)

// limiter paces calls with the generic cell rate algorithm: each key has a
// theoretical arrival time, and a call waits until it is within the burst.
// Time comes from now and waiting goes through sleep, so tests control both.
type limiter struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration) error

	mu  sync.Mutex
	tat map[string]time.Time
}

func newLimiter(now func() time.Time, sleep func(context.Context, time.Duration) error) *limiter {
	return &limiter{now: now, sleep: sleep, tat: map[string]time.Time{}}
}

// reserveLocked books one use of key and returns how long to wait for it.
func (l *limiter) reserveLocked(key string, p pace, now time.Time) time.Duration {
	tat := l.tat[key]
	if tat.Before(now) {
		tat = now
	}
	allowAt := tat.Add(-time.Duration(p.burst-1) * p.every)
	l.tat[key] = tat.Add(p.every)
	if d := allowAt.Sub(now); d > 0 {
		return d
	}
	return 0
}

// wait books a call of method (into channel, for chat methods) and waits
// its turn.
func (l *limiter) wait(ctx context.Context, method, channel string) error {
	l.mu.Lock()
	now := l.now()
	var d time.Duration
	switch {
	case channel != "":
		d = max(l.reserveLocked("chat:"+channel, perChannelPace, now), l.reserveLocked("chat:*", workspacePace, now))
	default:
		if p, ok := methodPaces[method]; ok {
			d = l.reserveLocked(method, p, now)
		}
	}
	l.mu.Unlock()
	if d <= 0 {
		return ctx.Err()
	}
	return l.sleep(ctx, d)
}

// sleepContext waits d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
