package scheduler_test

// Scenarios from a review that attacked reminder delivery (issue 9): each
// broke the promise once (a reminder twice, stalled, late or in quiet
// hours) and states the promise it now checks.

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// startBuilt starts a replica built with newReplica (so the test could
// change its dispatcher or wire first).
func (w *slackWorld) startBuilt(r *replica) {
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel, r.done = cancel, make(chan error, 1)
	go func() { r.done <- r.d.Run(ctx) }()
	w.t.Cleanup(r.stop)
}

// TestTakeoverWaitsForASlowPost: Slack takes 45 s to post a message, and
// the sending replica is killed while the post is on its way (or, in the
// control case, only times out). Whoever looks for the post waits until
// 50 s after the send started (unknownSettle), so it finds it and does
// not post again.
func TestTakeoverWaitsForASlowPost(t *testing.T) {
	for _, crash := range []bool{false, true} {
		t.Run(fmt.Sprintf("crash=%v", crash), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newSlackWorld(t)
				due := time.Now().Add(time.Minute)
				w.plan("job:war-room", channelReminder("job:war-room:1", due, "C0WAR"))
				// Slack posts 45 s after it was asked: within the 50 s the
				// dispatcher allows a slow post.
				w.fake.Fail("chat.postMessage", slackfake.Fault{EffectAfter: 45 * time.Second})
				a := w.startReplica("a", 0)
				time.Sleep(time.Until(due) + 5*time.Second) // a's post is on its way
				if crash {
					a.kill()
					w.startReplica("b", 0)
				}
				time.Sleep(20 * time.Minute)
				if n := w.postsByKey("C0WAR")["job:war-room:1"]; n != 1 {
					t.Errorf("the reminder was posted %d times, want once", n)
				}
				for _, p := range w.posts("C0WAR") {
					t.Logf("posted %s at due%+v", p.key, p.at.Sub(due))
				}
				if rs := w.reminders("job:war-room"); rs[0].Status != campaignbot.ReminderSent {
					t.Errorf("reminder recorded %s (%s), want sent", rs[0].Status, rs[0].Reason)
				}
			})
		})
	}
}

// TestGatewayErrorAfterPostIsLookedUp: Slack's edge answers 502 or 504
// although the backend posted the message: the outcome is unknown, so the
// history is read before any resend.
func TestGatewayErrorAfterPostIsLookedUp(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusGatewayTimeout} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newSlackWorld(t)
				due := time.Now().Add(time.Minute)
				w.plan("job:war-room", channelReminder("job:war-room:1", due, "C0WAR"))
				w.fake.Fail("chat.postMessage", slackfake.Fault{Status: status, AfterEffect: true})
				w.startReplica("a", 0)
				time.Sleep(20 * time.Minute)
				if n := w.postsByKey("C0WAR")["job:war-room:1"]; n != 1 {
					t.Errorf("the reminder was posted %d times, want once", n)
				}
			})
		})
	}
}

// skewedClock is the bubble's clock shifted by skew.
type skewedClock struct{ skew time.Duration }

func (c skewedClock) Now() time.Time { return time.Now().Add(c.skew) }
func (c skewedClock) NewTimer(d time.Duration) scheduler.Timer {
	return scheduler.SystemClock{}.NewTimer(d)
}

