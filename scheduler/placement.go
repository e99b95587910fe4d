package scheduler

import (
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// placer places the reminders of one planning pass in time: out of the
// recipient's quiet hours and, with calendar.move_reminders, off the days
// they do not work. Make one per pass, so that each date is looked up in
// the calendar once.
type placer struct {
	windows []config.QuietWindow
	// days is nil when days off do not move reminders.
	days *workingDays
}

func newPlacer(cfg *config.Config) *placer {
	p := &placer{windows: cfg.QuietHours}
	if cfg.MoveReminders {
		p.days = newWorkingDays(cfg.Calendar)
	}
	return p
}

// placement is where a reminder goes and what moved it there.
type placement struct {
	at time.Time
	// quiet is true when quiet hours moved it.
	quiet bool
	// moved says why the calendar moved it (Reminder.Moved).
	moved campaignbot.Text
}

// place places a non-urgent reminder due at t for a recipient in loc:
// out of quiet hours (QuietShift), then off a day off (WorkdayShift), then
// out of quiet hours again, each move aware of deadline (zero: none). A
// move off a day off that would go back before notBefore is not made
// (zero: no such bound): the reminder stays on its day off rather than go
// unsent as past; a to-do's owner told of a holiday due date during the
// holiday still hears of it.
func (p *placer) place(t, deadline, notBefore time.Time, loc *time.Location) placement {
	at, quiet := QuietShift(t, deadline, loc, p.windows)
	pl := placement{at: at, quiet: quiet}
	if p.days == nil {
		return pl
	}
	moved, reason, ok := p.days.shift(at, deadline, loc, p.windows)
	back := moved.Before(at)
	if !ok || back && !notBefore.IsZero() && moved.Before(notBefore) {
		return pl
	}
	pl.at, pl.moved = moved, movedText(reason, back)
	if again, q := QuietShift(moved, deadline, loc, p.windows); q {
		pl.at, pl.quiet = again, true
	}
	return pl
}

// movedText says why a reminder moved off a day off and which way, in
// both languages.
func movedText(reason campaignbot.Text, earlier bool) campaignbot.Text {
	if earlier {
		return campaignbot.T("scheduler.moved-earlier", reason)
	}
	return campaignbot.T("scheduler.moved", reason)
}
