package main

import (
	"context"
	"sync/atomic"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
)

// readerLanguages hands the handlers' composers (the to-do nudge a Got it
// rewrites) the people directory that knows each reader's language, which
// the scheduler builds after the handlers are registered. Before it
// exists, messages are in the campaign's or the channel's language.
type readerLanguages struct {
	people atomic.Pointer[scheduler.PeopleDirectory]
}

var _ scheduler.Languages = (*readerLanguages)(nil)

// set connects the people directory.
func (r *readerLanguages) set(p *scheduler.PeopleDirectory) { r.people.Store(p) }

// LanguageOf implements scheduler.Languages.
func (r *readerLanguages) LanguageOf(ctx context.Context, cfg *config.Config, to campaignbot.Recipient, campaignID string) campaignbot.Language {
	if p := r.people.Load(); p != nil {
		return p.LanguageOf(ctx, cfg, to, campaignID)
	}
	if campaignID != "" {
		return cfg.CampaignLanguage(campaignID)
	}
	return cfg.ChannelLanguage(to.Channel)
}