// TestClockSkewBetweenReplicas: replica b's clock is ahead of a's while a
// burst into 60 channels keeps a's sends waiting in its pacing after
// Start. Every reminder still goes out once. (On PostgreSQL a dispatcher
// whose clock is off from the database's by more than lease/8 stops
// claiming: TestSkewedClockClaimsNothing.)
func TestClockSkewBetweenReplicas(t *testing.T) {
	for _, tc := range []struct {
		skew  time.Duration
		lease time.Duration
	}{{0, 0}, {0, 15 * time.Second}, {40 * time.Second, 0}, {12 * time.Second, 15 * time.Second}} {
		t.Run(fmt.Sprintf("skew%v_lease%v", tc.skew, tc.lease), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newSlackWorld(t)
				w.cfg.Slack.PostsPerMinute = 500
				due := time.Now().Add(time.Minute)
				var plan []campaignbot.Reminder
				var channels []string
				for i := range 60 {
					ch := fmt.Sprintf("C%03d", i)
					channels = append(channels, ch)
					for j := range 5 {
						plan = append(plan, channelReminder(fmt.Sprintf("job:skew:%03d-%d", i, j), due, campaignbot.ChannelID(ch)))
					}
				}
				w.plan("job:skew", plan...)
				a := w.newReplica("a", tc.lease)
				w.startBuilt(a)
				b := w.newReplica("b", tc.lease)
				b.d.Clock = skewedClock{skew: tc.skew}
				// b starts just after the burst began on a.
				time.Sleep(time.Until(due) + 2*time.Second)
				w.startBuilt(b)
				time.Sleep(20 * time.Minute)
				got := w.postsByKey(channels...)
				doubled := 0
				for _, r := range plan {
					if got[r.Key] != 1 {
						doubled++
						if doubled <= 5 {
							t.Errorf("%s posted %d times, want once", r.Key, got[r.Key])
						}
					}
				}
				if doubled > 0 {
					t.Errorf("%d of %d reminders not posted exactly once", doubled, len(plan))
				}
				for _, ch := range channels {
					prev := ""
					for _, p := range w.posts(ch) {
						if p.key < prev {
							t.Errorf("%s: %s after %s", ch, p.key, prev)
						}
						prev = p.key
					}
				}
			})
		})
	}
}

// TestComposeErrorKeepsAnUnknownOutcome: a digest's first send has an
// unknown outcome (Slack posts it and answers after the client's 30 s
// timeout); when it comes back its composer fails once (a database
// hiccup). The earlier send stays unknown, so the next attempt looks in
// the history and does not post again.
func TestComposeErrorKeepsAnUnknownOutcome(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		w.fake.Fail("chat.postMessage", slackfake.Fault{Delay: 40 * time.Second})
		due := time.Now().Add(time.Minute)
		rem := channelReminder("digest:war-room:1", due, "C0WAR")
		rem.Kind = campaignbot.ReminderDigest
		w.plan("digest:war-room", rem)
		a := w.newReplica("a", 0)
		var mu sync.Mutex
		calls := 0
		a.d.Composers = map[campaignbot.ReminderKind]scheduler.Composer{
			campaignbot.ReminderDigest: scheduler.ComposerFunc(func(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				if calls == 2 {
					return campaignbot.OutgoingMessage{}, false, "", errors.New("database is locked")
				}
				return campaignbot.OutgoingMessage{Text: "digest"}, true, "", nil
			}),
		}
		w.startBuilt(a)
		time.Sleep(20 * time.Minute)
		if n := w.postsByKey("C0WAR")["digest:war-room:1"]; n != 1 {
			t.Errorf("the digest was posted %d times, want once (composer called %d times)", n, calls)
		}
	})
}

// TestTwoReplicasShareThePostingRate: the burst of TestDispatcherBurst (2,000
// reminders over 100 channels, grouped keys) with two replicas running,
// which share slack.posts_per_minute through their heartbeats. Once each,
// in order, drained at 90% of the workspace rate, none refused.
func TestTwoReplicasShareThePostingRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		n := 2000
		w := newSlackWorld(t)
		w.cfg.Slack.PostsPerMinute = 500
		due := time.Now().Add(time.Minute)
		var plan []campaignbot.Reminder
		for i := range n {
			ch := i / (n / 100)
			plan = append(plan, channelReminder(fmt.Sprintf("job:burst:k%05d", i), due, campaignbot.ChannelID(fmt.Sprintf("C%03d", ch))))
		}
		w.plan("job:burst", plan...)
		w.startReplica("a", 0)
		w.startReplica("b", 0)
		time.Sleep(time.Duration(n)*time.Minute/500 + 30*time.Minute)
		took := w.drained(plan, due)
		share := float64(n) / took.Minutes() / 500
		refused := w.refused()
		t.Logf("2 replicas: %d reminders drained in %v (%.1f%% of 500/min); Slack refused %d posts", n, took.Round(time.Second), 100*share, refused)
		if share < 0.9 {
			t.Errorf("drained at %.1f%% of the workspace rate, want at least 90%%", 100*share)
		}
		// Until their first heartbeats the replicas do not know of each
		// other: a few seconds over the limit, waited out exactly.
		if refused > 100 {
			t.Errorf("Slack refused %d posts; the replicas did not share the rate", refused)
		}
	})
}

