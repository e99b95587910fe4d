package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// mentionFrom returns an app_mention event from user in #double11-design
// at ts, with the given id and text after the bot's mention.
func mentionFrom(b *testBot, eventID, user, ts, text string) []byte {
	s := string(b.fixture("events/app_mention.json"))
	s = strings.ReplaceAll(s, "Ev0MENTION", eventID)
	s = strings.ReplaceAll(s, `"user": "U0ALICE"`, `"user": "`+user+`"`)
	s = strings.ReplaceAll(s, "1700000200.000300", ts)
	return []byte(strings.ReplaceAll(s, "<@UBOT> hello!", "<@UBOT> "+text))
}

// slashCommand sends a slash command from user in #double11-design; its
// answers are posted to the response_url named id.
func (b *testBot) slashCommand(command, user, id, text string) {
	b.t.Helper()
	fields := map[string]string{
		"token": "gIkuvaNzQIHg97ATvDxqgjtO", "team_id": slackfake.TeamID, "team_domain": "fake",
		"channel_id": "C0DESIGN", "channel_name": "double11-design", "user_id": user, "user_name": strings.ToLower(user),
		"command": command, "text": text, "api_app_id": slackfake.AppID, "response_url": b.w.fake.ResponseURL(id),
		"trigger_id": "1." + id,
	}
	if b.adapter.Mode() == ModeHTTP {
		v := url.Values{}
		for k, s := range fields {
			v.Set(k, s)
		}
		if code, resp := b.post(CommandsPath, "application/x-www-form-urlencoded", []byte(v.Encode())); code != http.StatusOK {
			b.t.Fatalf("command: %d %q", code, resp)
		}
		return
	}
	data, err := json.Marshal(fields)
	if err != nil {
		b.t.Fatal(err)
	}
	env := b.w.fake.Deliver(slackfake.SlashCommands, rawJSON(data))
	b.waitFor(func() bool { ok, _ := b.w.fake.Acked(env); return ok }, "the ack of "+env)
}

// threadReply returns the text of the bot's post in the thread of ts.
func threadReply(b *testBot, ts string) string {
	b.t.Helper()
	var text string
	b.waitFor(func() bool {
		for _, c := range b.w.fake.Delivered("chat.postMessage") {
			if c.Params.Get("thread_ts") == ts {
				text = c.Params.Get("text")
				return true
			}
		}
		return false
	}, "the reply in the thread of "+ts)
	return text
}

// ephemeralTo returns the text of the n-th (from 1) ephemeral message to
// user.
func ephemeralTo(b *testBot, user string, n int) string {
	b.t.Helper()
	var text string
	b.waitFor(func() bool {
		i := 0
		for _, c := range b.w.fake.Delivered("chat.postEphemeral") {
			if c.Params.Get("user") == user {
				if i++; i == n {
					text = c.Params.Get("text")
					return true
				}
			}
		}
		return false
	}, "ephemeral message to "+user)
	return text
}

// created is the confirmation of to-do #n for owner, titled title, with no
// due date, as the to-do handler writes it.
func created(n int, owner, title string, lang campaignbot.Language) string {
	return campaignbot.Join(" ",
		campaignbot.T("handlers.to-do-for-due", n, owner, title, campaignbot.T("handlers.no-due-date-db9ede")),
		campaignbot.T("handlers.add-a-date-any-time-edit", "todo", n),
	).In(lang)
}

