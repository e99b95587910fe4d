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
