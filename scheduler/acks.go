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

// Acks implements campaignbot.AckService on the reminder store: the
// audience of an occurrence is the people its reminders were planned
// for (DMs, and the ack.from of channel posts), and only the person a
// DM was sent to, or one a channel post asks, may acknowledge it.
type Acks struct {
	Reminders campaignbot.ReminderStore
	Store     campaignbot.AckStore
	// Composers render the kinds whose message is written at send time
	// (to-do nudges), so an AckStatus carries the message as it reads now.
	Composers map[campaignbot.ReminderKind]Composer
	// Config, when set, is the configuration as it is now: a reminder of
	// a milestone (or of to-dos) that no longer asks for acks is not
	// listed as waiting for one.
	Config func() *config.Config
}

var _ campaignbot.AckService = (*Acks)(nil)

// AckButtons are the buttons a reminder that asks for an ack carries;
// the console shows their typed command, `/ack KEY`.
func AckButtons(lang campaignbot.Language, key string) []campaignbot.Button {
	return []campaignbot.Button{{
		ActionID: campaignbot.AckAction,
		Value:    key,
		Label:    campaignbot.T("scheduler.got-it").In(lang),
		Style:    campaignbot.ButtonPrimary,
		Command:  "/ack " + key,
	}}
}

// asksAck reports whether a reminder was sent with a Got it button: a
// milestone reminder or to-do nudge to a person, or a milestone's channel
// post with ack.from, planned while acks were required.
func asksAck(r campaignbot.Reminder) bool {
	return (r.Kind == campaignbot.ReminderMilestone || r.Kind == campaignbot.ReminderTodo) && slices.ContainsFunc(r.Message.Buttons, func(b campaignbot.Button) bool { return b.ActionID == campaignbot.AckAction })
}

// delivered reports whether a reminder went out or is going out, so that
// its recipient may have seen it. A pending reminder whose send started
// with an unknown outcome (Slack posted it but answered after the
// timeout) counts: the dispatcher has not yet confirmed it from the
// conversation, but a click on its button proves it arrived.
func delivered(r campaignbot.Reminder) bool {
	return r.Status == campaignbot.ReminderSent || r.Status == campaignbot.ReminderSending ||
		(r.Status == campaignbot.ReminderPending && r.Unconfirmed)
}

// sourceOf returns the reminder source of an occurrence: the occurrence
// less its last ":label".
func sourceOf(occurrence string) (string, bool) {
	i := strings.LastIndexByte(occurrence, ':')
	if i <= 0 {
		return "", false
	}
	return occurrence[:i], true
}

// own finds user's reminder key (their DM, or a channel post that asks
// them), sent and asking for an ack, with the other reminders of its
// source; a channel post that does not ask user is ErrNotAsked (with the
// post and its source), anything else campaignbot.ErrNoAck.
func (s *Acks) own(ctx context.Context, key string, user campaignbot.UserID) (campaignbot.Reminder, []campaignbot.Reminder, error) {
	occurrence, recipient, ok := campaignbot.AckOccurrence(key)
	if !ok {
		if occurrence, _, ok = channelOccurrence(key); !ok {
			return campaignbot.Reminder{}, nil, campaignbot.ErrNoAck()
		}
		recipient = user // checked against the post's ack.from below
	}
	if user == "" || recipient != user {
		return campaignbot.Reminder{}, nil, campaignbot.ErrNoAck()
	}
	source, ok := sourceOf(occurrence)
	if !ok {
		return campaignbot.Reminder{}, nil, campaignbot.ErrNoAck()
	}
	rs, err := s.Reminders.Reminders(ctx, campaignbot.ReminderFilter{Source: source})
	if err != nil {
		return campaignbot.Reminder{}, nil, fmt.Errorf("find reminder %s: %w", key, err)
	}
	i := slices.IndexFunc(rs, func(r campaignbot.Reminder) bool { return r.Key == key })
	if i < 0 || !delivered(rs[i]) || !asksAck(rs[i]) {
		return campaignbot.Reminder{}, nil, campaignbot.ErrNoAck()
	}
	if !asks(rs[i], user) {
		if rs[i].Recipient.Channel != "" {
			return rs[i], rs, ErrNotAsked(rs[i].AckAudience) // Status shows it to the channel
		}
		return campaignbot.Reminder{}, nil, campaignbot.ErrNoAck()
	}
	return rs[i], rs, nil
}

// status gathers who of the occurrence of r acknowledged it; rs are the
// reminders of r's source and acks its acks. Acks are kept per offset: a
// reminder of several offsets merged into one minute (quiet hours,
// "3h+2h") belongs to each offset's occurrence, so its audience is
// everyone reminded at any of its offsets, and a person counts as
// acknowledged when they acknowledged any of them.
func status(r campaignbot.Reminder, rs []campaignbot.Reminder, acks []campaignbot.Ack) campaignbot.AckStatus {
	occurrence, _ := occurrenceOf(r.Key)
	return offsetStatus(r, offsetsOf(r), rs, acks, occurrence)
}

