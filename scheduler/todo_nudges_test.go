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

// TestNoNudgeRightAfterTheConfirmation checks that a nudge whose window
// had already started when the to-do got its due time is not sent at
// once: the confirmation has just said when it is due.
func TestNoNudgeRightAfterTheConfirmation(t *testing.T) {
	cfg := exampleConfig(t) // remind_before [24h, 2h]; none of these is in quiet hours
	tests := []struct {
		name  string
		since time.Time
		due   string
		want  []string // offset@time of alice's nudges
	}{
		{"in 2 hours, said at 16:00", cst(t, "2026-10-20 16:00"), "2026-10-20 18:00",
			[]string{"0@10-20 18:00"}},
		{"in 2 hours, said at 16:00:30 and read to the minute", cst(t, "2026-10-20 16:00").Add(30 * time.Second), "2026-10-20 18:00",
			[]string{"0@10-20 18:00"}},
		{"in 2 hours 1 minute, said at 16:00:30", cst(t, "2026-10-20 16:00").Add(30 * time.Second), "2026-10-20 18:01",
			[]string{"0@10-20 18:01"}},
		{"tomorrow at this time", cst(t, "2026-10-20 16:00"), "2026-10-21 16:00",
			[]string{"2h@10-21 14:00", "0@10-21 16:00"}},
		{"in 2 and a half hours: the 2h nudge waits half an hour", cst(t, "2026-10-20 16:00"), "2026-10-20 18:30",
			[]string{"2h@10-20 16:30", "0@10-20 18:30"}},
		{"a window that starts later is kept", cst(t, "2026-10-20 16:00"), "2026-10-22 18:00",
			[]string{"1d@10-21 18:00", "2h@10-22 16:00", "0@10-22 18:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			todo := &campaignbot.Todo{Workspace: "T1", Number: 1, Title: "x", Assignees: []campaignbot.UserID{"alice"},
				Creator: "alice", Channel: "double11-war-room", Due: cst(t, tt.due), Status: campaignbot.TodoOpen}
			rs := scheduler.TodoReminders(context.Background(), cfg, todo, tt.since, tt.since.Add(8*24*time.Hour), shanghai)
			var got []string
			for _, r := range rs {
				if r.Kind == campaignbot.ReminderTodo {
					got = append(got, r.Offset+"@"+r.At.In(tt.since.Location()).Format("01-02 15:04"))
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("nudges %v, want %v", got, tt.want)
			}
		})
	}
}
