package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestTodoSearchFindsDeleted checks the promise /todo delete makes: a
// deleted to-do stays in the history, found by /todo search and marked as
// deleted, for everyone who can find the other to-dos (anyone in the
// workspace), while lists of open work leave it out.
func TestTodoSearchFindsDeleted(t *testing.T) {
	for _, lang := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
		t.Run(string(lang), func(t *testing.T) {
			storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
				w := newTodoWorld(t, db)
				w.cfg.Language = lang
				w.one(uWang, "/todo add <@alice> finish the coupon banner by tomorrow 6pm")
				w.one(uWang, "/todo add <@bob> pack the coupon boxes by friday")
				w.one(uWang, "/todo delete 1")
				w.one(uBob, "/todo done 2")
				deleted := map[campaignbot.Language]string{
					campaignbot.English: "🗑 #1 finish the coupon banner — <@alice> — Wed 10-21 18:00 (in 1 day) (deleted)",
					campaignbot.Chinese: "🗑 #1 finish the coupon banner — <@alice> — 10-21 周三 18:00（1 天后）（已删除）",
				}[lang]
				tests := []struct {
					name    string
					user    campaignbot.User
					line    string
					want    []string
					notWant []string
				}{
					{"the creator finds it", uWang, "/todo search coupon", []string{deleted, "✓ #2 pack the coupon boxes"}, nil},
					{"its former owner finds it", uAlice, "/todo search banner", []string{deleted}, nil},
					{"someone unrelated finds it, as any to-do", campaignbot.User{ID: "zhang.wei", Name: "zhang.wei"}, "/todo search COUPON BANNER", []string{deleted}, nil},
					{"open lists leave it out", uAlice, "/todo list", nil, []string{"#1"}},
					{"all open to-dos leave it out", uWang, "/todo list all", nil, []string{"#1"}},
				}
				for _, tt := range tests {
					got := w.one(tt.user, tt.line)
					for _, want := range tt.want {
						if !strings.Contains(got, want) {
							t.Errorf("%s: %s:\n got %q\nwant it to contain %q", tt.name, tt.line, got, want)
						}
					}
					for _, no := range tt.notWant {
						if strings.Contains(got, no) {
							t.Errorf("%s: %s:\n got %q\nwant no %q", tt.name, tt.line, got, no)
						}
					}
				}
			})
		})
	}
}

// TestNoNudgeRightAfterCreating checks that a to-do due "in 2 hours" is
// confirmed once, with no "due in 2 hours" DM planned for the same minute.
func TestNoNudgeRightAfterCreating(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newTodoWorld(t, db)
		tests := []struct {
			line   string
			source string
			want   []string // every nudge planned, offset@time
		}{
			// 12:00 is in the lunch quiet hours: the at-due nudge moves to 11:29.
			{"/todo add <@alice> send the banner in 2 hours", "todo:T1/1", []string{"0@10-20 11:29"}},
			{"/todo add <@alice> send the copy in 3 hours", "todo:T1/2", []string{"2h@10-20 11:00", "0@10-20 11:29"}},
		}
		for _, tt := range tests {
			if got := w.one(uAlice, tt.line); !strings.HasPrefix(got, "✅") {
				t.Fatalf("%s: %q", tt.line, got)
			}
			rs, err := w.store.Reminders(context.Background(), campaignbot.ReminderFilter{Source: tt.source, Kind: campaignbot.ReminderTodo})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rs {
				got = append(got, r.Offset+"@"+r.At.In(w.now.Location()).Format("01-02 15:04"))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%s: nudges %v, want %v", tt.line, got, tt.want)
			}
		}
	})
}

// TestOverdueSaysHowOverdue checks that an overdue to-do reads "overdue by
// 3 hours" wherever it is shown, never "(now)", in both languages, while a
// finished one keeps its plain countdown.
func TestOverdueSaysHowOverdue(t *testing.T) {
	for _, lang := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
		t.Run(string(lang), func(t *testing.T) {
			storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
				w := newTodoWorld(t, db)
				w.cfg.Language = lang
				w.one(uWang, "/todo add <@alice> finish the coupon banner by tomorrow 6pm")
				w.one(uWang, "/todo add <@alice> pack the gift boxes by tomorrow 6pm")
				w.now = cst(t, "2026-10-21 18:00").Add(30 * time.Second)
				w.one(uAlice, "/todo done 2")
				en := lang == campaignbot.English
				pick := func(e, z string) string {
					if en {
						return e
					}
					return z
				}
				tests := []struct {
					now  time.Time
					line string
					want string
				}{
					{cst(t, "2026-10-21 18:00").Add(30 * time.Second), "/todo list",
						pick("⚠ #1 finish the coupon banner — <@alice> — Wed 10-21 18:00 (overdue by 1 minute)", "⚠ #1 finish the coupon banner — <@alice> — 10-21 周三 18:00（已逾期 1 分钟）")},
					{cst(t, "2026-10-21 21:00"), "/todo list overdue",
						pick("⚠ #1 finish the coupon banner — <@alice> — Wed 10-21 18:00 (overdue by 3 hours)", "⚠ #1 finish the coupon banner — <@alice> — 10-21 周三 18:00（已逾期 3 小时）")},
					{cst(t, "2026-10-21 21:00"), "/todo search coupon",
						pick("(overdue by 3 hours)", "（已逾期 3 小时）")},
					{cst(t, "2026-10-21 21:00"), "/todo list done",
						pick("✓ #2 pack the gift boxes — <@alice> — Wed 10-21 18:00 (3 hours ago)", "✓ #2 pack the gift boxes — <@alice> — 10-21 周三 18:00（3 小时前）")},
					{cst(t, "2026-10-21 21:00"), "/todo snooze 1 2h",
						pick("it is still due Wed 10-21 18:00 (overdue by 3 hours).", "截止时间不变：10-21 周三 18:00（已逾期 3 小时）。")},
				}
				for _, tt := range tests {
					w.now = tt.now
					got := w.one(uAlice, tt.line)
					if !strings.Contains(got, tt.want) {
						t.Errorf("%s at %s:\n got %q\nwant it to contain %q", tt.line, tt.now.Format("15:04:05"), got, tt.want)
					}
					if strings.Contains(got, "(now)") || strings.Contains(got, "（现在）") {
						t.Errorf("%s: says now: %q", tt.line, got)
					}
				}
			})
		})
	}
}

