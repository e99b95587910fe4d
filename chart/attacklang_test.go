package chart

import (
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestAttackLang_ChartLabelsNeverDrawAsBoxes: the embedded font is a
// GB2312 subset, which lacks most Traditional characters (數, 進, 圖) and
// the Japanese long vowel mark ー and kanji such as 終 and 時; a chart
// asked for in zh-TW or ja must not write its labels with characters the
// font draws as empty boxes.
func TestAttackLang_ChartLabelsNeverDrawAsBoxes(t *testing.T) {
	p, loc := fixture(t)
	r, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range campaignbot.Languages {
		burn, err := r.burndown(p, lang)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := r.timeline(p, lang, loc)
		if err != nil {
			t.Fatal(err)
		}
		labels := []string{burn.Title.Text, burn.X.Label.Text, burn.Y.Label.Text, tl.Title.Text, tl.X.Label.Text}
		for _, s := range labels {
			for _, c := range s {
				if i, err := r.face.GlyphIndex(nil, c); err != nil || i == 0 {
					t.Errorf("%s: label %q: %q is not in the font (drawn as a box)", lang, s, c)
				}
			}
		}
	}
}

// TestEmbeddedFontDrawsEveryLanguage: the embedded font has a glyph for
// every character of the chart's labels in each shipped language, so a
// Japanese or Taiwanese reader's chart is labeled in their language, not
// in a fallback.
func TestEmbeddedFontDrawsEveryLanguage(t *testing.T) {
	r, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range campaignbot.Languages {
		if got := r.labelLanguage(lang); got != lang {
			t.Errorf("labels for %s are drawn in %s", lang, got)
		}
	}
	// User data drawn on the timeline: Traditional and Japanese milestone names.
	for _, s := range []string{"預熱開始", "報名截止", "雙11 開賣", "予熱開始", "クーポン配布", "セール終了"} {
		for _, c := range s {
			if i, err := r.face.GlyphIndex(nil, c); err != nil || i == 0 {
				t.Errorf("%q: %q is not in the embedded font", s, c)
			}
		}
	}
}
