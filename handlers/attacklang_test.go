package handlers_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackLang_GrantReplyInTaiwaneseAndJapanese: /kb grant answered a
// Traditional Chinese reader with a hard-coded Simplified Chinese
// sentence ("现在是"), and the zh-TW catalog's own order ("X 現在是 viewer
// 的 FOLDER") read backwards.
func TestAttackLang_GrantReplyInTaiwaneseAndJapanese(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	e := newKBEnv(t, db)
	tw, jp, cn := alice, alice, alice
	tw.Locale, jp.Locale, cn.Locale = "zh-TW", "ja-JP", "zh-CN"
	want(t, e.cmd(alice, general, "", "mkdir Double 11/Supplier prices"), "Created the folder")
	tests := []struct {
		name string
		got  string
		want string
		not  string
	}{
		{"zh-TW", e.cmd(tw, general, "", "grant Double 11/Supplier prices @bob viewer"), "@bob 現在是 Double 11/Supplier prices 的 viewer。", "现在是"},
		{"zh-CN", e.cmd(cn, general, "", "grant Double 11/Supplier prices @bob editor"), "@bob 现在是 Double 11/Supplier prices 的 editor。", "現在是"},
		{"ja", e.cmd(jp, general, "", "grant Double 11/Supplier prices @bob viewer"), "Double 11/Supplier prices の viewer になりました", "さん"},
	}
	for _, tt := range tests {
		want(t, tt.got, tt.want)
		wantNot(t, tt.got, tt.not)
	}
}

// TestAttackLang_ProgressInAChannelFollowsTheChannel: /campaign progress
// asked in the campaign channel is posted there for everyone, yet was
// written in the asker's own language: one Japanese member's choice
// turned the whole channel's report (and chart) Japanese, unlike the
// weekly progress post. Posted in a channel it follows the campaign's
// language; asked outside one it is the asker's DM, in theirs.
func TestAttackLang_ProgressInAChannelFollowsTheChannel(t *testing.T) {
	data, err := os.ReadFile("testdata/progress.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("progress.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Language = campaignbot.Chinese
	now := time.Date(2026, 10, 25, 10, 0, 0, 0, cfg.Timezone)
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }})
	handlers.Register(r, handlers.Deps{Progress: &progress.Reporter{Todos: fixedTodos{todos: progressTodos(t)}}})
	chat := &chattest.Recorder{}
	jp := campaignbot.User{ID: "bob", Name: "bob", Locale: "ja-JP"}
	r.HandleCommand(context.Background(), chat, &bot.Command{Workspace: "T1", Name: "campaign", Args: "progress double11",
		User: jp, Channel: campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}})
	want, err := os.ReadFile("testdata/progress_zh-CN.golden")
	if err != nil {
		t.Fatal(err)
	}
	said := chat.Said()
	if len(said) != 1 || said[0].Message.Text+"\n" != string(want) {
		t.Errorf("in the channel, said %+v; want the channel's Chinese:\n%s", said, want)
	}
	chat = &chattest.Recorder{}
	r.HandleCommand(context.Background(), chat, &bot.Command{Workspace: "T1", Name: "campaign", Args: "progress double11", User: jp})
	said = chat.Said()
	if len(said) != 1 || said[0].Message.Text+"\n" == string(want) || !strings.Contains(said[0].Message.Text, "マイルストーン") {
		t.Errorf("outside a channel, said %+v; want the asker's Japanese", said)
	}
}

// TestAttackLang_JapaneseGrantToAChannelIsNoPerson: the Japanese grant
// and revoke replies call whoever got the role さん, so a channel read
// "#double11-design さんが …", an honorific for a channel.
func TestAttackLang_JapaneseGrantToAChannelIsNoPerson(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	e := newKBEnv(t, db)
	jp := alice
	jp.Locale = "ja-JP"
	want(t, e.cmd(alice, general, "", "mkdir Double 11/Supplier prices"), "Created the folder")
	got := e.cmd(jp, general, "", "grant Double 11/Supplier prices #double11-design viewer")
	want(t, got, "#double11-design が Double 11/Supplier prices の viewer になりました")
	wantNot(t, got, "さん")
	got = e.cmd(jp, general, "", "revoke Double 11/Supplier prices #double11-design")
	want(t, got, "#double11-design の Double 11/Supplier prices へのアクセス権")
	wantNot(t, got, "さん")
}

