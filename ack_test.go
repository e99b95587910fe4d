package campaignbot_test

import (
	"testing"

	"github.com/campaignbot/campaignbot"
)

func TestAckOccurrence(t *testing.T) {
	for _, tt := range []struct {
		key, occurrence string
		user            campaignbot.UserID
		ok              bool
	}{
		{"milestone:double11/warm-up:1d:@U1", "milestone:double11/warm-up:1d", "U1", true},
		{"milestone:double11/warm-up:1d+2h:@U1", "milestone:double11/warm-up:1d+2h", "U1", true},
		{"todo:T1/12:0s:@U2", "todo:T1/12:0s", "U2", true},
		{"milestone:double11/warm-up:1d:#C1", "", "", false},
		{"milestone:double11/warm-up:1d:@", "", "", false},
		{":@U1", "", "", false},
		{"milestone:x:@U1:y", "", "", false},
		{"", "", "", false},
	} {
		occ, user, ok := campaignbot.AckOccurrence(tt.key)
		if occ != tt.occurrence || user != tt.user || ok != tt.ok {
			t.Errorf("AckOccurrence(%q) = %q, %q, %v; want %q, %q, %v", tt.key, occ, user, ok, tt.occurrence, tt.user, tt.ok)
		}
	}
}
