package slack

import (
	"context"
	"errors"
	"sync"
	"time"
)

// pace is how often one key may be used, with a burst allowance.
type pace struct {
	every time.Duration
	burst int
}

// Paces of the Web API methods, after Slack's rate-limit tiers: chat
// messages about one per second per conversation under a workspace-wide
// cap (slack.posts_per_minute).
var (
	perChannelPace = pace{every: time.Second, burst: 1}
	methodPaces    = map[string]pace{
		"users.info":                 {every: 600 * time.Millisecond, burst: 20},  // tier 4
		"files.info":                 {every: 600 * time.Millisecond, burst: 20},  // tier 4
		"views.publish":              {every: 600 * time.Millisecond, burst: 20},  // tier 4
		"files.getUploadURLExternal": {every: 600 * time.Millisecond, burst: 20},  // tier 4
		"conversations.info":         {every: 1200 * time.Millisecond, burst: 20}, // tier 3
		"conversations.history":      {every: 1200 * time.Millisecond, burst: 20}, // tier 3
		"conversations.replies":      {every: 1200 * time.Millisecond, burst: 20}, // tier 3
		"conversations.open":         {every: 1200 * time.Millisecond, burst: 20}, // tier 3
		"usergroups.users.list":      {every: 3 * time.Second, burst: 5},          // tier 2
		"usergroups.list":            {every: 3 * time.Second, burst: 5},          // tier 2
		"conversations.list":         {every: 3 * time.Second, burst: 5},          // tier 2
		"conversations.members":      {every: 3 * time.Second, burst: 5},          // tier 2
		"users.list":                 {every: 3 * time.Second, burst: 5},          // tier 2
	}
)

// defaultPostsPerMinute is the workspace-wide pace when the config sets
// none (config.DefaultPostsPerMinute).
const defaultPostsPerMinute = 500

// workspacePace returns the workspace-wide pace of posts for n a minute.
func workspacePace(n int) pace {
	if n <= 0 {
		n = defaultPostsPerMinute
	}
	return pace{every: time.Minute / time.Duration(n), burst: min(10, n)}
}

// errBeyondDeadline is waitWithin's error when the wait would not fit.
var errBeyondDeadline = errors.New("the rate limit's next slot is beyond the deadline")

// limiter paces calls with the generic cell rate algorithm: each key has a
// theoretical arrival time, and a call waits until it is within the burst.
// Time comes from now and waiting goes through sleep, so tests control both.
type limiter struct {
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	workspace pace

	mu  sync.Mutex
	tat map[string]time.Time
}

func newLimiter(now func() time.Time, sleep func(context.Context, time.Duration) error, postsPerMinute int) *limiter {
	return &limiter{now: now, sleep: sleep, workspace: workspacePace(postsPerMinute), tat: map[string]time.Time{}}
}

// booking is one reserved use of a key, which cancel can give back.
type booking struct {
	key       string
	prev, set time.Time
}

// reserveLocked books one use of key and returns how long to wait for it.
func (l *limiter) reserveLocked(key string, p pace, now time.Time) (time.Duration, booking) {
	prev := l.tat[key]
	tat := prev
	if tat.Before(now) {
		tat = now
	}
	allowAt := tat.Add(-time.Duration(p.burst-1) * p.every)
	l.tat[key] = tat.Add(p.every)
	b := booking{key: key, prev: prev, set: l.tat[key]}
	if d := allowAt.Sub(now); d > 0 {
		return d, b
	}
	return 0, b
}

// reserve books a call of method (into channel, for chat methods) and
// returns the wait and the bookings.
func (l *limiter) reserve(method, channel string) (time.Duration, []booking) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	switch {
	case channel != "":
		d1, b1 := l.reserveLocked("chat:"+channel, perChannelPace, now)
		d2, b2 := l.reserveLocked("chat:*", l.workspace, now)
		return max(d1, d2), []booking{b1, b2}
	default:
		if p, ok := methodPaces[method]; ok {
			d, b := l.reserveLocked(method, p, now)
			return d, []booking{b}
		}
	}
	return 0, nil
}

// cancel gives bookings back, where no later booking was made on top.
func (l *limiter) cancel(bs []booking) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, b := range bs {
		if l.tat[b.key].Equal(b.set) {
			l.tat[b.key] = b.prev
		}
	}
}

// wait books a call of method (into channel, for chat methods) and waits
// its turn; a wait that ctx ends gives its booking back.
func (l *limiter) wait(ctx context.Context, method, channel string) error {
	_, err := l.waitWithin(ctx, method, channel)
	return err
}

// waitWithin books a call and waits its turn, for a call that must start
// before ctx's deadline: when the wait would not fit, the booking is given
// back at once and the wait is returned with errBeyondDeadline. A wait
// that ctx ends early gives its booking back too, so callers that give up
// never push later calls further away.
func (l *limiter) waitWithin(ctx context.Context, method, channel string) (time.Duration, error) {
	d, bs := l.reserve(method, channel)
	if d <= 0 {
		return 0, ctx.Err()
	}
	if deadline, ok := ctx.Deadline(); ok && l.now().Add(d).After(deadline) {
		l.cancel(bs)
		return d, errBeyondDeadline
	}
	if err := l.sleep(ctx, d); err != nil {
		l.cancel(bs)
		return 0, err
	}
	return 0, nil
}

// setWorkspace changes the workspace-wide pace of posts, e.g. when
// replicas share it.
func (l *limiter) setWorkspace(p pace) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.workspace = p
}

// hold keeps chat calls into channel from starting before until, as
// Slack's Retry-After asks.
func (l *limiter) hold(channel string, until time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := "chat:" + channel
	if l.tat[key].Before(until) {
		l.tat[key] = until
	}
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
