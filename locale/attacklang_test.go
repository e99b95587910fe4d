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

// TestAttackLang_TaiwanWording: OpenCC's mainland-to-Taiwan conversion
// left mainland words, or made wrong ones, in the zh-TW catalog: 併發
// ("concurrency", for 并发 "and post"), 許可權 for 權限, 回收站 for
// 資源回收筒, 倒計時, 配置 for 設定, 文本, 訪問, 私信, 應用主頁, 打開
// and 3天后 with the Simplified 后.
func TestAttackLang_TaiwanWording(t *testing.T) {
	cat := catalogs(t)
	mainland := []string{"併發", "許可權", "回收站", "倒計時", "配置", "文本", "訪問", "私信", "應用主頁", "打開", "天后"}
	for _, id := range cat.IDsIn(campaignbot.TraditionalChinese) {
		for _, text := range cat.Forms(campaignbot.TraditionalChinese, id) {
			for _, w := range mainland {
				if strings.Contains(text, w) {
					t.Errorf("zh-TW %s: mainland %q in %q", id, w, text)
				}
			}
		}
	}
}
