package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/storage"
)

// overrideNotes opens the database of cfg and describes, one line each,
// every milestone change made in chat that disagrees with the config
// file. A database that cannot be opened gives one note saying so; a
// SQLite file that does not exist yet gives none (nothing was changed).
func overrideNotes(ctx context.Context, cfg *config.Config) []string {
	dsn := cfg.Storage.DSN.Reveal()
	if cfg.Storage.Driver == storage.DriverSQLite && !strings.HasPrefix(dsn, "file:") {
		if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	db, err := storage.Open(ctx, storage.Options{Driver: cfg.Storage.Driver, DSN: dsn})
	if err != nil {
		return []string{fmt.Sprintf("%s: note: milestones changed in chat not compared: cannot open the %s database: %v", cfg.Source, cfg.Storage.Driver, err)}
	}
	defer db.Close()
	overrides, err := storage.NewMilestoneOverrides(db).Overrides(ctx, "")
	if err != nil {
		return []string{fmt.Sprintf("%s: note: milestones changed in chat not compared: %v", cfg.Source, err)}
	}
	return describeOverrides(cfg, overrides)
}

// describeOverrides returns a note for each override that makes the
// milestones in force differ from the config file.
func describeOverrides(cfg *config.Config, overrides []campaignbot.MilestoneOverride) []string {
	command := cfg.Slack.Commands.Campaign
	if command == "" {
		command = "campaign"
	}
	var notes []string
	for _, o := range overrides {
		loc := cfg.Timezone
		c, hasCampaign := cfg.Campaign(o.CampaignID)
		if hasCampaign && c.Timezone != "" {
			if l, err := time.LoadLocation(c.Timezone); err == nil {
				loc = l
			}
		}
		var yaml *campaignbot.Milestone
		if i := slices.IndexFunc(c.Milestones, func(m campaignbot.Milestone) bool { return m.ID == o.MilestoneID }); i >= 0 {
			yaml = &c.Milestones[i]
		}
		at := o.At.In(loc).Format("2006-01-02 15:04")
		by := o.ChangedByName
		if by == "" {
			by = string(o.ChangedBy)
		}
		who := fmt.Sprintf("by %s on %s", by, o.ChangedAt.In(loc).Format("2006-01-02"))
		reset := fmt.Sprintf("/%s reset %s drops it", command, o.Ref())
		var what string
		switch {
		case !hasCampaign:
			what = fmt.Sprintf("is %s in the database (%s, %s) but the YAML has no campaign %s; %s", o.Kind, at, who, o.CampaignID, reset)
		case o.Kind == campaignbot.OverrideMoved && yaml == nil:
			what = fmt.Sprintf("is moved in the database to %s %s but the YAML no longer has it; %s", at, who, reset)
		case o.Kind == campaignbot.OverrideMoved && yaml.At.Equal(o.At):
			what = fmt.Sprintf("is moved in the database to %s %s, the time the YAML now says too; %s", at, who, reset)
		case o.Kind == campaignbot.OverrideMoved:
			what = fmt.Sprintf("is moved in the database to %s (YAML says %s) %s; %s", at, yaml.At.In(loc).Format("2006-01-02 15:04"), who, reset)
		case yaml != nil:
			what = fmt.Sprintf("was added at runtime (%s, %s) and the YAML now has it too (%s), so the YAML's is used; %s", at, who, yaml.At.In(loc).Format("2006-01-02 15:04"), reset)
		default:
			what = fmt.Sprintf("was added at runtime and is not in the YAML (%s, %s); %s", at, who, reset)
		}
		notes = append(notes, fmt.Sprintf("%s: note: milestone %s %s", cfg.Source, o.Ref(), what))
	}
	return notes
}
