package bot

import (
	"context"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// RequestLanguage is the language to answer a user in: their own choice
// (`language ja`), else their platform locale when a supported language
// covers it, else the `language` of the campaign whose channel they wrote
// in, else the config's `language`. A choice that cannot be read is
// logged and the rest decides.
func (r *Router) RequestLanguage(ctx context.Context, cfg *config.Config, ws campaignbot.WorkspaceID, user campaignbot.User, ch campaignbot.ChannelID) campaignbot.Language {
	var choice campaignbot.Language
	if r.opts.Languages != nil && user.ID != "" {
		l, err := r.opts.Languages.UserLanguage(ctx, ws, user.ID)
		if err != nil {
			r.opts.Logger.Warn("reading a user's language; using their locale", "user", user.ID, "err", err)
		}
		choice = l
	}
	return campaignbot.LanguageFor(choice, user, cfg.ChannelLanguage(ch))
}
