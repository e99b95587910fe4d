package scheduler_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// The tests in this file run real dispatchers, the real Slack adapter and
// the fake Slack together in a testing/synctest bubble, so minutes of
// rate limits, outages and leases pass in virtual time. Each is one way
// Slack or a crash once made a reminder go out twice, late or out of
// order.

// TestCrashAfterPostToNamedChannelIsNotResent: the config names the
// channel; a replica posts and is killed before recording it. The next
// replica must look for the post in the channel's history (by id, since
// conversations.history refuses names) and not post again.
func TestCrashAfterPostToNamedChannelIsNotResent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		w.plan("job:war-room", channelReminder("job:war-room:1", due, "double11-war-room"))
		a := w.startReplica("a", 0)
		a.killAfterPost(1)
		time.Sleep(2 * time.Minute)
		w.startReplica("b", 0)
		time.Sleep(20 * time.Minute)
		if n := w.postsByKey("C0WAR")["job:war-room:1"]; n != 1 {
			t.Fatalf("the reminder was posted %d times, want once", n)
		}
		if rs := w.reminders("job:war-room"); rs[0].Status != campaignbot.ReminderSent {
			t.Errorf("reminder recorded %s (%s), want sent", rs[0].Status, rs[0].Reason)
		}
	})
}

// TestSlowAnswerIsNotResent: Slack posts the message but answers after the
// client's 30-second timeout. The outcome is unknown, so the history must
// be checked before any resend.
func TestSlowAnswerIsNotResent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		w.fake.Fail("chat.postMessage", slackfake.Fault{Delay: 40 * time.Second})
		due := time.Now().Add(time.Minute)
		w.plan("job:war-room", channelReminder("job:war-room:slow", due, "C0WAR"))
		w.startReplica("a", 0)
		time.Sleep(20 * time.Minute)
		if n := w.postsByKey("C0WAR")["job:war-room:slow"]; n != 1 {
			t.Fatalf("the reminder was posted %d times, want once", n)
		}
		if rs := w.reminders("job:war-room"); rs[0].Status != campaignbot.ReminderSent {
			t.Errorf("reminder recorded %s (%s), want sent", rs[0].Status, rs[0].Reason)
		}
	})
}

// TestLongRateLimitWithTwoReplicas: the channel answers 429 Retry-After 65
// for 400 s while two replicas run: longer than a claim's lease. Only one
// replica may hold the reminder at a time, and the one that sends records
// it.
func TestLongRateLimitWithTwoReplicas(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		limitedUntil := due.Add(400 * time.Second)
		w.fake.AddRule(slackfake.Rule{Method: "chat.postMessage", Channel: "C0WAR", Until: limitedUntil,
			Fault: slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 65}})
		w.plan("job:war-room", channelReminder("job:war-room:limited", due, "C0WAR"))
		// Other work every 10 s keeps both replicas awake and claiming.
		var other []campaignbot.Reminder
		for i := range 120 {
			other = append(other, channelReminder(fmt.Sprintf("job:design:%03d", i), due.Add(time.Duration(i)*10*time.Second), "C0DESIGN"))
		}
		w.plan("job:design", other...)
		w.startReplica("a", 0)
		w.startReplica("b", 0)
		time.Sleep(30 * time.Minute)
		if n := w.postsByKey("C0WAR")["job:war-room:limited"]; n != 1 {
			t.Fatalf("the reminder was posted %d times, want once", n)
		}
		for key, n := range w.postsByKey("C0DESIGN") {
			if n != 1 {
				t.Errorf("%s posted %d times, want once", key, n)
			}
		}
		rs := w.reminders("job:war-room")
		if rs[0].Status != campaignbot.ReminderSent {
			t.Errorf("reminder recorded %s (%s), want sent", rs[0].Status, rs[0].Reason)
		}
		if p := w.posts("C0WAR"); len(p) == 1 && p[0].at.Before(limitedUntil) {
			t.Errorf("posted at +%v, inside the rate limit", p[0].at.Sub(due))
		}
	})
}

// TestOrderPerRecipientAfterOutage: Slack fails every call for two
// minutes, then rate-limits the channel for a minute. The channel's ten reminders must
// arrive once each and in the order they were planned.
func TestOrderPerRecipientAfterOutage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		w.fake.AddRule(slackfake.Rule{From: due, Until: due.Add(2 * time.Minute), Fault: slackfake.Fault{Status: http.StatusInternalServerError}})
		w.fake.AddRule(slackfake.Rule{Method: "chat.postMessage", Channel: "C0WAR", From: due.Add(2 * time.Minute), Until: due.Add(3 * time.Minute),
			Fault: slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 20}})
		var plan []campaignbot.Reminder
		var want []string
		for i := range 10 {
			key := fmt.Sprintf("job:war-room:%02d", i)
			plan = append(plan, channelReminder(key, due.Add(time.Duration(i)*5*time.Second), "C0WAR"))
			want = append(want, key)
		}
		w.plan("job:war-room", plan...)
		w.startReplica("a", 0)
		time.Sleep(30 * time.Minute)
		var got []string
		for _, p := range w.posts("C0WAR") {
			got = append(got, p.key)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("posted %q, want %q", got, want)
		}
	})
}

