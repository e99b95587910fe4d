package slack

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/storage"
)

// TestUserDirectory: RefreshUsers fills the directory page by page with
// zones and locales; lookups then need no users.info, even after a
// restart; a user_change event updates a user at once.
func TestUserDirectory(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddUser(slackfake.User{ID: "U0CHEN", Name: "chen.jie", RealName: "陈杰", TZ: "Asia/Shanghai", Locale: "zh-CN"})
		w.fake.SetPageSize(2)
		b := w.start(t)
		ctx := context.Background()
		n, err := b.adapter.RefreshUsers(ctx)
		if err != nil || n != 4 { // alice, bob, chen and the bot
			t.Fatalf("RefreshUsers = %d, %v; want 4", n, err)
		}
		if calls := len(w.fake.Calls("users.list")); calls != 2 {
			t.Errorf("%d users.list calls for 4 users 2 a page, want 2", calls)
		}
		users := storage.NewUserStore(w.db)
		chen, err := users.FindUser(ctx, slackfake.TeamID, "U0CHEN")
		if err != nil || chen.Timezone != "Asia/Shanghai" || chen.Locale != "zh-CN" || chen.RealName != "陈杰" {
			t.Fatalf("directory holds %+v, %v", chen, err)
		}

		// Another process (a restart) finds users in the directory.
		again := w.newAdapterWith(t, users)
		if u, err := again.User(ctx, "U0BOB"); err != nil || u.Timezone != "Europe/Berlin" {
			t.Fatalf("User after a restart = %+v, %v", u, err)
		}
		if calls := len(w.fake.Calls("users.info")); calls != 0 {
			t.Errorf("%d users.info calls, want none", calls)
		}

		// Bob moves to New York.
		ts := fmt.Sprintf("%d.000100", w.clock.Now().Unix()+60)
		b.deliverEvent([]byte(`{"token":"x","team_id":"T0FAKE","api_app_id":"A0FAKE","type":"event_callback","event_id":"Ev0BOBMOVES","event_time":1,` +
			`"event":{"type":"user_change","event_ts":"` + ts + `","user":{"id":"U0BOB","name":"bob","real_name":"Bob","tz":"America/New_York","locale":"en-GB","profile":{"real_name":"Bob"}}}}`))
		b.stop() // Run returns once the event's work is done
		if u, err := users.FindUser(ctx, slackfake.TeamID, "U0BOB"); err != nil || u.Timezone != "America/New_York" {
			t.Fatalf("after user_change the directory holds %+v, %v", u, err)
		}
		if u, _ := b.adapter.User(ctx, "U0BOB"); u.Timezone != "America/New_York" || u.Locale != "en-GB" {
			t.Errorf("the adapter still has %+v", u)
		}

		// Someone the directory does not hold is asked for once, and kept.
		w.fake.AddUser(slackfake.User{ID: "U0NEW", Name: "new.hire", TZ: "Asia/Tokyo"})
		for range 2 {
			if u, err := again.User(ctx, "U0NEW"); err != nil || u.Timezone != "Asia/Tokyo" {
				t.Fatalf("User(new hire) = %+v, %v", u, err)
			}
		}
		if calls := len(w.fake.Calls("users.info")); calls != 1 {
			t.Errorf("%d users.info calls for a new hire, want 1", calls)
		}
		if _, err := users.FindUser(ctx, slackfake.TeamID, "U0NEW"); err != nil {
			t.Errorf("the new hire was not stored: %v", err)
		}
		if _, err := again.User(ctx, "U0GONE"); campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Errorf("an unknown user: %v", err)
		}
	})
}

// TestEventsWithObjects: user_change and channel_rename carry objects
// where messages carry ids; both parse, and a rename makes names resolve
// afresh.
func TestEventsWithObjects(t *testing.T) {
	for name, want := range map[string]func(ev *innerEvent) bool{
		"user_change.json": func(ev *innerEvent) bool {
			return ev.User == "U0BOB" && ev.Profile != nil && ev.Profile.TZ == "America/New_York"
		},
		"channel_rename.json": func(ev *innerEvent) bool {
			return ev.Channel == "C0DESIGN" && ev.Renamed != nil && ev.Renamed.Name == "double11-visuals"
		},
		"app_mention.json": func(ev *innerEvent) bool {
			return ev.User != "" && ev.Profile == nil && ev.Channel != "" && ev.Renamed == nil
		},
	} {
		body, err := os.ReadFile(filepath.Join("testdata", "events", name))
		if err != nil {
			t.Fatal(err)
		}
		_, ev, err := parseEnvelope(body)
		if err != nil || !want(ev) {
			t.Errorf("%s: %+v, %v", name, ev, err)
		}
	}
	if _, _, err := parseEnvelope([]byte(`{"type":"event_callback","event":{"type":"user_change","user":42}}`)); err == nil {
		t.Error("a user that is a number was accepted")
	}

	w := newWorld(t, ModeHTTP)
	b := w.start(t)
	ctx := context.Background()
	if id, ok, err := b.adapter.channelID(ctx, "double11-design"); err != nil || !ok || id != "C0DESIGN" {
		t.Fatalf("before the rename: %s %v %v", id, ok, err)
	}
	w.fake.RenameChannel("C0DESIGN", "double11-visuals")
	b.deliverEvent(b.fixture("events/channel_rename.json"))
	b.stop()
	if id, ok, err := b.adapter.channelID(ctx, "double11-visuals"); err != nil || !ok || id != "C0DESIGN" {
		t.Errorf("after the rename, the new name: %s %v %v", id, ok, err)
	}
	if _, ok, _ := b.adapter.channelID(ctx, "double11-design"); ok {
		t.Error("after the rename, the old name still resolves")
	}
}

// TestConfigNamesAreNotLookedUp: people in the example config are console
// names (li.na); on Slack they are not ids, Slack would answer
// user_not_found, and the adapter says so without asking.
func TestConfigNamesAreNotLookedUp(t *testing.T) {
	w := newWorld(t, "socket")
	b := w.start(t)
	for _, name := range []campaignbot.UserID{"li.na", "wang.fang", "u0alice", "U"} {
		_, err := b.adapter.User(context.Background(), name)
		if campaignbot.ErrorCode(err) != campaignbot.ENOTFOUND {
			t.Errorf("User(%q) = %v, want ENOTFOUND", name, err)
		}
	}
	if calls := len(w.fake.Calls("users.info")); calls != 0 {
		t.Errorf("%d users.info calls for names, want none", calls)
	}
	if u, err := b.adapter.User(context.Background(), "U0ALICE"); err != nil || u.Name != "alice" {
		t.Errorf("User(U0ALICE) = %+v, %v", u, err)
	}
}
