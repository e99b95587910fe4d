package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"slices"
	"time"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/campaignbot/campaignbot"
)

// Width and Height are the size of a progress chart in pixels.
const (
	Width  = 1200
	Height = 900
)

// dpi is the resolution the chart is drawn at.
const dpi = 100

// maxLabel is the longest milestone name shown, in characters.
const maxLabel = 18

// Renderer draws progress charts with one font. It is safe for
// concurrent use.
type Renderer struct {
	handler text.Handler
	face    *opentype.Font
}

// New returns a Renderer drawing with the TrueType or OpenType font at
// fontPath, or with the embedded CJK font when fontPath is "".
func New(fontPath string) (*Renderer, error) {
	h, f, err := loadFont(fontPath)
	if err != nil {
		return nil, err
	}
	return &Renderer{handler: h, face: f}, nil
}

// Progress draws p as a Width×Height PNG: the burn-down of open to-dos
// against the days to D-day above the milestone timeline, with labels in
// lang and times in loc. The same progress gives the same bytes.
func (r *Renderer) Progress(p campaignbot.Progress, lang campaignbot.Language, loc *time.Location) ([]byte, error) {
	burn, err := r.burndown(p, lang)
	if err != nil {
		return nil, fmt.Errorf("chart %s: burn-down: %w", p.Campaign.ID, err)
	}
	tl, err := r.timeline(p, lang, loc)
	if err != nil {
		return nil, fmt.Errorf("chart %s: timeline: %w", p.Campaign.ID, err)
	}
	lo, hi := dayRange(p)
	for _, pl := range []*plot.Plot{burn, tl} {
		pl.X.Min, pl.X.Max = lo, hi
		pl.X.Tick.Marker = dayTicks{}
	}
	c := vgimg.NewWith(vgimg.UseWH(Width*vg.Inch/dpi, Height*vg.Inch/dpi), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 3, PadBottom: vg.Millimeter * 3, PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 6}
	canvases := plot.Align([][]*plot.Plot{{burn}, {tl}}, tiles, dc)
	burn.Draw(canvases[0][0])
	tl.Draw(canvases[1][0])
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %s: png: %w", p.Campaign.ID, err)
	}
	return buf.Bytes(), nil
}

// newPlot returns a plot whose every text is drawn with r's font.
func (r *Renderer) newPlot() *plot.Plot {
	p := plot.New()
	p.TextHandler = r.handler
	styles := []*text.Style{&p.Title.TextStyle, &p.Legend.TextStyle, &p.X.Label.TextStyle, &p.X.Tick.Label, &p.Y.Label.TextStyle, &p.Y.Tick.Label}
	for _, s := range styles {
		s.Handler = r.handler
		s.Font = font.Font{Typeface: typeface, Size: s.Font.Size}
	}
	p.Title.TextStyle.Font.Size = vg.Points(15)
	return p
}

// dayRange is the span of the day axis: from the burn-down's first day
// (or the first milestone's first reminder) to D-day or the last
// milestone, whichever is later, with a day of margin.
func dayRange(p campaignbot.Progress) (lo, hi float64) {
	lo, hi = 0, 0
	if len(p.Burndown) > 0 {
		lo = -float64(p.Burndown[0].DaysToDDay)
	}
	for _, m := range slices.Concat(p.Passed, p.Ahead) {
		start, end := milestoneSpan(p.Campaign, m)
		lo, hi = math.Min(lo, start), math.Max(hi, end)
	}
	return math.Floor(lo) - 1, math.Ceil(hi) + 1
}

// daysFromDDay places t on the day axis: days after D-day, negative
// before.
func daysFromDDay(c campaignbot.Campaign, t time.Time) float64 {
	return t.Sub(c.DDay).Hours() / 24
}

// milestoneSpan is a milestone's bar on the day axis: from its earliest
// reminder to its instant.
func milestoneSpan(c campaignbot.Campaign, m campaignbot.Milestone) (start, end float64) {
	lead := time.Duration(0)
	for _, o := range m.Offsets {
		lead = max(lead, o)
	}
	return daysFromDDay(c, m.At.Add(-lead)), daysFromDDay(c, m.At)
}

// dayTicks labels the day axis D-n, with a step that keeps about ten
// labels, and D-day at 0.
type dayTicks struct{}

// Ticks implements plot.Ticker.
func (dayTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1
	for _, s := range []int{1, 2, 5, 7, 14, 28} {
		step = s
		if (hi-lo)/float64(s) <= 12 {
			break
		}
	}
	var ts []plot.Tick
	for d := int(math.Ceil(lo)); d <= int(math.Floor(hi)); d++ {
		label := ""
		if d%step == 0 {
			label = dayLabel(d)
		}
		ts = append(ts, plot.Tick{Value: float64(d), Label: label}) // an unlabelled tick is a minor one

	}
	return ts
}

// dayLabel writes a day axis position as D-n, D-day or D+n.
func dayLabel(d int) string {
	switch {
	case d < 0:
		return fmt.Sprintf("D%d", d)
	case d == 0:
		return "D"
	}
	return fmt.Sprintf("D+%d", d)
}

// nowLine is the vertical line at the instant the progress is measured.
func nowLine(x, ymin, ymax float64) (*plotter.Line, error) {
	l, err := plotter.NewLine(plotter.XYs{{X: x, Y: ymin}, {X: x, Y: ymax}})
	if err != nil {
		return nil, err
	}
	l.Color = color.RGBA{R: 0xd3, G: 0x2f, B: 0x2f, A: 0xff}
	l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	l.Width = vg.Points(1.2)
	return l, nil
}
