package handlers_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAckReplyInDM: typing Got it in the bot's DM acknowledges the
// latest reminder waiting for the sender's ack; a second one finds none
// waiting; "ok" alone is not taken as an ack.
func TestAckReplyInDM(t *testing.T) {
	cases := []struct {
		name, lang string
		texts      []string
		wantAcked  bool
		wantSaid   string // in the last answer
	}{
		{"got it", "en", []string{"Got it!"}, true, "✓ Got it: you acknowledged"},
		{"ok收到", "zh-CN", []string{"ok 收到"}, true, "✓ 已收到"},
		{"twice", "en", []string{"got it", "got it"}, true, "No reminder is waiting for your Got it"},
		{"bare ok", "en", []string{"ok"}, false, "I did not understand"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newAckWorld(t, storagetest.OpenSQLite(t), c.lang)
			for i, text := range c.texts {
				w.chat.Reset()
				w.router.HandleMessage(context.Background(), w.chat, &bot.Message{
					Workspace: "T1", EventID: "M" + string(rune('1'+i)), TS: "1730300000.00020" + string(rune('0'+i)),
					User: campaignbot.User{ID: "li.na", Name: "li.na"}, Channel: campaignbot.Channel{ID: "D-li.na", IsDM: true},
					Text: text, MentionsBot: true,
				})
			}
			if got := slices.Contains(w.acked(), "li.na"); got != c.wantAcked {
				t.Errorf("li.na acknowledged = %v, want %v", got, c.wantAcked)
			}
			if said := strings.Join(w.chat.Texts(), "\n"); !strings.Contains(said, c.wantSaid) {
				t.Errorf("the bot said %q, want %q", said, c.wantSaid)
			}
		})
	}
}

// TestAckWithoutKey: /ack alone points to what works on Slack, where the
// command under a reminder is not shown: the buttons and a typed reply.
func TestAckWithoutKey(t *testing.T) {
	cases := []struct{ lang, want string }{
		{"en", "Click Got it on it"},
		{"zh-CN", "回复“收到”"},
	}
	for _, c := range cases {
		w := newAckWorld(t, storagetest.OpenSQLite(t), c.lang)
		if said := strings.Join(w.say("li.na", "/ack"), "\n"); !strings.Contains(said, c.want) {
			t.Errorf("/ack in %s answered %q, want %q", c.lang, said, c.want)
		}
	}
}
