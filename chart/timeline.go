package chart

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/campaignbot/campaignbot"
)

// Colours of the timeline's bars.
var (
	passedColor = color.RGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff}
	aheadColor  = color.RGBA{R: 0x19, G: 0x76, B: 0xd2, A: 0xff}
)

// timeline plots one row per milestone, earliest at the top: a bar from
// its first reminder to its instant (grey once passed) and a diamond at
// the instant, on the same day axis as the burn-down. Quiet hours are not
// shaded: at a day scale over weeks each quiet span would be a stripe a
// pixel or two wide, three a day, which hides the bars rather than
// explaining them.
func (r *Renderer) timeline(p campaignbot.Progress, lang campaignbot.Language, loc *time.Location) (*plot.Plot, error) {
	lang = r.labelLanguage(lang)
	pl := r.newPlot()
	pl.Title.Text = campaignbot.T("chart.milestones-bar-from-the-first-reminder").In(lang)
	pl.X.Label.Text = campaignbot.T("chart.days-to-d-day").In(lang)
	ms := slices.Concat(p.Passed, p.Ahead)
	n := len(ms)
	pl.Y.Min, pl.Y.Max = -0.5, float64(max(n, 1))-0.5
	var ticks []plot.Tick
	for i, m := range ms {
		row := float64(n - 1 - i)
		start, end := milestoneSpan(p.Campaign, m)
		col := aheadColor
		if !m.At.After(p.At) {
			col = passedColor
		}
		if end > start {
			bar, err := plotter.NewPolygon(plotter.XYs{{X: start, Y: row - 0.3}, {X: end, Y: row - 0.3}, {X: end, Y: row + 0.3}, {X: start, Y: row + 0.3}})
			if err != nil {
				return nil, err
			}
			bar.Color = col
			bar.LineStyle.Width = 0
			pl.Add(bar)
		}
		mark, err := plotter.NewScatter(plotter.XYs{{X: end, Y: row}})
		if err != nil {
			return nil, err
		}
		mark.Shape = draw.PyramidGlyph{}
		mark.Color = col
		mark.Radius = vg.Points(5)
		pl.Add(mark)
		ticks = append(ticks, plot.Tick{Value: row, Label: fmt.Sprintf("%s %s", shorten(m.Name), m.At.In(loc).Format("01-02"))})
	}
	pl.Y.Tick.Marker = plot.ConstantTicks(ticks)
	now, err := nowLine(daysFromDDay(p.Campaign, p.At), pl.Y.Min, pl.Y.Max)
	if err != nil {
		return nil, err
	}
	pl.Add(now)
	return pl, nil
}

// shorten cuts a milestone name to maxLabel characters.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxLabel {
		return s
	}
	return string(r[:maxLabel-1]) + "…"
}
