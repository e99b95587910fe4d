package todotext

import (
	"errors"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestAttackLang_DateErrorsInJapaneseAndTaiwanese: a past or ambiguous
// due date was answered in Japanese with an English weekday "(Mon)" and
// an English "or" spliced in, and in Traditional Chinese with the
// mainland 周一.
func TestAttackLang_DateErrorsInJapaneseAndTaiwanese(t *testing.T) {
	opt := optsAt(tuesday(10, 0))
	for _, tt := range []struct {
		phrase string
		lang   campaignbot.Language
		want   []string
		not    []string
	}{
		{"yesterday 5pm", campaignbot.Japanese, []string{"2026-10-19 17:00（月）"}, []string{"(Mon)"}},
		{"yesterday 5pm", campaignbot.TraditionalChinese, []string{"2026-10-19 17:00（週一）"}, []string{"周一"}},
		{"yesterday 5pm", campaignbot.English, []string{"2026-10-19 17:00 (Mon)"}, nil},
		{"next friday", campaignbot.Japanese, []string{"2026-10-23 または 2026-10-30"}, []string{" or "}},
		{"next friday", campaignbot.English, []string{"2026-10-23 or 2026-10-30"}, nil},
		{"next friday", campaignbot.TraditionalChinese, []string{"2026-10-23 或 2026-10-30"}, []string{" or "}},
	} {
		_, _, err := ParseDue(tt.phrase, opt)
		var e *campaignbot.Error
		if !errors.As(err, &e) {
			t.Fatalf("ParseDue(%q) = %v; want a *campaignbot.Error", tt.phrase, err)
		}
		got := e.Text.In(tt.lang)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %q: %q lacks %q", tt.lang, tt.phrase, got, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s %q: %q holds %q", tt.lang, tt.phrase, got, n)
			}
		}
	}
}
