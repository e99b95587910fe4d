package scheduler

import (
	"slices"
	"strings"

	"github.com/campaignbot/campaignbot"
)

// channelOccurrence splits the key of a channel post ("...:1d:#C123")
// into its occurrence and channel; ok is false for other keys.
func channelOccurrence(key string) (occurrence string, channel campaignbot.ChannelID, ok bool) {
	i := strings.LastIndex(key, ":#")
	if i <= 0 || i+2 == len(key) || strings.ContainsAny(key[i+2:], ":/ @") {
		return "", "", false
	}
	return key[:i], campaignbot.ChannelID(key[i+2:]), true
}

// occurrenceOf returns the occurrence of a reminder key that may ask for
// acks: a person's DM or a channel post.
func occurrenceOf(key string) (string, bool) {
	if occ, _, ok := campaignbot.AckOccurrence(key); ok {
		return occ, true
	}
	occ, _, ok := channelOccurrence(key)
	return occ, ok
}

// askedIn returns who a reminder that asks for acks asks: its recipient
// for a DM, the people of its AckAudience (ack.from) for a channel post.
func askedIn(r campaignbot.Reminder) []campaignbot.UserID {
	if r.Recipient.User != "" {
		return []campaignbot.UserID{r.Recipient.User}
	}
	return r.AckAudience
}

// asks reports whether the reminder r asks user to acknowledge it.
func asks(r campaignbot.Reminder, user campaignbot.UserID) bool {
	return user != "" && slices.Contains(askedIn(r), user)
}

// channelPostOf finds the channel post of the occurrence of the offsets
// that asks user, for a re-ping of a person asked on a channel post
// (ack.from), who has no reminder of their own.
func channelPostOf(rs []campaignbot.Reminder, label string, user campaignbot.UserID) (int, bool) {
	offsets := strings.Split(label, "+")
	i := slices.IndexFunc(rs, func(o campaignbot.Reminder) bool {
		return o.Recipient.Channel != "" && sharesOffset(o, offsets) && asks(o, user)
	})
	return i, i >= 0
}

// ErrNotAsked answers a click on a channel post's Got it by someone it
// does not ask (not in its ack.from): it is their channel's post, so
// they are told why nothing was recorded.
func ErrNotAsked(asked []campaignbot.UserID) *campaignbot.Error {
	names := make([]string, len(asked))
	for i, u := range asked {
		names[i] = "<@" + string(u) + ">"
	}
	return campaignbot.NewError(campaignbot.EFORBIDDEN, campaignbot.T("scheduler.this-reminder-asks-to-acknowledge-it", strings.Join(names, ", ")))
}

// PostChannel returns the channel of a channel post's key ("...:#C123"),
// false for other keys.
func PostChannel(key string) (campaignbot.ChannelID, bool) {
	_, ch, ok := channelOccurrence(key)
	return ch, ok
}