// TestRateLimitedChannelDoesNotDelayOthers: one channel answers 429
// Retry-After 60 for ten minutes; two hundred reminders to a hundred other
// channels, due at the same time, must not wait for it.
func TestRateLimitedChannelDoesNotDelayOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		w.fake.AddRule(slackfake.Rule{Method: "chat.postMessage", Channel: "C0WAR", Until: due.Add(10 * time.Minute),
			Fault: slackfake.Fault{Status: http.StatusTooManyRequests, RetryAfter: 60}})
		plan := []campaignbot.Reminder{channelReminder("job:burst:0-war-room", due, "C0WAR")}
		channels := []string{"C0WAR"}
		for i := range 100 {
			ch := fmt.Sprintf("C%03d", i)
			channels = append(channels, ch)
			for j := range 2 {
				plan = append(plan, channelReminder(fmt.Sprintf("job:burst:%d-%03d", j+1, i), due, campaignbot.ChannelID(ch)))
			}
		}
		w.plan("job:burst", plan...)
		w.startReplica("a", 0)
		time.Sleep(time.Minute + 45*time.Second)
		delivered := w.postsByKey(channels...)
		for _, r := range plan[1:] {
			if delivered[r.Key] != 1 {
				t.Errorf("%s delivered %d times 45 s after it was due, want once", r.Key, delivered[r.Key])
			}
		}
		time.Sleep(15 * time.Minute)
		if n := w.postsByKey("C0WAR")["job:burst:0-war-room"]; n != 1 {
			t.Errorf("the rate-limited channel's reminder was posted %d times, want once", n)
		}
	})
}

// TestNameAndIDAreOneRecipient: jobs in the YAML post into
// double11-war-room, #double11-war-room and C0WAR: one conversation. The
// planner resolves the names to the id, so its reminders are paced at
// Slack's one message a second and kept in their planned order.
func TestNameAndIDAreOneRecipient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		cfg := parseConfig(t, `
jobs:
  - {id: a-by-name, cron: "* * * * *", channel: double11-war-room, message: "a"}
  - {id: b-by-id, cron: "* * * * *", channel: C0WAR, message: "b"}
  - {id: c-by-hash, cron: "* * * * *", channel: "#double11-war-room", message: "c"}
  - {id: d-by-id, cron: "* * * * *", channel: C0WAR, message: "d"}
`)
		cfg.Slack = w.cfg.Slack
		w.cfg = cfg
		r := w.newReplica("planner", 0)
		store := storage.NewReminderStore(r.db)
		now := time.Now()
		p := &scheduler.Planner{Store: store, People: r.slack, Horizon: 3 * time.Minute}
		if _, err := p.Plan(context.Background(), cfg, now); err != nil {
			t.Fatal(err)
		}
		planned, _ := store.Reminders(context.Background(), campaignbot.ReminderFilter{Prefix: "job:"})
		var want []string
		for _, rem := range planned {
			if rem.Recipient != (campaignbot.Recipient{Channel: "C0WAR"}) {
				t.Errorf("%s planned for %s, want the channel's id C0WAR", rem.Key, rem.Recipient)
			}
			want = append(want, rem.Key)
		}
		w.startReplica("a", 0)
		time.Sleep(10 * time.Minute)
		posts := w.posts("C0WAR")
		var got []string
		for i, p := range posts {
			got = append(got, p.key)
			if i > 0 && p.at.Sub(posts[i-1].at) < time.Second {
				t.Errorf("%s posted %v after %s: faster than one a second", p.key, p.at.Sub(posts[i-1].at), posts[i-1].key)
			}
		}
		if len(want) != 12 || !slices.Equal(got, want) {
			t.Errorf("posted %q, want the %d planned %q in order", got, len(want), want)
		}
		if n := len(w.fake.Calls("chat.postMessage")) - len(w.fake.Delivered("chat.postMessage")); n > 0 {
			t.Errorf("%d posts were refused by Slack (rate limited)", n)
		}
	})
}

