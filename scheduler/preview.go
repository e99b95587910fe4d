package scheduler

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// Preview computes the reminders the bot would send in a window without
// planning or sending anything: `campaignbot schedule` and `/campaign
// schedule` show it. Unlike the reminders table, which holds digests for
// the next 48 hours and to-do nudges for the next 8 days only, it covers
// any window, and it places every recipient in the zone the bot would use.
type Preview struct {
	// Config is the config with the milestones changed in chat merged.
	Config *config.Config
	// People gives recipients' zones and expands user groups; nil puts
	// everyone in the configured zone.
	People People
	// Todos are read for to-do nudges, escalations and digests; nil leaves
	// them out.
	Todos campaignbot.TodoService
	// Sent are the milestone reminders already sent (SentOccurrences): a
	// reminder sent before its milestone moved shows again as its new
	// occurrence. Nil previews every reminder as first planned.
	Sent Occurrences
	// Now is when the preview is made; zero means time.Now(). A to-do's
	// nudges are planned from when it last changed, as TodoNudges does,
	// and never from after Now.
	Now time.Time
}

// Reminders returns every reminder due in [from, until), earliest first
// (then by key): milestone reminders, recurring jobs, progress posts,
// automatic reviews and,
// with Todos, the
// nudges and escalations of the open to-dos and each digest of everyone
// who would get one (whoever owns an open to-do, and a lead whose team has
// a to-do overdue by then; a digest with nothing in it is not sent).
// Problems that leave part of a milestone out (a user group that cannot be
// expanded) are returned beside the reminders.
func (p Preview) Reminders(ctx context.Context, from, until time.Time) ([]campaignbot.Reminder, []error, error) {
	cfg := p.Config
	var all []campaignbot.Reminder
	milestones, problems := MilestoneRemindersSent(ctx, cfg, p.People, p.Sent)
	jobs, jobProblems := JobReminders(cfg, from, until)
	progress, progressProblems := ProgressReminders(cfg, from, until)
	problems = append(problems, jobProblems...)
	problems = append(problems, progressProblems...)
	for _, plans := range []map[string][]campaignbot.Reminder{milestones, jobs, progress, ReviewReminders(cfg, from, until)} {
		for _, rs := range plans {
			all = append(all, rs...)
		}
	}
	if p.Todos != nil {
		rs, err := p.todoReminders(ctx, from, until)
		if err != nil {
			return nil, problems, err
		}
		all = append(all, rs...)
	}
	out := all[:0]
	for _, r := range all {
		if !r.At.Before(from) && r.At.Before(until) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].Key < out[j].Key
	})
	return out, problems, nil
}

// todoReminders computes the nudges, escalations and digests of the open
// to-dos as TodoNudges plans them, over the whole window.
func (p Preview) todoReminders(ctx context.Context, from, until time.Time) ([]campaignbot.Reminder, error) {
	cfg := p.Config
	now := p.Now
	if now.IsZero() {
		now = time.Now()
	}
	zones := newZoneCache(p.People, cfg.Timezone)
	pl := newPlacer(cfg)
	var out []campaignbot.Reminder
	// Only to-dos with a reminder that can fall in the window are read:
	// due before its end plus the longest nudge offset, or snoozed.
	reach := time.Minute
	for _, off := range cfg.Todos.RemindBefore {
		reach = max(reach, off+time.Minute)
	}
	// A nudge moved back before a run of days off may be due in the window
	// though its to-do is due long after it.
	_, readUntil := pl.todoDueWindow(cfg, now, until, 0)
	var due []*campaignbot.Todo // open to-dos due before until, for the leads' digests
	err := p.Todos.EachOpenTodo(ctx, time.Time{}, later(until.Add(reach), readUntil), func(t *campaignbot.Todo) error {
		if !t.Due.IsZero() && t.Due.Before(until) {
			due = append(due, t)
		}
		since := t.UpdatedAt
		if since.After(now) {
			since = now
		}
		for _, r := range todoReminders(ctx, cfg, t, since, until, zones.of, pl) {
			if !r.At.Before(from) {
				out = append(out, r)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("preview to-do reminders: %w", err)
	}
	owners := map[campaignbot.UserID]bool{}
	ids, err := p.Todos.OpenAssignees(ctx)
	if err != nil {
		return nil, fmt.Errorf("preview digests: %w", err)
	}
	for _, id := range ids {
		owners[id] = true
	}
	people := map[campaignbot.UserID]bool{}
	for u := range owners {
		people[u] = true
	}
	for _, c := range cfg.Campaigns {
		for _, l := range c.Leads {
			people[l] = true
		}
	}
	// A digest goes at its cron time moved out of quiet hours, so one due
	// the day before the window may land in it.
	digests, err := DigestReminders(cfg, people, from.Add(-24*time.Hour), until, zones.of)
	if err != nil {
		return nil, err
	}
	for _, rs := range digests {
		for _, r := range rs {
			if owners[r.Recipient.User] || teamOverdueAt(cfg, due, r.Recipient.User, r.At) {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// teamOverdueAt reports whether the digest user gets at at has a team
// section: user leads a campaign and one of the to-dos is overdue then
// and escalates to them, as TodoComposer decides at send time.
func teamOverdueAt(cfg *config.Config, todos []*campaignbot.Todo, user campaignbot.UserID, at time.Time) bool {
	if !isLead(cfg, user) {
		return false
	}
	for _, t := range todos {
		if t.Due.Before(at) && slices.Contains(LeadsOf(cfg, t, at), user) {
			return true
		}
	}
	return false
}

// isLead reports whether user leads one of the campaigns.
func isLead(cfg *config.Config, user campaignbot.UserID) bool {
	for _, c := range cfg.Campaigns {
		if slices.Contains(c.Leads, user) {
			return true
		}
	}
	return false
}
