package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/todotext"
)

// handleMention turns a message addressed to the bot into a to-do when it
// names an owner or a due date, and "@campaignbot import" in a thread into
// a preview of the to-dos of the thread's first message; anything else
// gets the greeting.
func (h *todoHandler) handleMention(ctx context.Context, req *bot.Request) error {
	if h.importer != nil && isImportMention(req) {
		return h.importThread(ctx, req)
	}
	p := bot.ParseText(req.Message.Text)
	others := 0
	for _, u := range p.Users {
		if u != req.Chat.BotUser().ID {
			others++
		}
	}
	if others+len(p.Groups) == 0 {
		draft, err := todotext.Parse(req.Message.Text, parseOptions(req))
		if err != nil || (draft.Due.IsZero() && len(draft.Choices) == 0) {
			return h.help.handleMention(ctx, req)
		}
	}
	return h.create(ctx, req, req.Message.Text, true)
}

// create makes a to-do from text in canonical markup and confirms it.
// Nothing is stored unless the whole text is understood.
func (h *todoHandler) create(ctx context.Context, req *bot.Request, text string, fromMention bool) error {
	draft, err := todotext.Parse(text, parseOptions(req))
	if err != nil {
		return err
	}
	if len(draft.Unknown) == 0 && len(draft.Choices) > 0 {
		return askDue(ctx, req, draft)
	}
	if len(draft.Unknown) > 0 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-don-t-know-mention-people", "@"+strings.Join(draft.Unknown, ", @")))
	}
	assignees, err := h.resolveAssignees(ctx, req, draft)
	if err != nil {
		return err
	}
	selfAssigned := false
	if len(assignees) == 0 {
		assignees, selfAssigned = []campaignbot.UserID{req.User.ID}, true
	}
	t := &campaignbot.Todo{
		Workspace: req.Workspace,
		Title:     draft.Title,
		Assignees: assignees,
		Creator:   req.User.ID,
		Channel:   req.Channel.ID,
		Due:       draft.Due,
		Timezone:  userLocation(req).String(),
		Priority:  draft.Priority,
		Milestone: draft.Milestone,
	}
	if req.Message != nil {
		t.SourceLink = req.Message.Permalink
	}
	if err := h.todos.CreateTodo(ctx, t); err != nil {
		return fmt.Errorf("create a to-do: %w", err)
	}
	h.replan(ctx, req, t)
	reply := confirmation(req, t, draft.DuePhrase, selfAssigned)
	if t.Due.IsZero() && draft.Described != "" {
		reply += " " + req.T(campaignbot.T("handlers.reads-as-part-of-what-is", draft.Described))
	}
	if note := dayOffNote(req, t, draft.DayOff); note != "" {
		reply += " " + note
	}
	if note := unknownMilestoneNote(req, draft.UnknownTags); note != "" {
		reply += " " + note
	}
	msg := campaignbot.OutgoingMessage{Text: reply, Buttons: scheduler.TodoButtons(req.Config, t, req.Lang)}
	if fromMention && req.Message != nil {
		msg.ThreadID = req.Message.TS
	}
	return req.Reply(ctx, msg)
}

// resolveAssignees checks the mentioned users and expands user groups.
func (h *todoHandler) resolveAssignees(ctx context.Context, req *bot.Request, d todotext.Draft) ([]campaignbot.UserID, error) {
	var out []campaignbot.UserID
	seen := map[campaignbot.UserID]bool{}
	add := func(id campaignbot.UserID) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, id := range d.Assignees {
		u, err := req.Chat.User(ctx, id)
		switch {
		case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
			return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.i-can-t-find-the-user", bot.MentionUser(id)))
		case err != nil:
			return nil, fmt.Errorf("look up %s: %w", id, err)
		case u.IsBot:
			return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.is-a-bot-and-cannot-own", bot.MentionUser(id)))
		}
		add(id)
	}
	if len(d.Groups) > 0 {
		groups, ok := req.Chat.(bot.GroupDirectory)
		if !ok {
			return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.user-groups-cannot-be-expanded-here-4ec4b6"))
		}
		for _, g := range d.Groups {
			members, err := groups.GroupMembers(ctx, g)
			if err != nil {
				var ce *campaignbot.Error
				if errors.As(err, &ce) {
					return nil, err
				}
				return nil, fmt.Errorf("expand group %s: %w", g, err)
			}
			if len(members) == 0 {
				return nil, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.the-group-has-no-members-nothing", "<!subteam^"+g+">"))
			}
			for _, m := range members {
				add(m)
			}
		}
	}
	return out, nil
}

