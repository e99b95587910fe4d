// Package chart draws a campaign's progress as a PNG with
// gonum.org/v1/plot: a burn-down of the open to-dos against the days to
// D-day above a Gantt-style milestone timeline on the same day axis.
//
// Text is drawn with one TrueType font: by default the embedded subset of
// WenQuanYi Micro Hei (fonts/, Apache-2.0), which covers ASCII and the
// common characters of Simplified Chinese (GB2312 level 1), Traditional
// Chinese (Big5 common) and Japanese (JIS X 0208 kana and level-1 kanji);
// a font file the config names (charts.font) replaces it for wider
// coverage.
package chart
