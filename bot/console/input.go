package console

import (
	"context"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
)

// handleLine handles one line of input and reports whether to quit.
func (a *Adapter) handleLine(ctx context.Context, in bot.Inbox, line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	cfg := a.opts.Config()
	userName, channelName := a.where()
	user, ok := findUser(cfg, userName)
	if !ok {
		a.say(campaignbot.Textf("The console user @%s is no longer configured; switch with /as NAME (%s).", "控制台用户 @%s 已不在配置中，请用 /as 姓名 切换（%s）。", userName, userList(cfg)))
		return false
	}
	channel, ok := findChannel(cfg, channelName)
	if !ok {
		a.say(campaignbot.Textf("The channel #%s is no longer configured; switch with /in #channel (%s).", "频道 #%s 已不在配置中，请用 /in #频道 切换（%s）。", channelName, channelList(cfg)))
		return false
	}
	if strings.HasPrefix(line, "/") {
		name, args, _ := strings.Cut(line[1:], " ")
		args = strings.TrimSpace(args)
		switch strings.ToLower(name) {
		case "quit", "exit":
			return true
		case "as":
			a.switchUser(cfg, args)
			return false
		case "in":
			a.switchChannel(cfg, args)
			return false
		case "share":
			a.share(ctx, in, cfg, user, channel, args)
			return false
		}
		in.HandleCommand(ctx, a, &bot.Command{
			Workspace: Workspace,
			Name:      name,
			Args:      a.canonical(cfg, args).text,
			User:      user,
			Channel:   channel,
			Time:      a.opts.Now(),
		})
		if strings.EqualFold(name, "help") && strings.TrimSpace(args) == "" {
			a.say(campaignbot.Textf("Console: /as NAME switches user, /in #channel switches channel, /share PATH [comment] shares a file, /quit leaves.",
				"控制台：/as 姓名 切换用户，/in #频道 切换频道，/share 路径 [说明] 分享文件，/quit 退出。"))
		}
		return false
	}
	c := a.canonical(cfg, line)
	in.HandleMessage(ctx, a, &bot.Message{
		Workspace:   Workspace,
		TS:          a.newTS(),
		User:        user,
		Channel:     channel,
		Text:        c.text,
		MentionsBot: c.mentionsBot || channel.IsDM,
		Time:        a.opts.Now(),
	})
	return false
}

// switchUser handles /as NAME.
func (a *Adapter) switchUser(cfg *config.Config, args string) {
	name := strings.TrimPrefix(strings.TrimSpace(args), "@")
	u, ok := findUser(cfg, name)
	if !ok {
		a.say(campaignbot.Textf("There is no console user %q. Configured users: %s.", "没有名为 %q 的控制台用户。已配置的用户：%s。", name, userList(cfg)))
		return
	}
	a.mu.Lock()
	a.user = string(u.ID)
	a.mu.Unlock()
	a.say(campaignbot.Textf("You are now @%s (%s).", "你现在是 @%s（%s）。", u.ID, u.Label()))
}

// switchChannel handles /in #channel.
func (a *Adapter) switchChannel(cfg *config.Config, args string) {
	name := strings.TrimPrefix(strings.TrimSpace(args), "#")
	ch, ok := findChannel(cfg, name)
	if !ok {
		a.say(campaignbot.Textf("There is no console channel %q. Configured channels: %s.", "没有名为 %q 的控制台频道。已配置的频道：%s。", name, channelList(cfg)))
		return
	}
	a.mu.Lock()
	a.channel = string(ch.ID)
	a.mu.Unlock()
	a.say(campaignbot.Textf("You are now in #%s.", "你现在在 #%s。", ch.ID))
}

