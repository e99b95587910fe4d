package main

import (
	"archive/zip"
	"regexp"
	"strings"
	"testing"
)

// TestConsoleReviewAndArchive: /campaign review in the console posts the
// review into #double11-war-room with the numbers of its files in Double
// 11/Review; /campaign archive (wang.fang is an admin) writes the zip into
// the export folder, printing its path, and archives Double 11.
func TestConsoleReviewAndArchive(t *testing.T) {
	isolate(t)
	code, out, errOut := run(t, "@campaignbot @alice finish the coupon banner by 2027-01-10 18:00\n/campaign review double11\n/campaign archive double11\n/kb tree\n", "console")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"[#double11-war-room] campaignbot:\n  📊 *Double 11 2026 双十一* review (复盘) as of ", "Saved to Double 11/Review: #",
		"Archived Double 11: its ", "Review (3) 📦archived"} {
		if !strings.Contains(out, want) {
			t.Errorf("the console lacks %q:\n%s", want, out)
		}
	}
	m := regexp.MustCompile("Exported Double 11 \\([^)]*\\) to `([^`]+\\.zip)`").FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no zip path printed:\n%s", out)
	}
	zr, err := zip.OpenReader(m[1])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var csv bool
	for _, f := range zr.File {
		csv = csv || f.Name == "todos.csv"
	}
	if !csv {
		t.Errorf("the zip lacks todos.csv")
	}
}