// TestJapaneseLocaleUserEndToEnd: a user whose Slack locale is ja-JP
// (users.info with include_locale) creates a to-do by mention and is
// answered in Japanese, buttons included; an English user in the same
// channel is answered in English, and a zh-TW one in Traditional Chinese.
func TestJapaneseLocaleUserEndToEnd(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddUser(slackfake.User{ID: "U0HANA", Name: "hana", RealName: "Hana", TZ: "Asia/Tokyo", Locale: "ja-JP"})
		todos := storage.NewTodoService(w.db)
		b := w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{Todos: todos, Languages: storage.NewLanguageChoices(w.db), Logger: testLogger(t)})
		})

		b.deliverEvent(mentionFrom(b, "Ev0HANA", "U0HANA", "1700000300.000100", "<@U0BOB> review the banner"))
		got := threadReply(b, "1700000300.000100")
		wantHana := created(1, "<@U0BOB>", "review the banner", campaignbot.Japanese)
		if got != wantHana {
			t.Errorf("hana was answered\n%q\nwant\n%q", got, wantHana)
		}
		// Written out once, so that a catalog that lost its Japanese fails.
		if want := "✅ タスク #1（担当：<@U0BOB>）：*review the banner* — 期限なし。 日付はいつでも追加できます：/todo edit 1 due friday。"; got != want {
			t.Errorf("hana was answered\n%q\nwant the Japanese\n%q", got, want)
		}
		var asked bool
		for _, c := range w.fake.Calls("users.info") {
			asked = asked || c.Params.Get("user") == "U0HANA" && c.Params.Get("include_locale") == "true"
		}
		if !asked {
			t.Errorf("hana was not looked up with include_locale: %v", w.fake.Calls("users.info"))
		}
		if u, err := storage.NewUserStore(w.db).FindUser(context.Background(), slackfake.TeamID, "U0HANA"); err != nil || u.Locale != "ja-JP" {
			t.Errorf("hana is stored as %+v, %v; want her locale ja-JP", u, err)
		}
		var hanaPost url.Values
		for _, c := range w.fake.Delivered("chat.postMessage") {
			if c.Params.Get("thread_ts") == "1700000300.000100" {
				hanaPost = c.Params
			}
		}
		wantDone := "完了"
		if !strings.Contains(hanaPost.Get("blocks"), `"text":"`+wantDone+`"`) {
			t.Errorf("hana's buttons are not labeled %q: %s", wantDone, hanaPost.Get("blocks"))
		}

		b.deliverEvent(mentionFrom(b, "Ev0ALICE", "U0ALICE", "1700000400.000100", "<@U0BOB> check the coupons"))
		if got, want := threadReply(b, "1700000400.000100"), created(2, "<@U0BOB>", "check the coupons", campaignbot.English); got != want {
			t.Errorf("alice was answered\n%q\nwant\n%q", got, want)
		}

		// A Taiwanese colleague's locale zh-TW is followed the same way.
		w.fake.AddUser(slackfake.User{ID: "U0MEI", Name: "mei", RealName: "Mei", TZ: "Asia/Taipei", Locale: "zh-TW"})
		b.deliverEvent(mentionFrom(b, "Ev0MEI", "U0MEI", "1700000500.000100", "<@U0BOB> print the flyers"))
		if got, want := threadReply(b, "1700000500.000100"), created(3, "<@U0BOB>", "print the flyers", campaignbot.TraditionalChinese); got != want {
			t.Errorf("mei was answered\n%q\nwant\n%q", got, want)
		}

		if got == created(1, "<@U0BOB>", "review the banner", campaignbot.English) {
			t.Errorf("hana was answered in English: %q", got)
		}
	})
}

