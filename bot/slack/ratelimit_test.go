package slack

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestLimiterPacesPerChannelAndWorkspace(t *testing.T) {
	c := newFakeClock()
	l := newLimiter(c.Now, c.Sleep, 600)
	ctx := context.Background()
	start := c.Now()
	for i := 0; i < 3; i++ {
		if err := l.wait(ctx, "chat.postMessage", "C1"); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Now().Sub(start); got != 2*time.Second {
		t.Errorf("3 messages into one channel took %v, want 2s", got)
	}
	// Other channels are not held up by C1, but by the workspace cap.
	start = c.Now()
	for i := 0; i < 30; i++ {
		if err := l.wait(ctx, "chat.postMessage", "C"+string(rune('A'+i))); err != nil {
			t.Fatal(err)
		}
	}
	if got := c.Now().Sub(start); got < 1900*time.Millisecond || got > 2100*time.Millisecond {
		t.Errorf("30 messages into 30 channels took %v, want about 2s (10 per second after a burst of 10)", got)
	}
	// Unpaced methods never wait.
	start = c.Now()
	for i := 0; i < 50; i++ {
		l.wait(ctx, "views.open", "")
	}
	if c.Now() != start {
		t.Error("views.open was paced")
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := l.wait(canceled, "chat.postMessage", "C1"); err == nil {
		t.Error("wait ignored a canceled context")
	}
}

// TestLimiterWithinDeadline: a single attempt never waits past its
// deadline; the slot it gave back goes to the next caller, and a
// Retry-After from Slack holds the channel.
func TestLimiterWithinDeadline(t *testing.T) {
	c := newFakeClock()
	l := newLimiter(c.Now, c.Sleep, 60) // one post a second, bursts of 10
	ctx, cancel := context.WithDeadline(context.Background(), c.Now().Add(1500*time.Millisecond))
	defer cancel()
	if _, err := l.waitWithin(ctx, "chat.postMessage", "C1"); err != nil {
		t.Fatal(err)
	}
	wait, err := l.waitWithin(ctx, "chat.postMessage", "C1") // C1's next slot is 1 s away: fits
	if err != nil || wait != 0 {
		t.Fatalf("second = %v, %v", wait, err)
	}
	start := c.Now()
	wait, err = l.waitWithin(ctx, "chat.postMessage", "C1") // 1 s more: past the deadline
	if !errors.Is(err, errBeyondDeadline) || wait != time.Second || c.Now() != start {
		t.Fatalf("third = %v, %v after sleeping %v; want 1s, errBeyondDeadline, no sleep", wait, err, c.Now().Sub(start))
	}
	// The booking was given back: the next caller gets the same slot.
	if d, _ := l.reserve("chat.postMessage", "C1"); d != time.Second {
		t.Errorf("after giving back, C1's next slot is %v away, want 1s", d)
	}
	l.hold("C2", c.Now().Add(20*time.Second))
	if d, _ := l.reserve("chat.postMessage", "C2"); d != 20*time.Second {
		t.Errorf("C2 held for Retry-After 20s waits %v", d)
	}
}
