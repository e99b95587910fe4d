package slack

import (
	"context"
	"fmt"

	slackgo "github.com/slack-go/slack"

	"github.com/campaignbot/campaignbot"
)

// RefreshUsers reads every member of the workspace with users.list, 200 a
// page (a tier 2 method: a few calls for thousands of people), and stores
// them in the user directory, so planning never asks Slack person by
// person. It returns how many users it stored.
func (a *Adapter) RefreshUsers(ctx context.Context) (int, error) {
	asked := a.now()
	p := a.api.GetUsersPaginated(slackgo.GetUsersOptionLimit(pageLimit), slackgo.GetUsersOptionIncludeLocale(true))
	n := 0
	for {
		done := false
		err := a.call(ctx, "users.list", "", func(ctx context.Context) error {
			next, err := p.Next(ctx)
			switch {
			case p.Done(err):
				done = true
				return nil
			case err != nil:
				return err
			}
			p = next
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("list the Slack workspace's users: %w", err)
		}
		if done {
			return n, nil
		}
		users := make([]campaignbot.User, 0, len(p.Users))
		for i := range p.Users {
			users = append(users, a.userFromSlack(&p.Users[i]))
		}
		a.remember(ctx, users, asked)
		n += len(users)
	}
}

// userChanged stores a user from a user_change or team_join event, which
// carries the whole user object as of the event's time.
func (a *Adapter) userChanged(ctx context.Context, su *slackgo.User, eventTS string) {
	if su == nil || su.ID == "" {
		return
	}
	at := parseTS(eventTS)
	if at.IsZero() {
		at = a.now()
	}
	a.remember(ctx, []campaignbot.User{a.userFromSlack(su)}, at)
}