// TestAttackLang_LunarDDayInTraditionalChinese: a lunar D-day such as
// 腊月廿三 (the Little New Year) was shown to Taiwanese readers in
// Simplified characters, 农曆 beside 腊月; they read 臘月.
func TestAttackLang_LunarDDayInTraditionalChinese(t *testing.T) {
	cfg, err := config.Parse("lunar.yaml", []byte(`timezone: Asia/Shanghai
campaigns:
  - id: xiaonian2027
    name: Little New Year 2027
    channel: double11-war-room
    d_day: {lunar: 腊月廿三, year: 2026, time: "00:00"}
    milestones:
      - {id: kickoff, name: Kickoff, at: D-7 10:00}
`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2027, 1, 6, 0, 0, 0, 0, cfg.Timezone)
	r := bot.NewRouter(bot.RouterOptions{Config: func() *config.Config { return cfg }, Now: func() time.Time { return now }})
	handlers.Register(r, handlers.Deps{})
	for _, tt := range []struct{ locale, want, not string }{
		{"zh-TW", "（農曆臘月廿三）", "腊"},
		{"zh-CN", "（农历腊月廿三）", "臘"},
	} {
		chat := &chattest.Recorder{}
		r.HandleCommand(context.Background(), chat, &bot.Command{Name: "campaign", Args: "timeline xiaonian2027",
			User: campaignbot.User{ID: "bob", Name: "bob", Locale: tt.locale}, Channel: campaignbot.Channel{ID: "double11-war-room", Name: "double11-war-room"}})
		texts := chat.Texts()
		if len(texts) != 1 || !strings.Contains(texts[0], tt.want) || strings.Contains(texts[0], tt.not) {
			t.Errorf("%s: said %q; want %q without %q", tt.locale, texts, tt.want, tt.not)
		}
	}
}

// TestAttackLang_TodoWordsInJapanese: a Japanese reader's /todo show
// listed "ステータス: open" and "優先度: normal", the stored English
// words, and /todo list done said "完了済み To-Do" where every other
// Japanese text says タスク.
func TestAttackLang_TodoWordsInJapanese(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	w := newTodoWorld(t, db)
	jp, tw := uAlice, uAlice
	jp.Locale, tw.Locale = "ja-JP", "zh-TW"
	w.one(uWang, "/todo add <@alice> finish the coupon banner by tomorrow 6pm !high")
	show := func(u campaignbot.User) string {
		w.say(u, "/todo show 1")
		var out []string
		for _, s := range w.chat.Said() {
			for _, f := range s.Message.Fields {
				out = append(out, f.Label+": "+f.Value)
			}
		}
		return strings.Join(out, "\n")
	}
	got := show(jp)
	want(t, got, "ステータス: 未完了", "優先度: 高")
	wantNot(t, got, "open", "high")
	got = show(tw)
	want(t, got, "未完成", "高")
	wantNot(t, got, ": open", ": high")
	en := show(uAlice)
	want(t, en, "open", "high")
	w.one(uAlice, "/todo done 1")
	got = w.one(jp, "/todo list done")
	want(t, got, "完了済みのタスク")
	wantNot(t, got, "To-Do")
}

// TestAttackLang_NoDueDateGlue: a to-do without a date was confirmed as
// "— due no due date", "—— 截止 无截止时间" and "— 期限 期限なし": the
// word for due glued before the words for none, in every language, on
// creating, editing, reassigning and reopening it.
func TestAttackLang_NoDueDateGlue(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	w := newTodoWorld(t, db)
	glue := []string{"due no due date", "截止 无截止时间", "截止 無截止時間", "期限 期限なし"}
	for _, tt := range []struct {
		locale, line, want string
	}{
		{"", "/todo add <@alice> check stock depth", "*check stock depth* — no due date."},
		{"zh-CN", "/todo add <@alice> check stock depth", "*check stock depth* —— 无截止时间。"},
		{"zh-TW", "/todo add <@alice> check stock depth", "*check stock depth* —— 無截止時間。"},
		{"ja-JP", "/todo add <@alice> check stock depth", "*check stock depth* — 期限なし。"},
		{"ja-JP", "/todo edit 1 title check stock depth v2", "*check stock depth v2*（担当：<@alice>）— 期限なし。"},
		{"", "/todo assign 1 <@bob>", "is now <@bob>'s — no due date."},
		{"ja-JP", "/todo done 1", ""},
		{"ja-JP", "/todo reopen 1", "を再開しました — 期限なし。"},
		{"", "/todo snooze 2 2h", "it has no due date."},
		{"ja-JP", "/todo add <@alice> check stock depth by friday 6pm", "— 期限 10/23（金）18:00"},
	} {
		u := uAlice
		u.Locale = tt.locale
		got := strings.Join(w.say(u, tt.line), "\n")
		want(t, got, tt.want)
		wantNot(t, got, glue...)
	}
}
