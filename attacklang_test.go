package campaignbot_test

import (
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestAttackLang_LanguageByItsOwnName: the bot names the languages
// 日本語, 繁體中文, 简体中文 and English in its replies, and Slack shows
// locales as ja-JP or zh-HK, yet `language 日本語`, `language 繁體中文`
// or `language ja-JP` was "no language"; jp, zh and klingon still are.
func TestAttackLang_LanguageByItsOwnName(t *testing.T) {
	for in, want := range map[string]campaignbot.Language{
		"日本語": campaignbot.Japanese, "繁體中文": campaignbot.TraditionalChinese, "简体中文": campaignbot.Chinese,
		"English": campaignbot.English, "english": campaignbot.English, "ja-JP": campaignbot.Japanese,
		"zh-HK": campaignbot.TraditionalChinese, "zh_tw": campaignbot.TraditionalChinese, "zh-Hant": campaignbot.TraditionalChinese,
		"en-GB": campaignbot.English, "ZH-cn": campaignbot.Chinese,
		"jp": "", "zh": "", "klingon": "", "": "", "ja-": "", "en-US-x-" + string(make([]byte, 300)): "",
	} {
		got, ok := campaignbot.ParseLanguage(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseLanguage(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
