package main

import (
	"log/slog"
	"path/filepath"

	"github.com/campaignbot/campaignbot/chart"
	"github.com/campaignbot/campaignbot/config"
)

// newCharts returns the chart renderer, drawing with charts.font (read at
// start) or the embedded font. A named font that cannot be used falls
// back to the embedded one with a warning, so the charts still render.
func newCharts(cfg *config.Config, log *slog.Logger) *chart.Renderer {
	if cfg.Charts.Font != "" {
		r, err := chart.New(cfg.Charts.Font)
		if err == nil {
			return r
		}
		log.Warn("charts.font cannot be used; drawing charts with the embedded font", "font", cfg.Charts.Font, "err", err)
	}
	r, err := chart.New("")
	if err != nil {
		log.Error("the embedded chart font cannot be read; progress is sent without charts", "err", err)
		return nil
	}
	return r
}

// chartDir is where the console writes the charts it is sent: a charts
// folder beside the export folder.
func chartDir(cfg *config.Config) string {
	return filepath.Join(filepath.Dir(exportDir(cfg)), "charts")
}