// TestUnknownOutcomeVariants: a send with an unknown outcome (Slack
// posts, answers after the client's timeout) into a thread, into a user's
// DM, and into a channel whose history then answers 429 for an hour or
// fails with missing_scope. Never posted twice; recorded sent, or failed
// with a reason.
func TestUnknownOutcomeVariants(t *testing.T) {
	for _, tc := range []string{"thread", "dm", "history429", "history500", "missing_scope"} {
		t.Run(tc, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newSlackWorld(t)
				due := time.Now().Add(time.Minute)
				rem := channelReminder("job:v:1", due, "C0WAR")
				where := "C0WAR"
				switch tc {
				case "thread":
					parent := w.fake.AddMessage("C0WAR", slackfake.Message{User: "U0ALICE", Text: "parent"})
					rem.Message.ThreadID = parent
				case "dm":
					rem.Recipient = campaignbot.Recipient{User: "U0ALICE"}
					where = "U0ALICE"
				case "history429":
					w.fake.AddRule(slackfake.Rule{Method: "conversations.history", Until: due.Add(time.Hour),
						Fault: slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 3600}})
				case "history500":
					w.fake.AddRule(slackfake.Rule{Method: "conversations.history", Until: due.Add(30 * time.Minute),
						Fault: slackfake.Fault{Status: http.StatusInternalServerError}})
				case "missing_scope":
					w.fake.AddRule(slackfake.Rule{Method: "conversations.history", Fault: slackfake.Fault{Error: "missing_scope"}})
				}
				w.plan("job:v", rem)
				w.fake.Fail("chat.postMessage", slackfake.Fault{Delay: 40 * time.Second})
				w.startReplica("a", 0)
				time.Sleep(3 * time.Hour)
				if n := w.postsByKey(where)["job:v:1"]; n != 1 {
					t.Errorf("posted %d times, want once", n)
				}
				rs := w.reminders("job:v")
				t.Logf("recorded %s late=%v reason=%q", rs[0].Status, rs[0].Late, rs[0].Reason)
				switch rs[0].Status {
				case campaignbot.ReminderSent:
				case campaignbot.ReminderFailed:
					if rs[0].Reason == "" {
						t.Errorf("failed without a reason")
					}
				default:
					t.Errorf("recorded %s (%s)", rs[0].Status, rs[0].Reason)
				}
			})
		})
	}
}

// TestRetryAfterBeyondADayGivesUp: Slack (or a proxy) answers the war
// room's first post with 429 Retry-After two days. Retries go on for a
// day at most: the reminder is recorded failed at once, and the channel's
// later reminders are not held up.
func TestRetryAfterBeyondADayGivesUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		w.fake.Fail("chat.postMessage", slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 2 * 24 * 3600})
		w.plan("job:war-room", channelReminder("job:war-room:1", due, "C0WAR"), channelReminder("job:war-room:2", due.Add(time.Hour), "C0WAR"))
		w.startReplica("a", 0)
		time.Sleep(25 * time.Hour)
		for _, r := range w.reminders("job:war-room") {
			t.Logf("%s: %s late=%v next retry %v reason=%q", r.Key, r.Status, r.Late, r.RetryAt.Sub(due), r.Reason)
			if r.Status == campaignbot.ReminderPending || r.Status == campaignbot.ReminderSending {
				t.Errorf("%s still %s a day and an hour after it was due", r.Key, r.Status)
			}
		}
	})
}

