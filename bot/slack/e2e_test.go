package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/internal/slackfake"
)

var modes = []string{ModeSocket, ModeHTTP}

// forModes runs fn in both connection modes.
func forModes(t *testing.T, fn func(t *testing.T, mode string)) {
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) { fn(t, mode) })
	}
}

// responses returns what was posted to the response_url named id.
func responses(f *slackfake.Server, id string) []map[string]any {
	var out []map[string]any
	for _, r := range f.Responses() {
		if r.ID == id {
			out = append(out, r.Body)
		}
	}
	return out
}

// mention returns an app_mention event body with the given id and text.
func mention(b *testBot, eventID, text string) []byte {
	s := string(b.fixture("events/app_mention.json"))
	s = strings.ReplaceAll(s, "Ev0MENTION", eventID)
	return []byte(strings.ReplaceAll(s, "<@UBOT> hello!", "<@UBOT> "+text))
}

// posted returns the text of every delivered chat.postMessage.
func posted(f *slackfake.Server) []string {
	var out []string
	for _, c := range f.Delivered("chat.postMessage") {
		out = append(out, c.Params.Get("text"))
	}
	return out
}

func TestSlashCommands(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b := w.start(t)
		for _, tt := range []struct {
			fixture, kind, want string
		}{
			{"help", "ephemeral", "I'm campaignbot."},
			{"nope", "ephemeral", "I don't know the command /nope."},
		} {
			b.deliverCommand(tt.fixture)
			b.waitFor(func() bool { return len(responses(w.fake, tt.fixture)) > 0 }, "the answer to /"+tt.fixture)
			got := responses(w.fake, tt.fixture)[0]
			if got["response_type"] != tt.kind || !strings.HasPrefix(got["text"].(string), tt.want) {
				t.Errorf("/%s answered %v, want %s %q", tt.fixture, got, tt.kind, tt.want)
			}
			if blocks, _ := got["blocks"].([]any); len(blocks) == 0 {
				t.Errorf("/%s answer has no blocks: %v", tt.fixture, got)
			}
		}
	})
}

func TestFileShareStoresBytes(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b := w.start(t)
		b.deliverEvent(b.fixture("events/message_file_share.json"))
		var sha string
		select {
		case sha = <-b.saved:
		case <-time.After(waitLimit):
			t.Fatal("the shared file was never stored")
		}
		if ok, err := w.blobs.Exists(context.Background(), sha); err != nil || !ok {
			t.Fatalf("bytes not in the blob store: %v", err)
		}
		b.waitFor(func() bool { return len(w.fake.Delivered("chat.postMessage")) == 1 }, "the reply")
		reply := w.fake.Delivered("chat.postMessage")[0].Params
		if reply.Get("channel") != "C0DESIGN" || reply.Get("thread_ts") != "1700000100.000200" || reply.Get("text") != "Saved *hero.psd* (28 B)" {
			t.Errorf("reply = %v", reply)
		}
		if n := w.fake.Downloads(); n != 1 {
			t.Errorf("%d downloads, want 1", n)
		}
	})
}

func TestDuplicateEventsHaveOneEffect(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		share := func(b *testBot, retry int) {
			body := b.fixture("events/message_file_share.json")
			if mode == ModeHTTP {
				req, err := slackfake.SignedRequest(b.srv.URL+EventsPath, "application/json", slackfake.Secret, w.clock.Now(), body)
				if err != nil {
					t.Fatal(err)
				}
				if retry > 0 {
					req.Header.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
					req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
				}
				if code, resp := b.do(req); code != http.StatusOK {
					t.Fatalf("events: %d %s", code, resp)
				}
				return
			}
			b.deliverEvent(body)
		}
		b := w.start(t)
		share(b, 0)
		share(b, 1)
		if mode == ModeSocket {
			// Slack's own redelivery of the same envelope, retry_attempt 1.
			id := w.fake.Deliver(slackfake.EventsAPI, rawJSON(b.fixture("events/message_file_share.json")))
			w.fake.Redeliver(id)
			b.waitFor(func() bool { return w.fake.Attempts(id) == 2 }, "the redelivery")
		}
		b.stop() // finishes in-flight work
		// A restart on the same database still knows the event.
		b2 := w.start(t)
		share(b2, 2)
		b2.stop()
		if n := len(w.fake.Delivered("chat.postMessage")); n != 1 {
			t.Errorf("%d replies, want 1: %v", n, posted(w.fake))
		}
		if n := w.fake.Downloads(); n != 1 {
			t.Errorf("%d downloads, want 1", n)
		}
	})
}

