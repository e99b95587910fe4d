package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

func newConfigCommand(s streams, configPath *string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Work with the config file",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "check",
		Short: "Validate the config: a one-line summary (then any FILE:LINE:COL: warning lines), or every problem as FILE:LINE:COL: message",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(*configPath)
			var problems config.Problems
			switch {
			case errors.As(err, &problems):
				for _, p := range problems {
					fmt.Fprintln(s.out, p.String())
				}
				return exitError{code: 1}
			case err != nil:
				fmt.Fprintln(s.out, err)
				return exitError{code: 1}
			}
			if _, err := fmt.Fprintln(s.out, cfg.Summary()); err != nil {
				return err
			}
			// Warnings, such as a campaign running into a year without
			// holiday data, do not fail the check either; each is printed
			// in English, then in Chinese.
			for _, w := range cfg.Warnings {
				if _, err := fmt.Fprintf(s.out, "%s\n%s\n", w.In(campaignbot.English), w.In(campaignbot.Chinese)); err != nil {
					return err
				}
			}
			// Milestones changed in chat are notes, not problems: the
			// YAML is valid, and the bot runs with the changes on top.
			for _, note := range append(slackIDNotes(cfg), overrideNotes(cmd.Context(), cfg)...) {
				if _, err := fmt.Fprintln(s.out, note); err != nil {
					return err
				}
			}
			return nil
		},
	})
	return cmd
}