// TestLanguageOverrideAndAuto: a person's own choice (`/help language en`
// or `@campaignbot language …`) beats their Slack locale, is kept in the
// database, and `language auto` goes back to the locale; a code that is
// no language is answered in English and Chinese with the valid ones.
func TestLanguageOverrideAndAuto(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddUser(slackfake.User{ID: "U0CHEN", Name: "chen.jie", RealName: "陈杰", TZ: "Asia/Shanghai", Locale: "zh-CN"})
		todos := storage.NewTodoService(w.db)
		choices := storage.NewLanguageChoices(w.db)
		b := w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{Todos: todos, Languages: choices, Logger: testLogger(t)})
		})
		ctx := context.Background()

		// Without a choice, chen's Slack locale decides.
		b.deliverEvent(mentionFrom(b, "Ev0L1", "U0CHEN", "1700000300.000100", "language"))
		if got := ephemeralTo(b, "U0CHEN", 1); !strings.Contains(got, "我用简体中文（zh-CN）回复你") {
			t.Errorf("language without a choice: %q", got)
		}

		// /help language en overrides it, durably.
		b.slashCommand("/help", "U0CHEN", "lang-en", "language EN")
		b.waitFor(func() bool { return len(responses(w.fake, "lang-en")) == 1 }, "the answer to /help language en")
		if got := responses(w.fake, "lang-en")[0]["text"]; got != "Done: I answer you in English (en) from now on. `language auto` follows your Slack language again." {
			t.Errorf("/help language en answered %q", got)
		}
		if l, err := choices.UserLanguage(ctx, slackfake.TeamID, "U0CHEN"); err != nil || l != campaignbot.English {
			t.Errorf("stored choice %q, %v; want en", l, err)
		}
		b.deliverEvent(mentionFrom(b, "Ev0L2", "U0CHEN", "1700000400.000100", "<@U0BOB> review the banner"))
		if got, want := threadReply(b, "1700000400.000100"), created(1, "<@U0BOB>", "review the banner", campaignbot.English); got != want {
			t.Errorf("after choosing en chen was answered\n%q\nwant\n%q", got, want)
		}

		// A mention picks Japanese the same way.
		b.deliverEvent(mentionFrom(b, "Ev0L3", "U0CHEN", "1700000500.000100", "language ja"))
		if got := ephemeralTo(b, "U0CHEN", 2); !strings.Contains(got, "今後は 日本語（ja）でお答えします") {
			t.Errorf("language ja answered %q", got)
		}
		if l, _ := choices.UserLanguage(ctx, slackfake.TeamID, "U0CHEN"); l != campaignbot.Japanese {
			t.Errorf("stored choice %q, want ja", l)
		}

		// A bad code: both languages, the valid ones listed, nothing changed.
		b.deliverEvent(mentionFrom(b, "Ev0L4", "U0CHEN", "1700000600.000100", "language jp"))
		got := ephemeralTo(b, "U0CHEN", 3)
		for _, want := range []string{"Sorry, I don't know the language jp. Use one of en, zh-CN, zh-TW or ja, or auto",
			"抱歉，我不认识语言 jp。请使用 en、zh-CN、zh-TW 或 ja 之一，或用 auto"} {
			if !strings.Contains(got, want) {
				t.Errorf("language jp answered %q; want it to hold %q", got, want)
			}
		}
		if l, _ := choices.UserLanguage(ctx, slackfake.TeamID, "U0CHEN"); l != campaignbot.Japanese {
			t.Errorf("a bad code changed the stored choice to %q", l)
		}

		// auto goes back to the Slack locale.
		b.deliverEvent(mentionFrom(b, "Ev0L5", "U0CHEN", "1700000700.000100", "language auto"))
		if got := ephemeralTo(b, "U0CHEN", 4); got != "好的：已取消你自选的语言；我按你的 Slack 设置或团队语言，用简体中文（zh-CN）回复你。" {
			t.Errorf("language auto answered %q", got)
		}
		if l, _ := choices.UserLanguage(ctx, slackfake.TeamID, "U0CHEN"); l != "" {
			t.Errorf("auto left the choice %q", l)
		}
		b.deliverEvent(mentionFrom(b, "Ev0L6", "U0CHEN", "1700000800.000100", "<@U0BOB> print the flyers"))
		if got, want := threadReply(b, "1700000800.000100"), created(2, "<@U0BOB>", "print the flyers", campaignbot.Chinese); got != want {
			t.Errorf("after auto chen was answered\n%q\nwant\n%q", got, want)
		}

		// Bob's replies never changed: his own locale (en-US) decides.
		b.slashCommand("/help", "U0BOB", "bob-lang", "language")
		b.waitFor(func() bool { return len(responses(w.fake, "bob-lang")) == 1 }, "the answer to bob")
		if got, _ := responses(w.fake, "bob-lang")[0]["text"].(string); !strings.HasPrefix(got, "I answer you in English (en).") {
			t.Errorf("bob's language: %q", got)
		}
	})
}

