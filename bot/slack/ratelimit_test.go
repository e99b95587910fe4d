package slack

import (
	"context"
	"testing"
	"time"
)

func TestLimiterPacesPerChannelAndWorkspace(t *testing.T) {
	c := newFakeClock()
	l := newLimiter(c.Now, c.Sleep)
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
