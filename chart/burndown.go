package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/campaignbot/campaignbot"
)

// burndown plots the open to-dos at the end of each day against the days
// to D-day, with the ideal line from the most open to none at D-day.
func (r *Renderer) burndown(p campaignbot.Progress, lang campaignbot.Language) (*plot.Plot, error) {
	lang = r.labelLanguage(lang)
	pl := r.newPlot()
	pl.Title.Text = campaignbot.T("chart.open-to-dos-burn-down", p.Campaign.Name).In(lang)
	pl.X.Label.Text = campaignbot.T("chart.days-to-d-day").In(lang)
	pl.Y.Label.Text = campaignbot.T("chart.open-to-dos").In(lang)
	pl.Y.Min = 0
	pl.Add(plotter.NewGrid())
	most := 1
	actual := make(plotter.XYs, len(p.Burndown))
	for i, b := range p.Burndown {
		actual[i] = plotter.XY{X: -float64(b.DaysToDDay), Y: float64(b.Open)}
		most = max(most, b.Open)
	}
	pl.Y.Max = float64(most) * 1.15
	if len(actual) > 0 {
		ideal, err := plotter.NewLine(plotter.XYs{{X: actual[0].X, Y: float64(most)}, {X: 0, Y: 0}})
		if err != nil {
			return nil, err
		}
		ideal.Color = color.Gray{Y: 0x99}
		ideal.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		pl.Add(ideal)
		pl.Legend.Add(campaignbot.T("chart.ideal").In(lang), ideal)
		line, points, err := plotter.NewLinePoints(actual)
		if err != nil {
			return nil, err
		}
		line.Color = color.RGBA{R: 0x19, G: 0x76, B: 0xd2, A: 0xff}
		line.Width = vg.Points(2)
		points.Shape = draw.CircleGlyph{}
		points.Color = line.Color
		points.Radius = vg.Points(2.5)
		pl.Add(line, points)
		pl.Legend.Add(campaignbot.T("chart.open-at-the-end-of-the").In(lang), line, points)
	}
	now, err := nowLine(daysFromDDay(p.Campaign, p.At), 0, pl.Y.Max)
	if err != nil {
		return nil, err
	}
	pl.Add(now)
	pl.Legend.Add(campaignbot.T("chart.now").In(lang), now)
	pl.Legend.Top = true
	return pl, nil
}
