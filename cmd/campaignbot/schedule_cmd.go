package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// previewItem is one line of `campaignbot schedule --json`.
type previewItem struct {
	At     string `json:"at"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Target string `json:"target"`
	Offset string `json:"offset,omitempty"`
	// Zone is the time zone the recipient's quiet hours were placed in.
	Zone string `json:"zone"`
	// Shifted is true when quiet hours moved the reminder.
	Shifted bool `json:"shifted"`
	// Moved says why the working-day calendar moved it, in both
	// languages; absent when it did not.
	Moved *bilingual `json:"moved,omitempty"`
	Key   string     `json:"key"`
	// moved is Moved in the config's language, for the table.
	moved string
}

// bilingual is a text in English and Simplified Chinese, in JSON.
type bilingual struct {
	EN string `json:"en"`
	ZH string `json:"zh"`
}

func newScheduleCommand(s streams, configPath *string) *cobra.Command {
	var from, until string
	var asJSON, withDB bool
	cmd := &cobra.Command{
		Use:   "schedule",
		Short: "Preview every reminder the bot would send in a window, without sending anything",
		Long: "Preview every reminder the bot would send between --from and --until (default: the next 7 days):\n" +
			"milestone reminders and recurring jobs from the config, and the nudges, escalations and digests of\n" +
			"the open to-dos in the database, each in the recipient's time zone. Times are RFC 3339 or \"2006-01-02 15:04\" in the config's timezone.\n" +
			"Use it to check a YAML edit before saving it: --config points at the edited file.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := config.Load(*configPath)
			if err != nil {
				return reportConfigError(s, err)
			}
			now := time.Now()
			start, err := parseWhen(from, now, cfg.Timezone)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			end, err := parseWhen(until, start.Add(7*24*time.Hour), cfg.Timezone)
			if err != nil {
				return fmt.Errorf("--until: %w", err)
			}
			if !end.After(start) {
				return fmt.Errorf("--until (%s) must be after --from (%s)", end.Format(time.RFC3339), start.Format(time.RFC3339))
			}
			items, err := preview(cmd.Context(), cfg, now, start, end, withDB)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(s.out)
				enc.SetIndent("", "  ")
				return enc.Encode(items)
			}
			return printPreview(s, items, start, end)
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "start of the window (default now)")
	cmd.Flags().StringVar(&until, "until", "", "end of the window (default 7 days after --from)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {at, kind, name, target, offset, zone, shifted, moved: {en, zh} when a day off moved it, key}")
	cmd.Flags().BoolVar(&withDB, "db", true, "include the to-do nudges, escalations and digests, the Slack users' time zones and the milestones added or moved in chat, from the database")
	return cmd
}

// parseWhen reads an instant, or returns def for "".
func parseWhen(s string, def time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time: use RFC 3339 (2026-10-29T18:00:00+08:00), \"2026-10-29 18:00\" or 2026-10-29", s)
}

// preview computes the reminders in [from, until) as the bot would send
// them (scheduler.Preview). With withDB, the milestones added and moved in
// chat count, the open to-dos give their nudges, escalations and digests,
// and Slack users are placed in the zones stored in the users table;
// console users are in their configured zones either way.
func preview(ctx context.Context, cfg *config.Config, now, from, until time.Time, withDB bool) ([]previewItem, error) {
	people := previewPeople{}
	for _, u := range cfg.Console.Users {
		people[campaignbot.UserID(u.Name)] = campaignbot.User{ID: campaignbot.UserID(u.Name), Name: u.Name, Timezone: u.Timezone}
	}
	p := scheduler.Preview{Config: cfg, People: people, Now: now}
	if withDB {
		db, err := storage.Open(ctx, storage.Options{Driver: cfg.Storage.Driver, DSN: cfg.Storage.DSN.Reveal()})
		if err != nil {
			return nil, fmt.Errorf("open the database for to-do reminders, stored users and milestones changed in chat (--db=false skips them): %w", err)
		}
		defer db.Close()
		overrides, err := storage.NewMilestoneOverrides(db).Overrides(ctx, "")
		if err != nil {
			return nil, err
		}
		merged := *cfg
		merged.Campaigns, _ = campaignbot.MergeOverrides(cfg.Campaigns, overrides)
		p.Config = &merged
		stored, err := storage.NewUserStore(db).UsersOfEveryWorkspace(ctx)
		if err != nil {
			return nil, err
		}
		maps.Copy(people, stored)
		p.Todos = storage.NewTodoService(db)
		// A reminder sent before its milestone moved shows as the new
		// occurrence the bot will send for the new time.
		if p.Sent, err = scheduler.SentOccurrences(ctx, storage.NewReminderStore(db)); err != nil {
			return nil, err
		}
	}
	rs, _, err := p.Reminders(ctx, from, until)
	if err != nil {
		return nil, err
	}
	items := []previewItem{}
	for _, r := range rs {
		_, name, _ := strings.Cut(r.Source, ":")
		it := previewItem{
			At: r.At.In(cfg.Timezone).Format(time.RFC3339), Kind: string(r.Kind), Name: name,
			Target: r.Recipient.String(), Offset: r.Offset, Zone: r.Zone, Shifted: r.Shifted, Key: r.Key,
		}
		if !r.Moved.IsZero() {
			it.Moved, it.moved = &bilingual{EN: r.Moved.In(campaignbot.English), ZH: r.Moved.In(campaignbot.Chinese)}, r.Moved.In(cfg.Language)
		}
		items = append(items, it)
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].At != items[j].At {
			return items[i].At < items[j].At
		}
		return items[i].Key < items[j].Key
	})
	return items, nil
}

// previewPeople are the users the preview knows, by id: console users from
// the config, Slack users from the users table. Anyone else is in the
// configured zone, as the bot plans a user it does not know yet.
type previewPeople map[campaignbot.UserID]campaignbot.User

// User implements scheduler.People.
func (p previewPeople) User(_ context.Context, id campaignbot.UserID) (campaignbot.User, error) {
	if u, ok := p[id]; ok {
		return u, nil
	}
	return campaignbot.User{}, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("cmd.campaignbot.i-don-t-know-the-user", id))
}

// GroupMembers implements scheduler.People: user groups live in Slack,
// which the preview does not ask.
func (p previewPeople) GroupMembers(_ context.Context, group string) ([]campaignbot.UserID, error) {
	return nil, fmt.Errorf("user group %s: the preview does not ask Slack for user groups", group)
}

// printPreview prints the preview as aligned columns.
func printPreview(s streams, items []previewItem, from, until time.Time) error {
	fmt.Fprintf(s.out, "%d reminders from %s until %s\n", len(items), from.Format(time.RFC3339), until.Format(time.RFC3339))
	w := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "AT\tKIND\tNAME\tOFFSET\tTARGET\tZONE\tMOVED")
	for _, it := range items {
		var moved []string
		if it.Shifted {
			moved = append(moved, "moved by quiet hours")
		}
		if it.moved != "" {
			moved = append(moved, it.moved)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it.At, it.Kind, it.Name, it.Offset, it.Target, it.Zone, strings.Join(moved, "; "))
	}
	return w.Flush()
}
