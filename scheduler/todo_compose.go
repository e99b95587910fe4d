package scheduler

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// TodoComposer writes to-do nudges, escalations and digests at send time
// from the to-dos as they are then.
type TodoComposer struct {
	Todos  campaignbot.TodoService
	Config func() *config.Config
	// Languages picks each recipient's language; nil writes in the
	// config's.
	Languages Languages
}

// Compose implements Composer for the todo, escalation and digest kinds.
func (c TodoComposer) Compose(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
	cfg := c.Config()
	if r.Kind == campaignbot.ReminderDigest {
		return c.digest(ctx, cfg, r, now)
	}
	ws, number, ok := parseTodoSource(r.Source)
	if !ok {
		return campaignbot.OutgoingMessage{}, false, "not a to-do reminder", nil
	}
	t, err := c.Todos.FindTodo(ctx, ws, number)
	if campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND {
		return campaignbot.OutgoingMessage{}, false, fmt.Sprintf("to-do #%d is gone", number), nil
	} else if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", err
	}
	if t.Status != campaignbot.TodoOpen {
		return campaignbot.OutgoingMessage{}, false, fmt.Sprintf("to-do #%d is %s", number, t.Status), nil
	}
	lang := languageOf(ctx, c.Languages, cfg, r.Recipient, "")
	loc := zone(r.Zone, cfg.Timezone)
	who := make([]string, len(t.Assignees))
	for i, a := range t.Assignees {
		who[i] = "<@" + string(a) + ">"
	}
	var text string
	switch r.Kind {
	case campaignbot.ReminderEscalate:
		if t.Due.IsZero() || !now.After(t.Due) {
			return campaignbot.OutgoingMessage{}, false, "no longer overdue", nil
		}
		text = campaignbot.T("scheduler.overdue-was-due-late", t.Number, t.Title, strings.Join(who, " "), FormatDue(t.Due, loc, lang), DurationWords(now.Sub(t.Due), lang)).In(lang)
	default:
		if !slices.Contains(t.Assignees, r.Recipient.User) {
			return campaignbot.OutgoingMessage{}, false, "no longer an assignee", nil
		}
		switch {
		case t.Due.IsZero():
			text = campaignbot.T("scheduler.reminder", t.Number, t.Title).In(lang)
		case now.Before(t.Due.Add(-time.Minute)):
			text = campaignbot.T("scheduler.reminder-is-due", t.Number, t.Title, Countdown(now, t.Due, lang), FormatDue(t.Due, loc, lang)).In(lang)
		case now.Before(t.Due.Add(time.Minute)):
			text = campaignbot.T("scheduler.due-now", t.Number, t.Title, FormatDue(t.Due, loc, lang)).In(lang)
		default:
			text = campaignbot.T("scheduler.overdue-was-due", t.Number, t.Title, Countdown(now, t.Due, lang), FormatDue(t.Due, loc, lang)).In(lang)
		}
	}
	buttons := TodoButtons(cfg, t, lang)
	if asksAck(r) {
		buttons = append(AckButtons(lang, r.Key), buttons...)
	}
	return campaignbot.OutgoingMessage{Text: text, Buttons: buttons, Key: r.Key}, true, "", nil
}

// TodoButtons are the Done, Snooze and Open buttons of a to-do message
// in lang; the console shows their typed commands instead.
func TodoButtons(cfg *config.Config, t *campaignbot.Todo, lang campaignbot.Language) []campaignbot.Button {
	cmd := "/" + cfg.Slack.Commands.Name("todo")
	n := fmt.Sprint(t.Number)
	b := []campaignbot.Button{
		{ActionID: "todo.done", Value: n, Label: campaignbot.T("scheduler.done").In(lang), Style: campaignbot.ButtonPrimary, Command: cmd + " done " + n},
		{ActionID: "todo.snooze", Value: n, Label: campaignbot.T("scheduler.snooze-2h").In(lang), Command: cmd + " snooze " + n + " 2h"},
		{ActionID: "todo.edit", Value: n, Label: campaignbot.T("scheduler.edit").In(lang), Command: cmd + " edit " + n + " due …"},
	}
	if t.SourceLink != "" {
		b = append(b, campaignbot.Button{ActionID: "todo.open", Value: n, Label: campaignbot.T("scheduler.open-d17504").In(lang), URL: t.SourceLink})
	}
	return b
}

