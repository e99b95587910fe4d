package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
)

// ackHandler answers the Got it / 收到 button of reminders that ask for
// an acknowledgement, its typed form /ack KEY (the console's), the
// names behind the count, and /campaign acks.
//
// A click updates only the clicker's own message (chat.update on the
// message the click came from): in DMs each person has their own copy,
// and updating all of them on every click would cost one Tier 3 call per
// person per click (50 people acknowledging would take 2,500 updates,
// about 50 minutes at Slack's ~50 a minute). Each message shows the
// count as of its owner's click; /campaign acks and the Who button show
// the count now.
type ackHandler struct {
	acks campaignbot.AckService
	log  *slog.Logger
}

// ackSummary is /ack's line in /help.
var ackSummary = campaignbot.T("handlers.acknowledge-a-reminder-ack-key-the")

// command handles /ack KEY.
func (h *ackHandler) command(ctx context.Context, req *bot.Request) error {
	key := typedKey(req.Args)
	if key == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.which-reminder-click-got-it-on"))
	}
	st, recorded, err := h.acks.Acknowledge(ctx, key, req.User.ID, req.Now)
	if err != nil {
		return notAsked(req, key, err)
	}
	if recorded {
		h.updatePost(ctx, req, st)
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: ackLine(req, st, recorded)})
}

// mentionRE matches a user mention in canonical markup or as Slack
// escapes it in a command's text: <@U123> or <@U123|name>;
// channelMentionRE a channel's: <#C123> or <#C123|name>.
var (
	mentionRE        = regexp.MustCompile(`<@([^|>]+)(?:\|[^>]*)?>`)
	channelMentionRE = regexp.MustCompile(`<#([^|>]+)(?:\|[^>]*)?>`)
)

// typedKey reads the reminder key typed after /ack: the recipient at its
// end reaches the handler as a mention (the console and Slack both turn
// @name and #channel into one), which is turned back into @id or #id.
func typedKey(args string) string {
	key := mentionRE.ReplaceAllString(strings.TrimSpace(args), "@$1")
	return channelMentionRE.ReplaceAllString(key, "#$1")
}

// buttonAction handles the Got it and Who buttons.
func (h *ackHandler) buttonAction(ctx context.Context, req *bot.Request) error {
	key := req.Action.Value
	switch req.Action.ActionID {
	case campaignbot.AckAction:
		st, recorded, err := h.acks.Acknowledge(ctx, key, req.User.ID, req.Now)
		if err != nil {
			return notAsked(req, key, err)
		}
		line := ackLine(req, st, recorded)
		if st.Reminder.Recipient.Channel != "" {
			// A channel post (ack.from): everyone sees the same message,
			// so it shows the count for all; the clicker is told privately.
			if recorded {
				h.updatePost(ctx, req, st)
			}
			return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: line})
		}
		if req.Action.Message.TS == "" || st.Reminder.Message.Text == "" {
			return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: line})
		}
		if err := req.Chat.Update(ctx, req.Action.Message, acknowledgedMessage(req, st, line)); err != nil {
			// The ack is recorded: say so even when the message cannot
			// change (deleted, or Slack refused).
			h.log.Warn("updating an acknowledged reminder", "key", key, "err", err)
			return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: line})
		}
		return nil
	case campaignbot.AckWhoAction:
		st, err := h.acks.Status(ctx, key, req.User.ID)
		if err != nil {
			return notAsked(req, key, err)
		}
		// A channel post's names are for its channel and the people it
		// asks, not for a forged key clicked elsewhere.
		if ch, ok := scheduler.PostChannel(key); ok && req.Channel.ID != ch && !slices.Contains(st.Audience, req.User.ID) {
			return campaignbot.ErrNoAck()
		}
		return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: describeAcks(req, st)})
	}
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("handlers.that-button-no-longer-does-anything"))
}

// acknowledgedMessage is the clicker's reminder after the click: as it
// was sent, the Got it button replaced by the line and a Who button.
func acknowledgedMessage(req *bot.Request, st campaignbot.AckStatus, line string) campaignbot.OutgoingMessage {
	m := st.Reminder.Message
	m.Text += "\n" + line
	m.Buttons = slices.DeleteFunc(slices.Clone(m.Buttons), func(b campaignbot.Button) bool { return b.ActionID == campaignbot.AckAction })
	m.Buttons = append([]campaignbot.Button{{
		ActionID: campaignbot.AckWhoAction,
		Value:    st.Reminder.Key,
		Label:    req.T(campaignbot.T("handlers.who-has-it")),
	}}, m.Buttons...)
	return m
}

