package scheduler_test

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
)

// TestAttackLang_DueWeekdayInTheReadersLanguage: a due time in a
// Japanese nudge, digest or to-do reply read "Thu 10-29 18:00", an
// English weekday spliced into Japanese, and Taiwanese readers got the
// mainland 周四 rather than 週四.
func TestAttackLang_DueWeekdayInTheReadersLanguage(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 10, 29, 18, 0, 0, 0, loc) // a Thursday
	for _, tt := range []struct {
		lang      campaignbot.Language
		want, not string
	}{
		{campaignbot.English, "Thu 10-29 18:00", "木"},
		{campaignbot.Chinese, "10-29 周四 18:00", "Thu"},
		{campaignbot.TraditionalChinese, "10-29 週四 18:00", "Thu"},
		{campaignbot.Japanese, "10/29（木）18:00", "Thu"},
	} {
		got := scheduler.FormatDue(due, loc, tt.lang)
		if !strings.Contains(got, tt.want) || strings.Contains(got, tt.not) {
			t.Errorf("FormatDue in %s = %q; want %q, without %q", tt.lang, got, tt.want, tt.not)
		}
	}
}

// TestAttackLang_AckTitleOffsetInWords: an acknowledgement re-ping or
// escalation named its reminder "（提前 1d，…）" or "（1d 前、…）", the
// config's shorthand spliced into Chinese and Japanese; whole days,
// hours or minutes read as words in the reader's language, and an
// offset that is no whole unit stays as written. Chinese put "after" in
// front ("之后 30m"), which reads backwards.
func TestAttackLang_AckTitleOffsetInWords(t *testing.T) {
	cfg := &config.Config{}
	at := time.Date(2026, 10, 30, 20, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		offset string
		lang   campaignbot.Language
		want   string
	}{
		{"1d", campaignbot.Chinese, "提前 1 天"},
		{"1d", campaignbot.TraditionalChinese, "提前 1 天"},
		{"2h", campaignbot.Japanese, "2 時間前"},
		{"1d", campaignbot.English, "1 day before"},
		{"7d", campaignbot.English, "7 days before"},
		{"-30m", campaignbot.English, "30 minutes after"},
		{"1d12h", campaignbot.Japanese, "1d12h前"},
		{"-30m", campaignbot.Chinese, "30 分钟后"},
		{"-2h", campaignbot.TraditionalChinese, "2 小時後"},
	} {
		r := campaignbot.Reminder{Source: "milestone:double11/warm-up", Offset: tt.offset, At: at}
		if got := scheduler.AckTitle(cfg, tt.lang, time.UTC, r, "Warm-up"); !strings.Contains(got, tt.want) {
			t.Errorf("AckTitle(%s, %s) = %q; want %q", tt.offset, tt.lang, got, tt.want)
		}
	}
}
