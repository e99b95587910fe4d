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

// AckComposer writes re-pings and escalations of reminders that ask for
// acks at send time, from the acks as they are then: a person who has
// acknowledged gets no re-ping, and leads hear only of who has not, or
// nothing when everyone has.
type AckComposer struct {
	Reminders campaignbot.ReminderStore
	Store     campaignbot.AckStore
	Config    func() *config.Config
	// Originals render the kinds whose message is written at send time
	// (to-do nudges), for their re-pings; a re-ping of a to-do finished
	// meanwhile is not sent.
	Originals map[campaignbot.ReminderKind]Composer
	// Languages picks each recipient's language; nil writes in the
	// campaign's or config's.
	Languages Languages
}

// Compose implements Composer for the ack-reping and ack-escalation kinds.
func (c AckComposer) Compose(ctx context.Context, r campaignbot.Reminder, now time.Time) (campaignbot.OutgoingMessage, bool, string, error) {
	mark := repingMark
	if r.Kind == campaignbot.ReminderAckEscalate {
		mark = escalateMark
	}
	asked, ok := askedKey(r.Key, mark)
	occurrence, _, ok2 := campaignbot.AckOccurrence(asked)
	if !ok || !ok2 {
		return campaignbot.OutgoingMessage{}, false, "not an acknowledgement reminder", nil
	}
	rs, err := c.Reminders.Reminders(ctx, campaignbot.ReminderFilter{Source: r.Source})
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", fmt.Errorf("compose %s: %w", r.Key, err)
	}
	acks, err := c.Store.Acks(ctx, r.Source)
	if err != nil {
		return campaignbot.OutgoingMessage{}, false, "", fmt.Errorf("compose %s: %w", r.Key, err)
	}
	cfg := c.Config()
	loc := zone(r.Zone, cfg.Timezone)
	lang := languageOf(ctx, c.Languages, cfg, r.Recipient, campaignOfSource(r.Source))
	if r.Kind == campaignbot.ReminderAckReping {
		i := slices.IndexFunc(rs, func(o campaignbot.Reminder) bool { return o.Key == asked })
		if i < 0 {
			// Someone asked on a channel post (ack.from) is re-pinged by
			// DM with the post.
			i, _ = channelPostOf(rs, strings.TrimPrefix(occurrence, r.Source+":"), r.Recipient.User)
		}
		if i < 0 || rs[i].Status != campaignbot.ReminderSent || !asksAck(rs[i]) {
			return campaignbot.OutgoingMessage{}, false, "the reminder it repeats was not delivered", nil
		}
		if st := status(rs[i], rs, acks); st.Acks[r.Recipient.User].User != "" {
			return campaignbot.OutgoingMessage{}, false, "acknowledged", nil
		}
		if until := fromDelivery(cfg, r, rs[i].SentAt); now.Before(until) {
			return campaignbot.OutgoingMessage{}, false, "", &DeferError{Until: until, Why: "waiting: re-ping timed from the reminder's delivery"}
		}
		orig := rs[i].Message
		if oc, ok := c.Originals[rs[i].Kind]; ok {
			m, send, reason, err := oc.Compose(ctx, rs[i], now)
			if err != nil || !send {
				return campaignbot.OutgoingMessage{}, false, reason, err
			}
			orig = m
		} else if text, ok := currentMilestoneText(cfg, r, now, lang); ok {
			orig.Text = text
		}
		text := campaignbot.T("scheduler.not-acknowledged-yet-please-confirm-with").In(lang)
		return campaignbot.OutgoingMessage{Text: text + "\n" + orig.Text, Fields: orig.Fields, Buttons: orig.Buttons, Key: r.Key}, true, "", nil
	}
	// An escalation is about one offset (planAcks), whichever reminders
	// carried it, merged with other offsets or not.
	offsets := []string{strings.TrimPrefix(occurrence, r.Source+":")}
	i := slices.IndexFunc(rs, func(o campaignbot.Reminder) bool {
		return o.Status == campaignbot.ReminderSent && sharesOffset(o, offsets)
	})
	if i < 0 {
		return campaignbot.OutgoingMessage{}, false, "no reminder of it was delivered", nil
	}
	first := earliestOf(rs, offsets)
	if until := fromDelivery(cfg, r, firstSent(rs, offsets)); now.Before(until) {
		return campaignbot.OutgoingMessage{}, false, "", &DeferError{Until: until, Why: "waiting: escalation timed from the reminders' delivery"}
	}
	st := offsetStatus(rs[i], offsets, rs, acks, occurrence)
	st.Reminder.Offset, st.Reminder.At = offsets[0], first.At
	var pending []string
	for _, u := range st.Audience {
		if _, ok := st.Acks[u]; !ok {
			pending = append(pending, "<@"+string(u)+">")
		}
	}
	if len(pending) == 0 {
		return campaignbot.OutgoingMessage{}, false, "everyone acknowledged", nil
	}
	acked, total := st.Counts()
	text := campaignbot.T("scheduler.still-not-acknowledged", AckTitle(cfg, lang, loc, st.Reminder, ""), strings.Join(pending, ", "), AckCount(lang, acked, total)).In(lang)
	return campaignbot.OutgoingMessage{Text: text, Key: r.Key}, true, "", nil
}

// AckCount is "✓ 3 of 5 acknowledged." in lang.
func AckCount(lang campaignbot.Language, acked, total int) string {
	return campaignbot.T("scheduler.of-acknowledged", acked, total).In(lang)
}

// AckTitle names the occurrence of a reminder that asked for acks, to be
// followed by its count or names: subject when set (a to-do's number and
// title), else its milestone's name; the reminder's offset and its time
// in loc.
func AckTitle(cfg *config.Config, lang campaignbot.Language, loc *time.Location, r campaignbot.Reminder, subject string) string {
	_, what, _ := strings.Cut(r.Source, ":")
	if cid, mid, ok := strings.Cut(what, "/"); ok && strings.HasPrefix(r.Source, "milestone:") {
		if c, found := cfg.Campaign(cid); found {
			for _, m := range c.Milestones {
				if m.ID == mid {
					what = m.Name
				}
			}
		}
	}
	if subject != "" {
		what = subject
	}
	var when campaignbot.Text
	offset := offsetLabel(r.Offset)
	switch {
	case offset == "0" || offset == "":
		when = campaignbot.T("scheduler.at-the-time")
	case strings.HasPrefix(offset, "-"):
		when = campaignbot.T("scheduler.after", offsetWords(strings.TrimPrefix(offset, "-"), lang))
	default:
		when = campaignbot.T("scheduler.before", offsetWords(offset, lang))
	}
	return campaignbot.T("scheduler.text", what, when.In(lang), r.At.In(loc).Format("01-02 15:04")).In(lang)
}

// offsetWords says a reminder offset such as "1d" or "2h" in words of
// language l ("1 day", "1 天", "2 時間") when it is a whole number of its
// largest unit; any other offset ("1d12h") stays as the config writes it.
func offsetWords(offset string, l campaignbot.Language) string {
	d, err := config.ParseDuration(offset, false)
	if err != nil || d <= 0 {
		return offset
	}
	for _, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute} {
		if d >= unit {
			if d%unit != 0 {
				return offset
			}
			return DurationWords(d, l)
		}
	}
	return offset
}
