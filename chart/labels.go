package chart

import "github.com/campaignbot/campaignbot"

// labels are the chart's own texts, each drawn in the labels' language.
func labels() []campaignbot.Text {
	return []campaignbot.Text{
		campaignbot.T("chart.open-to-dos-burn-down", ""),
		campaignbot.T("chart.days-to-d-day"),
		campaignbot.T("chart.open-to-dos"),
		campaignbot.T("chart.ideal"),
		campaignbot.T("chart.open-at-the-end-of-the"),
		campaignbot.T("chart.now"),
		campaignbot.T("chart.milestones-bar-from-the-first-reminder"),
	}
}

// labelLanguage returns the language the chart's labels are drawn in:
// lang when r's font has a glyph for every character of them, else the
// nearest language it can draw (Traditional Chinese falls back to
// Simplified, everything else to English). The embedded font draws every
// shipped language; a font charts.font names may not.
func (r *Renderer) labelLanguage(lang campaignbot.Language) campaignbot.Language {
	for _, l := range []campaignbot.Language{lang, fallback(lang), campaignbot.English} {
		if r.draws(l) {
			return l
		}
	}
	return campaignbot.English
}

// fallback is the language a reader of l reads next best.
func fallback(l campaignbot.Language) campaignbot.Language {
	if l == campaignbot.TraditionalChinese {
		return campaignbot.Chinese
	}
	return campaignbot.English
}

// draws reports whether r's font has a glyph for every character of the
// labels in language l.
func (r *Renderer) draws(l campaignbot.Language) bool {
	for _, t := range labels() {
		for _, c := range t.In(l) {
			if i, err := r.face.GlyphIndex(nil, c); err != nil || i == 0 {
				return false
			}
		}
	}
	return true
}
