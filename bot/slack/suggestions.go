package slack

import (
	"context"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot/bot"
)

// optionsResponse answers a block_suggestion. Slack shows an empty list
// for [] but treats a missing array as an error, so it is never omitted.
type optionsResponse struct {
	Options []*slackgo.OptionBlockObject `json:"options"`
}

// suggestions answers a block_suggestion, an external select asking for
// options as the user types, within Slack's 3 seconds: the handler of the
// form's field, Slack's limits applied (100 options, values of at most 150
// characters, texts of at most 75).
func (a *Adapter) suggestions(ctx context.Context, in bot.Inbox, p *interaction) any {
	resp := optionsResponse{Options: []*slackgo.OptionBlockObject{}}
	sin, ok := in.(bot.SuggestionInbox)
	if !ok || p.View == nil {
		return resp
	}
	ctx, cancel := context.WithTimeout(ctx, formDeadline)
	defer cancel()
	value, _ := unwrapMetadata(p.View.PrivateMetadata)
	opts := sin.HandleSuggestion(ctx, a, &bot.Suggestion{
		Workspace:    a.workspace(firstNonEmpty(p.Team.ID, p.User.TeamID)),
		FormID:       p.View.CallbackID,
		FieldID:      p.ActionID,
		PrivateValue: value,
		Query:        p.Value,
		User:         a.resolveUser(ctx, p.User.ID),
		Time:         a.now(),
	})
	resp.Options = append(resp.Options, selectOptions(opts)...)
	return resp
}
