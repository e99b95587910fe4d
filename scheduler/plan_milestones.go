package scheduler

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
)

// People tells the planner about recipients. A nil People means every
// user is in the configured time zone and user groups cannot be expanded.
type People interface {
	// User returns a user, whose Timezone places quiet hours for DMs.
	User(ctx context.Context, id campaignbot.UserID) (campaignbot.User, error)
	// GroupMembers returns the members of a user group.
	GroupMembers(ctx context.Context, group string) ([]campaignbot.UserID, error)
}

// planTarget is one recipient of a milestone and the zone of its quiet
// hours.
type planTarget struct {
	recipient campaignbot.Recipient
	loc       *time.Location
}

// MilestoneSource returns the reminder source of a milestone.
func MilestoneSource(campaignID, milestoneID string) string {
	return "milestone:" + campaignID + "/" + milestoneID
}

// MilestoneReminders plans every reminder of every milestone in cfg,
// keyed by source. Quiet hours and, with calendar.move_reminders, days off
// move reminders that are not urgent, using the recipient's zone for DMs
// and the campaign's zone for channels;
// reminders of one milestone and recipient that land on the same minute
// merge into one. Problems that prevent planning part of a milestone (an
// unknown user group) are returned with the plan.
func MilestoneReminders(ctx context.Context, cfg *config.Config, people People) (map[string][]campaignbot.Reminder, []error) {
	return MilestoneRemindersSent(ctx, cfg, people, nil)
}

// MilestoneRemindersSent is MilestoneReminders knowing which reminders
// were sent (sent): a reminder sent for another time of its milestone is
// planned again as a new occurrence for the milestone's time now (see
// Occurrences).
func MilestoneRemindersSent(ctx context.Context, cfg *config.Config, people People, sent Occurrences) (map[string][]campaignbot.Reminder, []error) {
	plans := map[string][]campaignbot.Reminder{}
	var problems []error
	pl := newPlacer(cfg)
	for _, c := range cfg.Campaigns {
		loc := zone(c.Timezone, cfg.Timezone)
		for _, m := range c.Milestones {
			targets, errs := milestoneTargets(ctx, cfg, c, m, loc, people)
			problems = append(problems, errs...)
			zoneOf := func(u campaignbot.UserID) *time.Location { return userZone(ctx, people, u, cfg.Timezone) }
			langOf := func(r campaignbot.Recipient) campaignbot.Language {
				langs, _ := people.(Languages)
				return languageOf(ctx, langs, cfg, r, c.ID)
			}
			m.Ack.From, errs = askedFrom(ctx, c, m, people)
			problems = append(problems, errs...)
			members, errs := fromMembers(ctx, c, m, targets, people)
			problems = append(problems, errs...)
			plans[MilestoneSource(c.ID, m.ID)] = planMilestone(cfg, pl, c, m, loc, targets, zoneOf, langOf, members, sent)
		}
	}
	return plans, problems
}

