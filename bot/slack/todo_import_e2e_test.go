package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/storage"
)

// startTodos runs an adapter with the real handlers and to-do storage on
// w's database.
func (w *world) startTodos(t *testing.T) (*testBot, *storage.TodoService) {
	t.Helper()
	todos := storage.NewTodoService(w.db)
	b := w.startWith(t, func(b *testBot) {
		handlers.Register(b.router, handlers.Deps{Todos: todos, Logger: testLogger(t)})
	})
	return b, todos
}

// importShortcut is a "Create to-dos from this message" payload for a
// message of channel, answered at the response_url named respID. The
// message is in the channel's history, as on Slack, unless one with its
// ts is already.
func importShortcut(b *testBot, channel, channelName, respID, text string) []byte {
	const ts = "1700000300.000100"
	if !slices.ContainsFunc(b.w.fake.Messages(channel), func(m slackfake.Message) bool { return m.TS == ts }) {
		b.w.fake.AddMessage(channel, slackfake.Message{TS: ts, User: "U0BOB", Text: text})
	}
	return mustMarshal(b.t, map[string]any{
		"type": "message_action", "callback_id": handlers.ShortcutTodoImport, "action_ts": "1700000700.000100",
		"team":         map[string]any{"id": slackfake.TeamID, "domain": "fake"},
		"user":         map[string]any{"id": "U0ALICE", "username": "alice", "team_id": slackfake.TeamID, "name": "alice"},
		"channel":      map[string]any{"id": channel, "name": channelName},
		"trigger_id":   "trigger-" + respID,
		"response_url": b.w.fake.ResponseURL(respID),
		"message_ts":   "1700000300.000100",
		"message":      map[string]any{"type": "message", "text": text, "user": "U0BOB", "ts": "1700000300.000100"},
	})
}

// clickIn is a block_actions payload clicking the button with action id
// and value in channel, by trigger and answered at respID.
func clickIn(b *testBot, channel, trigger, respID, action, value string) []byte {
	return mustMarshal(b.t, map[string]any{
		"type": "block_actions", "trigger_id": trigger,
		"team":         map[string]any{"id": slackfake.TeamID, "domain": "fake"},
		"user":         map[string]any{"id": "U0ALICE", "username": "alice", "team_id": slackfake.TeamID, "name": "alice"},
		"container":    map[string]any{"type": "message", "message_ts": "1700000800.000100", "channel_id": channel, "is_ephemeral": true},
		"channel":      map[string]any{"id": channel},
		"response_url": b.w.fake.ResponseURL(respID),
		"actions":      []any{map[string]any{"action_id": action, "block_id": "actions-0", "type": "button", "value": value}},
	})
}

// buttonValue finds the value of the button with action id in the blocks
// of a response.
func buttonValue(t *testing.T, resp map[string]any, action string) string {
	t.Helper()
	blocks, _ := resp["blocks"].([]any)
	for _, bl := range blocks {
		elems, _ := bl.(map[string]any)["elements"].([]any)
		for _, e := range elems {
			el := e.(map[string]any)
			if id, _ := el["action_id"].(string); id == action {
				return el["value"].(string)
			}
		}
	}
	t.Fatalf("no %s button in %v", action, resp)
	return ""
}

