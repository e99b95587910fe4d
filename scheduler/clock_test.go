package scheduler_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot/scheduler"
)

func TestSystemClockTimerInBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var c scheduler.Clock = scheduler.SystemClock{}
		start := c.Now()
		tm := c.NewTimer(90 * time.Minute)
		got := <-tm.C()
		if d := got.Sub(start); d != 90*time.Minute {
			t.Fatalf("timer fired after %v, want 90m", d)
		}
		if tm.Stop() {
			t.Fatal("Stop after firing reported an active timer")
		}
	})
}

func TestFixedClock(t *testing.T) {
	at := time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)
	c := scheduler.FixedClock{T: at}
	if !c.Now().Equal(at) {
		t.Fatalf("Now = %v, want %v", c.Now(), at)
	}
	select {
	case got := <-c.NewTimer(0).C():
		if !got.Equal(at) {
			t.Fatalf("due timer fired with %v", got)
		}
	default:
		t.Fatal("a timer for d <= 0 did not fire at once")
	}
	select {
	case <-c.NewTimer(time.Hour).C():
		t.Fatal("a timer in the future fired on a fixed clock")
	default:
	}
}
