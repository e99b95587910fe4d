package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/storage"
)

// TestInteractiveConsoleQuietsRoutineLogsBeforeOpening: when a person is
// about to chat in a terminal, routine info lines are hidden from the start,
// before the migrations log theirs; a command run to its end keeps them.
// /dev/null stands for the terminal: it is a character device too.
func TestInteractiveConsoleQuietsRoutineLogsBeforeOpening(t *testing.T) {
	for _, tt := range []struct {
		name string
		use  appUse
		want slog.Level
	}{
		{"console", forConsole, slog.LevelWarn},
		{"serve without Slack", forServe, slog.LevelWarn},
		{"a command", forCommand, slog.LevelInfo},
	} {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			tty, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer tty.Close()
			if !isTerminal(tty) {
				t.Skip("/dev/null is not a character device here")
			}
			a, err := openApp(context.Background(), streams{in: tty, out: tty, err: tty}, "", tt.use)
			if err != nil {
				t.Fatal(err)
			}
			defer a.close()
			if got := a.logLevel.Level(); got != tt.want {
				t.Errorf("log level %v, want %v", got, tt.want)
			}
		})
	}
}

// TestPruneEventsKeepsTwoDays: the hourly prune forgets deliveries older
// than two days and keeps younger ones, so a retry within Slack's hour is
// still recognised.
func TestPruneEventsKeepsTwoDays(t *testing.T) {
	isolate(t)
	ctx := context.Background()
	a, err := openApp(ctx, streams{in: strings.NewReader(""), out: io.Discard, err: io.Discard}, "", forCommand)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	log := storage.NewEventLog(a.db)
	if first, err := log.FirstDelivery(ctx, "slack", "Ev1"); !first || err != nil {
		t.Fatalf("FirstDelivery = %v, %v", first, err)
	}
	a.pruneEventsAt(ctx, time.Now().Add(47*time.Hour))
	if first, _ := log.FirstDelivery(ctx, "slack", "Ev1"); first {
		t.Error("a delivery 47 hours old was forgotten")
	}
	a.pruneEventsAt(ctx, time.Now().Add(49*time.Hour))
	if first, _ := log.FirstDelivery(ctx, "slack", "Ev1"); !first {
		t.Error("a delivery 49 hours old was kept")
	}
}