// TestImportShortcutThroughSlack: in a private channel the bot has not
// joined, the shortcut's preview comes privately through its
// response_url with the rows and the lines it could not read; the
// confirm button creates the to-dos linked to the message's permalink; a
// redelivered click and a second click create nothing more.
func TestImportShortcutThroughSlack(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddChannel(slackfake.Channel{ID: "C0HUSH", Name: "hush", IsPrivate: true, Members: []string{"U0ALICE", "U0BOB"}})
		b, todos := w.startTodos(t)
		notes := "*Kickoff 启动会*\nWe agreed on the warm-up plan.\n" +
			"- <@U0ALICE> 完成预热页 明天下午6点前\n" +
			"Action: bob to send the coupon list by tomorrow 5pm\n" +
			"- @zed check the stock by tomorrow\n"
		b.deliverInteraction(importShortcut(b, "C0HUSH", "hush", "preview", notes))
		b.waitFor(func() bool { return len(responses(w.fake, "preview")) == 1 }, "the preview")
		preview := responses(w.fake, "preview")[0]
		text := fmt.Sprint(preview["text"])
		for _, want := range []string{
			"2 to-dos to create, 1 line I could not read.",
			"1. <@U0ALICE> — *完成预热页* — due",
			"2. <@U0BOB> — *send the coupon list* — due",
			"⚠️ Line 5 “- @zed check the stock by tomorrow”: I don't know @zed",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("preview lacks %q:\n%s", want, text)
			}
		}
		if preview["response_type"] != "ephemeral" {
			t.Errorf("the preview was %v, want ephemeral", preview["response_type"])
		}
		ctx := context.Background()
		if all, _ := todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: slackfake.TeamID}); len(all) != 0 {
			t.Fatalf("the preview created %d to-dos", len(all))
		}

		id := buttonValue(t, preview, handlers.ActionImportConfirm)
		click := clickIn(b, "C0HUSH", "trigger-confirm", "confirm", handlers.ActionImportConfirm, id)
		b.deliverInteraction(click)
		b.deliverInteraction(click) // Slack redelivers: the same trigger
		b.waitFor(func() bool { return len(responses(w.fake, "confirm")) >= 1 }, "the confirmation")
		got := responses(w.fake, "confirm")
		if got[0]["response_type"] != "in_channel" ||
			!strings.Contains(fmt.Sprint(got[0]["text"]), "created 2 to-dos from the message:") {
			t.Fatalf("the confirmation: %v", got)
		}
		all, err := todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: slackfake.TeamID})
		if err != nil || len(all) != 2 {
			t.Fatalf("%d to-dos (%v), want 2", len(all), err)
		}
		for _, td := range all {
			if !strings.Contains(td.SourceLink, "/archives/C0HUSH/p1700000300000100") || td.Channel != "C0HUSH" {
				t.Errorf("to-do %+v is not linked to the notes", td)
			}
		}

		b.deliverInteraction(clickIn(b, "C0HUSH", "trigger-again", "again", handlers.ActionImportConfirm, id))
		b.waitFor(func() bool { return len(responses(w.fake, "again")) == 1 }, "the second click's answer")
		if again := fmt.Sprint(responses(w.fake, "again")[0]["text"]); !strings.Contains(again, "were created already") {
			t.Errorf("second click: %q", again)
		}
		// Stopping waits for every acknowledged delivery to be handled,
		// the redelivered click too (in Socket Mode it is acknowledged
		// before it is handled).
		b.stop()
		if n := len(responses(w.fake, "confirm")); n != 1 {
			t.Errorf("the redelivered click was answered too: %d answers", n)
		}
		if all, _ := todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: slackfake.TeamID}); len(all) != 2 {
			t.Fatalf("%d to-dos after the second click, want 2", len(all))
		}
	})
}

// TestImport500LinesThroughSlack: every page of a 500-line preview is
// within Slack's message limits (the fake refuses more than 50 blocks or
// a section over 3,000 characters), and the next-page button turns it.
func TestImport500LinesThroughSlack(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	b, todos := w.startTodos(t)
	var notes strings.Builder
	for i := 1; i <= 500; i++ {
		fmt.Fprintf(&notes, "- <@U0ALICE> 准备第 %d 张海报，确保所有尺寸、文案和优惠信息都已经核对无误 明天下午6点前\n", i)
	}
	b.deliverInteraction(importShortcut(b, "C0DESIGN", "double11-design", "p1", notes.String()))
	b.waitFor(func() bool { return len(responses(w.fake, "p1")) == 1 }, "page 1")
	resp := responses(w.fake, "p1")[0]
	for n := 2; n <= 25; n++ {
		name := fmt.Sprintf("p%d", n)
		b.deliverInteraction(clickIn(b, "C0DESIGN", "trigger-"+name, name, handlers.ActionImportPage, buttonValue(t, resp, handlers.ActionImportPage)))
		b.waitFor(func() bool { return len(responses(w.fake, name)) == 1 }, name)
		resp = responses(w.fake, name)[0]
		if !strings.Contains(fmt.Sprint(resp["text"]), fmt.Sprintf("Page %d of 25.", n)) {
			t.Fatalf("page %d: %v", n, resp["text"])
		}
	}
	b.deliverInteraction(clickIn(b, "C0DESIGN", "trigger-ok", "ok", handlers.ActionImportConfirm, buttonValue(t, resp, handlers.ActionImportConfirm)))
	b.waitFor(func() bool { return len(responses(w.fake, "ok")) == 1 }, "the confirmation")
	if all, err := todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: slackfake.TeamID}); err != nil || len(all) != 500 {
		t.Fatalf("%d to-dos (%v), want 500", len(all), err)
	}
}

