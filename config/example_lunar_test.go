package config

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// TestExampleLunarCampaign uncomments the lunar 年货节 2027 campaign of the
// example config and parses the result: it is valid, 正月初一 2027 is
// 2027-02-06 00:00 in Asia/Shanghai, its milestones land on the dates the
// comments give, and it raises no calendar warning (2027 has data).
func TestExampleLunarCampaign(t *testing.T) {
	clearEnv(t)
	lines := strings.Split(string(campaignbot.ExampleConfig), "\n")
	start := -1
	for i, l := range lines {
		if l == "  # - id: lny2027" {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatal("the example config has no commented lny2027 campaign")
	}
	for i := start; i < len(lines) && strings.HasPrefix(lines[i], "  # "); i++ {
		lines[i] = "  " + strings.TrimPrefix(lines[i], "  # ")
	}
	cfg := mustParse(t, "example-with-lny2027.yaml", []byte(strings.Join(lines, "\n")))
	c, ok := cfg.Campaign("lny2027")
	if !ok {
		t.Fatal("no campaign lny2027 after uncommenting it")
	}
	loc := cfg.Timezone
	format := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	if format(c.DDay) != "2027-02-06 00:00" || c.DDayLunar.String() != "正月初一" {
		t.Errorf("d_day = %s (%s), want 2027-02-06 00:00 (正月初一)", format(c.DDay), c.DDayLunar)
	}
	want := []string{"registration-closes 2027-01-22 18:00", "stock-cutoff 2027-01-29 18:00", "new-years-eve 2027-02-05 20:00"}
	var got []string
	for _, m := range c.Milestones {
		got = append(got, m.ID+" "+format(m.At))
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("milestones:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(cfg.Warnings) != 0 {
		t.Errorf("warnings: %v", cfg.Warnings)
	}
}
