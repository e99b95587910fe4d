package main

import (
	"context"
	"fmt"
	"time"

	"github.com/campaignbot/campaignbot"

	slackadapter "github.com/campaignbot/campaignbot/bot/slack"
)

// runSlack runs the bot on Slack in the configured mode: Socket Mode holds
// a websocket, HTTP mode serves the Slack endpoints on http.listen.
func runSlack(ctx context.Context, s streams, a *app) error {
	cfg := a.watcher.Current()
	if cfg.Slack.Mode == slackadapter.ModeHTTP && cfg.HTTP.Listen == "" {
		return fmt.Errorf("slack.mode http needs http.listen: Slack posts events to %s, %s and %s there",
			slackadapter.EventsPath, slackadapter.CommandsPath, slackadapter.InteractivityPath)
	}
	adapter, err := slackadapter.New(ctx, slackadapter.Options{Config: a.watcher.Current, Logger: a.log, Users: a.users})
	if err != nil {
		return fmt.Errorf("connect to Slack: %w", err)
	}
	fmt.Fprintf(s.err, "Slack credentials configured: running on Slack (%s mode). Stop with Ctrl-C.\n", adapter.Mode())
	a.fillUserDirectory(ctx, adapter)
	go a.refreshUserDirectory(ctx, adapter)
	return a.run(ctx, adapter)
}

// userLister is an adapter that can list its workspace's users in bulk.
type userLister interface {
	Workspace() campaignbot.WorkspaceID
	RefreshUsers(ctx context.Context) (int, error)
}

// usersRefreshEvery is how often the whole user directory is read again;
// user_change events keep it current in between.
const usersRefreshEvery = 24 * time.Hour

// fillUserDirectory lists the workspace's users before the first plan
// when the directory has never been filled, so that plan has everyone's
// time zone without asking Slack person by person.
func (a *app) fillUserDirectory(ctx context.Context, l userLister) {
	at, err := a.users.UsersRefreshedAt(ctx, l.Workspace())
	if err != nil || !at.IsZero() {
		return
	}
	fctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	n, err := l.RefreshUsers(fctx)
	if err != nil {
		a.log.Warn("listing the workspace's users; they are looked up one by one instead", "err", err)
		return
	}
	a.log.Info("user directory filled", "users", n)
}

// refreshUserDirectory reads the workspace's users again every
// usersRefreshEvery, starting when the stored directory is that old.
func (a *app) refreshUserDirectory(ctx context.Context, l userLister) {
	for {
		wait := usersRefreshEvery
		if at, err := a.users.UsersRefreshedAt(ctx, l.Workspace()); err == nil && !at.IsZero() {
			wait = max(time.Until(at.Add(usersRefreshEvery)), time.Minute)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if n, err := l.RefreshUsers(ctx); err != nil {
			if ctx.Err() == nil {
				a.log.Warn("refreshing the user directory", "err", err)
			}
		} else {
			a.log.Debug("user directory refreshed", "users", n)
		}
	}
}