func TestUnverifiedRequestsAreRefused(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	b := w.start(t)
	body := b.fixture("events/message_file_share.json")
	now := w.clock.Now()
	sign := func(secret string, at time.Time, body []byte) *http.Request {
		req, err := slackfake.SignedRequest(b.srv.URL+EventsPath, "application/json", secret, at, body)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	tampered := sign(slackfake.Secret, now, body)
	tampered.Body = http.NoBody
	tampered.ContentLength = 0
	unsigned := sign(slackfake.Secret, now, body)
	unsigned.Header.Del("X-Slack-Signature")
	noTS := sign(slackfake.Secret, now, body)
	noTS.Header.Del("X-Slack-Request-Timestamp")
	badTS := sign(slackfake.Secret, now, body)
	badTS.Header.Set("X-Slack-Request-Timestamp", "soon")
	huge := append([]byte(`{"type":"event_callback","pad":"`), make([]byte, 2<<20)...)
	for _, tt := range []struct {
		name string
		req  *http.Request
		want int
	}{
		{"wrong secret", sign("not-the-secret", now, body), http.StatusUnauthorized},
		{"stale", sign(slackfake.Secret, now.Add(-6*time.Minute), body), http.StatusUnauthorized},
		{"from the future", sign(slackfake.Secret, now.Add(6*time.Minute), body), http.StatusUnauthorized},
		{"body changed after signing", tampered, http.StatusUnauthorized},
		{"no signature", unsigned, http.StatusUnauthorized},
		{"no timestamp", noTS, http.StatusUnauthorized},
		{"bad timestamp", badTS, http.StatusUnauthorized},
		{"too large", sign(slackfake.Secret, now, huge), http.StatusRequestEntityTooLarge},
	} {
		if code, _ := b.do(tt.req); code != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, code, tt.want)
		}
	}
	for _, path := range []string{CommandsPath, InteractivityPath} {
		req, _ := slackfake.SignedRequest(b.srv.URL+path, "application/x-www-form-urlencoded", "nope", now, b.fixture("commands/help.form"))
		if code, _ := b.do(req); code != http.StatusUnauthorized {
			t.Errorf("%s forged: %d", path, code)
		}
	}
	b.stop()
	if calls := w.fake.Calls(""); len(calls) != 1 || calls[0].Method != "auth.test" {
		t.Errorf("forged requests reached Slack: %v", calls)
	}
	if len(w.fake.Responses()) != 0 {
		t.Errorf("forged requests were answered: %v", w.fake.Responses())
	}
	// Nothing was recorded either: the genuine event is still handled.
	b2 := w.start(t)
	b2.deliverEvent(body)
	b2.waitFor(func() bool { return len(w.fake.Delivered("chat.postMessage")) == 1 }, "the genuine event's reply")
}

