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

// TestAttackLang_JapaneseSuggestionsParse: a bad day ("10/32") was
// answered in Japanese with 「来週の金曜日を試してください」, a phrase the
// parser cannot read (it reads no Japanese dates), so following the
// advice failed again. Every 「…」 the Japanese answer suggests must
// parse.
func TestAttackLang_JapaneseSuggestionsParse(t *testing.T) {
	opt := optsAt(tuesday(10, 0))
	_, _, err := ParseDue("by 10/32 18:00", opt)
	var e *campaignbot.Error
	if !errors.As(err, &e) {
		t.Fatalf("ParseDue = %v; want a *campaignbot.Error", err)
	}
	ja := e.Text.In(campaignbot.Japanese)
	quoted := strings.Split(ja, "「")[1:]
	if len(quoted) < 2 {
		t.Fatalf("no suggestion in %q", ja)
	}
	for _, q := range quoted[1:] { // the first quotes what was typed
		s, _, _ := strings.Cut(q, "」")
		if _, _, err := ParseDue(s, opt); err != nil {
			t.Errorf("the Japanese answer %q suggests %q, which fails: %v", ja, s, err)
		}
	}
}
