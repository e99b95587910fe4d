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

// TestLanguageCommand: `/help language …` and `@campaignbot language …`
// record the choice and answer privately in the language now in force; a
// change re-plans the reminders so planned DMs follow it, and a bad code,
// a look or `/help` alone changes nothing; a message that mentions
// someone else is not a language command.
func TestLanguageCommand(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	ctx := context.Background()
	cfg := exampleConfig(t)
	now := time.Date(2026, 10, 20, 9, 30, 0, 0, time.UTC)
	choices := storage.NewLanguageChoices(db)
	replans := 0
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }, Languages: choices})
	handlers.Register(r, handlers.Deps{Todos: storage.NewTodoService(db), Languages: choices,
		Replanner: replanFunc(func(context.Context) error { replans++; return nil })})
	chat := &chattest.Recorder{Users: []campaignbot.User{{ID: "li.na", Name: "li.na"}, {ID: "bob", Name: "bob"}}}
	lina := campaignbot.User{ID: "li.na", Name: "li.na", Locale: "zh-CN"}
	room := campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}
	steps := []struct {
		name    string
		command string // a /help argument, else a mention's text
		mention string
		want    string
		kind    string
		choice  campaignbot.Language
		replans int
	}{
		{"look", "language", "", "我用简体中文（zh-CN）回复你。", "ephemeral", "", 0},
		{"choose ja", "language ja", "", "設定しました：今後は 日本語（ja）でお答えします。", "ephemeral", campaignbot.Japanese, 1},
		{"choose en by mention", "", "<@UBOT> language EN", "Done: I answer you in English (en) from now on.", "ephemeral", campaignbot.English, 2},
		{"bad code", "language zh", "", "Sorry, I don't know the language zh.", "ephemeral", campaignbot.English, 2},
		{"a long bad code is quoted short", "", "<@UBOT> language " + strings.Repeat("x", 3000), "Sorry, I don't know the language " + strings.Repeat("x", 20) + "….", "ephemeral", campaignbot.English, 2},
		{"a bad code is escaped", "", "<@UBOT> language &lt;b&gt;", "I don't know the language &lt;b&gt;.", "ephemeral", campaignbot.English, 2},
		{"help alone", "", "", "", "", campaignbot.English, 2},
		{"a to-do mentioning someone is no language command", "", "<@UBOT> <@bob> language review", "✅", "send", campaignbot.English, 2},
		{"auto", "language auto", "", "好的：已取消你自选的语言", "ephemeral", "", 3},
	}
	for _, st := range steps {
		before := len(chat.Said())
		switch {
		case st.mention != "":
			r.HandleMessage(ctx, chat, &bot.Message{Workspace: "console", TS: "1." + st.name, User: lina, Channel: room, Text: st.mention, MentionsBot: true})
		default:
			r.HandleCommand(ctx, chat, &bot.Command{Workspace: "console", Name: "help", Args: st.command, User: lina, Channel: room})
		}
		said := chat.Said()[before:]
		if st.want != "" {
			if len(said) != 1 || said[0].Kind != st.kind || !strings.Contains(said[0].Message.Text, st.want) {
				t.Errorf("%s: said %+v; want one %s holding %q", st.name, said, st.kind, st.want)
			}
		}
		if l, err := choices.UserLanguage(ctx, "console", "li.na"); err != nil || l != st.choice {
			t.Errorf("%s: choice %q, %v; want %q", st.name, l, err, st.choice)
		}
		if replans != st.replans {
			t.Errorf("%s: %d re-plans, want %d", st.name, replans, st.replans)
		}
	}
}
