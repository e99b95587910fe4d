package slack

import (
	"encoding/json"
	"strings"
	"testing"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

func TestRenderBlocks(t *testing.T) {
	for _, tt := range []struct {
		name string
		msg  campaignbot.OutgoingMessage
		want []string // substrings of the blocks' JSON
		not  []string
	}{
		{
			name: "text passes through as mrkdwn",
			msg:  campaignbot.OutgoingMessage{Text: "*Due* <@U1> &amp; <!subteam^S1|@design>"},
			want: []string{`{"type":"section","text":{"type":"mrkdwn","text":"*Due* \u003c@U1\u003e \u0026amp; \u003c!subteam^S1|@design\u003e"}}`},
		},
		{
			name: "fields",
			msg:  campaignbot.OutgoingMessage{Text: "t", Fields: []campaignbot.Field{{Label: "Owner", Value: "<@U1>"}, {Label: "Due", Value: "Oct 20"}}},
			want: []string{`"fields":[{"type":"mrkdwn","text":"*Owner*\n\u003c@U1\u003e"},{"type":"mrkdwn","text":"*Due*\nOct 20"}]`},
		},
		{
			name: "buttons with unique action ids and a link",
			msg: campaignbot.OutgoingMessage{Text: "t", Buttons: []campaignbot.Button{
				{ActionID: "todo.done", Value: "12", Label: "Done", Style: campaignbot.ButtonPrimary},
				{ActionID: "todo.done", Value: "13", Label: "Done too"},
				{ActionID: "todo.snooze", Value: "12", Label: "Snooze", Style: campaignbot.ButtonDanger},
				{Label: "Open", URL: "https://example.com/x"},
			}},
			want: []string{
				`"type":"actions"`,
				`"text":{"type":"plain_text","text":"Done","emoji":true},"action_id":"todo.done","value":"12","style":"primary"`,
				`"action_id":"todo.done#1"`,
				`"action_id":"todo.snooze"`, `"style":"danger"`,
				`"action_id":"link.3"`, `"url":"https://example.com/x"`,
			},
		},
		{
			name: "long text is split",
			msg:  campaignbot.OutgoingMessage{Text: strings.Repeat("长文本\n", 600)},
			want: []string{`"type":"section"`},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			blocks := renderBlocks(tt.msg)
			data, err := json.Marshal(blocks)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(data), w) {
					t.Errorf("blocks lack %s\n%s", w, data)
				}
			}
			for _, b := range blocks {
				if s, ok := b.(*slackgo.SectionBlock); ok && s.Text != nil && len(s.Text.Text) > maxSectionText {
					t.Errorf("section of %d bytes", len(s.Text.Text))
				}
			}
		})
	}
	if got := actionID("todo.done#1"); got != "todo.done" {
		t.Errorf("actionID = %q", got)
	}
}

func TestModalView(t *testing.T) {
	f := bot.Form{ID: "kb.save", Title: "Save to the knowledge base now", PrivateValue: "C1/123",
		Fields: []bot.FormField{
			{ID: "folder", Label: "Folder", Kind: bot.FieldSelect, Initial: "b", Options: []bot.FormOption{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}},
			{ID: "title", Label: "Title", Initial: "hero", Optional: true},
		}}
	data, err := json.Marshal(modalView(f, campaignbot.Chinese))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		`"type":"modal"`, `"callback_id":"kb.save"`, `"private_metadata":"C1/123"`,
		`"title":{"type":"plain_text","text":"Save to the knowledge ba"`,
		`"close":{"type":"plain_text","text":"取消"`, `"submit":{"type":"plain_text","text":"保存"`,
		`"block_id":"folder"`, `"type":"static_select"`, `"initial_option":{"text":{"type":"plain_text","text":"B","emoji":true},"value":"b"}`,
		`"type":"plain_text_input","action_id":"title","initial_value":"hero"`, `"optional":true`,
	} {
		if !strings.Contains(string(data), w) {
			t.Errorf("modal lacks %s\n%s", w, data)
		}
	}
	v := &viewPayload{Blocks: []struct {
		BlockID string `json:"block_id"`
	}{{BlockID: "folder"}}}
	got := viewErrors(bot.FormResult{Errors: map[string]string{"": "Out of date.", "title": "Too long."}}, v)
	if got["folder"] != "Out of date." || got["title"] != "Too long." {
		t.Errorf("viewErrors = %v", got)
	}
	if viewErrors(bot.FormResult{}, v) != nil {
		t.Error("no errors should close the modal")
	}
}

func TestMessageOptionsCarryReminderKey(t *testing.T) {
	w := newWorld(t, ModeSocket)
	b := w.start(t)
	ref, err := b.adapter.Send(t.Context(), campaignbot.Recipient{User: "U0BOB"},
		campaignbot.OutgoingMessage{Text: "Registration closes in 1 hour", Key: "double11/registration/-1h", ThreadID: ""})
	if err != nil {
		t.Fatal(err)
	}
	if ref.Channel != "D0BOB" || ref.TS == "" {
		t.Errorf("ref = %+v", ref)
	}
	p := w.fake.Delivered("chat.postMessage")[0].Params
	if p.Get("channel") != "U0BOB" || p.Get("metadata") != `{"event_type":"campaignbot_reminder","event_payload":{"key":"double11/registration/-1h"}}` {
		t.Errorf("postMessage %v", p)
	}
	// Posting to a user id opened the DM, so its message can be updated.
	if err := b.adapter.Update(t.Context(), ref, campaignbot.OutgoingMessage{Text: "done"}); err != nil {
		t.Errorf("update of the DM message: %v", err)
	}
	if msgs := w.fake.Messages("D0BOB"); len(msgs) != 1 || msgs[0].Text != "done" {
		t.Errorf("bob's DM holds %v", msgs)
	}
	if err := b.adapter.Update(t.Context(), campaignbot.MessageRef{Channel: "D0NOBODY", TS: ref.TS}, campaignbot.OutgoingMessage{Text: "done"}); err == nil {
		t.Error("update in a conversation the fake does not know should fail")
	}
	if err := b.adapter.Ephemeral(t.Context(), "C0DESIGN", "U0ALICE", campaignbot.OutgoingMessage{Text: "psst"}); err != nil {
		t.Fatal(err)
	}
	if p := w.fake.Delivered("chat.postEphemeral")[0].Params; p.Get("user") != "U0ALICE" || p.Get("text") != "psst" {
		t.Errorf("postEphemeral %v", p)
	}
}