// TestLateReminderWaitsForQuietHoursToEnd: a non-urgent DM nudge planned for 20:59
// in the recipient's zone (the minute before the 21:00-24:00 quiet span,
// where QuietShift puts nudges) is held up — the bot was down until 23:00
// (catch-up), or Slack failed for five minutes. Reminders go out outside
// quiet hours: the late DM waits for them to end (09:00).
func TestLateReminderWaitsForQuietHoursToEnd(t *testing.T) {
	for _, cause := range []string{"downtime", "outage"} {
		t.Run(cause, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newSlackWorld(t)
				loc, _ := time.LoadLocation("Asia/Shanghai")
				w.cfg.QuietHours = []config.QuietWindow{{Start: 0, End: 9 * 60}, {Start: 11*60 + 30, End: 14 * 60}, {Start: 21 * 60, End: 24 * 60}}
				now := time.Now().In(loc)
				at := time.Date(now.Year(), now.Month(), now.Day(), 20, 59, 0, 0, loc)
				if shifted, _ := scheduler.QuietShift(at, time.Time{}, loc, w.cfg.QuietHours); !shifted.Equal(at) {
					t.Fatalf("20:59 is inside quiet hours: %v", shifted)
				}
				rem := campaignbot.Reminder{Key: "milestone:x:nudge", Kind: campaignbot.ReminderMilestone, At: at, Zone: "Asia/Shanghai", Quiet: true,
					Recipient: campaignbot.Recipient{User: "U0ALICE"}, Message: campaignbot.OutgoingMessage{Text: "nudge"}}
				w.plan("milestone:x", rem)
				if cause == "outage" {
					w.fake.AddRule(slackfake.Rule{Method: "chat.postMessage", From: at.Add(-time.Minute), Until: at.Add(5 * time.Minute),
						Fault: slackfake.Fault{Status: http.StatusServiceUnavailable}})
					w.startReplica("a", 0)
				} else {
					time.Sleep(time.Until(at.Add(2 * time.Hour))) // down from before 20:59 to 22:59
					w.startReplica("a", 0)
				}
				time.Sleep(time.Until(at.Add(13 * time.Hour)))
				posts := w.posts(dmOf("U0ALICE"))
				if len(posts) != 1 {
					t.Fatalf("%d posts, want 1", len(posts))
				}
				local := posts[0].at.In(loc)
				if m := local.Hour()*60 + local.Minute(); m >= 21*60 || m < 9*60 {
					t.Errorf("the non-urgent DM planned for 20:59 arrived at %s, inside quiet hours 21:00-09:00", local.Format("15:04:05"))
				}
				if rs := w.reminders("milestone:x"); rs[0].Status != campaignbot.ReminderSent {
					t.Errorf("recorded %s (%s), want sent after quiet hours", rs[0].Status, rs[0].Reason)
				}
			})
		})
	}
}

func dmOf(user string) string { return "D" + strings.TrimPrefix(user, "U") }

// TestChaos: three replicas, 30 channels with 8 reminders each over
// two minutes, a 60 s outage, two channels rate-limited with Retry-After
// 30 for three minutes, slow answers, and replicas killed (and replaced)
// at pseudo-random moments. Every reminder once, in order per channel,
// and recorded sent.
func TestChaos(t *testing.T) {
	for seed := int64(1); seed <= chaosSeeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				rng := rand.New(rand.NewSource(seed))
				w := newSlackWorld(t)
				due := time.Now().Add(time.Minute)
				var plan []campaignbot.Reminder
				var channels []string
				for c := range 30 {
					ch := fmt.Sprintf("C%03d", c)
					channels = append(channels, ch)
					for i := range 8 {
						plan = append(plan, channelReminder(fmt.Sprintf("job:chaos:%03d-%d", c, i), due.Add(time.Duration(i)*15*time.Second), campaignbot.ChannelID(ch)))
					}
				}
				w.plan("job:chaos", plan...)
				for _, m := range []string{"chat.postMessage", "conversations.history"} {
					w.fake.AddRule(slackfake.Rule{Method: m, From: due.Add(20 * time.Second), Until: due.Add(80 * time.Second), Fault: slackfake.Fault{Status: http.StatusInternalServerError}})
				}
				for _, ch := range []string{"C003", "C007"} {
					w.fake.AddRule(slackfake.Rule{Method: "chat.postMessage", Channel: ch, From: due, Until: due.Add(3 * time.Minute),
						Fault: slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 30}})
				}
				for range 4 {
					w.fake.Fail("chat.postMessage", slackfake.Fault{Delay: time.Duration(31+rng.Intn(20)) * time.Second})
				}
				live := []*replica{w.startReplica("r0", 0), w.startReplica("r1", 0), w.startReplica("r2", 0)}
				next := 3
				time.Sleep(time.Until(due))
				for range 5 {
					time.Sleep(time.Duration(rng.Intn(40000)) * time.Millisecond)
					i := rng.Intn(len(live))
					if rng.Intn(2) == 0 {
						live[i].kill()
					} else {
						live[i].killAfterPost(1 + rng.Intn(3))
					}
					live[i] = w.startReplica(fmt.Sprint("r", next), 0)
					next++
				}
				time.Sleep(30 * time.Minute)
				got := w.postsByKey(channels...)
				for _, r := range plan {
					if got[r.Key] != 1 {
						t.Errorf("%s posted %d times, want once", r.Key, got[r.Key])
					}
				}
				for _, ch := range channels {
					prev := ""
					for _, p := range w.posts(ch) {
						if p.key < prev {
							t.Errorf("%s: %s after %s", ch, p.key, prev)
						}
						prev = p.key
					}
				}
				for _, r := range w.reminders("job:chaos") {
					if r.Status != campaignbot.ReminderSent {
						t.Errorf("%s recorded %s (%s)", r.Key, r.Status, r.Reason)
					}
				}
			})
		})
	}
}

