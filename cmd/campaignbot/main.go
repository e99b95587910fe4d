// Command campaignbot runs the campaign chat bot: `serve` (the default)
// connects to Slack when credentials are configured and otherwise starts the
// local console chat; `console` always starts the console; `config check`
// validates a config file; `version` prints the build. This package only
// parses flags and wires the other packages together.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries an exit code with an error already reported.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// streams are the process's standard streams, replaceable in tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// execute runs the command line and returns the process exit code.
func execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	s := streams{in: stdin, out: stdout, err: stderr}
	root := newRootCommand(s)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintln(stderr, "campaignbot:", err)
		return 1
	}
}

// newRootCommand builds the command tree.
func newRootCommand(s streams) *cobra.Command {
	var configPath string
	root := &cobra.Command{
		Use:   "campaignbot",
		Short: "A chat bot for e-commerce campaign teams: knowledge base, to-dos and milestone reminders",
		Long: "campaignbot files shared files into a knowledge base, turns @-mentions into to-dos with due dates\n" +
			"and reminds the team of campaign milestones. With no subcommand it runs `serve`.",
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runServe(cmd.Context(), s, configPath)
		},
	}
	root.PersistentFlags().StringVar(&configPath, "config", "", "config file (default $CAMPAIGNBOT_CONFIG, ./campaignbot.yaml, else the embedded example)")
	root.AddCommand(
		newServeCommand(s, &configPath),
		newConsoleCommand(s, &configPath),
		newConfigCommand(s, &configPath),
		newScheduleCommand(s, &configPath),
		newVersionCommand(s),
		newKBCommand(s, &configPath),
	)
	return root
}
