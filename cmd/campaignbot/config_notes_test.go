package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
)

// TestConfigCheckNotesChatChanges stores milestone changes made in chat
// and checks `config check` notes each one that disagrees with the YAML,
// after the summary, and still exits 0.
func TestConfigCheckNotesChatChanges(t *testing.T) {
	dir := isolate(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{Driver: "sqlite", DSN: filepath.Join(dir, "bot.db")})
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	s := storage.NewMilestoneOverrides(db)
	for _, mv := range []struct{ campaign, milestone, at string }{
		{"double11", "registration-closes", "2026-10-30 23:59"},
		{"double11", "warm-up", "2026-10-31 20:00"}, // the YAML's own time
		{"double11", "dropped", "2026-10-25 10:00"},
	} {
		if _, err := s.MoveMilestone(ctx, mv.campaign, mv.milestone, at(mv.at), "U2", "li.na"); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range []campaignbot.MilestoneOverride{
		{CampaignID: "double11", MilestoneID: "extra-review", Name: "Extra review", At: at("2026-11-08 10:00"), ChangedBy: "U1", ChangedByName: "wang.fang"},
		{CampaignID: "double11", MilestoneID: "coupons", Name: "Coupons", At: at("2026-10-11 10:00"), ChangedBy: "U1"},
		{CampaignID: "618", MilestoneID: "kickoff", Name: "Kickoff", At: at("2026-05-20 10:00"), ChangedBy: "U1", ChangedByName: "wang.fang"},
	} {
		if _, err := s.AddMilestone(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := run(t, "", "config", "check")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 7 || !strings.Contains(lines[0], "ok") || strings.Contains(lines[0], "note:") {
		t.Fatalf("want the summary then 6 notes, got:\n%s", out)
	}
	day := `on \d{4}-\d{2}-\d{2}`
	want := []string{
		`^618/kickoff is added in the database \(2026-05-20 10:00, by wang.fang ` + day + `\) but the YAML has no campaign 618; /campaign reset 618/kickoff drops it$`,
		`^double11/coupons was added at runtime \(2026-10-11 10:00, by U1 ` + day + `\) and the YAML now has it too \(2026-10-10 10:00\), so the YAML's is used; /campaign reset double11/coupons drops it$`,
		`^double11/dropped is moved in the database to 2026-10-25 10:00 by li.na ` + day + ` but the YAML no longer has it; /campaign reset double11/dropped drops it$`,
		`^double11/extra-review was added at runtime and is not in the YAML \(2026-11-08 10:00, by wang.fang ` + day + `\); /campaign reset double11/extra-review drops it$`,
		`^double11/registration-closes is moved in the database to 2026-10-30 23:59 \(YAML says 2026-10-29 23:59\) by li.na ` + day + `; /campaign reset double11/registration-closes drops it$`,
		`^double11/warm-up is moved in the database to 2026-10-31 20:00 by li.na ` + day + `, the time the YAML now says too; /campaign reset double11/warm-up drops it$`,
	}
	for i, w := range want {
		line, ok := strings.CutPrefix(lines[i+1], campaignbot.ExampleConfigName+": note: milestone ")
		if !ok || !regexp.MustCompile(w).MatchString(line) {
			t.Errorf("note %d:\n%s\nwant to match\n%s", i, lines[i+1], w)
		}
	}

	// The schedule preview plans the changed milestones as the bot does.
	code, out, errOut = run(t, "", "schedule", "--from", "2026-10-30 00:00", "--until", "2026-10-31 00:00", "--json")
	if code != 0 {
		t.Fatalf("schedule: exit %d\n%s%s", code, out, errOut)
	}
	for _, w := range []string{`"at": "2026-10-30T20:59:00+08:00"`, `"name": "double11/registration-closes"`} {
		if !strings.Contains(out, w) {
			t.Errorf("schedule lacks %s:\n%s", w, out)
		}
	}
}

// TestConfigCheckWithoutDatabase checks that a database that cannot be
// opened is one note, not a failure.
func TestConfigCheckWithoutDatabase(t *testing.T) {
	isolate(t)
	t.Setenv("CAMPAIGNBOT_STORAGE_DRIVER", "postgres")
	t.Setenv("CAMPAIGNBOT_STORAGE_DSN", "postgres://nobody:secret-password@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
	code, out, _ := run(t, "", "config", "check")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[1], "note: milestones changed in chat not compared: cannot open the postgres database") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
	if strings.Contains(out, "secret-password") {
		t.Errorf("the DSN's password reached the output:\n%s", out)
	}
}
