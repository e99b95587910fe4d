package handlers

import (
	"context"
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// ackWords are replies that mean Got it, as people type them under a
// DingTalk-style reminder, compared lower-cased without spaces and end
// punctuation.
// A bare "ok" or "好的" is not one: it may answer something else.
// The Japanese texts advise 「了解」, the Traditional ones 收到.
var ackWords = []string{"收到", "收到了", "已收到", "好的收到", "ok收到", "收到谢谢", "收到謝謝", "gotit", "noted", "roger", "👍",
	"了解", "了解です", "了解しました", "確認しました"}

// isAckReply reports whether a DM's text only says Got it.
func isAckReply(s string) bool {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	s = strings.Trim(s, "!！.。,，~～")
	return slices.Contains(ackWords, s)
}

// replyAck wraps the handler of messages addressed to the bot: "收到",
// "got it" or "ok收到" typed in the bot's DM acknowledges the latest
// reminder of the last 7 days still waiting for the sender's Got it
// (the App Home's list), as the button would; with none waiting it says
// so. Anything else goes to next.
func (h *ackHandler) replyAck(next bot.Handler) bot.Handler {
	return func(ctx context.Context, req *bot.Request) error {
		if req.Message == nil || !req.Channel.IsDM || !isAckReply(req.Message.Text) {
			return next(ctx, req)
		}
		waiting, err := h.acks.Waiting(ctx, req.User.ID, req.Now.Add(-homeAcksSince))
		if err != nil {
			return err
		}
		if len(waiting) == 0 {
			return req.Reply(ctx, campaignbot.OutgoingMessage{Text: req.T(campaignbot.T("handlers.no-reminder-is-waiting-for-your"))})
		}
		latest := waiting[len(waiting)-1]
		st, recorded, err := h.acks.Acknowledge(ctx, latest.Reminder.Key, req.User.ID, req.Now)
		if err != nil {
			return err
		}
		text := ackTitle(req, st) + ackLine(req, st, recorded)
		if rest := len(waiting) - 1; rest > 0 {
			text += "\n" + req.T(campaignbot.T("handlers.more-still-wait-for-your-got", rest))
		}
		return req.Reply(ctx, campaignbot.OutgoingMessage{Text: text})
	}
}
