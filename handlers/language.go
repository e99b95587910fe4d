package handlers

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
)

// languageHandler lets people pick the language the bot writes to them
// in: `language ja|zh-TW|zh-CN|en|auto`, as a mention (@campaignbot
// language ja) or under /help (/help language ja). A choice overrides
// the Slack locale until `language auto`. After a change the reminders
// are re-planned (replanner), so milestone DMs already planned follow it.
type languageHandler struct {
	choices   campaignbot.LanguageChoices
	router    *bot.Router
	replanner Replanner
	log       *slog.Logger
}

// languageWords start a language command.
var languageWords = []string{"language", "lang", "语言", "語言", "言語"}

// languageArgs returns what follows the language word of s, and whether
// s is a language command at all: the word alone or with one argument.
func languageArgs(s string) (arg string, ok bool) {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 {
		return "", false
	}
	for _, w := range languageWords {
		if strings.EqualFold(f[0], w) {
			if len(f) == 2 {
				return f[1], true
			}
			return "", true
		}
	}
	return "", false
}

// mentionOr wraps the handler of messages addressed to the bot: a message
// that mentions nobody else and reads `language …` is a language command;
// anything else goes to next.
func (h *languageHandler) mentionOr(next bot.Handler) bot.Handler {
	return func(ctx context.Context, req *bot.Request) error {
		if req.Message == nil {
			return next(ctx, req)
		}
		p := bot.ParseText(req.Message.Text)
		for _, u := range p.Users {
			if u != req.Chat.BotUser().ID {
				return next(ctx, req)
			}
		}
		arg, ok := languageArgs(p.Plain)
		if !ok || len(p.Groups) > 0 {
			return next(ctx, req)
		}
		// Plain is unescaped; slash-command text arrives escaped, as
		// replies are written.
		return h.set(ctx, req, bot.Escape(arg))
	}
}

// helpOr wraps /help: `/help language ja` is a language command, and
// anything else is the help.
func (h *languageHandler) helpOr(next bot.Handler) bot.Handler {
	return func(ctx context.Context, req *bot.Request) error {
		if arg, ok := languageArgs(req.Args); ok {
			return h.set(ctx, req, arg)
		}
		return next(ctx, req)
	}
}

// set shows the user's language (no argument), records their choice, or
// goes back to their Slack locale (auto), answering privately in the
// language now in force.
func (h *languageHandler) set(ctx context.Context, req *bot.Request, arg string) error {
	switch {
	case arg == "":
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.i-answer-you-in-change-it", req.Lang.Name(), req.Lang))
	case strings.EqualFold(arg, "auto"):
		if err := h.choices.SetUserLanguage(ctx, req.Workspace, req.User.ID, "", req.Now); err != nil {
			return err
		}
		req.Lang = h.router.RequestLanguage(ctx, req.Config, req.Workspace, req.User, req.Channel.ID)
		defer h.replan(ctx)
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.done-no-language-of-your-own", req.Lang.Name(), req.Lang))
	}
	l, ok := campaignbot.ParseLanguage(arg)
	if !ok {
		return h.unknown(ctx, req, arg)
	}
	if err := h.choices.SetUserLanguage(ctx, req.Workspace, req.User.ID, l, req.Now); err != nil {
		return err
	}
	req.Lang = l
	defer h.replan(ctx)
	return req.ReplyPrivateText(ctx, campaignbot.T("handlers.done-i-answer-you-in-from", l.Name(), l))
}

// replan re-plans the reminders after a change of language, so the
// milestone DMs planned before it are written in the new one; a failure
// is logged and left to the hourly planning.
func (h *languageHandler) replan(ctx context.Context) {
	if h.replanner == nil {
		return
	}
	if err := h.replanner.ReplanNow(ctx); err != nil && !errors.Is(err, scheduler.ErrReplanQueued) {
		h.log.Error("re-planning after a language change", "err", err)
	}
}

// maxLanguageEcho is how much of a code that is no language is quoted
// back, in characters.
const maxLanguageEcho = 20

// unknown answers a code that is no supported language, in the user's
// language and in English and Chinese, since whoever typed it may not
// read the language they are answered in.
func (h *languageHandler) unknown(ctx context.Context, req *bot.Request, arg string) error {
	if r := []rune(arg); len(r) > maxLanguageEcho {
		arg = string(r[:maxLanguageEcho]) + "…"
	}
	t := campaignbot.T("handlers.sorry-i-don-t-know-the", arg)
	var lines []string
	for _, l := range []campaignbot.Language{req.Lang, campaignbot.English, campaignbot.Chinese} {
		if s := t.In(l); !slices.Contains(lines, s) {
			lines = append(lines, s)
		}
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: strings.Join(lines, "\n")})
}
