package scheduler

import (
	"context"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Languages tells the language a reminder is written in for its
// recipient.
type Languages interface {
	// LanguageOf returns the language of a message to r about the campaign
	// with the given id ("" for none): for a person, their own choice,
	// else their platform locale, else the campaign's language, else the
	// config's; for a channel, the campaign's language, else that of the
	// campaign whose channel it is, else the config's.
	LanguageOf(ctx context.Context, cfg *config.Config, r campaignbot.Recipient, campaignID string) campaignbot.Language
}

// languageOf asks langs, or without it answers as LanguageOf would for
// people whose language is unknown.
func languageOf(ctx context.Context, langs Languages, cfg *config.Config, r campaignbot.Recipient, campaignID string) campaignbot.Language {
	if langs != nil {
		return langs.LanguageOf(ctx, cfg, r, campaignID)
	}
	return fallbackLanguage(cfg, r, campaignID)
}

// fallbackLanguage is the language of a message to r when nothing is
// known of its reader: the campaign's, else the channel's, else the
// config's.
func fallbackLanguage(cfg *config.Config, r campaignbot.Recipient, campaignID string) campaignbot.Language {
	if campaignID != "" {
		return cfg.CampaignLanguage(campaignID)
	}
	return cfg.ChannelLanguage(r.Channel)
}

// campaignOfSource returns the campaign id of a milestone reminder's
// source ("milestone:double11/warm-up"), "" for other sources.
func campaignOfSource(source string) string {
	what, ok := strings.CutPrefix(source, "milestone:")
	if !ok {
		return ""
	}
	cid, _, _ := strings.Cut(what, "/")
	return cid
}

// LanguageOf implements Languages: a person's own choice (Choices), else
// the locale the user directory or the chat gives, else the fallback.
func (p *PeopleDirectory) LanguageOf(ctx context.Context, cfg *config.Config, r campaignbot.Recipient, campaignID string) campaignbot.Language {
	fallback := fallbackLanguage(cfg, r, campaignID)
	if r.User == "" {
		return fallback
	}
	var choice campaignbot.Language
	if p.Choices != nil {
		l, err := p.Choices.UserLanguage(ctx, p.ChoicesWorkspace, r.User)
		if err != nil && p.Logger != nil {
			p.Logger.Warn("reading a user's language; using their locale", "user", r.User, "err", err)
		}
		choice = l
	}
	u, err := p.User(ctx, r.User)
	if err != nil {
		u = campaignbot.User{ID: r.User}
	}
	return campaignbot.LanguageFor(choice, u, fallback)
}
