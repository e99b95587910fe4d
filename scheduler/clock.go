// Package scheduler holds everything time-driven in campaignbot: planning
// milestone reminders, to-do nudges, digests and recurring jobs, and
// delivering them on time, once.
//
// Code here never calls time.Now or time.After directly: it reads time
// through a Clock, so tests run on fixed instants or inside a
// testing/synctest bubble instead of sleeping.
package scheduler

import "time"

// Clock tells the time and waits. Tests use a fixed Clock or the real one
// inside a testing/synctest bubble, where time is virtual.
type Clock interface {
	// Now returns the current instant.
	Now() time.Time
	// NewTimer returns a timer that fires after d.
	NewTimer(d time.Duration) Timer
}

// Timer is the part of *time.Timer the scheduler uses.
type Timer interface {
	// C fires once when the timer expires.
	C() <-chan time.Time
	// Stop prevents the timer from firing and reports whether it was active.
	Stop() bool
	// Reset changes the timer to fire after d.
	Reset(d time.Duration) bool
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// NewTimer returns a real timer.
func (SystemClock) NewTimer(d time.Duration) Timer { return systemTimer{time.NewTimer(d)} }

type systemTimer struct{ t *time.Timer }

func (s systemTimer) C() <-chan time.Time        { return s.t.C }
func (s systemTimer) Stop() bool                 { return s.t.Stop() }
func (s systemTimer) Reset(d time.Duration) bool { return s.t.Reset(d) }

// FixedClock is a Clock stopped at one instant, for tests of time rules.
// Its timers fire at once when d <= 0 and never otherwise.
type FixedClock struct{ T time.Time }

// Now returns the fixed instant.
func (c FixedClock) Now() time.Time { return c.T }

// NewTimer returns a timer that fires only when d <= 0.
func (c FixedClock) NewTimer(d time.Duration) Timer {
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.T
	}
	return fixedTimer{ch}
}

type fixedTimer struct{ c chan time.Time }

func (f fixedTimer) C() <-chan time.Time      { return f.c }
func (f fixedTimer) Stop() bool               { return false }
func (f fixedTimer) Reset(time.Duration) bool { return false }
