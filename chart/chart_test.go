package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/campaignbot/campaignbot"
)

// fixture is a Double 11 progress measured on 2026-10-25 10:00 Shanghai.
func fixture(t testing.TB) (campaignbot.Progress, *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	c := campaignbot.Campaign{ID: "double11", Name: "双11大促", DDay: time.Date(2026, 11, 11, 0, 0, 0, 0, loc), Milestones: []campaignbot.Milestone{
		{ID: "reg", Name: "报名截止", At: time.Date(2026, 10, 24, 23, 59, 0, 0, loc), Offsets: []time.Duration{7 * 24 * time.Hour}},
		{ID: "preheat", Name: "预热开始", At: time.Date(2026, 10, 31, 20, 0, 0, 0, loc), Offsets: []time.Duration{24 * time.Hour}},
		{ID: "dday", Name: "正式开售", At: time.Date(2026, 11, 11, 0, 0, 0, 0, loc)},
	}}
	now := time.Date(2026, 10, 25, 10, 0, 0, 0, loc)
	var todos []*campaignbot.Todo
	for i := range 12 {
		td := &campaignbot.Todo{Status: campaignbot.TodoOpen, CreatedAt: now.AddDate(0, 0, -14+i), Assignees: []campaignbot.UserID{"alice"}}
		if i%3 == 0 {
			td.Status, td.DoneAt = campaignbot.TodoDone, now.AddDate(0, 0, -10+i)
		}
		todos = append(todos, td)
	}
	return campaignbot.CampaignProgress(c, todos, now, loc), loc
}

func TestProgressChartSizeAndDeterminism(t *testing.T) {
	r, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	p, loc := fixture(t)
	for _, lang := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
		a, err := r.Progress(p, lang, loc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := r.Progress(p, lang, loc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings of the same progress differ", lang)
		}
		img, err := png.Decode(bytes.NewReader(a))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", lang, err)
		}
		if got := img.Bounds().Size(); got != (image.Point{X: Width, Y: Height}) {
			t.Errorf("%s: size %v, want %dx%d", lang, got, Width, Height)
		}
		if os.Getenv("CHART_OUT") != "" {
			if err := os.WriteFile(filepath.Join(os.Getenv("CHART_OUT"), "progress-"+string(lang)+".png"), a, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// glyphs draws each rune of s alone with the font of handler and returns
// the images, f naming the face.
func glyphs(t *testing.T, h text.Handler, f font.Font, s string) []*image.RGBA {
	t.Helper()
	var out []*image.RGBA
	for _, r := range s {
		c := vgimg.NewWith(vgimg.UseWH(40, 40), vgimg.UseDPI(72), vgimg.UseBackgroundColor(color.White))
		c.SetColor(color.Black)
		c.FillString(h.Cache().Lookup(f, 28), vg.Point{X: 4, Y: 8}, string(r))
		out = append(out, c.Image().(*image.RGBA))
	}
	return out
}

// inked counts the pixels that are not white.
func inked(img *image.RGBA) int {
	n := 0
	for i := 0; i < len(img.Pix); i += 4 {
		if img.Pix[i] < 0xc0 {
			n++
		}
	}
	return n
}

// distinct reports whether no two images are the same: a font without
// the characters draws the same .notdef box (or nothing) for each.
func distinct(imgs []*image.RGBA) bool {
	for i := range imgs {
		for j := i + 1; j < len(imgs); j++ {
			if bytes.Equal(imgs[i].Pix, imgs[j].Pix) {
				return false
			}
		}
	}
	return true
}

// TestChineseGlyphsAreNotBoxes draws the chart's Chinese labels one
// character at a time: with the chart's font every character has ink and
// a shape of its own; with a Latin-only font (gonum's Liberation) they
// are all the same box, which shows the check would catch boxes.
func TestChineseGlyphsAreNotBoxes(t *testing.T) {
	const s = "未完成待办燃尽图里程碑距日天数报名截止预热开始"
	embedded, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "font.ttf")
	if err := os.WriteFile(path, embeddedFont, 0o644); err != nil {
		t.Fatal(err)
	}
	named, err := New(path)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Renderer{"embedded": embedded, "charts.font": named} {
		imgs := glyphs(t, r.handler, font.Font{Typeface: typeface}, s)
		for i, img := range imgs {
			if inked(img) < 20 {
				t.Errorf("%s: %q has %d inked pixels", name, []rune(s)[i], inked(img))
			}
		}
		if !distinct(imgs) {
			t.Errorf("%s: two characters of %q draw the same image (boxes)", name, s)
		}
		for _, c := range s {
			if i, err := r.face.GlyphIndex(nil, c); err != nil || i == 0 {
				t.Errorf("%s: %q maps to .notdef", name, c)
			}
		}
	}
	latin := text.Plain{Fonts: font.NewCache(liberation.Collection())}
	if distinct(glyphs(t, latin, font.Font{Typeface: "Liberation", Variant: "Sans"}, s)) {
		t.Error("a Latin-only font draws the Chinese characters as distinct shapes; the check cannot tell boxes")
	}
}

func TestNamedFontErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ttf")
	if err := os.WriteFile(bad, []byte("not a font"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(dir, "missing.ttf"), bad} {
		if _, err := New(path); err == nil {
			t.Errorf("New(%s) = nil error", path)
		}
	}
}

func BenchmarkProgressChart(b *testing.B) {
	r, err := New("")
	if err != nil {
		b.Fatal(err)
	}
	p, loc := fixture(b)
	for b.Loop() {
		if _, err := r.Progress(p, campaignbot.Chinese, loc); err != nil {
			b.Fatal(err)
		}
	}
}