// zone loads an IANA zone, falling back to def.
func zone(name string, def *time.Location) *time.Location {
	if name == "" {
		return def
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return def
}

// milestoneTargets expands a milestone's audience into recipients.
func milestoneTargets(ctx context.Context, cfg *config.Config, c campaignbot.Campaign, m campaignbot.Milestone, loc *time.Location, people People) ([]planTarget, []error) {
	var out []planTarget
	var problems []error
	seen := map[campaignbot.Recipient]bool{}
	add := func(r campaignbot.Recipient, l *time.Location) {
		if !seen[r] {
			seen[r] = true
			out = append(out, planTarget{recipient: r, loc: l})
		}
	}
	a := m.Notify
	if len(a.Channels) > 0 {
		for _, ch := range a.Channels {
			add(campaignbot.Recipient{Channel: ch}, loc)
		}
	} else if a.Channel && c.Channel != "" {
		add(campaignbot.Recipient{Channel: c.Channel}, loc)
	}
	users := append([]campaignbot.UserID(nil), a.Users...)
	if a.Leads {
		users = append(users, c.Leads...)
	}
	for _, g := range a.Groups {
		if people == nil {
			problems = append(problems, fmt.Errorf("milestone %s/%s: user group %s cannot be expanded here", c.ID, m.ID, g))
			continue
		}
		members, err := people.GroupMembers(ctx, g)
		if err != nil {
			problems = append(problems, fmt.Errorf("milestone %s/%s: user group %s: %w", c.ID, m.ID, g, err))
			continue
		}
		users = append(users, members...)
	}
	for _, u := range users {
		add(campaignbot.Recipient{User: u}, userZone(ctx, people, u, cfg.Timezone))
	}
	return out, problems
}

// userZone returns the user's zone when known, else def.
func userZone(ctx context.Context, people People, id campaignbot.UserID, def *time.Location) *time.Location {
	if people == nil {
		return def
	}
	u, err := people.User(ctx, id)
	if err != nil {
		return def
	}
	return zone(u.Timezone, def)
}

// planned is the reminder of one or more offsets of a milestone or to-do
// for one recipient that landed on the same minute, after quiet hours and
// days off: shifted when quiet hours moved one of them, moved when the
// calendar did (why).
type planned struct {
	at      time.Time
	offsets []time.Duration
	shifted bool
	moved   campaignbot.Text
}

// merge records that another offset's placement landed on p's minute.
func (p *planned) merge(pl placement) {
	p.shifted = p.shifted || pl.quiet
	if p.moved.IsZero() {
		p.moved = pl.moved
	}
}

// changedAt is when a milestone was added or moved in chat, zero for one
// as the config file has it. A reminder is not moved off a day off to
// before then: a milestone set during a holiday for a day of that holiday
// is reminded on the day rather than in the past, never.
func changedAt(m campaignbot.Milestone) time.Time {
	if m.Change == nil {
		return time.Time{}
	}
	return m.Change.At
}

// planMilestone plans one milestone for its targets. A milestone whose
// ack is required gives each person's DM a Got it button (AckButtons),
// and its channel posts one too when ack.from names people (expanded,
// in m.Ack.From), whom the post then asks (Reminder.AckAudience); its
// re-pings and escalations are planned with it (planAcks); zoneOf places
// the leads' and the asked people's quiet hours, and langOf gives each
// recipient's language (a DM its reader's, a channel post the campaign's);
// sent names the occurrence of each offset label (Occurrences).
func planMilestone(cfg *config.Config, pl *placer, c campaignbot.Campaign, m campaignbot.Milestone, campaignLoc *time.Location, targets []planTarget, zoneOf func(campaignbot.UserID) *time.Location, langOf func(campaignbot.Recipient) campaignbot.Language, members map[campaignbot.ChannelID][]campaignbot.UserID, sent Occurrences) []campaignbot.Reminder {
	var out []campaignbot.Reminder
	var asked []askedAck
	source := MilestoneSource(c.ID, m.ID)
	for _, tg := range targets {
		lang := langOf(tg.recipient)
		byMinute := map[time.Time]*planned{}
		for _, off := range m.Offsets {
			p := placement{at: m.At.Add(-off)}
			if !m.Urgent {
				deadline := m.At
				if off < 0 {
					deadline = time.Time{} // a reminder after the milestone has no deadline
				}
				p = pl.place(p.at, deadline, changedAt(m), tg.loc)
			}
			minute := p.at.Truncate(time.Minute)
			if q, ok := byMinute[minute]; ok {
				q.offsets = append(q.offsets, off)
				q.merge(p)
				continue
			}
			byMinute[minute] = &planned{at: p.at, offsets: []time.Duration{off}, shifted: p.quiet, moved: p.moved}
		}
		for _, p := range byMinute {
			sort.Slice(p.offsets, func(i, j int) bool { return p.offsets[i] > p.offsets[j] })
			labels := make([]string, len(p.offsets))
			for i, o := range p.offsets {
				labels[i] = FormatOffset(o)
			}
			offset := strings.Join(labels, "+")
			label := sent.label(source, offset, m.At)
			key := fmt.Sprintf("%s:%s:%s", source, label, tg.recipient)
			out = append(out, campaignbot.Reminder{
				Key:       key,
				Source:    source,
				Kind:      campaignbot.ReminderMilestone,
				At:        p.at.UTC(),
				Zone:      tg.loc.String(),
				Due:       m.At.UTC(),
				Offset:    offset,
				Shifted:   p.shifted,
				Moved:     p.moved,
				Quiet:     !m.Urgent,
				Recipient: tg.recipient,
				Message:   milestoneMessage(cfg, c, m, campaignLoc, p.at, key, lang),
			})
			if m.Ack.Required && tg.recipient.User != "" {
				msg := &out[len(out)-1].Message
				msg.Buttons = append(AckButtons(lang, key), msg.Buttons...)
				asked = append(asked, askedAck{label: label, at: p.at, user: tg.recipient.User, loc: tg.loc})
			}
			// A channel post asks the people of ack.from; their re-pings
			// come by DM, in their own zones.
			// Only the members of the post's channel are asked: the
			// re-ping DMs the post to them.
			from := m.Ack.From
			if ms, ok := members[tg.recipient.Channel]; ok {
				from = ms
			}
			if m.Ack.Required && tg.recipient.Channel != "" && len(from) > 0 {
				r := &out[len(out)-1]
				r.Message.Buttons = append(AckButtons(lang, key), r.Message.Buttons...)
				r.AckAudience = sortedAudience(from)
				for _, u := range r.AckAudience {
					asked = append(asked, askedAck{label: label, at: p.at, user: u, loc: zoneOf(u)})
				}
			}
		}
	}
	out = append(out, planAcks(cfg, pl, c, m, source, asked, zoneOf)...)
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// milestoneMessage renders a milestone's message for a reminder sent at,
// its countdown and button in lang (the message itself is the config's
// template, as written).
func milestoneMessage(cfg *config.Config, c campaignbot.Campaign, m campaignbot.Milestone, loc *time.Location, at time.Time, key string, lang campaignbot.Language) campaignbot.OutgoingMessage {
	leads := make([]string, len(c.Leads))
	for i, l := range c.Leads {
		leads[i] = "<@" + string(l) + ">"
	}
	data := config.MessageData{
		Campaign:    c.Name,
		CampaignID:  c.ID,
		Milestone:   m.Name,
		MilestoneID: m.ID,
		At:          m.At.In(loc).Format("2006-01-02 15:04"),
		DDay:        c.DDay.In(loc).Format("2006-01-02 15:04"),
		Countdown:   Countdown(at, m.At, lang),
		Leads:       strings.Join(leads, " "),
		Channel:     "<#" + string(c.Channel) + ">",
	}
	text := m.Message
	if text == "" {
		text = config.DefaultMilestoneMessage
	}
	var b bytes.Buffer
	tmpl, err := template.New(m.ID).Option("missingkey=error").Parse(text)
	if err == nil {
		err = tmpl.Execute(&b, data)
	}
	if err != nil {
		// Load checked the template; this only guards against surprises.
		b.Reset()
		fmt.Fprintf(&b, "*%s* (%s): %s, %s", data.Milestone, data.Campaign, data.Countdown, data.At)
	}
	return campaignbot.OutgoingMessage{
		Text: b.String(),
		Buttons: []campaignbot.Button{{
			ActionID: "campaign.timeline",
			Value:    c.ID,
			Label:    campaignbot.T("scheduler.timeline").In(lang),
			Command:  "/" + cfg.Slack.Commands.Name("campaign") + " timeline " + c.ID,
		}},
		Key: key,
	}
}

// askedFrom returns the people a milestone's channel post asks to
// acknowledge it: ack.from and the members of ack.from_groups, each once.
func askedFrom(ctx context.Context, c campaignbot.Campaign, m campaignbot.Milestone, people People) ([]campaignbot.UserID, []error) {
	out := slices.Clone(m.Ack.From)
	var problems []error
	for _, g := range m.Ack.FromGroups {
		if people == nil {
			problems = append(problems, fmt.Errorf("milestone %s/%s: ack.from_groups: user group %s cannot be expanded here", c.ID, m.ID, g))
			continue
		}
		members, err := people.GroupMembers(ctx, g)
		if err != nil {
			problems = append(problems, fmt.Errorf("milestone %s/%s: ack.from_groups: user group %s: %w", c.ID, m.ID, g, err))
			continue
		}
		out = append(out, members...)
	}
	slices.Sort(out)
	return slices.Compact(out), problems
}

// channelMembers is a People that knows who is in a channel.
type channelMembers interface {
	InChannel(ctx context.Context, channel campaignbot.ChannelID, user campaignbot.UserID) (bool, error)
}

// fromMembers returns, for each channel a milestone posts to, the people
// of its ack.from (groups expanded) who are members of it, when people
// knows channels' members: someone listed who is not in a (private)
// channel is not asked there, since the re-ping would DM them its post.
// Each is a problem, for config check and the planner's log. A channel
// whose membership cannot be read is left out of the map (everyone
// listed is asked there), with its problem.
func fromMembers(ctx context.Context, c campaignbot.Campaign, m campaignbot.Milestone, targets []planTarget, people People) (map[campaignbot.ChannelID][]campaignbot.UserID, []error) {
	cm, ok := people.(channelMembers)
	if !ok || !m.Ack.Required || len(m.Ack.From) == 0 {
		return nil, nil
	}
	out := map[campaignbot.ChannelID][]campaignbot.UserID{}
	var problems []error
	for _, tg := range targets {
		ch := tg.recipient.Channel
		if ch == "" {
			continue
		}
		in := []campaignbot.UserID{}
		for _, u := range m.Ack.From {
			ok, err := cm.InChannel(ctx, ch, u)
			if err != nil {
				problems = append(problems, fmt.Errorf("milestone %s/%s: ack.from: who is in %s: %w", c.ID, m.ID, ch, err))
				in = nil
				break
			}
			if !ok {
				problems = append(problems, fmt.Errorf("milestone %s/%s: ack.from: %s is not a member of %s, so the post there does not ask them", c.ID, m.ID, u, ch))
				continue
			}
			in = append(in, u)
		}
		if in != nil {
			out[ch] = in
		}
	}
	return out, problems
}
