package scheduler_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/scheduler"
)

// shanghai places every recipient in the configured zone.
func shanghai(context.Context, campaignbot.UserID) *time.Location {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return loc
}

// escalatedTo returns who the escalations of rs go to, sorted.
func escalatedTo(rs []campaignbot.Reminder) []string {
	var out []string
	for _, r := range rs {
		if r.Kind == campaignbot.ReminderEscalate {
			out = append(out, string(r.Recipient.User))
		}
	}
	slices.Sort(out)
	return out
}

// TestEscalationFallback checks who hears about an overdue to-do: the
// linked milestone's or the channel's campaign leads, else the leads of
// the one campaign still running when the escalation goes out, else the
// admins. Double 11 in the example ends 2026-11-30 23:59.
func TestEscalationFallback(t *testing.T) {
	cfg := exampleConfig(t)
	second := cfg.Campaigns[0]
	second.ID, second.Channel, second.Leads = "double12", "double12-war-room", []campaignbot.UserID{"zhao.lei"}
	second.Ends = cst(t, "2026-12-31 23:59")
	twoRunning := *cfg
	twoRunning.Campaigns = append(slices.Clone(cfg.Campaigns), second)
	leads := []string{"chen.jie", "li.na"}
	admins := []string{"wang.fang"}
	tests := []struct {
		name      string
		two       bool
		channel   campaignbot.ChannelID
		milestone string
		due       string
		want      []string
	}{
		{"#general while the campaign runs", false, "general", "", "2026-10-21 18:00", leads},
		{"#general after the campaign ended", false, "general", "", "2026-12-05 18:00", admins},
		{"#general, escalated the minute after the end", false, "general", "", "2026-11-30 00:00", admins},
		{"#general, escalated just before the end", false, "general", "", "2026-11-29 23:58", leads},
		{"the campaign's channel after it ended", false, "double11-war-room", "", "2026-12-05 18:00", leads},
		{"a linked milestone after it ended", false, "general", "double11/registration-closes", "2026-12-05 18:00", leads},
		{"#general while two campaigns run", true, "general", "", "2026-10-21 18:00", admins},
		{"#general when only the second still runs", true, "general", "", "2026-12-05 18:00", []string{"zhao.lei"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cfg
			if tt.two {
				c = &twoRunning
			}
			todo := &campaignbot.Todo{Workspace: "T1", Number: 1, Title: "x", Assignees: []campaignbot.UserID{"alice"},
				Creator: "alice", Channel: tt.channel, Milestone: tt.milestone, Due: cst(t, tt.due), Status: campaignbot.TodoOpen}
			rs := scheduler.TodoReminders(context.Background(), c, todo, cst(t, "2026-10-20 10:00"), cst(t, "2027-06-01 00:00"), shanghai)
			if got := escalatedTo(rs); !slices.Equal(got, tt.want) {
				t.Errorf("escalated to %v, want %v", got, tt.want)
			}
			if got := scheduler.LeadsOf(c, todo, todo.Due.Add(c.Todos.EscalateAfter)); !slices.Equal(sorted(got), tt.want) {
				t.Errorf("LeadsOf = %v, want %v", got, tt.want)
			}
		})
	}
}

// sorted returns the ids as sorted strings.
func sorted(ids []campaignbot.UserID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	slices.Sort(out)
	return out
}
