package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackAck2_AddMilestoneAckPeople: the people named after `ack` are
// checked as a to-do's owners are. A mention of someone who does not
// exist (or is not in this workspace), of a bot (the bot itself) or of a
// deactivated account was stored, and the milestone's reminders then
// asked nobody who could click Got it. The full-width ＠ that Chinese
// and Japanese keyboards type, accepted everywhere else in the bot, was
// "I don't understand", and so was 需確認, the keyword the Traditional
// Chinese usage text tells people to type.
func TestAttackAck2_AddMilestoneAckPeople(t *testing.T) {
	tests := []struct {
		name, args string
		lang       campaignbot.Language
		want       string // in the answer
		stored     bool
	}{
		{"unknown id", `add-milestone double11 a1 "A" D-3 10:00 ack <@U0GONE>`, campaignbot.English, "I don't know <@U0GONE>", false},
		{"the bot", `add-milestone double11 a2 "A" D-3 10:00 ack <@UBOT>`, campaignbot.English, "<@UBOT> is a bot", false},
		{"another bot by name", `add-milestone double11 a3 "A" D-3 10:00 ack @jira`, campaignbot.English, "<@U0JIRA> is a bot", false},
		{"deactivated", `add-milestone double11 a4 "A" D-3 10:00 ack @bob`, campaignbot.English, "I don't know @bob", false},
		{"full-width at", `add-milestone double11 a5 "A" D-3 10:00 需确认 ＠alice`, campaignbot.Chinese, "<@U0ALICE>", true},
		{"traditional keyword", `add-milestone double11 a6 "A" D-3 10:00 需確認 @alice`, campaignbot.TraditionalChinese, "<@U0ALICE>", true},
		{"full-width keyword", `add-milestone double11 a7 "A" D-3 10:00 ＡＣＫ @alice`, campaignbot.English, "<@U0ALICE>", true},
	}
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		base := *exampleConfig(t)
		now := time.Date(2026, 10, 20, 10, 0, 0, 0, base.Timezone)
		overrides := storage.NewMilestoneOverrides(db)
		cur := &base
		r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cur }, Now: func() time.Time { return now }})
		handlers.Register(r, handlers.Deps{Reminders: storage.NewReminderStore(db), Overrides: overrides, Replanner: replanFunc(func(context.Context) error { return nil })})
		chat := &chattest.Recorder{Users: []campaignbot.User{
			{ID: "U0ALICE", Name: "alice"}, {ID: "U0JIRA", Name: "jira", IsBot: true}, {ID: "U0BOB", Name: "bob", Deleted: true}, {ID: "UBOT", Name: "campaignbot", IsBot: true},
		}}
		admin := campaignbot.User{ID: "wang.fang", Name: "wang.fang"}
		room := campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				cfg := base
				cfg.Language = tt.lang
				cur = &cfg
				chat.Reset()
				r.HandleCommand(ctx, chat, &bot.Command{Name: "campaign", Args: tt.args, User: admin, Channel: room})
				got := strings.Join(chat.Texts(), "\n")
				if !strings.Contains(got, tt.want) {
					t.Errorf("%s: %q, want %q", tt.args, got, tt.want)
				}
				id := strings.Fields(tt.args)[2]
				os, err := overrides.Overrides(ctx, "")
				if err != nil {
					t.Fatal(err)
				}
				stored := false
				for _, o := range os {
					stored = stored || o.MilestoneID == id
				}
				if stored != tt.stored {
					t.Errorf("%s: stored %v, want %v (%q)", tt.args, stored, tt.stored, got)
				}
			})
		}
	})
}