// TestImportEditModalThroughSlack: the preview's edit button opens a
// modal with a line per row; an unreadable line is refused beside its
// field (response_action errors); a valid submission, delivered twice as
// Slack may, changes the rows once and shows the new preview through the
// click's response_url; confirming creates the edited to-dos.
func TestImportEditModalThroughSlack(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		b, todos := w.startTodos(t)
		notes := "- <@U0ALICE> 完成预热页 明天下午6点前\n- <@U0BOB> send the coupon list by tomorrow 5pm\n- <@U0ALICE> book the studio by tomorrow\n"
		b.deliverInteraction(importShortcut(b, "C0DESIGN", "double11-design", "preview", notes))
		b.waitFor(func() bool { return len(responses(w.fake, "preview")) == 1 }, "the preview")
		preview := responses(w.fake, "preview")[0]
		b.deliverInteraction(clickIn(b, "C0DESIGN", "trigger-edit", "edit", handlers.ActionImportEdit, buttonValue(t, preview, handlers.ActionImportEdit)))
		b.waitFor(func() bool { return len(w.fake.Views()) == 1 }, "the edit modal")
		view := w.fake.Views()[0]
		viewID := view["id"].(string)
		raw := string(mustMarshal(t, view))
		if !strings.Contains(raw, `"initial_value":"@alice 完成预热页 by `) || !strings.Contains(raw, `"initial_value":"@bob send the coupon list by `) {
			t.Fatalf("the modal lacks the rows: %s", raw)
		}

		bad, err := w.fake.ViewSubmission(viewID, "U0ALICE", map[string]any{"row-0": "@zed 完成预热页 明天前", "row-1": "", "row-2": "@alice book the studio by tomorrow"})
		if err != nil {
			t.Fatal(err)
		}
		if ack := b.deliverInteraction(mustMarshal(t, bad)); !strings.Contains(ack, `"response_action":"errors"`) || !strings.Contains(ack, "I don't know @zed") {
			t.Fatalf("an unreadable line was answered %s", ack)
		}
		good, err := w.fake.ViewSubmission(viewID, "U0ALICE", map[string]any{"row-0": "@bob 完成预热页和海报 明天中午12点前", "row-1": "", "row-2": "@alice book the studio by tomorrow"})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if ack := b.deliverInteraction(mustMarshal(t, good)); ack != "" {
				t.Fatalf("the edit was answered %s", ack)
			}
		}
		b.waitFor(func() bool { return len(responses(w.fake, "edit")) == 2 }, "the edited previews")
		for _, r := range responses(w.fake, "edit") {
			text := fmt.Sprint(r["text"])
			if !strings.Contains(text, "2 to-dos to create") || !strings.Contains(text, "1. <@U0BOB> — *完成预热页和海报*") || !strings.Contains(text, "2. <@U0ALICE> — *book the studio*") {
				t.Errorf("edited preview:\n%s", text)
			}
		}
		edited := responses(w.fake, "edit")[1]
		b.deliverInteraction(clickIn(b, "C0DESIGN", "trigger-ok", "ok", handlers.ActionImportConfirm, buttonValue(t, edited, handlers.ActionImportConfirm)))
		b.waitFor(func() bool { return len(responses(w.fake, "ok")) == 1 }, "the confirmation")
		all, err := todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: slackfake.TeamID})
		if err != nil || len(all) != 2 {
			t.Fatalf("%d to-dos (%v), want 2", len(all), err)
		}
		first, _ := todos.FindTodo(context.Background(), slackfake.TeamID, 1)
		if first.Title != "完成预热页和海报" || first.Assignees[0] != "U0BOB" {
			t.Errorf("the edited to-do: %+v", first)
		}
	})
}