// share handles /share PATH [comment]: it announces the file as shared in
// the current channel, the way a chat platform would.
func (a *Adapter) share(ctx context.Context, in bot.Inbox, cfg *config.Config, user campaignbot.User, channel campaignbot.Channel, args string) {
	path, comment, ok := splitPath(args)
	if !ok || path == "" {
		a.say(campaignbot.Textf("Usage: /share PATH [comment], e.g. /share ./plan.xlsx Double 11 plan. Quote paths with spaces: /share \"my plan.xlsx\".",
			"用法：/share 路径 [说明]，例如 /share ./plan.xlsx 双11方案。含空格的路径请加引号：/share \"my plan.xlsx\"。"))
		return
	}
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		a.say(campaignbot.Textf("I can't use the path %q: %v.", "无法使用路径 %q：%v。", path, err))
		return
	}
	st, err := os.Stat(abs)
	switch {
	case err != nil:
		a.say(campaignbot.Textf("I can't find the file %s. Check the path and try again.", "找不到文件 %s，请检查路径后重试。", path))
		return
	case st.IsDir():
		a.say(campaignbot.Textf("%s is a folder; share one file at a time.", "%s 是文件夹，请一次分享一个文件。", path))
		return
	case !st.Mode().IsRegular():
		a.say(campaignbot.Textf("%s is not a regular file.", "%s 不是普通文件。", path))
		return
	}
	mimeType := mime.TypeByExtension(strings.ToLower(filepath.Ext(abs)))
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	c := a.canonical(cfg, comment)
	in.HandleMessage(ctx, a, &bot.Message{
		Workspace: Workspace,
		TS:        a.newTS(),
		User:      user,
		Channel:   channel,
		Text:      c.text,
		Files:     []bot.SharedFile{{ID: abs, Name: filepath.Base(abs), MIME: mimeType, Size: st.Size()}},
		Time:      a.opts.Now(),
	})
}

// splitPath splits `PATH rest` or `"PATH WITH SPACES" rest`.
func splitPath(args string) (path, rest string, ok bool) {
	args = strings.TrimSpace(args)
	if args == "" {
		return "", "", false
	}
	if q := args[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(args[1:], q)
		if end < 0 {
			return "", "", false
		}
		return args[1 : end+1], strings.TrimSpace(args[end+2:]), true
	}
	path, rest, _ = strings.Cut(args, " ")
	return path, strings.TrimSpace(rest), true
}

// canonicalText is typed text turned into the bot's canonical markup.
type canonicalText struct {
	text        string
	mentionsBot bool
}

// canonical escapes typed text and turns @name and #channel of configured
// users and channels into mentions, the way a chat client does. @campaignbot
// addresses the bot. Unknown names stay plain text.
func (a *Adapter) canonical(cfg *config.Config, s string) canonicalText {
	var out strings.Builder
	var c canonicalText
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		if (r == '@' || r == '#') && (i == 0 || !isNameRune(rs[i-1])) {
			j := i + 1
			for j < len(rs) && isNameRune(rs[j]) {
				j++
			}
			// A trailing dot ends the sentence, not the name.
			for j > i+1 && rs[j-1] == '.' {
				j--
			}
			name := string(rs[i+1 : j])
			if mention, isBot, ok := mentionOf(cfg, r, name); ok {
				out.WriteString(mention)
				c.mentionsBot = c.mentionsBot || isBot
				i = j
				continue
			}
		}
		out.WriteString(bot.Escape(string(r)))
		i++
	}
	c.text = out.String()
	return c
}

// mentionOf returns the canonical mention of @name or #name.
func mentionOf(cfg *config.Config, sigil rune, name string) (mention string, isBot, ok bool) {
	if name == "" {
		return "", false, false
	}
	if sigil == '#' {
		ch, ok := findChannel(cfg, name)
		if !ok {
			return "", false, false
		}
		return "<#" + string(ch.ID) + "|" + string(ch.ID) + ">", false, true
	}
	if strings.EqualFold(name, BotName) {
		return bot.MentionUser(BotName), true, true
	}
	u, ok := findUser(cfg, name)
	if !ok {
		return "", false, false
	}
	return bot.MentionUser(u.ID), false, true
}

// isNameRune reports whether r can be part of a handle or channel name.
func isNameRune(r rune) bool {
	return r == '.' || r == '_' || r == '-' || r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
