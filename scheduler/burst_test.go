package scheduler_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
)

// TestDispatcherBurst drains 10,000 reminders due in the same minute over
// 100 channels through the real Slack adapter (its limiter at
// slack.posts_per_minute, 500) and the fake Slack (one post a second per
// channel, 525 a minute for the workspace, 429 beyond), in virtual time:
// none is lost or doubled, each channel's arrive in order, and the burst
// drains at 90% or more of the configured workspace rate whether the
// reminders' keys interleave the channels or group them. Under the race
// detector it drains 2,000, to keep make test quick.
func TestDispatcherBurst(t *testing.T) {
	n := 10_000
	if raceEnabled {
		n = 2_000
	}
	for _, order := range []string{"interleaved", "grouped"} {
		t.Run(order, func(t *testing.T) {
			realStart := time.Now()
			synctest.Test(t, func(t *testing.T) {
				w := newSlackWorld(t)
				w.cfg.Slack.PostsPerMinute = 500
				due := time.Now().Add(time.Minute)
				var plan []campaignbot.Reminder
				for i := range n {
					ch := i % 100 // interleaved: k00000 → C000, k00001 → C001, ...
					if order == "grouped" {
						ch = i / (n / 100) // grouped: the first n/100 keys → C000, ...
					}
					plan = append(plan, channelReminder(fmt.Sprintf("job:burst:k%05d", i), due, campaignbot.ChannelID(fmt.Sprintf("C%03d", ch))))
				}
				w.plan("job:burst", plan...)
				w.startReplica("a", 0)
				time.Sleep(time.Duration(n)*time.Minute/500 + 10*time.Minute)

				took := w.drained(plan, due)
				share := float64(n) / took.Minutes() / 500
				t.Logf("%d reminders over 100 channels (%s keys) drained in %v of virtual time: %.0f a minute, %.1f%% of slack.posts_per_minute (500)",
					n, order, took.Round(time.Second), float64(n)/took.Minutes(), 100*share)
				if share < 0.9 {
					t.Errorf("drained at %.1f%% of the workspace rate, want at least 90%%", 100*share)
				}
				if refused := w.refused(); refused > 0 {
					t.Errorf("Slack refused %d posts (rate limited)", refused)
				}
			})
			t.Logf("real time: %v", time.Since(realStart).Round(time.Millisecond))
		})
	}
}