// TestDMsInTheRecipientsLanguage: what the bot writes on its own is in
// the reader's language, not the asker's: an English asker's to-do for a
// colleague whose Slack locale is zh-CN is confirmed to the asker in
// English and nudges its owner in Chinese; a milestone's DMs follow each
// person (their own choice first) and its channel post the campaign's
// language.
func TestDMsInTheRecipientsLanguage(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddUser(slackfake.User{ID: "U0CHEN", Name: "chen.jie", RealName: "陈杰", TZ: "Asia/Shanghai", Locale: "zh-CN"})
		now := w.clock.Now()
		cfg := *w.cfg
		cfg.Language = campaignbot.English
		cfg.Campaigns = []campaignbot.Campaign{{
			ID: "double11", Name: "Double 11", Channel: "C0DESIGN", DDay: now.Add(48 * time.Hour), Language: campaignbot.Chinese,
			Milestones: []campaignbot.Milestone{{
				ID: "warm-up", Name: "Warm-up", At: now.Add(time.Hour), Offsets: []time.Duration{time.Hour},
				Message: config.DefaultMilestoneMessage, Urgent: true,
				Notify: campaignbot.Audience{Channel: true, Users: []campaignbot.UserID{"U0ALICE", "U0CHEN", "U0BOB"}},
			}},
		}}
		w.cfg = &cfg
		todos := storage.NewTodoService(w.db)
		choices := storage.NewLanguageChoices(w.db)
		rs := storage.NewReminderStore(w.db)
		b := w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{Todos: todos, Languages: choices, Logger: testLogger(t)})
		})
		ctx := context.Background()
		// Bob chose Japanese for himself, whatever his Slack locale.
		if err := choices.SetUserLanguage(ctx, slackfake.TeamID, "U0BOB", campaignbot.Japanese, now); err != nil {
			t.Fatal(err)
		}

		b.deliverEvent(mentionFrom(b, "Ev0DM1", "U0ALICE", "1700000300.000100", "<@U0CHEN> review the banner"))
		if got, want := threadReply(b, "1700000300.000100"), created(1, "<@U0CHEN>", "review the banner", campaignbot.English); got != want {
			t.Errorf("alice was answered\n%q\nwant\n%q", got, want)
		}

		who := &scheduler.PeopleDirectory{Chat: b.adapter, Users: storage.NewUserStore(w.db), Workspace: slackfake.TeamID,
			Choices: choices, ChoicesWorkspace: slackfake.TeamID}
		source := scheduler.TodoSource(slackfake.TeamID, 1)
		nudge := campaignbot.Reminder{Key: source + ":1h:@U0CHEN", Source: source, Kind: campaignbot.ReminderTodo, At: now,
			Zone: "Asia/Shanghai", Quiet: true, Recipient: campaignbot.Recipient{User: "U0CHEN"}}
		if _, err := rs.Replan(ctx, source, []campaignbot.Reminder{nudge}, now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		plans, problems := scheduler.MilestoneReminders(ctx, w.cfg, who)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if _, err := rs.ReplanPrefix(ctx, "milestone:", plans, now.Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		current := func() *config.Config { return w.cfg }
		d := &scheduler.Dispatcher{Store: rs, Messenger: b.adapter, Clock: scheduler.FixedClock{T: now}, Config: current, Owner: "e2e",
			Languages: who, Composers: map[campaignbot.ReminderKind]scheduler.Composer{
				campaignbot.ReminderTodo: scheduler.TodoComposer{Todos: todos, Config: current, Languages: who},
			}}
		if err := d.DispatchDue(ctx, now); err != nil {
			t.Fatal(err)
		}

		var chenNudge url.Values
		for _, c := range w.fake.Delivered("chat.postMessage") {
			if c.Params.Get("channel") == "U0CHEN" && strings.Contains(c.Params.Get("text"), "review the banner") {
				chenNudge = c.Params
			}
		}
		if want := campaignbot.Textf("⏰ Reminder: #%d *%s*.", "⏰ 提醒：#%d *%s*。", 1, "review the banner").In(campaignbot.Chinese); chenNudge.Get("text") != want {
			t.Errorf("chen's nudge = %q, want %q", chenNudge.Get("text"), want)
		}
		if !strings.Contains(chenNudge.Get("blocks"), `"text":"完成"`) {
			t.Errorf("chen's nudge buttons are not in Chinese: %s", chenNudge.Get("blocks"))
		}

		timeline := campaignbot.T("scheduler.timeline")
		for _, tt := range []struct {
			to   string
			lang campaignbot.Language
		}{
			{"U0ALICE", campaignbot.English},  // her Slack locale, en-US
			{"U0BOB", campaignbot.Japanese},   // his own choice
			{"C0DESIGN", campaignbot.Chinese}, // the campaign's language
		} {
			var got url.Values
			for _, c := range w.fake.Delivered("chat.postMessage") {
				if c.Params.Get("channel") == tt.to && strings.Contains(c.Params.Get("text"), "Warm-up") {
					got = c.Params
				}
			}
			if got == nil {
				t.Errorf("no milestone reminder to %s among %v", tt.to, posted(w.fake))
				continue
			}
			wantText := "*Warm-up* (Double 11): " + scheduler.Countdown(now, now.Add(time.Hour), tt.lang) + ", "
			if !strings.HasPrefix(got.Get("text"), wantText) || !strings.Contains(got.Get("blocks"), `"text":"`+timeline.In(tt.lang)+`"`) {
				t.Errorf("milestone reminder to %s in %s = %q %s; want it to start %q", tt.to, tt.lang, got.Get("text"), got.Get("blocks"), wantText)
			}
		}
		var chenMilestone string
		for _, c := range w.fake.Delivered("chat.postMessage") {
			if c.Params.Get("channel") == "U0CHEN" && strings.Contains(c.Params.Get("text"), "Warm-up") {
				chenMilestone = c.Params.Get("text")
			}
		}
		if want := "*Warm-up* (Double 11): " + scheduler.Countdown(now, now.Add(time.Hour), campaignbot.Chinese); !strings.HasPrefix(chenMilestone, want) {
			t.Errorf("chen's milestone DM = %q, want it to start %q", chenMilestone, want)
		}
	})
}