// chaosSeeds is how many seeds TestChaos runs.
var chaosSeeds = int64(6)

// TestReplanRevokesAClaimNotStarted: ten reminders into the war room, due
// together, go out one a second. While the run is being sent an admin moves
// the ninth to tomorrow (a re-plan). The ninth is only claimed, not
// started: the re-plan revokes the claim and moves it, so it does not go
// out now.
func TestReplanRevokesAClaimNotStarted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		var plan []campaignbot.Reminder
		for i := range 10 {
			plan = append(plan, channelReminder(fmt.Sprintf("job:war-room:%02d", i), due, "C0WAR"))
		}
		w.plan("job:war-room", plan...)
		w.startReplica("a", 0)
		time.Sleep(time.Until(due) + 3500*time.Millisecond)
		moved := slices.Clone(plan)
		moved[8].At = due.Add(24 * time.Hour)
		db := w.open()
		res, err := storage.NewReminderStore(db).Replan(context.Background(), "job:war-room", moved, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("re-plan: %+v", res)
		time.Sleep(10 * time.Minute)
		for _, p := range w.posts("C0WAR") {
			if p.key == moved[8].Key {
				t.Errorf("%s, moved to tomorrow at due+3.5s, was posted at due+%v", p.key, p.at.Sub(due))
			}
		}
	})
}

// TestComposerKeepsFailing: a digest's composer fails every time (the
// to-do store is unreadable). It is retried with a growing wait, never
// recorded missed as if the bot had been down, and the composer's error
// stays in the record.
func TestComposerKeepsFailing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		rem := channelReminder("digest:war-room:1", due, "C0WAR")
		rem.Kind = campaignbot.ReminderDigest
		w.plan("digest:war-room", rem)
		a := w.newReplica("a", 0)
		var mu sync.Mutex
		calls := 0
		a.d.Composers = map[campaignbot.ReminderKind]scheduler.Composer{
			campaignbot.ReminderDigest: scheduler.ComposerFunc(func(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
				mu.Lock()
				defer mu.Unlock()
				calls++
				return campaignbot.OutgoingMessage{}, false, "", errors.New("to-do store unreadable")
			}),
		}
		w.startBuilt(a)
		time.Sleep(7 * time.Hour)
		r := w.reminders("digest:war-room")[0]
		mu.Lock()
		t.Logf("after 7 h: %s attempts=%d reason=%q; composer called %d times", r.Status, r.Attempts, r.Reason, calls)
		mu.Unlock()
		if r.Status == campaignbot.ReminderMissed || !strings.Contains(r.Reason, "to-do store unreadable") {
			t.Errorf("recorded %s with reason %q; want the composer's failure as the reason", r.Status, r.Reason)
		}
	})
}