// FormatDue renders a due time with its weekday in language lang:
// "Thu 10-29 18:00", "10-29 周四 18:00", "10-29 週四 18:00" or
// "10/29（木）18:00".
func FormatDue(t time.Time, loc *time.Location, lang campaignbot.Language) string {
	lt := t.In(loc)
	m, d, hm := lt.Format("01"), lt.Format("02"), lt.Format("15:04")
	var s campaignbot.Text
	switch lt.Weekday() {
	case time.Sunday:
		s = campaignbot.T("scheduler.due-on-sunday", m, d, hm)
	case time.Monday:
		s = campaignbot.T("scheduler.due-on-monday", m, d, hm)
	case time.Tuesday:
		s = campaignbot.T("scheduler.due-on-tuesday", m, d, hm)
	case time.Wednesday:
		s = campaignbot.T("scheduler.due-on-wednesday", m, d, hm)
	case time.Thursday:
		s = campaignbot.T("scheduler.due-on-thursday", m, d, hm)
	case time.Friday:
		s = campaignbot.T("scheduler.due-on-friday", m, d, hm)
	default:
		s = campaignbot.T("scheduler.due-on-saturday", m, d, hm)
	}
	return s.In(lang)
}

// digest writes one person's daily digest: their overdue, due-soon and
// other open to-dos and, for leads, their team's overdue to-dos.
func (c TodoComposer) digest(ctx context.Context, cfg *config.Config, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
	lang := languageOf(ctx, c.Languages, cfg, r.Recipient, "")
	loc := zone(r.Zone, cfg.Timezone)
	user := r.Recipient.User
	mine, err := c.Todos.FindTodos(ctx, campaignbot.TodoFilter{Assignee: user, Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen}})
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", fmt.Errorf("digest for %s: %w", user, err)
	}
	var overdue, soon, later []*campaignbot.Todo
	for _, t := range mine {
		switch {
		case !t.Due.IsZero() && t.Due.Before(now):
			overdue = append(overdue, t)
		case !t.Due.IsZero() && t.Due.Before(now.Add(24*time.Hour)):
			soon = append(soon, t)
		default:
			later = append(later, t)
		}
	}
	team, err := c.teamOverdue(ctx, cfg, user, now)
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", err
	}
	if len(mine) == 0 && len(team) == 0 {
		return campaignbot.OutgoingMessage{}, false, "nothing open", nil
	}
	var b strings.Builder
	b.WriteString(campaignbot.T("scheduler.your-to-dos-today-open", len(mine)).In(lang))
	section := func(title campaignbot.Text, ts []*campaignbot.Todo, withOwners bool) {
		if len(ts) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n*%s* (%d)", title.In(lang), len(ts))
		for i, t := range ts {
			if i == 10 {
				b.WriteString("\n  " + campaignbot.T("scheduler.and-more-189f87", len(ts)-10).In(lang))
				break
			}
			line := fmt.Sprintf("\n  #%d %s", t.Number, t.Title)
			if !t.Due.IsZero() {
				line += " — " + FormatDue(t.Due, loc, lang) + " (" + DueCountdown(now, t.Due, lang) + ")"
			}
			if withOwners {
				for _, a := range t.Assignees {
					line += " <@" + string(a) + ">"
				}
			}
			b.WriteString(line)
		}
	}
	section(campaignbot.T("scheduler.overdue"), overdue, false)
	section(campaignbot.T("scheduler.due-within-24-hours"), soon, false)
	section(campaignbot.T("scheduler.open-a06e73"), later, false)
	section(campaignbot.T("scheduler.your-team-s-overdue-to-dos"), team, true)
	return campaignbot.OutgoingMessage{Text: b.String(), Key: r.Key}, true, "", nil
}

// teamOverdue returns the overdue to-dos whose leads include user.
func (c TodoComposer) teamOverdue(ctx context.Context, cfg *config.Config, user campaignbot.UserID, now time.Time) ([]*campaignbot.Todo, error) {
	if !isLead(cfg, user) {
		return nil, nil
	}
	all, err := c.Todos.FindTodos(ctx, campaignbot.TodoFilter{Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen}, DueBefore: now, Limit: 500})
	if err != nil {
		return nil, fmt.Errorf("team digest for %s: %w", user, err)
	}
	var out []*campaignbot.Todo
	for _, t := range all {
		if slices.Contains(LeadsOf(cfg, t, now), user) {
			out = append(out, t)
		}
	}
	return out, nil
}

// Subject names the to-do of a nudge as it reads now, "#1 finish the
// coupon banner" (the title escaped of Slack marks by the caller if
// needed); open is false when the to-do is done, canceled or gone, and a
// nudge of it then waits for no one's Got it.
func (c TodoComposer) Subject(ctx context.Context, r campaignbot.Reminder) (subject string, open bool, err error) {
	ws, number, ok := parseTodoSource(r.Source)
	if !ok {
		return "", true, nil
	}
	t, err := c.Todos.FindTodo(ctx, ws, number)
	if campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND {
		return "", false, nil
	} else if err != nil {
		return "", false, err
	}
	return fmt.Sprintf("#%d %s", t.Number, t.Title), t.Status == campaignbot.TodoOpen, nil
}
