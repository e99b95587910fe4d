package main

import (
	"context"
	"fmt"

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
	adapter, err := slackadapter.New(ctx, slackadapter.Options{Config: a.watcher.Current, Logger: a.log})
	if err != nil {
		return fmt.Errorf("connect to Slack: %w", err)
	}
	fmt.Fprintf(s.err, "Slack credentials configured: running on Slack (%s mode). Stop with Ctrl-C.\n", adapter.Mode())
	return a.run(ctx, adapter)
}