// maxChoiceValue is the longest text a choice's button carries: Slack
// refuses button values over 2,000 characters.
const maxChoiceValue = 2000

// askDue asks the writer which due date they meant when the words allow
// several; nothing is stored until they pick one. Each choice is a button
// (in the console, the typed command it stands for) carrying the to-do
// written with that date in full, so picking it creates exactly that.
func askDue(ctx context.Context, req *bot.Request, d todotext.Draft) error {
	loc := userLocation(req)
	var b strings.Builder
	b.WriteString(req.T(campaignbot.Tn("handlers.when-is-it-due-your-words", len(d.Choices), len(d.Choices))))
	var buttons []campaignbot.Button
	for i, c := range d.Choices {
		when := scheduler.FormatDue(c.Due, loc, req.Lang)
		b.WriteString("\n" + req.T(campaignbot.T("handlers.due-from", i+1, when, c.DuePhrase, c.Title)))
		text := todotext.ChoiceText(d, c, loc)
		if len(text) > maxChoiceValue {
			continue
		}
		buttons = append(buttons, campaignbot.Button{ActionID: ActionTodoChoose, Value: text,
			Label: fmt.Sprintf("%d. %s", i+1, when), Command: "/" + slash(req, "todo") + " add " + text})
	}
	if len(buttons) < len(d.Choices) {
		b.WriteString("\n" + req.T(campaignbot.T("handlers.write-the-date-in-full-to", d.Choices[0].Due.In(loc).Format("2006-01-02 15:04"))))
		buttons = nil
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: b.String(), Buttons: buttons})
}

// ActionTodoChoose is the button that picks one of the due dates askDue
// offers.
const ActionTodoChoose = "todo.choose"

// confirmation says who, what and when, and which words were read as the
// date.
func confirmation(req *bot.Request, t *campaignbot.Todo, phrase string, selfAssigned bool) string {
	var b strings.Builder
	due := dueClause(req, t)
	if phrase != "" && !t.Due.IsZero() {
		due += req.T(campaignbot.T("handlers.from", phrase))
	}
	b.WriteString(req.T(campaignbot.T("handlers.to-do-for-due", t.Number, mentions(t.Assignees), t.Title, due)))
	if t.Priority == campaignbot.PriorityHigh {
		b.WriteString(" " + req.T(campaignbot.T("handlers.priority-high")))
	} else if t.Priority == campaignbot.PriorityLow {
		b.WriteString(" " + req.T(campaignbot.T("handlers.priority-low")))
	}
	if t.Milestone != "" {
		b.WriteString(" " + req.T(campaignbot.T("handlers.milestone-245cd2", t.Milestone)))
	}
	if selfAssigned {
		b.WriteString(" " + req.T(campaignbot.T("handlers.no-one-was-mentioned-so-it")))
	}
	if t.Due.IsZero() {
		b.WriteString(" " + req.T(campaignbot.T("handlers.add-a-date-any-time-edit", slash(req, "todo"), t.Number)))
	}
	return b.String()
}

// unknownMilestoneNote says that #tags which name no milestone linked
// none, and which milestones are ahead, so that a mistyped #milestone is
// not left silently in the title.
func unknownMilestoneNote(req *bot.Request, tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	var ahead []string
	for _, c := range req.Config.Campaigns {
		for _, m := range c.Milestones {
			if m.At.After(req.Now) && len(ahead) < 5 {
				ahead = append(ahead, "#"+m.ID)
			}
		}
	}
	if len(ahead) == 0 {
		return ""
	}
	return req.T(campaignbot.T("handlers.is-not-a-milestone-i-know", strings.Join(tags, ", #"), strings.Join(ahead, " "), slash(req, "campaign")))
}
