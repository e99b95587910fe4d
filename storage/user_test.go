package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestUserStore(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewUserStore(db)
		if at, err := s.UsersRefreshedAt(ctx, "T1"); err != nil || !at.IsZero() {
			t.Fatalf("UsersRefreshedAt of an empty directory = %v, %v", at, err)
		}
		var many []campaignbot.User
		for i := range 1200 {
			many = append(many, campaignbot.User{ID: campaignbot.UserID(fmt.Sprintf("U%04d", i)), Name: fmt.Sprint("u", i), Timezone: "Asia/Shanghai"})
		}
		if err := s.PutUsers(ctx, "T1", many, t0); err != nil {
			t.Fatal(err)
		}
		alice := campaignbot.User{ID: "U0001", Name: "alice", RealName: "Alice", Timezone: "Europe/Berlin", Locale: "de-DE"}
		if err := s.PutUsers(ctx, "T1", []campaignbot.User{alice}, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		// An older record (a users.list page read before a user_change
		// event was stored) does not overwrite a newer one.
		stale := campaignbot.User{ID: "U0001", Name: "alice", Timezone: "Asia/Shanghai"}
		if err := s.PutUsers(ctx, "T1", []campaignbot.User{stale}, t0.Add(30*time.Minute)); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindUser(ctx, "T1", "U0001")
		if err != nil || got != alice {
			t.Fatalf("FindUser = %+v, %v; want %+v", got, err, alice)
		}
		all, err := s.Users(ctx, "T1")
		if err != nil || len(all) != 1200 || all["U1199"].Name != "u1199" {
			t.Fatalf("Users: %d, %v", len(all), err)
		}
		if u, err := s.FindUserByName(ctx, "T1", "ALICE"); err != nil || u.ID != "U0001" {
			t.Errorf("FindUserByName(ALICE) = %+v, %v", u, err)
		}
		if _, err := s.FindUserByName(ctx, "T1", "nobody"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Errorf("FindUserByName(nobody): %v", err)
		}
		if other, _ := s.Users(ctx, "T2"); len(other) != 0 {
			t.Errorf("another workspace sees %d users", len(other))
		}
		if _, err := s.FindUser(ctx, "T1", "U9999"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Errorf("unknown user: %v", err)
		}
		if at, _ := s.UsersRefreshedAt(ctx, "T1"); !at.Equal(t0.Add(time.Hour)) {
			t.Errorf("UsersRefreshedAt = %v, want %v", at, t0.Add(time.Hour))
		}
	})
}

// TestUsersOfEveryWorkspace checks the directory read without a
// workspace id: every stored user, the newest record of one stored twice.
func TestUsersOfEveryWorkspace(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewUserStore(db)
		puts := []struct {
			ws    campaignbot.WorkspaceID
			users []campaignbot.User
			at    time.Time
		}{
			{"T1", []campaignbot.User{{ID: "U1", Name: "li.na", Timezone: "America/Los_Angeles"}, {ID: "U2", Name: "bob"}}, t0.Add(time.Hour)},
			{"T2", []campaignbot.User{{ID: "U1", Name: "li.na", Timezone: "Asia/Tokyo"}}, t0},
			{"T2", []campaignbot.User{{ID: "U3", Name: "carol", Timezone: "Europe/Berlin"}}, t0},
		}
		for _, p := range puts {
			if err := s.PutUsers(ctx, p.ws, p.users, p.at); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.UsersOfEveryWorkspace(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[campaignbot.UserID]string{"U1": "America/Los_Angeles", "U2": "", "U3": "Europe/Berlin"}
		if len(got) != len(want) {
			t.Fatalf("got %d users, want %d: %+v", len(got), len(want), got)
		}
		for id, tz := range want {
			if got[id].Timezone != tz {
				t.Errorf("%s: zone %q, want %q", id, got[id].Timezone, tz)
			}
		}
	})
}