// TestCrashRecoveryWithinAMinute: a replica is killed while it holds a
// channel's reminders; the other replica must resume within 60 s.
func TestCrashRecoveryWithinAMinute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		var plan []campaignbot.Reminder
		for i := range 10 {
			plan = append(plan, channelReminder(fmt.Sprintf("job:war-room:%02d", i), due, "C0WAR"))
		}
		w.plan("job:war-room", plan...)
		a := w.startReplica("a", 0)
		a.killAfterPost(2)
		time.Sleep(time.Minute + 30*time.Second) // a posts two and dies
		w.startReplica("b", 0)
		time.Sleep(30 * time.Minute)
		posts := w.posts("C0WAR")
		if len(posts) != 10 {
			t.Fatalf("%d posts, want 10: %+v", len(posts), posts)
		}
		if gap := posts[2].at.Sub(posts[1].at); gap > 60*time.Second {
			t.Errorf("the next reminder went out %v after the crash; want within 60 s", gap)
		}
	})
}

// TestResentAfterRecoveryIsMarkedLate: a replica dies holding reminders
// and nothing runs for ten minutes; the restarted process sends them and
// says they are late.
func TestResentAfterRecoveryIsMarkedLate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		w.plan("job:war-room", channelReminder("job:war-room:1", due, "C0WAR"), channelReminder("job:war-room:2", due, "C0WAR"))
		a := w.startReplica("a", 0)
		a.killAfterPost(1)
		time.Sleep(10 * time.Minute)
		w.startReplica("a-restarted", 0)
		time.Sleep(20 * time.Minute)
		posts := w.posts("C0WAR")
		if len(posts) != 2 {
			t.Fatalf("%d posts, want 2", len(posts))
		}
		rs := w.reminders("job:war-room")
		if !rs[1].Late || posts[1].at.Sub(due) < 5*time.Minute {
			t.Errorf("reminder 2 sent +%v after its time, recorded late=%v; want late", posts[1].at.Sub(due), rs[1].Late)
		}
		if want := "Late: planned for"; !contains(posts[1].text, want) {
			t.Errorf("the late post %q does not say %q", posts[1].text, want)
		}
	})
}

func contains(s, sub string) bool {
	return len(sub) == 0 || (len(s) >= len(sub) && indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestPlanningAsksSlackNothingPerOwner: the start-up plan of to-dos owned
// by 500 people reads their time zones from the user directory, which
// users.list filled in a few calls, instead of paced users.info calls
// (20 at once, then one every 0.6 s: about five minutes for 500).
func TestPlanningAsksSlackNothingPerOwner(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		for i := range 500 {
			tz := "Asia/Shanghai"
			if i%5 == 0 {
				tz = "Europe/Berlin"
			}
			w.fake.AddUser(slackfake.User{ID: fmt.Sprintf("U%04d", i), Name: fmt.Sprint("owner", i), TZ: tz})
		}
		r := w.newReplica("planner", 0)
		users := storage.NewUserStore(r.db)
		r.slack = w.newAdapterWithUsers(users)
		ctx := context.Background()
		now := time.Now()
		todos := storage.NewTodoService(r.db)
		var batch []*campaignbot.Todo
		for i := range 2000 {
			batch = append(batch, &campaignbot.Todo{Workspace: slackfake.TeamID, Title: fmt.Sprint("task ", i), Creator: "U0ALICE",
				Assignees: []campaignbot.UserID{campaignbot.UserID(fmt.Sprintf("U%04d", i%500))}, Due: now.Add(48*time.Hour + time.Duration(i)*time.Minute)})
		}
		if err := todos.ImportTodos(ctx, batch); err != nil {
			t.Fatal(err)
		}
		if n, err := r.slack.RefreshUsers(ctx); err != nil || n < 500 {
			t.Fatalf("RefreshUsers = %d, %v", n, err)
		}
		store := storage.NewReminderStore(r.db)
		who := &scheduler.PeopleDirectory{Chat: r.slack, Users: users, Workspace: r.slack.Workspace()}
		p := &scheduler.Planner{Store: store, People: who, Features: []scheduler.SourcePlanner{
			&scheduler.TodoNudges{Todos: todos, Store: store, People: who, Config: func() *config.Config { return w.cfg }},
		}}
		started := time.Now()
		if _, err := p.Plan(ctx, w.cfg, now); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(started); took > 2*time.Second {
			t.Errorf("planning waited %v on Slack, want under 2 s", took)
		}
		if n := len(w.fake.Calls("users.info")); n != 0 {
			t.Errorf("planning called users.info %d times, want none", n)
		}
		if n := len(w.fake.Calls("users.list")); n > 5 {
			t.Errorf("filling the directory took %d users.list calls", n)
		}
		for number, zone := range map[int64]string{1: "Europe/Berlin", 2: "Asia/Shanghai", 501: "Europe/Berlin"} {
			rs, _ := store.Reminders(ctx, campaignbot.ReminderFilter{Source: scheduler.TodoSource(slackfake.TeamID, number)})
			if len(rs) == 0 || rs[0].Zone != zone {
				t.Errorf("to-do #%d's nudges %+v, want them planned in its owner's zone %s", number, rs, zone)
			}
		}
	})
}