// offsetStatus is status for the occurrences of the given offsets of r's
// source, named occurrence.
func offsetStatus(r campaignbot.Reminder, offsets []string, rs []campaignbot.Reminder, acks []campaignbot.Ack, occurrence string) campaignbot.AckStatus {
	st := campaignbot.AckStatus{Occurrence: occurrence, Source: r.Source, Reminder: r, Acks: map[campaignbot.UserID]campaignbot.Ack{}}
	planned, restricted := map[campaignbot.UserID]bool{}, false
	for _, off := range offsets {
		if p, ok := plannedAudience(rs, r.Source+":"+off); ok {
			restricted = true
			for u := range p {
				planned[u] = true
			}
		}
	}
	for _, o := range rs {
		if o.Kind != r.Kind || !sharesOffset(o, offsets) || !reaches(o) {
			continue
		}
		// A DM asks its recipient; a channel post asks its ack.from.
		for _, u := range askedIn(o) {
			if (!restricted || planned[u]) && !slices.Contains(st.Audience, u) {
				st.Audience = append(st.Audience, u)
			}
		}
	}
	slices.Sort(st.Audience)
	for _, a := range acks {
		if _, done := st.Acks[a.User]; done || !slices.Contains(st.Audience, a.User) {
			continue
		}
		if label, ok := strings.CutPrefix(a.Occurrence, r.Source+":"); ok && slices.ContainsFunc(strings.Split(label, "+"), func(l string) bool { return slices.Contains(offsets, l) }) {
			st.Acks[a.User] = a
		}
	}
	return st
}

// offsetsOf returns the offsets a reminder's key names: "3h+2h" is 3h
// and 2h.
func offsetsOf(r campaignbot.Reminder) []string {
	occurrence, ok := occurrenceOf(r.Key)
	label, found := strings.CutPrefix(occurrence, r.Source+":")
	if !ok || !found {
		return nil
	}
	return strings.Split(label, "+")
}

// sharesOffset reports whether a reminder that asks for acks names one
// of offsets.
func sharesOffset(o campaignbot.Reminder, offsets []string) bool {
	return asksAck(o) && slices.ContainsFunc(offsetsOf(o), func(l string) bool { return slices.Contains(offsets, l) })
}

// Acknowledge implements campaignbot.AckService.
func (s *Acks) Acknowledge(ctx context.Context, key string, user campaignbot.UserID, at time.Time) (campaignbot.AckStatus, bool, error) {
	r, rs, err := s.own(ctx, key, user)
	if err != nil {
		return campaignbot.AckStatus{}, false, err
	}
	// One ack per offset the reminder names.
	recorded := false
	for _, off := range offsetsOf(r) {
		_, rec, err := s.Store.Acknowledge(ctx, campaignbot.Ack{Occurrence: r.Source + ":" + off, Source: r.Source, User: user, ReminderKey: key, At: at})
		if err != nil {
			return campaignbot.AckStatus{}, false, fmt.Errorf("acknowledge %s: %w", key, err)
		}
		recorded = recorded || rec
	}
	acks, err := s.Store.Acks(ctx, r.Source)
	if err != nil {
		return campaignbot.AckStatus{}, false, fmt.Errorf("acknowledge %s: %w", key, err)
	}
	st := status(r, rs, acks)
	if _, err := s.describe(ctx, &st); err != nil {
		return campaignbot.AckStatus{}, false, fmt.Errorf("acknowledge %s: %w", key, err)
	}
	if c, ok := s.Composers[r.Kind]; ok {
		m, send, _, err := c.Compose(ctx, r, at)
		if err != nil {
			return campaignbot.AckStatus{}, false, fmt.Errorf("acknowledge %s: compose: %w", key, err)
		}
		st.Reminder.Message = campaignbot.OutgoingMessage{Key: key}
		if send {
			st.Reminder.Message = m
		}
	}
	return st, recorded, nil
}

// Status implements campaignbot.AckService.
func (s *Acks) Status(ctx context.Context, key string, user campaignbot.UserID) (campaignbot.AckStatus, error) {
	r, rs, err := s.own(ctx, key, user)
	if err != nil && (campaignbot.ErrorCode(err) != campaignbot.EFORBIDDEN || r.Key == "") {
		return campaignbot.AckStatus{}, err
	}
	acks, err := s.Store.Acks(ctx, r.Source)
	if err != nil {
		return campaignbot.AckStatus{}, fmt.Errorf("acknowledgements of %s: %w", key, err)
	}
	st := status(r, rs, acks)
	if _, err := s.describe(ctx, &st); err != nil {
		return campaignbot.AckStatus{}, fmt.Errorf("acknowledgements of %s: %w", key, err)
	}
	return st, nil
}

