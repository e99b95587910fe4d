package slack

import (
	"context"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// formDeadline is how long a view_submission may take: Slack waits 3
// seconds for the answer that closes the modal or shows errors in it.
const formDeadline = 2500 * time.Millisecond

// onCommand runs a slash command after its empty acknowledgement; the
// handler answers through the response_url. The dedupe id is the
// trigger_id, which a Socket Mode redelivery repeats.
func (a *Adapter) onCommand(ctx context.Context, in bot.Inbox, c *slashCommand, deliveryID string) {
	a.goWork(ctx, "command", func(ctx context.Context) {
		user := a.resolveUser(ctx, c.UserID)
		if user.Name == "" {
			user.Name = c.UserName
		}
		// Slack does not say which thread a slash command was typed in
		// (there is no thread_ts in its payload), so Command has no
		// ThreadTS: "/kb save PATH" inside a thread files the thread's
		// message through the "Save to knowledge base" message shortcut
		// instead, whose Message carries ThreadTS.
		ch := a.resolveChannel(ctx, c.ChannelID, c.ChannelName, "")
		a.origins.remember(a.now(), c.TriggerID, c.ResponseURL, ch.ID)
		in.HandleCommand(ctx, a, &bot.Command{
			Workspace: a.workspace(c.TeamID),
			EventID:   firstNonEmpty(c.TriggerID, deliveryID),
			Name:      strings.TrimPrefix(c.Command, "/"),
			Args:      c.Text,
			User:      user,
			Channel:   ch,
			TriggerID: c.TriggerID,
			Responder: &responder{a: a, url: c.ResponseURL, channel: ch.ID, user: user.ID},
			Time:      a.now(),
		})
	})
}

// onInteraction handles an interactivity payload and returns the body of
// its acknowledgement: nil, for a view_submission with errors Slack's
// response_action "errors", and for a block_suggestion the options. Clicks
// and shortcuts are worked on after the acknowledgement; form submissions
// and suggestions before it, since their answer is in it.
func (a *Adapter) onInteraction(ctx context.Context, in bot.Inbox, p *interaction, deliveryID string) any {
	switch p.Type {
	case "block_actions":
		a.goWork(ctx, "block_actions", func(ctx context.Context) { a.actions(ctx, in, p, deliveryID) })
	case "message_action":
		a.goWork(ctx, "message_action", func(ctx context.Context) { a.shortcut(ctx, in, p, deliveryID) })
	case "view_submission":
		return a.submission(ctx, in, p)
	case "block_suggestion":
		return a.suggestions(ctx, in, p)
	default:
		a.log.Debug("slack interaction ignored", "type", p.Type)
	}
	return nil
}

// actions hands each clicked button to the Router.
func (a *Adapter) actions(ctx context.Context, in bot.Inbox, p *interaction, deliveryID string) {
	user := a.resolveUser(ctx, p.User.ID)
	chID := firstNonEmpty(p.Container.ChannelID, p.Channel.ID)
	name := ""
	if p.Channel.ID == chID {
		name = p.Channel.Name
	}
	ch := a.resolveChannel(ctx, chID, name, "")
	a.origins.remember(a.now(), p.TriggerID, p.ResponseURL, ch.ID)
	msgTS := firstNonEmpty(p.Container.MessageTS, tsOf(p.Message))
	for i, act := range p.Actions {
		if strings.HasPrefix(act.ActionID, linkActionPrefix) || act.ActionID == "" {
			continue // link buttons open their URL; nothing to do
		}
		value := act.Value
		if act.SelectedOption != nil {
			value = act.SelectedOption.Value
		}
		id := firstNonEmpty(p.TriggerID, deliveryID)
		if id != "" && i > 0 {
			id += "/" + act.ActionID
		}
		var r bot.Responder = &responder{a: a, url: p.ResponseURL, channel: ch.ID, user: user.ID}
		if p.Container.Type == "view" && p.Container.ViewID != "" {
			// A click on the App Home: there is no conversation to answer
			// in, so replies go to the user's DM.
			r = &responder{a: a, user: user.ID}
		}
		in.HandleAction(ctx, a, &bot.Action{
			Workspace: a.workspace(firstNonEmpty(p.Team.ID, p.User.TeamID)),
			EventID:   id,
			ActionID:  actionID(act.ActionID),
			Value:     value,
			User:      user,
			Channel:   ch,
			Message:   campaignbot.MessageRef{Channel: campaignbot.ChannelID(chID), TS: msgTS},
			TriggerID: p.TriggerID,
			Responder: r,
			Time:      a.now(),
		})
	}
}

// shortcut hands a message shortcut, with the message and its files, to
// the Router.
func (a *Adapter) shortcut(ctx context.Context, in bot.Inbox, p *interaction, deliveryID string) {
	sin, ok := in.(bot.ShortcutInbox)
	if !ok {
		return
	}
	user := a.resolveUser(ctx, p.User.ID)
	ch := a.resolveChannel(ctx, p.Channel.ID, p.Channel.Name, "")
	a.origins.remember(a.now(), p.TriggerID, p.ResponseURL, ch.ID)
	var msg *bot.Message
	if p.Message != nil {
		msg = &bot.Message{
			Workspace: a.workspace(p.Team.ID),
			TS:        p.Message.TS,
			User:      a.resolveUser(ctx, p.Message.User),
			Channel:   ch,
			Text:      p.Message.Text,
			ThreadTS:  p.Message.ThreadTS,
			Permalink: a.permalink(p.Channel.ID, p.Message.TS, p.Message.ThreadTS),
			Files:     a.sharedFiles(ctx, p.Message.Files),
			Time:      parseTS(p.Message.TS),
		}
	}
	sin.HandleShortcut(ctx, a, &bot.Shortcut{
		Workspace:  a.workspace(p.Team.ID),
		EventID:    firstNonEmpty(p.TriggerID, deliveryID),
		CallbackID: p.CallbackID,
		User:       user,
		Channel:    ch,
		Message:    msg,
		TriggerID:  p.TriggerID,
		Responder:  &responder{a: a, url: p.ResponseURL, channel: ch.ID, user: user.ID},
		Time:       a.now(),
	})
}

// submission runs a form handler within Slack's deadline and returns the
// acknowledgement: nil closes the modal, errors are shown beside fields.
// The handler answers where the form was opened (form_origin.go).
func (a *Adapter) submission(ctx context.Context, in bot.Inbox, p *interaction) any {
	if p.View == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, formDeadline)
	defer cancel()
	user := a.resolveUser(ctx, p.User.ID)
	value, origin := unwrapMetadata(p.View.PrivateMetadata)
	var r bot.Responder
	if origin != nil {
		r = &responder{a: a, url: origin.URL, channel: origin.Channel, user: user.ID}
	}
	res := in.HandleForm(ctx, a, &bot.FormSubmission{
		Workspace:    a.workspace(firstNonEmpty(p.Team.ID, p.User.TeamID)),
		FormID:       p.View.CallbackID,
		PrivateValue: value,
		User:         user,
		Values:       p.View.formValues(),
		Responder:    r,
		Time:         a.now(),
	})
	if errs := viewErrors(res, p.View); errs != nil {
		return map[string]any{"response_action": "errors", "errors": errs}
	}
	return nil
}

// tsOf is the ts of an event, or "".
func tsOf(ev *innerEvent) string {
	if ev == nil {
		return ""
	}
	return ev.TS
}
