package handlers

import (
	"context"
	"regexp"
	"strings"
	"unicode"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// importWords ask for the to-dos of a thread's first message when the bot
// is mentioned in the thread, lower-case.
var importWords = []string{"import", "import to-dos", "import todos", "to-dos", "todos", "导入", "导入待办", "待办", "创建待办"}

// importWordsOf is a mention's text as compared with importWords:
// lower-case, without the punctuation around it (an IME's "。" or "！")
// and without a polite "please" or "请" before it.
func importWordsOf(text string) string {
	s := strings.ToLower(strings.TrimSpace(text))
	trim := func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) }
	s = strings.TrimFunc(s, trim)
	for _, p := range []string{"please ", "请"} {
		s = strings.TrimFunc(strings.TrimPrefix(s, p), trim)
	}
	return s
}

// isImportMention reports whether a mention in a thread asks for the
// thread's to-dos: the text without mentions is one of importWords.
func isImportMention(req *bot.Request) bool {
	m := req.Message
	if m == nil || m.ThreadTS == "" || m.ThreadTS == m.TS {
		return false
	}
	plain := importWordsOf(bot.ParseText(m.Text).Plain)
	for _, w := range importWords {
		if plain == w {
			return true
		}
	}
	return false
}

// messageGone is the one answer for a message that does not exist and a
// message the user may not read, so that neither is told from the other.
func messageGone() error {
	return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("handlers.i-can-t-find-that-message"))
}

// importThread previews the to-dos of the first message of the thread
// the bot was mentioned in ("@campaignbot import" as a reply), since
// Slack does not say in which thread a slash command was typed.
func (h *todoHandler) importThread(ctx context.Context, req *bot.Request) error {
	return h.importMessage(ctx, req, req.Channel.ID, req.Message.ThreadTS)
}

// permalinkPattern reads a Slack message link: the channel and the ts
// without its dot.
var permalinkPattern = regexp.MustCompile(`/archives/([A-Z0-9]+)/p(\d{10})(\d{6})`)

// importLink answers /todo import LINK: the to-dos of the linked message,
// which the user must be able to read (a member, for a private channel
// or a direct message).
func (h *todoHandler) importLink(ctx context.Context, req *bot.Request, link string) error {
	m := permalinkPattern.FindStringSubmatch(link)
	if m == nil {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-is-not-a-message-link", slash(req, "todo")))
	}
	ch := campaignbot.ChannelID(m[1])
	if err := mayRead(ctx, req, ch); err != nil {
		return err
	}
	return h.importMessage(ctx, req, ch, m[2]+"."+m[3])
}

// mayRead answers messageGone unless the user may read channel ch: any
// public channel, a private channel or a direct message they are in.
func mayRead(ctx context.Context, req *bot.Request, ch campaignbot.ChannelID) error {
	c, err := req.Chat.Channel(ctx, ch)
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
		return messageGone()
	case err != nil:
		return err
	}
	if !c.Private && !c.IsDM {
		return nil
	}
	members, ok := req.Chat.(campaignbot.Membership)
	if !ok {
		return messageGone()
	}
	in, err := members.InChannel(ctx, ch, req.User.ID)
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
		return messageGone()
	case err != nil:
		return err
	case !in:
		return messageGone()
	}
	return nil
}

// importMessage previews the to-dos of message ts of channel.
func (h *todoHandler) importMessage(ctx context.Context, req *bot.Request, ch campaignbot.ChannelID, ts string) error {
	reader, ok := req.Chat.(bot.MessageReader)
	if !ok {
		return importHowTo(req)
	}
	msg, err := reader.ReadMessage(ctx, ch, ts)
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
		return messageGone()
	case err != nil:
		return err
	case msg.User.IsBot:
		return notesOfABot(req)
	case strings.TrimSpace(bot.ParseText(msg.Text).Plain) == "":
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-message-has-no-text-to"))
	}
	where := msg.Channel
	if where.ID == "" {
		where = campaignbot.Channel{ID: ch}
	}
	// The to-dos belong where the notes are; the preview goes where the
	// user asked.
	return h.preview(ctx, req, msg.Text, messageSource(ch, msg), req.T(campaignbot.T("handlers.the-message")), where, importOrigin{ts: ts})
}