// ackLine tells the clicker their ack is recorded, and the count.
func ackLine(req *bot.Request, st campaignbot.AckStatus, recorded bool) string {
	acked, total := st.Counts()
	when := st.Acks[req.User.ID].At.In(userLocation(req)).Format("01-02 15:04")
	count := ackCount(req, acked, total)
	if recorded {
		return req.T(campaignbot.T("handlers.got-it-you-acknowledged-at", when, count))
	}
	return req.T(campaignbot.T("handlers.you-had-already-acknowledged-at", when, count))
}

// ackCount is "✓ 3 of 5 acknowledged".
func ackCount(req *bot.Request, acked, total int) string {
	return scheduler.AckCount(req.Lang, acked, total)
}

// describeAcks lists who of an occurrence's audience acknowledged, and
// when, and who has not.
func describeAcks(req *bot.Request, st campaignbot.AckStatus) string {
	acked, total := st.Counts()
	var b strings.Builder
	b.WriteString(ackTitle(req, st))
	b.WriteString(ackCount(req, acked, total))
	var done, pending []string
	loc := userLocation(req)
	for _, u := range st.Audience {
		if a, ok := st.Acks[u]; ok {
			done = append(done, fmt.Sprintf("%s %s", bot.MentionUser(u), a.At.In(loc).Format("01-02 15:04")))
		} else {
			pending = append(pending, bot.MentionUser(u))
		}
	}
	if len(done) > 0 {
		b.WriteString("\n" + req.T(campaignbot.T("handlers.acknowledged", strings.Join(done, ", "))))
	}
	if len(pending) > 0 {
		b.WriteString("\n" + req.T(campaignbot.T("handlers.not-yet", strings.Join(pending, ", "))))
	}
	return b.String()
}

// ackTitle names an occurrence, to be followed by its count.
func ackTitle(req *bot.Request, st campaignbot.AckStatus) string {
	return scheduler.AckTitle(req.Config, req.Lang, userLocation(req), st.Reminder, bot.Escape(st.Subject))
}

// campaignAcks answers /campaign acks [milestone]: for each reminder
// that asked for acks and went out, who acknowledged and who has not.
func (h *ackHandler) campaignAcks(ctx context.Context, req *bot.Request, cs []campaignbot.Campaign, ref string) error {
	var refs []milestoneRef
	if ref != "" {
		m, err := findMilestone(cs, ref)
		if err != nil {
			return err
		}
		refs = append(refs, m)
	} else {
		for _, c := range cs {
			for _, m := range c.Milestones {
				if m.Ack.Required {
					refs = append(refs, milestoneRef{campaign: c, milestone: m})
				}
			}
		}
	}
	var parts []string
	for _, m := range refs {
		sts, err := h.acks.Statuses(ctx, scheduler.MilestoneSource(m.campaign.ID, m.milestone.ID))
		if err != nil {
			return fmt.Errorf("campaign acks: %w", err)
		}
		for _, st := range sts {
			ok, err := mayListAcks(ctx, req, st)
			if err != nil {
				return fmt.Errorf("campaign acks: %w", err)
			}
			if ok {
				parts = append(parts, describeAcks(req, st))
			}
		}
	}
	if len(parts) == 0 {
		if ref != "" {
			return req.ReplyPrivateText(ctx, campaignbot.T("handlers.no-reminder-of-has-asked-for", ref))
		}
		return req.ReplyPrivateText(ctx, campaignbot.T("handlers.no-reminder-has-asked-for"))
	}
	return req.ReplyPrivately(ctx, campaignbot.OutgoingMessage{Text: strings.Join(parts, "\n\n")})
}

// mayListAcks reports whether /campaign acks shows the asker the names
// of an occurrence: always for DMs; for a channel post, as its Who has
// it? button does, to the people it asks and to those who may read its
// channel (asked from there, or a member of a private one). Others are
// told nothing of it, as of a missing one.
func mayListAcks(ctx context.Context, req *bot.Request, st campaignbot.AckStatus) (bool, error) {
	ch := st.Reminder.Recipient.Channel
	if ch == "" || req.Channel.ID == ch || slices.Contains(st.Audience, req.User.ID) {
		return true, nil
	}
	err := mayRead(ctx, req, ch)
	switch {
	case err == nil:
		return true, nil
	case campaignbot.ErrorCode(err) == campaignbot.ENOTFOUND:
		return false, nil
	}
	return false, err
}
