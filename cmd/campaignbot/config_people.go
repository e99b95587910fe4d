package main

import (
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// slackIDNotes lists the people in the config that are not Slack user ids
// when Slack is configured: on Slack they match nobody (the console's names,
// such as li.na, are for the console), so admins, leads and folder members
// written so have no effect there.
func slackIDNotes(cfg *config.Config) []string {
	if !cfg.Slack.Configured() {
		return nil
	}
	var notes []string
	check := func(where string, ids []campaignbot.UserID) {
		var names []string
		for _, id := range ids {
			if !campaignbot.IsSlackUserID(id) {
				names = append(names, string(id))
			}
		}
		if len(names) > 0 {
			notes = append(notes, fmt.Sprintf("%s: note: %s: %s %s not a Slack user id (like U012AB3CD); on Slack, people in the config are written as ids, and names are for the console",
				cfg.Source, where, strings.Join(names, ", "), map[bool]string{true: "is", false: "are"}[len(names) == 1]))
		}
	}
	check("admins", cfg.Admins)
	for _, c := range cfg.Campaigns {
		check("campaigns."+c.ID+".leads", c.Leads)
	}
	for _, f := range cfg.KnowledgeBase.Folders {
		check("knowledge_base.folders["+string(f.Path)+"].members", f.Members)
	}
	return notes
}
