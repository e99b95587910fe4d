package scheduler

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// DefaultTodoHorizon is how far ahead to-do nudges are planned. Nudges
// further out are planned by the hourly run once they come within reach,
// which keeps the plan (and start-up planning) small with 100,000 to-dos.
const DefaultTodoHorizon = 8 * 24 * time.Hour

// TodoNudges plans to-do nudges to assignees (before due, at due, and at
// the end of a snooze), escalations to leads when a to-do is overdue, and
// each person's daily digest. Content is composed at send time by
// TodoComposer, so a to-do finished meanwhile is not nudged.
type TodoNudges struct {
	Todos  campaignbot.TodoService
	Store  campaignbot.ReminderStore
	People People
	Config func() *config.Config
	// Wake is called after a single to-do is re-planned.
	Wake    func()
	Horizon time.Duration
}

// TodoSource returns the reminder source of a to-do.
func TodoSource(ws campaignbot.WorkspaceID, number int64) string {
	return fmt.Sprintf("todo:%s/%d", ws, number)
}

// parseTodoSource splits a to-do source.
func parseTodoSource(source string) (campaignbot.WorkspaceID, int64, bool) {
	rest, ok := strings.CutPrefix(source, "todo:")
	if !ok {
		return "", 0, false
	}
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(rest[i+1:], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return campaignbot.WorkspaceID(rest[:i]), n, true
}

// DigestSource returns the reminder source of a person's digest.
func DigestSource(user campaignbot.UserID) string { return "digest:" + string(user) }

// horizon returns the planning horizon.
func (n *TodoNudges) horizon() time.Duration {
	if n.Horizon > 0 {
		return n.Horizon
	}
	return DefaultTodoHorizon
}

// PlanTodo re-plans one to-do's nudges after it was created or changed;
// a to-do that is done or deleted gets none, so its pending nudges cancel.
func (n *TodoNudges) PlanTodo(ctx context.Context, t *campaignbot.Todo, now time.Time) error {
	cfg := n.Config()
	zones := newZoneCache(n.People, cfg.Timezone)
	var rs []campaignbot.Reminder
	if t.Status == campaignbot.TodoOpen {
		rs = TodoReminders(ctx, cfg, t, now, now.Add(n.horizon()), zones.of)
	}
	if _, err := n.Store.Replan(ctx, TodoSource(t.Workspace, t.Number), rs, now); err != nil {
		return fmt.Errorf("plan nudges of to-do #%d: %w", t.Number, err)
	}
	if n.Wake != nil {
		n.Wake()
	}
	return nil
}

// PlanAll re-plans the nudges of every open to-do due within the horizon,
// in one pass over the to-dos, and the digests of everyone with open
// to-dos and of every lead.
func (n *TodoNudges) PlanAll(ctx context.Context, cfg *config.Config, now time.Time) error {
	end := now.Add(n.horizon())
	notBefore := now // as in Planner.Plan: only reminders still ahead are new
	zones := newZoneCache(n.People, cfg.Timezone)
	pl := newPlacer(cfg)
	// Plans are stored 2,000 to-dos at a time so memory stays flat; the
	// sources planned are remembered to cancel the rest at the end.
	const chunk = 2000
	plans := map[string][]campaignbot.Reminder{}
	planned := map[string]bool{}
	flush := func() error {
		if _, err := n.Store.ReplanSources(ctx, plans, notBefore); err != nil {
			return fmt.Errorf("plan to-do nudges: %w", err)
		}
		clear(plans)
		return nil
	}
	// Only to-dos with a reminder left to plan: due within the horizon, or
	// overdue but not yet escalated (with catch-up), or snoozed; widened
	// for the reminders quiet hours and days off moved.
	from, until := pl.todoDueWindow(cfg, now, end, n.horizon())
	err := n.Todos.EachOpenTodo(ctx, from, until, func(t *campaignbot.Todo) error {
		rs := todoReminders(ctx, cfg, t, t.UpdatedAt, end, zones.of, pl)
		if len(rs) == 0 {
			return nil
		}
		source := TodoSource(t.Workspace, t.Number)
		plans[source], planned[source] = rs, true
		if len(plans) == chunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return fmt.Errorf("plan to-do nudges: %w", err)
	}
	if _, err := n.Store.CancelUnplanned(ctx, "todo:", planned, notBefore); err != nil {
		return fmt.Errorf("plan to-do nudges: %w", err)
	}
	people := map[campaignbot.UserID]bool{}
	owners, err := n.Todos.OpenAssignees(ctx)
	if err != nil {
		return fmt.Errorf("plan digests: %w", err)
	}
	for _, o := range owners {
		people[o] = true
	}
	for _, c := range cfg.Campaigns {
		for _, l := range c.Leads {
			people[l] = true
		}
	}
	digests, err := DigestReminders(cfg, people, now, now.Add(DefaultHorizon), zones.of)
	if err != nil {
		return err
	}
	if _, err := n.Store.ReplanPrefix(ctx, "digest:", digests, notBefore); err != nil {
		return fmt.Errorf("plan digests: %w", err)
	}
	return nil
}

// zoneCache remembers each user's zone during one planning run.
type zoneCache struct {
	people People
	def    *time.Location
	zones  map[campaignbot.UserID]*time.Location
}

func newZoneCache(p People, def *time.Location) *zoneCache {
	return &zoneCache{people: p, def: def, zones: map[campaignbot.UserID]*time.Location{}}
}

// of returns the user's zone.
func (z *zoneCache) of(ctx context.Context, id campaignbot.UserID) *time.Location {
	if loc, ok := z.zones[id]; ok {
		return loc
	}
	loc := userZone(ctx, z.people, id, z.def)
	z.zones[id] = loc
	return loc
}

// TodoReminders plans one open to-do's reminders due before end: for each
// assignee a nudge at every todos.remind_before offset and at the due
// time, moved out of quiet hours and off days off (with
// calendar.move_reminders; not back before since) in the assignee's zone
// and merged when they land on the same minute; none before a snooze, and
// one at its end, which quiet hours alone move (its day was chosen);
// no nudge before since (when the to-do got its due time: a "due in 24
// hours" nudge for a to-do created 19 hours before it is due is noise, not
// a late reminder), nor a nudge before the due time that would go out
// within a minute of since (the 2h nudge of a to-do due "in 2 hours": the
// confirmation has just told the owner); with todos.ack required, each
// nudge carries a Got it button and, with reping_after, is followed by a
// re-ping (AckComposer sends it only when the nudge was not acknowledged);
// and for each lead an escalation todos.escalate_after past due, to the
// leads as of then (LeadsOf); all moved as nudges are.
func TodoReminders(ctx context.Context, cfg *config.Config, t *campaignbot.Todo, since, end time.Time, zoneOf func(context.Context, campaignbot.UserID) *time.Location) []campaignbot.Reminder {
	return todoReminders(ctx, cfg, t, since, end, zoneOf, newPlacer(cfg))
}

// todoReminders is TodoReminders placing with the pass's placer.
func todoReminders(ctx context.Context, cfg *config.Config, t *campaignbot.Todo, since, end time.Time, zoneOf func(context.Context, campaignbot.UserID) *time.Location, pl *placer) []campaignbot.Reminder {
	source := TodoSource(t.Workspace, t.Number)
	var out []campaignbot.Reminder
	for _, a := range t.Assignees {
		loc := zoneOf(ctx, a)
		byMinute := map[time.Time]*planned{}
		var order []time.Time
		add := func(p placement, label time.Duration) {
			minute := p.at.Truncate(time.Minute)
			if m, ok := byMinute[minute]; ok {
				m.offsets = append(m.offsets, label)
				m.merge(p)
				return
			}
			byMinute[minute] = &planned{at: p.at, offsets: []time.Duration{label}, shifted: p.quiet, moved: p.moved}
			order = append(order, minute)
		}
		if !t.Due.IsZero() {
			for _, off := range append(append([]time.Duration(nil), cfg.Todos.RemindBefore...), 0) {
				p := pl.place(t.Due.Add(-off), t.Due, since, loc)
				if !t.SnoozedUntil.IsZero() && p.at.Before(t.SnoozedUntil) {
					continue
				}
				if p.at.Before(since.Truncate(time.Minute)) {
					continue
				}
				if off > 0 && !p.at.After(since.Add(time.Minute)) {
					// The window had started when the to-do got its due
					// time ("in 2 hours" and its 2h nudge): the confirmation
					// just said when it is due, a DM now would repeat it.
					continue
				}
				add(p, off)
			}
		}
		var snoozeKey string
		if !t.SnoozedUntil.IsZero() {
			at, shifted := QuietShift(t.SnoozedUntil, time.Time{}, loc, cfg.QuietHours)
			snoozeKey = "snooze@" + t.SnoozedUntil.UTC().Format("20060102T1504")
			if _, dup := byMinute[at.Truncate(time.Minute)]; !dup {
				byMinute[at.Truncate(time.Minute)] = &planned{at: at, shifted: shifted}
				order = append(order, at.Truncate(time.Minute))
			}
		}
		for _, minute := range order {
			p := byMinute[minute]
			if !p.at.Before(end) {
				continue
			}
			var label string
			if len(p.offsets) == 0 {
				label = snoozeKey
			} else {
				sort.Slice(p.offsets, func(i, j int) bool { return p.offsets[i] > p.offsets[j] })
				labels := make([]string, len(p.offsets))
				for i, o := range p.offsets {
					labels[i] = FormatOffset(o)
				}
				label = strings.Join(labels, "+")
			}
			key := fmt.Sprintf("%s:%s:@%s", source, label, a)
			msg := campaignbot.OutgoingMessage{Key: key}
			if cfg.Todos.Ack.Required {
				msg.Buttons = AckButtons(cfg.Language, key) // relabeled in the recipient's language at send time (TodoComposer)
			}
			out = append(out, campaignbot.Reminder{
				Key: key, Source: source, Kind: campaignbot.ReminderTodo, At: p.at.UTC(), Zone: loc.String(),
				Due: t.Due, Offset: label, Shifted: p.shifted, Moved: p.moved, Quiet: true, Recipient: campaignbot.Recipient{User: a},
				Message: msg,
			})
			if cfg.Todos.Ack.Required && cfg.Todos.Ack.RepingAfter > 0 {
				rp := pl.place(p.at.Add(cfg.Todos.Ack.RepingAfter), time.Time{}, since, loc)
				if rp.at.Before(end) {
					rk := fmt.Sprintf("%s:%s%s:@%s", source, label, repingMark, a)
					out = append(out, campaignbot.Reminder{
						Key: rk, Source: source, Kind: campaignbot.ReminderAckReping, At: rp.at.UTC(), Zone: loc.String(),
						Due: t.Due, Offset: label, Shifted: rp.quiet, Moved: rp.moved, Quiet: true, Recipient: campaignbot.Recipient{User: a},
						Message: campaignbot.OutgoingMessage{Key: rk}, AckDelay: rp.at.Sub(p.at),
					})
				}
			}
		}
	}
	if !t.Due.IsZero() {
		for _, lead := range LeadsOf(cfg, t, t.Due.Add(cfg.Todos.EscalateAfter)) {
			loc := zoneOf(ctx, lead)
			p := pl.place(t.Due.Add(cfg.Todos.EscalateAfter), time.Time{}, since, loc)
			if !p.at.Before(end) {
				continue
			}
			key := fmt.Sprintf("%s:escalate:@%s", source, lead)
			out = append(out, campaignbot.Reminder{
				Key: key, Source: source, Kind: campaignbot.ReminderEscalate, At: p.at.UTC(), Zone: loc.String(),
				Due: t.Due, Offset: "+" + FormatOffset(cfg.Todos.EscalateAfter), Shifted: p.quiet, Moved: p.moved, Quiet: true,
				Recipient: campaignbot.Recipient{User: lead}, Message: campaignbot.OutgoingMessage{Key: key},
			})
		}
	}
	return out
}

// LeadsOf returns who hears about a to-do going overdue, as of at: the
// leads of the campaign its milestone belongs to, else of the campaign
// whose channel it was created in, else of the one campaign still running
// at at (its ends not yet passed), else the admins. A to-do made outside
// any campaign's channel (#general) after the campaign ended, or while
// several campaigns run, goes to the admins, not to leads of a campaign
// that is over.
func LeadsOf(cfg *config.Config, t *campaignbot.Todo, at time.Time) []campaignbot.UserID {
	if cid, _, ok := strings.Cut(t.Milestone, "/"); ok {
		if c, found := cfg.Campaign(cid); found && len(c.Leads) > 0 {
			return c.Leads
		}
	}
	for _, c := range cfg.Campaigns {
		if c.Channel == t.Channel && len(c.Leads) > 0 {
			return c.Leads
		}
	}
	var running []campaignbot.Campaign
	for _, c := range cfg.Campaigns {
		if c.Ends.IsZero() || at.Before(c.Ends) {
			running = append(running, c)
		}
	}
	if len(running) == 1 && len(running[0].Leads) > 0 {
		return running[0].Leads
	}
	return cfg.Admins
}

// DigestReminders plans each person's digest at every occurrence of the
// todos.digest cron spec in [from, until), moved out of quiet hours in
// their zone; with todos.digest_on: workdays, on working days only. An
// empty spec turns digests off.
func DigestReminders(cfg *config.Config, people map[campaignbot.UserID]bool, from, until time.Time, zoneOf func(context.Context, campaignbot.UserID) *time.Location) (map[string][]campaignbot.Reminder, error) {
	plans := map[string][]campaignbot.Reminder{}
	if cfg.Todos.Digest == "" {
		return plans, nil
	}
	times, err := occurrences(cfg.Todos.Digest, cfg.Todos.DigestOnWorkdays, cfg.Calendar, from, until, 100)
	if err != nil {
		return nil, fmt.Errorf("todos.digest %q: %w", cfg.Todos.Digest, err)
	}
	for u := range people {
		source := DigestSource(u)
		loc := zoneOf(context.Background(), u)
		for _, t := range times {
			at, shifted := QuietShift(t, time.Time{}, loc, cfg.QuietHours)
			key := fmt.Sprintf("%s:%s", source, t.UTC().Format("20060102T1504"))
			plans[source] = append(plans[source], campaignbot.Reminder{
				Key: key, Source: source, Kind: campaignbot.ReminderDigest, At: at.UTC(), Zone: loc.String(),
				Shifted: shifted, Quiet: true, Recipient: campaignbot.Recipient{User: u}, Message: campaignbot.OutgoingMessage{Key: key},
			})
		}
	}
	return plans, nil
}