// TestImportFromThreadThroughSlack: "@campaignbot import" replied in the
// thread of meeting notes previews the notes (read with
// conversations.replies) privately; confirming links the to-dos to the
// notes' permalink, so the shortcut on the same notes afterwards creates
// nothing new.
func TestImportFromThreadThroughSlack(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	const parent = "1700000300.000100"
	w.fake.AddMessage("C0DESIGN", slackfake.Message{TS: parent, ThreadTS: parent, User: "U0BOB",
		Text: "*Kickoff*\n- <@U0ALICE> 完成预热页 明天下午6点前\n- <@U0BOB> send the coupon list by tomorrow 5pm"})
	b, todos := w.startTodos(t)
	b.deliverEvent(mustMarshal(t, map[string]any{
		"type": "event_callback", "team_id": slackfake.TeamID, "event_id": "Ev0IMPORT", "event_time": 1700000400,
		"event": map[string]any{"type": "app_mention", "text": "<@" + slackfake.BotUserID + "> import", "user": "U0ALICE",
			"ts": "1700000400.000100", "thread_ts": parent, "channel": "C0DESIGN", "event_ts": "1700000400.000100"},
	}))
	var preview string
	b.waitFor(func() bool {
		for _, c := range w.fake.Calls("chat.postEphemeral") {
			preview = c.Params.Get("text")
		}
		return preview != ""
	}, "the preview")
	if !strings.Contains(preview, "2 to-dos to create") || !strings.Contains(preview, "完成预热页") {
		t.Fatalf("preview: %s", preview)
	}
	var blocks []map[string]any
	for _, c := range w.fake.Calls("chat.postEphemeral") {
		if err := json.Unmarshal([]byte(c.Params.Get("blocks")), &blocks); err != nil {
			t.Fatal(err)
		}
	}
	id := buttonValue(t, map[string]any{"blocks": toAny(blocks)}, handlers.ActionImportConfirm)
	b.deliverInteraction(clickIn(b, "C0DESIGN", "trigger-ok", "ok", handlers.ActionImportConfirm, id))
	b.waitFor(func() bool { return len(responses(w.fake, "ok")) == 1 }, "the confirmation")
	all, err := todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: slackfake.TeamID})
	if err != nil || len(all) != 2 || !strings.HasSuffix(all[0].SourceLink, "/archives/C0DESIGN/p1700000300000100") {
		t.Fatalf("to-dos %+v (%v), want 2 linked to the notes", all, err)
	}
	b.deliverInteraction(importShortcut(b, "C0DESIGN", "double11-design", "again", "*Kickoff*\n- <@U0ALICE> 完成预热页 明天下午6点前\n- <@U0BOB> send the coupon list by tomorrow 5pm"))
	b.waitFor(func() bool { return len(responses(w.fake, "again")) == 1 }, "the second preview")
	b.deliverInteraction(clickIn(b, "C0DESIGN", "trigger-again", "again-ok", handlers.ActionImportConfirm, buttonValue(t, responses(w.fake, "again")[0], handlers.ActionImportConfirm)))
	b.waitFor(func() bool { return len(responses(w.fake, "again-ok")) == 1 }, "the second confirmation")
	if got := fmt.Sprint(responses(w.fake, "again-ok")[0]["text"]); !strings.Contains(got, "were created already") {
		t.Errorf("the shortcut on imported notes: %q", got)
	}
}

// toAny turns decoded blocks into the shape responses have.
func toAny(blocks []map[string]any) []any {
	out := make([]any, len(blocks))
	for i, b := range blocks {
		out[i] = b
	}
	return out
}
