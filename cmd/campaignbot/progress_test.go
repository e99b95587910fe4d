package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestConsoleProgressWritesTheChart: /campaign progress in the console
// posts the summary into the current channel and writes the chart as a
// PNG into the charts folder beside the data, printing its path.
func TestConsoleProgressWritesTheChart(t *testing.T) {
	dir := isolate(t)
	code, out, errOut := run(t, "@campaignbot @alice finish the coupon banner by 2027-01-10 18:00\n/campaign progress double11\n", "console")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"[#double11-war-room] campaignbot:\n  *Double 11 2026 双十一* progress — ", "To-dos: 1 open (0 overdue), 0 done (0 on time).", "\n  • @alice — 1 open"} {
		if !strings.Contains(out, want) {
			t.Errorf("the console lacks %q:\n%s", want, out)
		}
	}
	m := regexp.MustCompile(`\n  \[Double 11 2026 双十一 progress [0-9-]+\] (\S+\.png)\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no chart path printed:\n%s", out)
	}
	if filepath.Dir(m[1]) != filepath.Join(dir, "charts") {
		t.Errorf("the chart went to %s, want the charts folder in %s", m[1], dir)
	}
	data, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("%s is no PNG: %v", m[1], err)
	}
}
