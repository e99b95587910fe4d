package slack

import (
	"context"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/internal/slackfake"
)

// TestReadMessage reads the exact message of a ts: a thread's parent, a
// reply (which Slack answers with the whole thread, parent first) and a
// message without a thread; a bot's message is marked as a bot's, and a
// missing ts is not found.
func TestReadMessage(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	parent := w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: "kickoff"})
	reply := w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: "- @alice 完成预热页 周五前", ThreadTS: parent})
	later := w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: "later reply", ThreadTS: parent})
	alone := w.fake.AddMessage("C0DESIGN", slackfake.Message{User: "U0ALICE", Text: "no thread"})
	announced := w.fake.AddMessage("C0DESIGN", slackfake.Message{User: slackfake.BotUserID, BotID: slackfake.BotID, Text: "✅ created 1 to-do"})
	b := w.start(t)
	for _, tt := range []struct {
		ts, want string
		bot      bool
	}{
		{parent, "kickoff", false},
		{reply, "- @alice 完成预热页 周五前", false},
		{later, "later reply", false},
		{alone, "no thread", false},
		{announced, "✅ created 1 to-do", true},
	} {
		m, err := b.adapter.ReadMessage(context.Background(), "C0DESIGN", tt.ts)
		if err != nil || m.Text != tt.want || m.TS != tt.ts || m.User.IsBot != tt.bot {
			t.Errorf("ReadMessage(%s) = %+v, %v; want %q (bot %v)", tt.ts, m, err, tt.want, tt.bot)
		}
	}
	if _, err := b.adapter.ReadMessage(context.Background(), "C0DESIGN", "1600000000.000100"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
		t.Errorf("a missing message: %v", err)
	}
}
