package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
)

// TestAttackImport_GoneBeforeConfirmThroughSlack: the notes previewed by
// the shortcut are deleted, or the notes file shared with "to-dos" is
// deleted or restricted to a channel the bot is not in, before the
// confirmation; the confirmation gets exactly the missing-message answer
// and creates nothing. Left alone, the file's to-dos are created.
func TestAttackImport_GoneBeforeConfirmThroughSlack(t *testing.T) {
	notes := "*Kickoff*\n- <@U0ALICE> 完成预热页 明天下午6点前\n- <@U0BOB> send the coupon list by tomorrow 5pm"
	tests := []struct {
		name  string
		file  bool
		after func(w *world)
	}{
		{"file left alone: created", true, nil},
		{"shortcut, message deleted", false, func(w *world) { w.fake.DeleteMessage("C0DESIGN", "1700000300.000100") }},
		{"file deleted", true, func(w *world) { w.fake.DeleteFile("F0NOTES") }},
		{"file restricted", true, func(w *world) {
			w.fake.AddFile(slackfake.File{ID: "F0NOTES", Name: "kickoff.md", Mimetype: "text/markdown", Bytes: []byte(notes), User: "U0BOB", Channels: []string{"C0SECRET"}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, ModeHTTP)
			b, todos := w.startTodos(t)
			var preview map[string]any
			if tt.file {
				f := w.fake.AddFile(slackfake.File{ID: "F0NOTES", Name: "kickoff.md", Mimetype: "text/markdown", Bytes: []byte(notes), User: "U0BOB"})
				b.deliverEvent(mustMarshal(t, map[string]any{
					"type": "event_callback", "team_id": slackfake.TeamID, "event_id": "Ev0SHARE", "event_time": 1700000400,
					"event": map[string]any{"type": "message", "subtype": "file_share", "text": "to-dos", "user": "U0ALICE",
						"ts": "1700000400.000100", "channel": "C0DESIGN", "event_ts": "1700000400.000100", "files": []any{f}},
				}))
				b.waitFor(func() bool { return len(w.fake.Calls("chat.postEphemeral")) > 0 }, "the preview")
				var blocks []map[string]any
				calls := w.fake.Calls("chat.postEphemeral")
				if err := json.Unmarshal([]byte(calls[len(calls)-1].Params.Get("blocks")), &blocks); err != nil {
					t.Fatal(err)
				}
				preview = map[string]any{"blocks": toAny(blocks)}
			} else {
				b.deliverInteraction(importShortcut(b, "C0DESIGN", "double11-design", "preview", notes))
				b.waitFor(func() bool { return len(responses(w.fake, "preview")) == 1 }, "the preview")
				preview = responses(w.fake, "preview")[0]
			}
			if tt.after != nil {
				tt.after(w)
			}
			b.deliverInteraction(clickIn(b, "C0DESIGN", "trigger-confirm", "confirm", handlers.ActionImportConfirm,
				buttonValue(t, preview, handlers.ActionImportConfirm)))
			b.waitFor(func() bool { return len(responses(w.fake, "confirm")) == 1 }, "the confirmation")
			got := fmt.Sprint(responses(w.fake, "confirm")[0]["text"])
			if tt.after == nil {
				if all, _ := todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: slackfake.TeamID}); len(all) != 2 {
					t.Errorf("%d to-dos created, want 2; the bot said %q", len(all), got)
				}
				return
			}
			if !strings.Contains(got, "I can't find that message: it may have been deleted, or it is in a conversation you or I can't read. Nothing was imported.") {
				t.Errorf("confirm: %q", got)
			}
			if all, _ := todos.FindTodos(context.Background(), campaignbot.TodoFilter{Workspace: slackfake.TeamID}); len(all) != 0 {
				t.Errorf("%d to-dos created", len(all))
			}
		})
	}
}
