package slack

import (
	"context"
	"slices"
	"testing"

	"github.com/campaignbot/campaignbot"
)

func TestChannelMembers(t *testing.T) {
	w := newWorld(t, ModeHTTP)
	addMembershipChannels(w)
	b := w.start(t)
	for _, tt := range []struct {
		channel campaignbot.ChannelID
		want    []campaignbot.UserID
	}{
		{"G0WAR", []campaignbot.UserID{"U0BOB", "UBOT"}},
		{"#war-room", []campaignbot.UserID{"U0BOB", "UBOT"}},
		{"double11-data", []campaignbot.UserID{"U0ALICE"}},
		{"secret", nil},   // private, the bot is not in it
		{"C0SECRET", nil}, // channel_not_found
		{"no-such-channel", nil},
	} {
		got, err := b.adapter.ChannelMembers(context.Background(), tt.channel)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("ChannelMembers(%q) = %v, %v; want %v", tt.channel, got, err, tt.want)
		}
	}
}