// Statuses implements campaignbot.AckService. Each occurrence is
// described through its earliest reminder that went out.
func (s *Acks) Statuses(ctx context.Context, source string) ([]campaignbot.AckStatus, error) {
	rs, err := s.Reminders.Reminders(ctx, campaignbot.ReminderFilter{Source: source})
	if err != nil {
		return nil, fmt.Errorf("acknowledgements of %s: %w", source, err)
	}
	acks, err := s.Store.Acks(ctx, source)
	if err != nil {
		return nil, fmt.Errorf("acknowledgements of %s: %w", source, err)
	}
	var out []campaignbot.AckStatus
	seen := map[string]bool{}
	for _, r := range rs { // ordered by time, then key
		occ, ok := occurrenceOf(r.Key)
		if !ok || seen[occ] || !delivered(r) || !asksAck(r) {
			continue
		}
		seen[occ] = true
		out = append(out, status(r, rs, acks))
	}
	return out, nil
}

// Waiting implements campaignbot.AckService.
func (s *Acks) Waiting(ctx context.Context, user campaignbot.UserID, since time.Time) ([]campaignbot.AckStatus, error) {
	mine, err := s.Reminders.Reminders(ctx, campaignbot.ReminderFilter{
		Recipient: campaignbot.Recipient{User: user}, Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderSent}, From: since,
	})
	if err != nil {
		return nil, fmt.Errorf("reminders waiting for %s: %w", user, err)
	}
	// Channel posts that ask user (ack.from) wait for them too.
	posts, err := s.Reminders.Reminders(ctx, campaignbot.ReminderFilter{
		Kind: campaignbot.ReminderMilestone, Statuses: []campaignbot.ReminderStatus{campaignbot.ReminderSent}, From: since,
	})
	if err != nil {
		return nil, fmt.Errorf("reminders waiting for %s: %w", user, err)
	}
	for _, p := range posts {
		if p.Recipient.Channel != "" && asks(p, user) {
			mine = append(mine, p)
		}
	}
	slices.SortStableFunc(mine, func(a, b campaignbot.Reminder) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
	type sourceData struct {
		rs   []campaignbot.Reminder
		acks []campaignbot.Ack
	}
	sources := map[string]*sourceData{}
	var out []campaignbot.AckStatus
	for _, r := range mine {
		if !asksAck(r) || !s.stillAsks(r) {
			continue
		}
		sd, ok := sources[r.Source]
		if !ok {
			sd = &sourceData{}
			if sd.rs, err = s.Reminders.Reminders(ctx, campaignbot.ReminderFilter{Source: r.Source}); err != nil {
				return nil, fmt.Errorf("reminders waiting for %s: %w", user, err)
			}
			if sd.acks, err = s.Store.Acks(ctx, r.Source); err != nil {
				return nil, fmt.Errorf("reminders waiting for %s: %w", user, err)
			}
			sources[r.Source] = sd
		}
		st := status(r, sd.rs, sd.acks)
		if st.Acks[user].User != "" {
			continue
		}
		open, err := s.describe(ctx, &st)
		if err != nil {
			return nil, fmt.Errorf("reminders waiting for %s: %w", user, err)
		}
		if open {
			out = append(out, st)
		}
	}
	return out, nil
}

// stillAsks reports whether the configuration still asks for acks of r:
// false when r's milestone (found in the configuration; one added in
// chat is not) or the to-dos no longer have `ack: {required: true}`.
func (s *Acks) stillAsks(r campaignbot.Reminder) bool {
	if s.Config == nil {
		return true
	}
	cfg := s.Config()
	if cfg == nil {
		return true
	}
	if r.Kind == campaignbot.ReminderTodo {
		return cfg.Todos.Ack.Required
	}
	what, found := strings.CutPrefix(r.Source, "milestone:")
	cid, mid, ok := strings.Cut(what, "/")
	if !found || !ok {
		return true
	}
	c, ok := cfg.Campaign(cid)
	if !ok {
		return true
	}
	for _, m := range c.Milestones {
		if m.ID == mid {
			return m.Ack.Required
		}
	}
	return true
}

// subjecter is a Composer that names what its reminders are about as it
// reads now (TodoComposer).
type subjecter interface {
	Subject(ctx context.Context, r campaignbot.Reminder) (subject string, open bool, err error)
}

// describe sets st.Subject from the composer of its reminder's kind, and
// reports whether what it is about is still open: a nudge of a to-do
// done since waits for no one's Got it.
func (s *Acks) describe(ctx context.Context, st *campaignbot.AckStatus) (bool, error) {
	c, ok := s.Composers[st.Reminder.Kind].(subjecter)
	if !ok {
		return true, nil
	}
	subject, open, err := c.Subject(ctx, st.Reminder)
	st.Subject = subject
	return open, err
}
