package slack

import (
	"context"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

func TestDirectoryCachesWithExpiry(t *testing.T) {
	w := newWorld(t, ModeSocket)
	b := w.start(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		u, err := b.adapter.User(ctx, "U0BOB")
		if err != nil {
			t.Fatal(err)
		}
		if u.Name != "bob" || u.RealName != "Bob" || u.Timezone != "Europe/Berlin" || u.IsBot {
			t.Errorf("user = %+v", u)
		}
		c, err := b.adapter.Channel(ctx, "C0DESIGN")
		if err != nil || c.Name != "double11-design" || c.Private {
			t.Errorf("channel = %+v, %v", c, err)
		}
	}
	if n := len(w.fake.Calls("users.info")); n != 1 {
		t.Errorf("%d users.info calls for 3 lookups, want 1", n)
	}
	w.clock.Sleep(ctx, 11*time.Minute)
	if u, err := b.adapter.User(ctx, "U0BOB"); err != nil || u.Timezone != "Europe/Berlin" {
		t.Errorf("after the memory expired: %+v, %v", u, err)
	}
	if n := len(w.fake.Calls("users.info")); n != 1 {
		t.Errorf("%d users.info calls after the memory expired, want still 1: the user directory answers", n)
	}
	if u, err := b.adapter.UserByName(ctx, "@Bob"); err != nil || u.ID != "U0BOB" {
		t.Errorf("UserByName = %+v, %v", u, err)
	}
	for _, err := range []error{
		func() error { _, err := b.adapter.User(ctx, "U0NOBODY"); return err }(),
		func() error { _, err := b.adapter.Channel(ctx, "C0NOWHERE"); return err }(),
		func() error { _, err := b.adapter.UserByName(ctx, "nobody"); return err }(),
		func() error { _, err := b.adapter.GroupMembers(ctx, "S0NONE"); return err }(),
	} {
		if campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Errorf("err %v, want ENOTFOUND", err)
		}
	}
	w.fake.AddGroup("S0DESIGN", "U0ALICE", "U0BOB")
	members, err := b.adapter.GroupMembers(ctx, "S0DESIGN")
	if err != nil || len(members) != 2 || members[1] != "U0BOB" {
		t.Errorf("GroupMembers = %v, %v", members, err)
	}
	if self := b.adapter.BotUser(); self.ID != "UBOT" || !self.IsBot {
		t.Errorf("BotUser = %+v", self)
	}
}
