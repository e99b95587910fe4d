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
var intro = campaignbot.Text{
	EN: "I'm campaignbot. I keep your campaign's files in a knowledge base, turn promises made in chat into to-dos with owners and due dates, and remind everyone of milestones on time.",
	ZH: "我是 campaignbot：把群里分享的文件整理进知识库，把聊天中的承诺变成有负责人和截止时间的待办，并准时提醒大家每个里程碑。",
}

// handle lists the commands.
func (h *helpHandler) handle(ctx context.Context, req *bot.Request) error {
	var b strings.Builder
	b.WriteString(req.T(intro))
	b.WriteString("\n")
	b.WriteString(req.Tf("Commands:", "命令："))
	for _, c := range h.router.Commands(req.Config) {
		fmt.Fprintf(&b, "\n• `%s` — %s", c.Slash, req.T(c.Summary))
	}
	b.WriteString("\n")
	b.WriteString(req.Tf("Share a file in a channel and I file it into the knowledge base by the configured rules.",
		"在频道中分享文件，我会按配置的规则把它归档进知识库。"))
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String()})
}

// handleMention answers a message addressed to the bot that no other
// handler took.
func (h *helpHandler) handleMention(ctx context.Context, req *bot.Request) error {
	text := bot.ParseText(req.Message.Text)
	var greeting string
	if text.Plain == "" || isGreeting(text.Plain) {
		greeting = req.Tf("Hi %s! Type /help to see what I can do.", "你好，%s！输入 /help 查看我能做什么。", req.User.Label())
	} else {
		greeting = req.Tf("Hi %s! I did not understand that. Type /help to see what I can do.",
			"你好，%s！我没有理解这句话，输入 /help 查看我能做什么。", req.User.Label())
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
