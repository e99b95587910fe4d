package console

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestConsoleLanguageOverrideAndAuto: in the console, `/help language …`
// and `@campaignbot language …` pick the typing user's language, kept in
// the database; other users keep the config's; auto goes back to it; a
// bad code is answered in English and Chinese.
func TestConsoleLanguageOverrideAndAuto(t *testing.T) {
	cfg := exampleConfig(t)
	current := func() *config.Config { return cfg }
	now := time.Date(2026, 10, 30, 12, 0, 0, 0, time.UTC)
	out := &syncBuffer{}
	take := reader(out)
	a, err := New(Options{Out: out, Config: current, User: "li.na", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.OpenSQLite(t)
	choices := storage.NewLanguageChoices(db)
	router := bot.NewRouter(bot.RouterOptions{Config: current, Now: func() time.Time { return now }, Languages: choices})
	handlers.Register(router, handlers.Deps{Todos: storage.NewTodoService(db), Languages: choices})
	ctx := context.Background()

	steps := []struct {
		line string
		want []string
		lang campaignbot.Language // li.na's stored choice afterwards
	}{
		{"@campaignbot language", []string{"I answer you in English (en)."}, ""},
		{"/help language zh-TW", []string{"好的：從現在起我用繁體中文（zh-TW）回覆你。"}, campaignbot.TraditionalChinese},
		{"/help", []string{"命令："}, campaignbot.TraditionalChinese},
		{"/as bob", nil, campaignbot.TraditionalChinese},
		{"/help", []string{"Commands:"}, campaignbot.TraditionalChinese},
		{"/as li.na", nil, campaignbot.TraditionalChinese},
		{"@campaignbot language klingon", []string{
			"抱歉，我不认识语言 klingon。请使用 en、zh-CN、zh-TW 或 ja 之一",
			"Sorry, I don't know the language klingon. Use one of en, zh-CN, zh-TW or ja",
		}, campaignbot.TraditionalChinese},
		{"@campaignbot language auto", []string{"Done: no language of your own any more; I answer you in English (en)"}, ""},
		{"/help", []string{"Commands:"}, ""},
	}
	for _, st := range steps {
		a.handleLine(ctx, router, st.line)
		got := take()
		for _, w := range st.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s printed:\n%s\nwant it to hold %q", st.line, got, w)
			}
		}
		if l, err := choices.UserLanguage(ctx, Workspace, "li.na"); err != nil || l != st.lang {
			t.Errorf("after %s li.na's choice is %q, %v; want %q", st.line, l, err, st.lang)
		}
	}
}
