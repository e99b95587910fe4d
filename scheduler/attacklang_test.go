package scheduler_test

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
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