func TestURLVerification(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	b := w.start(t)
	code, body := b.post(EventsPath, "application/json", b.fixture("events/url_verification.json"))
	if code != http.StatusOK || !strings.Contains(body, `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
		t.Fatalf("%d %s", code, body)
	}
	for _, bad := range []string{`{`, `{"type":"event_callback","event":7}`, `{"type":"what"}`} {
		if code, _ := b.post(EventsPath, "application/json", []byte(bad)); code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, code)
		}
	}
	for path, bad := range map[string]string{CommandsPath: "text=hi", InteractivityPath: "payload=%7B"} {
		if code, _ := b.post(path, "application/x-www-form-urlencoded", []byte(bad)); code != http.StatusBadRequest {
			t.Errorf("%s %s: status %d, want 400", path, bad, code)
		}
	}
}

func TestIgnoredAndAnsweredEvents(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b := w.start(t)
		for _, name := range []string{"bot_message", "own_message", "message_changed", "message_deleted", "file_shared", "message_channels_mention"} {
			b.deliverEvent(b.fixture("events/" + name + ".json"))
		}
		b.deliverEvent(b.fixture("events/message_im.json"))
		b.deliverEvent(b.fixture("events/app_mention.json"))
		b.stop()
		got := posted(w.fake)
		if len(got) != 2 || got[0] != "Hi Alice!" || got[1] != "Hi Alice!" {
			t.Errorf("replies %q, want two greetings (the DM and the mention)", got)
		}
		if n := w.fake.Downloads(); n != 0 {
			t.Errorf("file_shared caused %d downloads; file_share messages carry files", n)
		}
	})
}

func TestInteractivity(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b := w.start(t)

		if ack := b.deliverInteraction(b.fixture("interactions/block_actions.json")); ack != "" {
			t.Errorf("block_actions ack %q", ack)
		}
		b.waitFor(func() bool { return len(responses(w.fake, "block_actions")) == 1 }, "the click's answer")
		if got := responses(w.fake, "block_actions")[0]; got["text"] != "done #42 in C0DESIGN/1700000600.000100" || got["response_type"] != "in_channel" {
			t.Errorf("click answered %v", got)
		}

		b.deliverInteraction(b.fixture("interactions/message_action.json"))
		b.waitFor(func() bool { return len(w.fake.Delivered("views.open")) == 1 }, "the modal")
		open := w.fake.Delivered("views.open")[0].Params
		var view struct {
			Type            string `json:"type"`
			CallbackID      string `json:"callback_id"`
			PrivateMetadata string `json:"private_metadata"`
			Blocks          []struct {
				Type     string `json:"type"`
				BlockID  string `json:"block_id"`
				Optional bool   `json:"optional"`
				Element  struct {
					Type     string `json:"type"`
					ActionID string `json:"action_id"`
				} `json:"element"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal([]byte(open.Get("view")), &view); err != nil {
			t.Fatal(err)
		}
		// The private metadata carries the handler's value and where the
		// form was opened, so its submission can answer there.
		value, origin := unwrapMetadata(view.PrivateMetadata)
		if origin == nil || origin.URL != w.fake.ResponseURL("message_action") || origin.Channel != "C0DESIGN" {
			t.Errorf("form origin %+v", origin)
		}
		if open.Get("trigger_id") != "13345224609.8534564800.6f8ab1f53e13d0cd15f96106292d5536" || view.Type != "modal" ||
			view.CallbackID != "kb.save" || value != "C0DESIGN/1700000100.000200" || len(view.Blocks) != 2 ||
			view.Blocks[0].Element.Type != "static_select" || view.Blocks[0].BlockID != "folder" ||
			view.Blocks[1].Element.Type != "plain_text_input" || !view.Blocks[1].Optional {
			t.Errorf("views.open %s", open)
		}

		submit := string(b.fixture("interactions/view_submission.json"))
		bad := strings.Replace(submit, `"value": "Double 11/Design"}`, `"value": "Elsewhere"}`, 1)
		ack := b.deliverInteraction([]byte(bad))
		var errs struct {
			ResponseAction string            `json:"response_action"`
			Errors         map[string]string `json:"errors"`
		}
		if err := json.Unmarshal([]byte(ack), &errs); err != nil || errs.ResponseAction != "errors" || errs.Errors["folder"] != "Pick a folder." {
			t.Errorf("invalid submission acked %q", ack)
		}
		if ack := b.deliverInteraction([]byte(submit)); ack != "" {
			t.Errorf("valid submission acked %q, want an empty ack that closes the modal", ack)
		}
	})
}

func TestAppHome(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b := w.start(t)
		b.deliverEvent(b.fixture("events/app_home_opened.json"))
		b.waitFor(func() bool { return len(w.fake.Delivered("views.publish")) == 1 }, "the home tab")
		p := w.fake.Delivered("views.publish")[0].Params
		if p.Get("user_id") != "U0ALICE" || !strings.Contains(p.Get("view"), `"type":"home"`) ||
			!strings.Contains(p.Get("view"), "*Your open to-dos* for Alice (Asia/Shanghai)") {
			t.Errorf("views.publish %v", p)
		}
	})
}

