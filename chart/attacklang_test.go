package chart

import (
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"

	"github.com/campaignbot/campaignbot"
)

// TestAttackLang_ChartLabelsNeverDrawAsBoxes: a font that lacks a
// language's characters (charts.font may name one; the embedded font
// once lacked 數, 進, 圖, ー, 終 and 時) must not get labels written with
// characters it draws as empty boxes. With the embedded font and with a
// Latin-only one (gonum's Liberation Sans), every label of every language
// has its glyphs.
func TestAttackLang_ChartLabelsNeverDrawAsBoxes(t *testing.T) {
	p, loc := fixture(t)
	embedded, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	var sans font.Face
	for _, f := range liberation.Collection() {
		if f.Font.Typeface == "Liberation" && f.Font.Variant == "Sans" && f.Font.Style == 0 && f.Font.Weight == 0 {
			sans = f
		}
	}
	latin := &Renderer{handler: text.Plain{Fonts: font.NewCache(font.Collection{{Font: font.Font{Typeface: typeface}, Face: sans.Face}})}, face: sans.Face}
	for _, lang := range campaignbot.Languages {
		if got := latin.labelLanguage(lang); got != campaignbot.English || !latin.draws(got) {
			t.Errorf("a Latin-only font labels a %s chart in %s, want English", lang, got)
		}
	}
	for _, r := range []*Renderer{embedded} {
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