// TestKillAtAnyPoint kills a replica at different moments of a burst
// into three channels — right after its k-th post reached Slack (before
// it recorded it), or while it waits for its next slot — with another
// replica running. Every reminder must arrive exactly once, each
// channel's in order.
func TestKillAtAnyPoint(t *testing.T) {
	type kill struct {
		afterPost int
		at        time.Duration // after the reminders are due; 0: not by time
	}
	var kills []kill
	for k := 1; k <= 7; k += 2 {
		kills = append(kills, kill{afterPost: k})
	}
	for _, at := range []time.Duration{500 * time.Millisecond, 1500 * time.Millisecond, 2500 * time.Millisecond, 4 * time.Second} {
		kills = append(kills, kill{at: at})
	}
	for _, k := range kills {
		t.Run(fmt.Sprintf("post%d_at%v", k.afterPost, k.at), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				w := newSlackWorld(t)
				due := time.Now().Add(time.Minute)
				var plan []campaignbot.Reminder
				channels := []string{"C000", "C001", "C002"}
				for i := range 15 {
					plan = append(plan, channelReminder(fmt.Sprintf("job:k:%02d", i), due, campaignbot.ChannelID(channels[i%3])))
				}
				w.plan("job:k", plan...)
				a := w.startReplica("a", 0)
				if k.afterPost > 0 {
					a.killAfterPost(k.afterPost)
				}
				time.Sleep(time.Until(due) + k.at)
				if k.at > 0 {
					a.kill()
				}
				time.Sleep(30 * time.Second)
				w.startReplica("b", 0)
				time.Sleep(10 * time.Minute)
				for _, ch := range channels {
					prev := ""
					for _, p := range w.posts(ch) {
						if p.key <= prev {
							t.Errorf("%s: %s after %s", ch, p.key, prev)
						}
						prev = p.key
					}
				}
				got := w.postsByKey(channels...)
				for _, r := range plan {
					if got[r.Key] != 1 {
						t.Errorf("%s posted %d times, want once", r.Key, got[r.Key])
					}
				}
			})
		})
	}
}

// TestGracefulStopHandsBackAtOnce: a replica stopped cleanly while it
// holds a channel's run hands back what it had not started, so the other
// replica goes on within seconds rather than after the lease.
func TestGracefulStopHandsBackAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		due := time.Now().Add(time.Minute)
		var plan []campaignbot.Reminder
		for i := range 8 {
			plan = append(plan, channelReminder(fmt.Sprintf("job:war-room:%02d", i), due, "C0WAR"))
		}
		w.plan("job:war-room", plan...)
		a := w.startReplica("a", 0)
		time.Sleep(time.Until(due) + 2500*time.Millisecond) // a has posted 3
		a.stop()
		stopped := time.Now()
		w.startReplica("b", 0)
		time.Sleep(5 * time.Minute)
		posts := w.posts("C0WAR")
		if len(posts) != 8 {
			t.Fatalf("%d posts, want 8", len(posts))
		}
		for i, p := range posts {
			if p.key != plan[i].Key {
				t.Errorf("post %d is %s, want %s", i, p.key, plan[i].Key)
			}
			if p.at.After(stopped) && p.at.Sub(stopped) > 10*time.Second && i < 4 {
				t.Errorf("%s went out %v after the stop; the stopped replica did not hand it back", p.key, p.at.Sub(stopped))
			}
		}
	})
}

// TestNoticesRemindersPlannedElsewhere: a reminder another replica
// planned (without waking this one) goes out within the dispatcher's 30 s
// cap on sleeping.
func TestNoticesRemindersPlannedElsewhere(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newSlackWorld(t)
		w.startReplica("a", 0)
		time.Sleep(10 * time.Minute) // nothing planned: a sleeps
		due := time.Now().Add(5 * time.Second)
		w.plan("job:elsewhere", channelReminder("job:elsewhere:1", due, "C0WAR"))
		time.Sleep(5 * time.Minute)
		posts := w.posts("C0WAR")
		if len(posts) != 1 || posts[0].at.Sub(due) > 30*time.Second {
			t.Fatalf("posts %+v; want one within 30 s of %v", posts, due)
		}
	})
}