func TestSocketReconnectsWithoutLosingOrDoubling(t *testing.T) {
	w := newWorld(t, ModeSocket)
	b := w.start(t)
	var want []string
	send := func(i int) {
		text := fmt.Sprintf("hello %d", i)
		want = append(want, "Hi Alice!")
		w.fake.Deliver(slackfake.EventsAPI, rawJSON(mention(b, fmt.Sprintf("EvR%03d", i), text)))
	}
	for i := 0; i < 3; i++ {
		send(i)
	}
	for _, reason := range []string{"warning", "refresh_requested", "too_many_websockets"} {
		before, _ := w.fake.Connections()
		w.fake.Disconnect(reason)
		b.waitFor(func() bool { n, open := w.fake.Connections(); return n > before && open }, "a reconnection after "+reason)
		send(len(want))
	}
	// A lost connection: events sent meanwhile arrive on the next one.
	before, _ := w.fake.Connections()
	w.fake.Drop()
	send(len(want))
	send(len(want))
	b.waitFor(func() bool { n, open := w.fake.Connections(); return n > before && open }, "a reconnection after a drop")
	b.waitFor(func() bool { return len(w.fake.Delivered("chat.postMessage")) >= len(want) }, "every reply")
	// Redeliver everything once more: all are duplicates now.
	for i := range want {
		body := mention(b, fmt.Sprintf("EvR%03d", i), "again")
		id := w.fake.Deliver(slackfake.EventsAPI, rawJSON(body))
		b.waitFor(func() bool { ok, _ := w.fake.Acked(id); return ok }, "an ack")
	}
	b.stop()
	if got := posted(w.fake); len(got) != len(want) {
		t.Errorf("%d replies for %d events: %q", len(got), len(want), got)
	}
}

