package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/campaignbot/campaignbot/bot/console"
)

func newServeCommand(s streams, configPath *string) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the bot: on Slack when credentials are configured, else the console chat",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), s, *configPath)
		},
	}
}

// runServe runs the bot on the configured platform.
func runServe(ctx context.Context, s streams, configPath string) error {
	a, err := openApp(ctx, s, configPath, forServe)
	if err != nil {
		return err
	}
	defer a.close()
	cfg := a.watcher.Current()
	if cfg.Slack.Configured() {
		return runSlack(ctx, s, a)
	}
	fmt.Fprintln(s.err, "No Slack credentials configured (CAMPAIGNBOT_SLACK_BOT_TOKEN): starting the console chat. Type /help, or /quit to leave.")
	return runConsole(ctx, s, a, "", "")
}

func newConsoleCommand(s streams, configPath *string) *cobra.Command {
	var user, channel string
	cmd := &cobra.Command{
		Use:   "console",
		Short: "Chat with the bot locally: each input line is a message from --user in --channel",
		Long: "Chat with the bot locally. Each line read is a message from the current user in the current channel;\n" +
			"replies are printed. Works interactively and with piped input, and exits 0 at the end of input.\n" +
			"Console commands: /as NAME, /in #channel, /share PATH [comment], /quit.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := openApp(cmd.Context(), s, *configPath, forConsole)
			if err != nil {
				return err
			}
			defer a.close()
			return runConsole(cmd.Context(), s, a, user, channel)
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "console user to start as (default console.user)")
	cmd.Flags().StringVar(&channel, "channel", "", "console channel to start in (default console.channel)")
	return cmd
}

// runConsole runs the console adapter on the standard streams.
func runConsole(ctx context.Context, s streams, a *app, user, channel string) error {
	interactive := isTerminal(s.in)
	adapter, err := console.New(console.Options{
		In:          s.in,
		Out:         s.out,
		Config:      a.watcher.Current,
		User:        user,
		Channel:     channel,
		Interactive: interactive,
		FileDir:     chartDir(a.watcher.Current()),
		Logger:      a.log,
	})
	if err != nil {
		return err
	}
	return a.run(ctx, adapter)
}
