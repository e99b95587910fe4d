package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/chart"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/storage"
)

// campaignCommand sends /campaign text from user in #double11-design.
func (b *testBot) campaignCommand(user, id, text string) {
	b.t.Helper()
	fields := map[string]string{
		"token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": slackfake.TeamID, "team_domain": "fake",
		"channel_id": "C0DESIGN", "channel_name": "double11-design", "user_id": user, "user_name": strings.ToLower(user),
		"command": "/campaign", "text": text, "api_app_id": slackfake.AppID, "response_url": b.w.fake.ResponseURL(id),
		"trigger_id": "1." + id,
	}
	if b.adapter.Mode() == ModeHTTP {
		v := url.Values{}
		for k, s := range fields {
			v.Set(k, s)
		}
		if code, resp := b.post(CommandsPath, "application/x-www-form-urlencoded", []byte(v.Encode())); code != http.StatusOK {
			b.t.Fatalf("command: %d %q", code, resp)
		}
		return
	}
	data, err := json.Marshal(fields)
	if err != nil {
		b.t.Fatal(err)
	}
	env := b.w.fake.Deliver(slackfake.SlashCommands, rawJSON(data))
	b.waitFor(func() bool { ok, _ := b.w.fake.Acked(env); return ok }, "the ack of "+env)
}

// TestProgressChartUploadedToTheChannel: /campaign progress in Slack posts
// the summary into the channel it was typed in and uploads the chart there
// through files.getUploadURLExternal, the upload_url and
// files.completeUploadExternal; a message with an attachment sent into a
// thread shares the file in that thread; when the upload is refused the
// message stays posted once.
func TestProgressChartUploadedToTheChannel(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		renderer, err := chart.New("")
		if err != nil {
			t.Fatal(err)
		}
		todos := storage.NewTodoService(w.db)
		if err := todos.CreateTodo(context.Background(), &campaignbot.Todo{Workspace: slackfake.TeamID, Title: "hero banner",
			Assignees: []campaignbot.UserID{"U0ALICE"}, Creator: "U0BOB", Channel: "C0DESIGN", Milestone: "double11/coupons"}); err != nil {
			t.Fatal(err)
		}
		b := w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{Todos: todos, Progress: &progress.Reporter{Todos: todos, Charts: renderer}, Logger: testLogger(t)})
		})
		b.campaignCommand("U0BOB", "progress", "progress double11")
		b.waitFor(func() bool { return len(w.fake.Files("C0DESIGN")) == 1 }, "the chart in #double11-design")
		msgs := w.fake.Messages("C0DESIGN")
		if len(msgs) != 2 || !strings.Contains(msgs[0].Text, "progress") || !strings.Contains(msgs[0].Text, "1 open") || len(msgs[1].Files) != 1 {
			t.Fatalf("#double11-design holds %+v", msgs)
		}
		f := msgs[1].Files[0]
		if !strings.HasPrefix(f.Name, "double11-progress-") || !strings.HasSuffix(f.Name, ".png") {
			t.Errorf("the chart is named %q", f.Name)
		}
		if img, err := png.Decode(bytes.NewReader(f.Bytes)); err != nil || img.Bounds().Dx() != chart.Width {
			t.Errorf("the uploaded chart is no %d-wide PNG: %v", chart.Width, err)
		}
		for _, m := range []string{"files.getUploadURLExternal", slackfake.UploadMethod, "files.completeUploadExternal"} {
			if n := len(w.fake.Delivered(m)); n != 1 {
				t.Errorf("%d successful %s, want 1", n, m)
			}
		}

		ref, err := b.adapter.Send(context.Background(), campaignbot.Recipient{Channel: "C0DESIGN"}, campaignbot.OutgoingMessage{Text: "parent"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.adapter.Send(context.Background(), campaignbot.Recipient{Channel: "C0DESIGN"}, campaignbot.OutgoingMessage{
			Text: "summary", ThreadID: ref.TS, Attachment: &campaignbot.Attachment{Name: "chart.png", Data: f.Bytes}}); err != nil {
			t.Fatal(err)
		}
		msgs = w.fake.Messages("C0DESIGN")
		if last := msgs[len(msgs)-1]; len(last.Files) != 1 || last.ThreadTS != ref.TS || last.Files[0].Name != "chart.png" {
			t.Errorf("the threaded chart landed as %+v, want in the thread of %s", last, ref.TS)
		}

		// A refused upload leaves the posted summary delivered, once.
		w.fake.Fail(slackfake.UploadMethod, slackfake.Fault{Status: http.StatusBadRequest})
		if _, err := b.adapter.Send(context.Background(), campaignbot.Recipient{Channel: "C0DESIGN"}, campaignbot.OutgoingMessage{
			Text: "refused chart", Attachment: &campaignbot.Attachment{Name: "chart.png", Data: f.Bytes}}); err != nil {
			t.Errorf("a refused upload failed the delivered message: %v", err)
		}
		n := 0
		for _, m := range w.fake.Messages("C0DESIGN") {
			if m.Text == "refused chart" {
				n++
			}
		}
		if n != 1 || len(w.fake.Files("C0DESIGN")) != 2 {
			t.Errorf("the summary was posted %d times and %d files shared, want once and 2", n, len(w.fake.Files("C0DESIGN")))
		}
	})
}