func TestSocketReconnectsAfterLostPings(t *testing.T) {
	w := newWorld(t, ModeSocket)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := New(ctx, Options{Config: func() *config.Config { return w.cfg }, Logger: testLogger(t),
		Now: w.clock.Now, Sleep: w.clock.Sleep, PingInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, nopInbox{}) }()
	wctx, wcancel := context.WithTimeout(ctx, waitLimit)
	defer wcancel()
	if err := w.fake.Wait(wctx, func() bool { _, open := w.fake.Connections(); return open }); err != nil {
		t.Fatal(err)
	}
	w.fake.SetPings(false)
	if err := w.fake.Wait(wctx, func() bool { n, _ := w.fake.Connections(); return n >= 2 }); err != nil {
		t.Fatalf("no reconnection after pings stopped: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestRateLimitStormDeliversEachMessageOnce(t *testing.T) {
	w := newWorld(t, ModeSocket)
	// Twenty senders sleep on the test clock at once, which has no single
	// timeline for the fake's own limits to follow: only the injected
	// faults below limit this test.
	w.fake.SetLimits(slackfake.NoLimits())
	w.fake.AddChannel(slackfake.Channel{ID: "C0PLAN", Name: "double11-planning", IsMember: true})
	b := w.start(t)
	// Fewer faults than attempts, so no message can run out of tries
	// however the goroutines interleave.
	w.fake.Fail("chat.postMessage",
		slackfake.Fault{Status: 429, RetryAfter: 3}, slackfake.Fault{Status: 429, RetryAfter: 3},
		slackfake.Fault{Status: 503}, slackfake.Fault{Error: "ratelimited"}, slackfake.Fault{Status: 502})
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		ch := campaignbot.ChannelID("C0DESIGN")
		if i%2 == 1 {
			ch = "C0PLAN"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := b.adapter.Send(context.Background(), campaignbot.Recipient{Channel: ch}, campaignbot.OutgoingMessage{Text: fmt.Sprintf("message %d", i)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Send: %v", err)
		}
	}
	seen := map[string]int{}
	for _, text := range posted(w.fake) {
		seen[text]++
	}
	for i := 0; i < n; i++ {
		if c := seen[fmt.Sprintf("message %d", i)]; c != 1 {
			t.Errorf("message %d delivered %d times", i, c)
		}
	}
	var waited3s bool
	for _, d := range w.clock.Sleeps() {
		waited3s = waited3s || d == 3*time.Second
	}
	if !waited3s {
		t.Errorf("Retry-After: 3 was not honoured; sleeps %v", w.clock.Sleeps())
	}
}

func TestPermanentErrorsAreNotRetried(t *testing.T) {
	w := newWorld(t, ModeSocket)
	b := w.start(t)
	for _, tt := range []struct {
		channel campaignbot.ChannelID
		reason  string
	}{
		{"C0NOWHERE", "channel_not_found"},
		{"C0SECRET", "not_in_channel"},
	} {
		before := len(w.fake.Calls("chat.postMessage"))
		_, err := b.adapter.Send(context.Background(), campaignbot.Recipient{Channel: tt.channel}, campaignbot.OutgoingMessage{Text: "hi"})
		var d *campaignbot.DeliveryError
		if !errors.As(err, &d) || d.Retryable || d.Reason != tt.reason {
			t.Errorf("%s: err %v, want permanent %s", tt.channel, err, tt.reason)
		}
		if n := len(w.fake.Calls("chat.postMessage")) - before; n != 1 {
			t.Errorf("%s: %d calls, want 1", tt.channel, n)
		}
	}
	w.fake.Fail("chat.postMessage", slackfake.Fault{Error: "invalid_auth"})
	_, err := b.adapter.Send(context.Background(), campaignbot.Recipient{Channel: "C0DESIGN"}, campaignbot.OutgoingMessage{Text: "hi"})
	if ok, _ := campaignbot.IsRetryable(err); ok || err == nil {
		t.Errorf("invalid_auth: %v", err)
	}
	// Transient failures past the last attempt stay retryable for the outbox.
	for i := 0; i < maxAttempts; i++ {
		w.fake.Fail("chat.postMessage", slackfake.Fault{Status: 503})
	}
	_, err = b.adapter.Send(context.Background(), campaignbot.Recipient{Channel: "C0DESIGN"}, campaignbot.OutgoingMessage{Text: "hi"})
	if ok, _ := campaignbot.IsRetryable(err); !ok {
		t.Errorf("after %d 503s: %v, want retryable", maxAttempts, err)
	}
}

func TestRejectedTokensStopTheAdapter(t *testing.T) {
	w := newWorld(t, ModeSocket)
	cfg := *w.cfg
	cfg.Slack.AppToken = "xapp-very-secret"
	a, err := New(context.Background(), Options{Config: func() *config.Config { return &cfg }, Logger: testLogger(t), Now: w.clock.Now, Sleep: w.clock.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	err = a.Run(ctx, nopInbox{})
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") || strings.Contains(err.Error(), "very-secret") {
		t.Errorf("Run with a rejected app token: %v", err)
	}
	cfg.Slack.BotToken = "xoxb-very-secret"
	_, err = New(context.Background(), Options{Config: func() *config.Config { return &cfg }, Now: w.clock.Now, Sleep: w.clock.Sleep})
	var d *campaignbot.DeliveryError
	if !errors.As(err, &d) || d.Retryable || strings.Contains(err.Error(), "very-secret") {
		t.Errorf("New with a rejected bot token: %v", err)
	}
}

func TestFilesSentAsBareIDsAreLookedUp(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b := w.start(t)
		s := string(b.fixture("events/message_file_share.json"))
		i, j := strings.Index(s, `"files": [`), strings.Index(s, `"upload": false`)
		s = s[:i] + `"files": [{"id": "F0FILE1", "file_access": "check_file_info"}],` + s[j:]
		b.deliverEvent([]byte(s))
		select {
		case <-b.saved:
		case <-time.After(waitLimit):
			t.Fatal("the file was never stored")
		}
		if n := len(w.fake.Delivered("files.info")); n < 1 {
			t.Errorf("files.info not called")
		}
	})
}

func TestCommandsWorkInChannelsTheBotIsNotIn(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b := w.start(t)
		form := strings.ReplaceAll(string(b.fixture("commands/help.form")), "C0DESIGN", "C0SECRET")
		js := strings.ReplaceAll(string(b.fixture("commands/help.json")), "C0DESIGN", "C0SECRET")
		if mode == ModeHTTP {
			if code, _ := b.post(CommandsPath, "application/x-www-form-urlencoded", []byte(form)); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
		} else {
			w.fake.Deliver(slackfake.SlashCommands, rawJSON([]byte(js)))
		}
		b.waitFor(func() bool { return len(responses(w.fake, "help")) == 1 }, "the answer")
		if got := responses(w.fake, "help")[0]; got["response_type"] != "ephemeral" {
			t.Errorf("answer %v", got)
		}
	})
}
