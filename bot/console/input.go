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
		a.say(campaignbot.T("console.the-console-user-is-no-longer", userName, userList(cfg)))
		return false
	}
	channel, ok := findChannel(cfg, channelName)
	if !ok {
		a.say(campaignbot.T("console.the-channel-is-no-longer-configured", channelName, channelList(cfg)))
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
			a.say(campaignbot.T("console.console-as-name-switches-user-in"))
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
		a.say(campaignbot.T("console.there-is-no-console-user-configured", name, userList(cfg)))
		return
	}
	a.mu.Lock()
	a.user = string(u.ID)
	a.mu.Unlock()
	a.say(campaignbot.T("console.you-are-now", u.ID, u.Label()))
}

// switchChannel handles /in #channel.
func (a *Adapter) switchChannel(cfg *config.Config, args string) {
	name := strings.TrimPrefix(strings.TrimSpace(args), "#")
	ch, ok := findChannel(cfg, name)
	if !ok {
		a.say(campaignbot.T("console.there-is-no-console-channel-configured", name, channelList(cfg)))
		return
	}
	a.mu.Lock()
	a.channel = string(ch.ID)
	a.mu.Unlock()
	a.say(campaignbot.T("console.you-are-now-in", ch.ID))
}

// share handles /share PATH [comment]: it announces the file as shared in
// the current channel, the way a chat platform would.
func (a *Adapter) share(ctx context.Context, in bot.Inbox, cfg *config.Config, user campaignbot.User, channel campaignbot.Channel, args string) {
	path, comment, ok := splitPath(args)
	if !ok || path == "" {
		a.say(campaignbot.T("console.usage-share-path-comment-e-g"))
		return
	}
	if strings.HasPrefix(path, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			path = filepath.Join(home, path[2:])
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		a.say(campaignbot.T("console.i-can-t-use-the-path", path, err))
		return
	}
	st, err := os.Stat(abs)
	switch {
	case err != nil:
		a.say(campaignbot.T("console.i-can-t-find-the-file", path))
		return
	case st.IsDir():
		a.say(campaignbot.T("console.is-a-folder-share-one-file", path))
		return
	case !st.Mode().IsRegular():
		a.say(campaignbot.T("console.is-not-a-regular-file", path))
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
