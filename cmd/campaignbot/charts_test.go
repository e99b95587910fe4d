package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/campaignbot/campaignbot/config"
)

// TestChartsFontFallsBack: a charts.font that cannot be used (gone since
// the config was checked, or not a font) leaves the embedded font drawing
// the charts.
func TestChartsFontFallsBack(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ttf")
	if err := os.WriteFile(bad, []byte("\x00\x01\x00\x00 but no tables"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, font := range []string{"", filepath.Join(dir, "gone.ttf"), bad} {
		cfg := &config.Config{Charts: config.Charts{Font: font}}
		if newCharts(cfg, slog.New(slog.DiscardHandler)) == nil {
			t.Errorf("charts.font %q: no renderer", font)
		}
	}
}
