package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProgressConfig checks campaigns[].progress, progress_on and
// charts.font: the values read, and each mistake reported at its
// position.
func TestProgressConfig(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	ttf := filepath.Join(dir, "font.ttf")
	ttc := filepath.Join(dir, "fonts.ttc")
	txt := filepath.Join(dir, "font.txt")
	for path, data := range map[string]string{ttf: "\x00\x01\x00\x00rest", ttc: "ttcfrest", txt: "hello"} {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const campaign = "campaigns:\n  - id: c\n    name: C\n    channel: war-room\n    d_day: 2026-11-11 00:00\n"
	cfg := mustParse(t, "ok.yaml", []byte("timezone: Asia/Shanghai\ncharts:\n  font: "+ttf+"\n"+campaign+"    progress: \"0 10 * * 1\"\n    progress_on: workdays\n"))
	c := cfg.Campaigns[0]
	if c.Progress != "CRON_TZ=Asia/Shanghai 0 10 * * 1" || !c.ProgressOnWorkdays || cfg.Charts.Font != ttf {
		t.Errorf("progress %q, on workdays %v, font %q", c.Progress, c.ProgressOnWorkdays, cfg.Charts.Font)
	}
	if c := mustParse(t, "none.yaml", []byte(campaign)).Campaigns[0]; c.Progress != "" || c.ProgressOnWorkdays {
		t.Errorf("without progress: %q %v", c.Progress, c.ProgressOnWorkdays)
	}
	tests := []struct {
		name, yaml, want string
	}{
		{"bad cron", campaign + "    progress: \"0 10 * *\"\n",
			`t.yaml:6:15: campaigns[0].progress: bad cron spec "0 10 * *" (expected exactly 5 fields, found 4): use 5 fields`},
		{"bad progress_on", campaign + "    progress: \"0 10 * * 1\"\n    progress_on: weekends\n",
			`t.yaml:7:18: campaigns[0].progress_on: unknown value "weekends": use workdays`},
		{"missing font", "charts:\n  font: " + filepath.Join(dir, "none.ttf") + "\n",
			`t.yaml:2:9: charts.font: cannot read the font "` + filepath.Join(dir, "none.ttf") + `"`},
		{"collection", "charts:\n  font: " + ttc + "\n",
			`t.yaml:2:9: charts.font: "` + ttc + `" is a font collection (.ttc), which the charts cannot use`},
		{"not a font", "charts:\n  font: " + txt + "\n",
			`t.yaml:2:9: charts.font: "` + txt + `" is not a TrueType or OpenType font`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problemsOf(t, "t.yaml", []byte(tt.yaml)).Error()
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("problems:\n%s\nwant a line starting:\n%s", got, tt.want)
			}
		})
	}
}