// TestUserChangeChangesTheLanguage: a user_change event carrying a new
// Slack locale is stored, and the next reply (after a restart too) is in
// the new language.
func TestUserChangeChangesTheLanguage(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		w.fake.AddUser(slackfake.User{ID: "U0CHEN", Name: "chen.jie", RealName: "陈杰", TZ: "Asia/Shanghai", Locale: "zh-CN"})
		b := w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{Languages: storage.NewLanguageChoices(w.db), Logger: testLogger(t)})
		})
		b.deliverEvent(mentionFrom(b, "Ev0UC1", "U0CHEN", "1700000300.000100", "language"))
		if got := ephemeralTo(b, "U0CHEN", 1); !strings.HasPrefix(got, "我用简体中文（zh-CN）回复你。") {
			t.Errorf("before the change: %q", got)
		}
		ts := fmt.Sprintf("%d.000100", w.clock.Now().Unix()+60)
		b.deliverEvent([]byte(`{"token":"x","team_id":"T0FAKE","api_app_id":"A0FAKE","type":"event_callback","event_id":"Ev0CHENMOVES","event_time":1,` +
			`"event":{"type":"user_change","event_ts":"` + ts + `","user":{"id":"U0CHEN","name":"chen.jie","real_name":"陈杰","tz":"Asia/Tokyo","locale":"ja-JP","profile":{"real_name":"陈杰"}}}}`))
		b.stop() // Run returns once the event's work is done
		if u, err := storage.NewUserStore(w.db).FindUser(context.Background(), slackfake.TeamID, "U0CHEN"); err != nil || u.Locale != "ja-JP" {
			t.Fatalf("after user_change the directory holds %+v, %v", u, err)
		}
		b = w.startWith(t, func(b *testBot) {
			handlers.Register(b.router, handlers.Deps{Languages: storage.NewLanguageChoices(w.db), Logger: testLogger(t)})
		})
		b.deliverEvent(mentionFrom(b, "Ev0UC2", "U0CHEN", "1700000400.000100", "language"))
		want := "日本語（ja）でお答えしています。`language ja`、`zh-TW`、`zh-CN`、`en` で変更できます。`language auto` で Slack の言語に従います。"
		if got := ephemeralTo(b, "U0CHEN", 2); got != want {
			t.Errorf("after user_change to ja-JP: %q, want %q", got, want)
		}
	})
}
