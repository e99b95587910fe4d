package locale_test

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/campaignbot/campaignbot"
	_ "github.com/campaignbot/campaignbot/locale"
)

// hasKana reports whether s has Japanese kana.
func hasKana(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}

// TestRepliesInTraditionalChineseAndJapanese: the replies built in the
// root package, from package-level texts and from errors with counts, read
// in Traditional Chinese and Japanese from the catalogs.
func TestRepliesInTraditionalChineseAndJapanese(t *testing.T) {
	_, tooMany := campaignbot.ParseSearchQuery(strings.Repeat("word ", campaignbot.MaxSearchTerms+1), time.UTC)
	saturday := time.Date(2026, 10, 10, 12, 0, 0, 0, time.UTC)
	_, weekend := (*campaignbot.Calendar)(nil).Day(saturday)
	tests := []struct {
		name string
		text campaignbot.Text
		// in Simplified Chinese, a phrase that Traditional Chinese writes
		// otherwise, and how
		zhCN, zhTW string
	}{
		{"the apology for an internal error", campaignbot.InternalErrorText, "机器人", "機器人"},
		{"a counted search error", campaignbot.ErrorText(tooMany), "搜索", "搜尋"},
		{"the weekend as a day off", weekend, "周末", "週末"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en, ja := tt.text.In(campaignbot.English), tt.text.In(campaignbot.Japanese)
			cn, tw := tt.text.In(campaignbot.Chinese), tt.text.In(campaignbot.TraditionalChinese)
			if en == "" || ja == en || !(hasKana(ja) || ja == "週末") {
				t.Errorf("Japanese %q (English %q) is not Japanese", ja, en)
			}
			if !strings.Contains(cn, tt.zhCN) || !strings.Contains(tw, tt.zhTW) || strings.Contains(tw, tt.zhCN) {
				t.Errorf("zh-CN %q, zh-TW %q; want %s in Simplified and %s in Traditional", cn, tw, tt.zhCN, tt.zhTW)
			}
		})
	}
	for _, l := range campaignbot.Languages {
		if got := campaignbot.ErrorText(tooMany).In(l); !strings.Contains(got, "10") {
			t.Errorf("the search error in %s does not give the limit of %d words: %q", l, campaignbot.MaxSearchTerms, got)
		}
	}
}

// TestTextArgumentsFollowTheLanguage: a text formatted into another is
// written in the language asked for.
func TestTextArgumentsFollowTheLanguage(t *testing.T) {
	saturday := time.Date(2026, 10, 10, 12, 0, 0, 0, time.UTC)
	_, weekend := (*campaignbot.Calendar)(nil).Day(saturday)
	joined := campaignbot.Join(" / ", weekend, campaignbot.InternalErrorText)
	for _, l := range campaignbot.Languages {
		want := weekend.In(l) + " / " + campaignbot.InternalErrorText.In(l)
		if got := joined.In(l); got != want {
			t.Errorf("Join in %s = %q, want %q", l, got, want)
		}
	}
}