// TestManyUnknownOutcomesAreAllLookedUp: Slack answers every post
// after 40 s (beyond the client's 30 s) for two minutes while reminders
// for 120 channels are due: each post lands, but the outcomes are unknown,
// so every one must be looked up in conversations.history (tier 3, about
// 50 a minute) before anything else goes to its channel. Within an hour
// every reminder must be confirmed (recorded sent) and none posted twice.
func TestManyUnknownOutcomesAreAllLookedUp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		w.fake.AddRule(slackfake.Rule{Method: "chat.postMessage", Until: due.Add(2 * time.Minute), Fault: slackfake.Fault{Delay: 40 * time.Second}})
		var plan []campaignbot.Reminder
		var channels []string
		for c := range 120 {
			ch := fmt.Sprintf("C%03d", c)
			channels = append(channels, ch)
			plan = append(plan, channelReminder(fmt.Sprintf("job:stall:%03d-0", c), due, campaignbot.ChannelID(ch)),
				channelReminder(fmt.Sprintf("job:stall:%03d-1", c), due.Add(5*time.Minute), campaignbot.ChannelID(ch)))
		}
		w.plan("job:stall", plan...)
		w.startReplica("a", 0)
		for _, after := range []time.Duration{10 * time.Minute, time.Hour, 3 * time.Hour} {
			time.Sleep(time.Until(due.Add(after)))
			count := map[campaignbot.ReminderStatus]int{}
			for _, r := range w.reminders("job:stall") {
				count[r.Status]++
			}
			posted := 0
			for _, n := range w.postsByKey(channels...) {
				posted += n
			}
			t.Logf("due+%v: %v; %d posts; %d history calls (%d refused)", after, count, posted,
				len(w.fake.Calls("conversations.history")), len(w.fake.Calls("conversations.history"))-len(w.fake.Delivered("conversations.history")))
		}
		got := w.postsByKey(channels...)
		for _, r := range w.reminders("job:stall") {
			if r.Status != campaignbot.ReminderSent || got[r.Key] != 1 {
				t.Errorf("%s: %s (%s), posted %d times; want sent once within 3 h", r.Key, r.Status, r.Reason, got[r.Key])
			}
		}
	})
}

// TestShortLeaseSlowAnswers: claim_lease at its minimum (15 s) while
// Slack answers the first six posts after 20 s (posting at once), two
// replicas running: a send outlives the lease. Once each, in order.
func TestShortLeaseSlowAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		for range 6 {
			w.fake.Fail("chat.postMessage", slackfake.Fault{Delay: 20 * time.Second})
		}
		var plan []campaignbot.Reminder
		for i := range 20 {
			plan = append(plan, channelReminder(fmt.Sprintf("job:short:%02d", i), due.Add(time.Duration(i)*2*time.Second), campaignbot.ChannelID([]string{"C0WAR", "C0DESIGN"}[i%2])))
		}
		w.plan("job:short", plan...)
		w.startReplica("a", 15*time.Second)
		w.startReplica("b", 15*time.Second)
		time.Sleep(30 * time.Minute)
		got := w.postsByKey("C0WAR", "C0DESIGN")
		for _, r := range plan {
			if got[r.Key] != 1 {
				t.Errorf("%s posted %d times", r.Key, got[r.Key])
			}
		}
		for _, ch := range []string{"C0WAR", "C0DESIGN"} {
			prev := ""
			for _, p := range w.posts(ch) {
				if p.key < prev {
					t.Errorf("%s: %s after %s", ch, p.key, prev)
				}
				prev = p.key
			}
		}
		for _, r := range w.reminders("job:short") {
			if r.Status != campaignbot.ReminderSent {
				t.Errorf("%s recorded %s (%s)", r.Key, r.Status, r.Reason)
			}
		}
	})
}

// TestNoOfflineNoteWhileOnline: Slack fails posts into the war room for
// ten minutes; the bot runs throughout. The channel's second reminder,
// held behind the first, goes out late without claiming the bot was
// offline.
func TestNoOfflineNoteWhileOnline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		w.fake.AddRule(slackfake.Rule{Method: "chat.postMessage", Channel: "C0WAR", From: due, Until: due.Add(10 * time.Minute),
			Fault: slackfake.Fault{Status: http.StatusServiceUnavailable}})
		w.plan("job:war-room", channelReminder("job:war-room:1", due, "C0WAR"), channelReminder("job:war-room:2", due.Add(time.Minute), "C0WAR"))
		w.startReplica("a", 0)
		time.Sleep(30 * time.Minute)
		for _, p := range w.posts("C0WAR") {
			if strings.Contains(p.text, "while I was offline") {
				t.Errorf("%s posted at due+%v says %q, but the bot was online the whole time", p.key, p.at.Sub(due).Round(time.Second), p.text)
			}
		}
	})
}
