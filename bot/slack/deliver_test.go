package slack

import (
	"context"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/slackfake"
)

// inProcessAdapter returns an adapter on a fake Slack served in process,
// for tests in a testing/synctest bubble, with the usual 30 s client
// timeout.
func inProcessAdapter(t *testing.T) (*Adapter, *slackfake.Server) {
	t.Helper()
	fake := slackfake.NewInProcess(t)
	fake.AddChannel(slackfake.Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})
	fake.AddUser(slackfake.User{ID: "U0BOB", Name: "bob"})
	cfg := &config.Config{Language: campaignbot.English,
		Slack: config.Slack{Mode: ModeHTTP, APIURL: fake.APIURL(), BotToken: slackfake.BotToken, SigningSecret: slackfake.Secret}}
	a, err := New(context.Background(), Options{Config: func() *config.Config { return cfg },
		HTTPClient: &http.Client{Transport: fake.Client().Transport, Timeout: 30 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	return a, fake
}

// TestUnknownOutcomesAreNotPostedAgain: Slack posts the message but
// answers after the client's timeout. Send (for replies) does not post it
// again, and Deliver (for reminders) reports an unknown outcome; a 429 or
// an error answer is a known failure.
func TestUnknownOutcomesAreNotPostedAgain(t *testing.T) {
	for _, tt := range []struct {
		name        string
		fault       slackfake.Fault
		deliver     bool
		wantPosts   int
		wantUnknown bool
	}{
		{"Send, slow answer", slackfake.Fault{Delay: 40 * time.Second}, false, 1, true},
		{"Deliver, slow answer", slackfake.Fault{Delay: 40 * time.Second}, true, 1, true},
		{"Deliver, internal_error", slackfake.Fault{Error: "internal_error"}, true, 0, true},
		{"Deliver, 429", slackfake.Fault{Status: 429, RetryAfter: 30}, true, 0, false},
		{"Deliver, 503", slackfake.Fault{Status: 503}, true, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				a, fake := inProcessAdapter(t)
				fake.Fail("chat.postMessage", tt.fault)
				send := a.Send
				if tt.deliver {
					send = a.Deliver
				}
				_, err := send(context.Background(), campaignbot.Recipient{Channel: "double11-war-room"}, campaignbot.OutgoingMessage{Text: "hi", Key: "k"})
				d := asDelivery(err)
				if d == nil || d.Unknown != tt.wantUnknown || !d.Retryable {
					t.Fatalf("err = %v, want a retryable DeliveryError with Unknown %v", err, tt.wantUnknown)
				}
				time.Sleep(time.Minute) // let the fake finish a slow answer
				if n := len(fake.Messages("C0WAR")); n != tt.wantPosts {
					t.Errorf("%d messages posted, want %d", n, tt.wantPosts)
				}
				if n := len(fake.Calls("chat.postMessage")); n != 1 {
					t.Errorf("%d chat.postMessage calls, want 1: a post must not be repeated", n)
				}
				if tt.name == "Deliver, 429" && d.RetryAfter != 30*time.Second {
					t.Errorf("RetryAfter = %v, want 30s", d.RetryAfter)
				}
			})
		})
	}
}

// TestDeliverNeverWaitsPastItsDeadline: when the channel's next slot is
// further away than the attempt's deadline, Deliver sends nothing and says
// how long to wait.
func TestDeliverNeverWaitsPastItsDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a, fake := inProcessAdapter(t)
		fake.AddRule(slackfake.Rule{Method: "chat.postMessage", Until: time.Now().Add(time.Second), Fault: slackfake.Fault{Status: 429, RetryAfter: 60}})
		r := campaignbot.Recipient{Channel: "C0WAR"}
		if _, err := a.Deliver(context.Background(), r, campaignbot.OutgoingMessage{Text: "one"}); asDelivery(err) == nil {
			t.Fatalf("first delivery: %v, want the 429", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		start := time.Now()
		_, err := a.Deliver(ctx, r, campaignbot.OutgoingMessage{Text: "two"})
		d := asDelivery(err)
		if d == nil || d.Reason != "paced" || !d.Retryable || d.RetryAfter < 59*time.Second || time.Since(start) != 0 {
			t.Fatalf("second delivery = %v after %v; want paced at once, RetryAfter about 60s", err, time.Since(start))
		}
		if n := len(fake.Calls("chat.postMessage")); n != 1 {
			t.Errorf("%d calls, want 1", n)
		}
	})
}
