package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// helpHandler answers /help and messages addressed to the bot.
type helpHandler struct {
	router *bot.Router
}

// intro says what the bot is for.
var intro = campaignbot.T("handlers.i-m-campaignbot-i-keep-your")

// handle lists the commands.
func (h *helpHandler) handle(ctx context.Context, req *bot.Request) error {
	var b strings.Builder
	b.WriteString(req.T(intro))
	b.WriteString("\n")
	b.WriteString(req.T(campaignbot.T("handlers.commands")))
	for _, c := range h.router.Commands(req.Config) {
		fmt.Fprintf(&b, "\n• `%s` — %s", c.Slash, req.T(c.Summary))
	}
	b.WriteString("\n")
	b.WriteString(req.T(campaignbot.T("handlers.share-a-file-in-a-channel")))
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}

// handleMention answers a message addressed to the bot that no other
// handler took.
func (h *helpHandler) handleMention(ctx context.Context, req *bot.Request) error {
	text := bot.ParseText(req.Message.Text)
	var greeting string
	if text.Plain == "" || isGreeting(text.Plain) {
		greeting = req.T(campaignbot.T("handlers.hi-type-help-to-see-what", req.User.Label()))
	} else {
		greeting = req.T(campaignbot.T("handlers.hi-i-did-not-understand-that", req.User.Label()))
	}
	return req.Reply(ctx, campaignbot.OutgoingMessage{Text: greeting})
}

// greetings are messages that only say hello.
var greetings = []string{"hi", "hello", "hey", "help", "你好", "您好", "嗨", "哈喽", "在吗", "帮助"}

// isGreeting reports whether s only says hello.
func isGreeting(s string) bool {
	s = strings.ToLower(strings.Trim(s, " !！?？.。,，~"))
	for _, g := range greetings {
		if s == g {
			return true
		}
	}
	return false
}