// TestAssignToAnUnknownName checks that /todo assign with an @name the
// chat did not recognise names it and says what works, in both languages,
// and leaves the owners as they were.
func TestAssignToAnUnknownName(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newTodoWorld(t, db)
		w.one(uWang, "/todo add <@alice> finish the coupon banner by tomorrow 6pm")
		tests := []struct {
			lang campaignbot.Language
			line string
			want string
		}{
			{campaignbot.English, "/todo assign 1 @nobody",
				"I don't know @nobody: no one here has that name, so #1 keeps its owners. Mention a member of this workspace (in Slack, pick them from the list that opens when you type @), e.g. /todo assign 1 @carol"},
			{campaignbot.English, "/todo assign 1 @nobody and @ghost.",
				"I don't know @nobody @ghost: no one here has that name, so #1 keeps its owners."},
			{campaignbot.Chinese, "/todo assign 1 @nobody",
				"我不认识 @nobody：这里没有叫这个名字的成员，因此 #1 的负责人不变。请 @ 本工作区的成员（在 Slack 中输入 @ 后从弹出的列表中选择），例如 /todo assign 1 @carol"},
			{campaignbot.English, "/todo assign 1", "Assign to whom? e.g. /todo assign 1 @carol"},
			{campaignbot.Chinese, "/todo assign 1 给谁都行", "分配给谁？例如 /todo assign 1 @carol"},
		}
		for _, tt := range tests {
			w.cfg.Language = tt.lang
			if got := w.one(uWang, tt.line); !strings.HasPrefix(got, tt.want) {
				t.Errorf("%s (%s):\n got %q\nwant %q", tt.line, tt.lang, got, tt.want)
			}
		}
		got, err := w.todos.FindTodo(context.Background(), "T1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Assignees) != 1 || got.Assignees[0] != "alice" {
			t.Errorf("owners changed to %v", got.Assignees)
		}
	})
}

// TestCampaignScheduleComputesEveryDigest checks /campaign schedule at a
// fixed instant (Tue 2026-10-20 10:00 Shanghai): it shows every digest of
// the window, though nothing planned them yet, at the time quiet hours in
// the recipient's zone allow (bob is in New York), and says why the
// calendar moved a reminder off the weekend, in both languages.
func TestCampaignScheduleComputesEveryDigest(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		w := newTodoWorld(t, db)
		w.one(uAlice, "/todo add <@bob> pack the gift boxes by 10/23 18:00")
		tests := []struct {
			lang    campaignbot.Language
			want    []string
			notWant []string
		}{
			{campaignbot.English, []string{
				// 09:30 in Shanghai is 21:30 the evening before in New York:
				// quiet there, so each digest waits for 09:00 EDT.
				"• 10-20 21:00 digest bob → @bob (moved by quiet hours in America/New_York)",
				"• 10-23 21:00 digest bob → @bob (moved by quiet hours in America/New_York)",
				"• 10-26 21:00 digest bob → @bob (moved by quiet hours in America/New_York)",
				"• 10-22 21:00 todo T1/1 (1d) → @bob (moved by quiet hours in America/New_York)",
				// The leads' digests start once bob's to-do is overdue.
				"• 10-26 09:30 digest li.na → @li.na",
				// Due Friday 10-23 18:00, overdue a day on Saturday: the
				// escalation waits for Monday's start and says why.
				"• 10-26 09:00 escalation T1/1 (+1d) → @li.na (moved: weekend)",
			}, []string{"digest alice", "10-23 09:30 digest li.na", "10-27 21:00", "10-24 18:00 escalation"}},
			{campaignbot.Chinese, []string{
				"• 10-21 21:00 digest bob → @bob（按 America/New_York 的免打扰时段调整）",
				"• 10-26 09:00 escalation T1/1 (+1d) → @li.na（顺延：周末）",
			}, nil},
		}
		for _, tt := range tests {
			w.cfg.Language = tt.lang
			got := w.one(uAlice, "/campaign schedule 7")
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("%s: lacks %q:\n%s", tt.lang, want, got)
				}
			}
			for _, no := range tt.notWant {
				if strings.Contains(got, no) {
					t.Errorf("%s: has %q:\n%s", tt.lang, no, got)
				}
			}
			if n := strings.Count(got, "digest bob"); n != 5 {
				t.Errorf("%s: %d digests for bob, want 5 (10-20, 21, 22, 23, 26):\n%s", tt.lang, n, got)
			}
		}
	})
}
