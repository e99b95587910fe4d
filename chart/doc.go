// Package chart draws a campaign's progress as a PNG with
// gonum.org/v1/plot: a burn-down of the open to-dos against the days to
// D-day above a Gantt-style milestone timeline on the same day axis.
//
// Text is drawn with one TrueType font: by default the embedded subset of
// WenQuanYi Micro Hei (fonts/, Apache-2.0), which covers ASCII, the
// GB2312 symbols and its 3,755 level-1 hanzi, the common Simplified
// Chinese characters; a font file the config names (charts.font) replaces
// it for wider coverage.
package chart
