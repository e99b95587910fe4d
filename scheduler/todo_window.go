package scheduler

import (
	"time"

	"github.com/campaignbot/campaignbot/config"
)

// maxQuietMove bounds how far quiet hours move a reminder: a quiet span
// lasts less than a day.
const maxQuietMove = 24 * time.Hour

// zoneMargin covers recipients whose dates run a day ahead of or behind
// the configured zone's, and the quiet hours around a run of days off.
const zoneMargin = 2 * 24 * time.Hour

// todoDueWindow returns the due times [from, until) of the open to-dos a
// planning pass at now reads to plan their reminders due before end. A
// to-do it does not read gets no plan, and its pending reminders are
// canceled, so the window reaches as far as quiet hours and days off move
// reminders:
//
//   - back to escalations still ahead: todos.escalate_after and
//     scheduler.catch_up before now, a day more for an escalation quiet
//     hours moved to the next morning and, while a run of days off holds
//     today or yesterday, back to two days before the run less
//     todos.escalate_after, for escalations moved to the working day after
//     it;
//   - up to end, the nudges of to-dos due later being later still, except
//     a nudge moved back before a run of days off that holds end or
//     starts the day after: when the run is long enough that it goes back
//     further than horizon (nine days of Spring Festival against the
//     default 8-day horizon), to two days after the run plus the longest
//     todos.remind_before. A zero horizon always reaches there (the
//     preview, which plans once).
func (p *placer) todoDueWindow(cfg *config.Config, now, end time.Time, horizon time.Duration) (from, until time.Time) {
	from = now.Add(-cfg.Todos.EscalateAfter - cfg.Scheduler.CatchUp - maxQuietMove)
	until = end
	if p.days == nil {
		return from, until
	}
	loc := cfg.Timezone
	if first, _, ok := p.days.runOfDaysOff(addDays(dateIn(now, loc), -1)); ok {
		from = earlier(from, wallClock(first, 0, loc).Add(-zoneMargin-cfg.Todos.EscalateAfter))
	}
	if first, next, ok := p.days.runOfDaysOff(dateIn(end, loc)); ok {
		longest := time.Duration(0)
		for _, off := range cfg.Todos.RemindBefore {
			longest = max(longest, off)
		}
		runEnd := wallClock(next, 0, loc)
		if horizon == 0 || runEnd.Sub(wallClock(first, 0, loc))+zoneMargin+longest > horizon {
			until = later(until, runEnd.Add(zoneMargin+longest))
		}
	}
	return from, until
}

// earlier returns the earlier of two instants.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// later returns the later of two instants.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
