package slack

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/campaignbot/campaignbot/bot"
)

// rawJSON keeps a fixture's JSON as it is when it is marshalled again.
func rawJSON(b []byte) json.RawMessage { return json.RawMessage(b) }

func queryEscape(s string) string { return url.QueryEscape(s) }

// nopInbox drops everything.
type nopInbox struct{}

func (nopInbox) HandleMessage(context.Context, bot.Chat, *bot.Message) {}
func (nopInbox) HandleCommand(context.Context, bot.Chat, *bot.Command) {}
func (nopInbox) HandleAction(context.Context, bot.Chat, *bot.Action)   {}
func (nopInbox) HandleForm(context.Context, bot.Chat, *bot.FormSubmission) bot.FormResult {
	return bot.FormResult{}
}
