package locale_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// simplifiedOnly are characters written only in Simplified Chinese: in a
// Japanese or Traditional Chinese text they are mainland words left
// untranslated.
const simplifiedOnly = "复盘办项们这个时说请确认设计报导资频话简发进门问间务负责录输选择删须规档"

// examples are the parts of a text that quote what to type (`…`, “…”,
// 「…」, "…"): an example of Chinese input may be Simplified anywhere.
var examples = regexp.MustCompile("`[^`]*`|“[^”]*”|「[^」]*」|\"[^\"]*\"|\\\\\"[^\\\\]*\\\\\"")

// TestAttackLang_NoSimplifiedChineseInJapaneseOrTaiwanese: the Japanese
// review title read "振り返り（复盘）", a mainland word spliced into
// Japanese; no Japanese or Traditional Chinese text holds Simplified
// characters outside an example of what to type.
func TestAttackLang_NoSimplifiedChineseInJapaneseOrTaiwanese(t *testing.T) {
	cat := catalogs(t)
	for _, l := range []campaignbot.Language{campaignbot.Japanese, campaignbot.TraditionalChinese} {
		for _, id := range cat.IDsIn(l) {
			if id == "handlers.to-dos-campaignbot-alice-finish-the" {
				continue // the help lists the date phrases the parser reads, Chinese ones among them
			}
			for form, text := range cat.Forms(l, id) {
				prose := examples.ReplaceAllString(text, "")
				if i := strings.IndexAny(prose, simplifiedOnly); i >= 0 {
					t.Errorf("%s %s (%s): Simplified Chinese %q in %q", l, id, form, []rune(prose[i:])[0], text)
				}
			}
		}
	}
}
