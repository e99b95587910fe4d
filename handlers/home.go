package handlers

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// Limits of the home page.
const (
	homeTodos      = 10
	homeMilestones = 5
	// homeAcks is how many reminders waiting for the user's ack are
	// listed, each with its Got it button, and homeAcksSince how far back
	// they are looked for.
	homeAcks      = 5
	homeAcksSince = 7 * 24 * time.Hour
)

// homeHandler draws a user's home page (Slack's App Home tab): the
// reminders waiting for their acknowledgement, their open to-dos and the
// next milestones of the configured campaigns.
type homeHandler struct {
	todos campaignbot.TodoService
	// acks lists the reminders waiting for the user's ack; nil leaves
	// them out.
	acks campaignbot.AckService
}

// handle replies with the home page; the adapter publishes the reply as
// the page.
func (h *homeHandler) handle(ctx context.Context, req *bot.Request) error {
	loc := req.Config.Timezone
	if req.User.Timezone != "" {
		if l, err := time.LoadLocation(req.User.Timezone); err == nil {
			loc = l
		}
	}
	if loc == nil {
		loc = time.UTC
	}
	var b strings.Builder
	var buttons []campaignbot.Button
	if h.acks != nil {
		waiting, err := h.acks.Waiting(ctx, req.User.ID, req.Now.Add(-homeAcksSince))
		if err != nil {
			return fmt.Errorf("home of %s: %w", req.User.ID, err)
		}
		if len(waiting) > 0 {
			b.WriteString(req.T(campaignbot.T("handlers.waiting-for-your-got-it")))
			for i, st := range waiting {
				if i == homeAcks {
					b.WriteString("\n" + req.T(campaignbot.T("handlers.and-more", len(waiting)-homeAcks)))
					break
				}
				acked, total := st.Counts()
				fmt.Fprintf(&b, "\n%d. %s%s", i+1, ackTitle(req, st), ackCount(req, acked, total))
				buttons = append(buttons, campaignbot.Button{
					ActionID: campaignbot.AckAction, Value: st.Reminder.Key, Style: campaignbot.ButtonPrimary,
					Label:   req.T(campaignbot.T("handlers.got-it", i+1)),
					Command: "/ack " + st.Reminder.Key,
				})
			}
			b.WriteString("\n\n")
		}
	}
	b.WriteString(req.T(campaignbot.T("handlers.your-open-to-dos-a37fdd")))
	var todos []*campaignbot.Todo
	if h.todos != nil {
		var err error
		todos, err = h.todos.FindTodos(ctx, campaignbot.TodoFilter{
			Workspace: req.Workspace,
			Assignee:  req.User.ID,
			Statuses:  []campaignbot.TodoStatus{campaignbot.TodoOpen},
			Limit:     homeTodos,
		})
		if err != nil {
			return fmt.Errorf("find the open to-dos of %s: %w", req.User.ID, err)
		}
	}
	if len(todos) == 0 {
		b.WriteString("\n" + req.T(campaignbot.T("handlers.nothing-open-well-done")))
	}
	for _, t := range todos {
		fmt.Fprintf(&b, "\n• #%d %s", t.Number, bot.Escape(t.Title))
		if !t.Due.IsZero() {
			b.WriteString(" — " + req.T(campaignbot.T("handlers.due-8f1bd8", t.Due.In(loc).Format("2006-01-02 15:04"))))
		}
	}
	b.WriteString("\n\n" + req.T(campaignbot.T("handlers.next-milestones")))
	next := upcomingMilestones(req.Config.Campaigns, req.Now, homeMilestones)
	if len(next) == 0 {
		b.WriteString("\n" + req.T(campaignbot.T("handlers.no-milestones-ahead")))
	}
	for _, m := range next {
		fmt.Fprintf(&b, "\n• %s — %s: %s", m.At.In(loc).Format("2006-01-02 15:04"), bot.Escape(m.campaign), bot.Escape(m.Name))
	}
	return req.Reply(ctx, campaignbot.OutgoingMessage{Text: b.String(), Buttons: buttons})
}

// campaignMilestone is a milestone with its campaign's name.
type campaignMilestone struct {
	campaignbot.Milestone
	campaign string
}

// upcomingMilestones returns the first n milestones after now, earliest
// first.
func upcomingMilestones(campaigns []campaignbot.Campaign, now time.Time, n int) []campaignMilestone {
	var out []campaignMilestone
	for _, c := range campaigns {
		for _, m := range c.Milestones {
			if m.At.After(now) {
				out = append(out, campaignMilestone{Milestone: m, campaign: c.Name})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if len(out) > n {
		out = out[:n]
	}
	return out
}
