package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// ackOption reads the `ack [@people]` (需确认) option of an added
// milestone from the arguments after the word, and returns how many of
// them it took. The people named are DMed each reminder, besides the
// channel post, and asked to acknowledge it (Got it / 收到); without
// people, the campaign's leads are. Someone unknown, or no one to ask,
// is refused.
func ackOption(ctx context.Context, req *bot.Request, o *campaignbot.MilestoneOverride, c campaignbot.Campaign, rest []string) (int, error) {
	o.Ack.Required = true
	n := 0
	for _, arg := range rest {
		if !strings.HasPrefix(arg, "@") && !strings.HasPrefix(arg, "＠") && !strings.HasPrefix(arg, "<@") {
			break
		}
		n++
		id, err := ackPerson(ctx, req, arg)
		if err != nil {
			return 0, err
		}
		if !slices.Contains(o.Notify.Users, id) {
			o.Notify.Users = append(o.Notify.Users, id)
		}
	}
	if n == 0 {
		if len(c.Leads) == 0 {
			return 0, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.the-campaign-has-no-leads-to", c.ID))
		}
		o.Notify.Leads = true
	}
	return n, nil
}

// ackPerson resolves a mention or an @handle (＠ too) typed after ack to
// someone who can click Got it: a person of this workspace, not a bot
// and not deactivated, as a to-do's owner is checked.
func ackPerson(ctx context.Context, req *bot.Request, arg string) (campaignbot.UserID, error) {
	var (
		u   campaignbot.User
		err error
	)
	if p := bot.ParseText(arg); len(p.Users) == 1 {
		u, err = req.Chat.User(ctx, p.Users[0])
	} else {
		name := strings.TrimPrefix(strings.TrimPrefix(arg, "@"), "＠")
		u, err = req.Chat.UserByName(ctx, name)
	}
	switch {
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND || (err == nil && u.Deleted):
		return "", campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-don-t-know-name-people", arg))
	case err != nil:
		return "", fmt.Errorf("look up %s: %w", arg, err)
	case u.IsBot:
		return "", campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.ack-asks-a-bot", bot.MentionUser(u.ID)))
	}
	return u.ID, nil
}

// ackNote is the part of an added milestone's announcement that says who
// is asked to acknowledge its reminders, "" when no one is.
func ackNote(req *bot.Request, o campaignbot.MilestoneOverride, c campaignbot.Campaign) string {
	if !o.Ack.Required {
		return ""
	}
	people := slices.Clone(o.Notify.Users)
	if o.Notify.Leads {
		for _, l := range c.Leads {
			if !slices.Contains(people, l) {
				people = append(people, l)
			}
		}
	}
	return req.T(campaignbot.T("handlers.asking-by-dm-to-acknowledge-each", mentions(people)))
}
