package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestCalendarCoverageWarnings parses each testdata/warnings/*.yaml (all
// valid) and compares its warnings, in English and Chinese, with the
// .golden file beside it (go test ./config/ -update rewrites them). The
// fixtures say in comments which campaigns and jobs warn and why: a lunar
// 2028 campaign, a campaign whose default end reaches 2028, `on: workdays`
// jobs bounded in or open-ended from 2028; no warning for 2026 and 2027,
// for jobs not on workdays or unbounded, for 2028 once calendar.holidays
// lists its days, or without a region.
func TestCalendarCoverageWarnings(t *testing.T) {
	clearEnv(t)
	files, err := filepath.Glob("testdata/warnings/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cfg := mustParse(t, file, data)
			var b strings.Builder
			for _, w := range cfg.Warnings {
				b.WriteString(w.In(campaignbot.English) + "\n" + w.In(campaignbot.Chinese) + "\n")
			}
			got := b.String()
			checkGolden(t, "warnings", file, got)
		})
	}
}

// TestExampleHasNoWarnings: the example config's campaign and jobs are in
// 2026, which lunar-go covers.
func TestExampleHasNoWarnings(t *testing.T) {
	clearEnv(t)
	cfg := mustParse(t, campaignbot.ExampleConfigName, campaignbot.ExampleConfig)
	for _, w := range cfg.Warnings {
		t.Errorf("warning: %s", w.In(campaignbot.English))
	}
}

// TestWatcherLogsCalendarWarnings: a reload that moves the example's
// campaign into 2028 logs the warning, in English and Chinese, and still
// publishes the config.
func TestWatcherLogsCalendarWarnings(t *testing.T) {
	var logs syncBuffer
	w, path := newTestWatcher(t, &logs)
	writeFile(t, path, example(t, "d_day: 2026-11-11 00:00", "d_day: 2028-11-11 00:00", "ends: 2026-11-30 23:59", "ends: 2028-11-30 23:59"))
	cfg, err := w.Reload()
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) != 1 || w.Current() != cfg {
		t.Fatalf("warnings %v; published: %v", cfg.Warnings, w.Current() == cfg)
	}
	for _, want := range []string{"level=WARN msg=\"config warning\"", "no CN public holiday data for 2028; campaign double11 runs into it", "没有 2028 年的 CN 法定节假日数据"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log lacks %q:\n%s", want, logs.String())
		}
	}
}
