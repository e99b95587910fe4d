package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
)

func TestSchedulePreview(t *testing.T) {
	isolate(t)
	code, out, errOut := run(t, "", "schedule", "--json", "--from", "2026-10-29 00:00", "--until", "2026-10-30 00:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []struct {
		At      string `json:"at"`
		Kind    string `json:"kind"`
		Name    string `json:"name"`
		Target  string `json:"target"`
		Offset  string `json:"offset"`
		Shifted bool   `json:"shifted"`
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.At+" "+it.Kind+" "+it.Name+" "+it.Offset+" "+it.Target)
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{
		// Registration closes 23:59; the 2h reminder falls in quiet hours
		// and moves back to 20:59.
		"2026-10-29T20:59:00+08:00 milestone double11/registration-closes 2h #double11-war-room",
		"2026-10-29T20:59:00+08:00 milestone double11/registration-closes 2h @li.na",
		"2026-10-29T09:00:00+08:00 job standup  #double11-war-room",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("preview lacks %q:\n%s", want, joined)
		}
	}
	for i := 1; i < len(items); i++ {
		if items[i].At < items[i-1].At {
			t.Fatalf("not in time order: %s after %s", items[i].At, items[i-1].At)
		}
	}
	for _, it := range items {
		if it.Name == "double11/registration-closes" && it.Offset == "2h" && !it.Shifted {
			t.Errorf("the quiet-hours move is not flagged: %+v", it)
		}
	}

	code, out, _ = run(t, "", "schedule", "--from", "2026-10-29 00:00", "--until", "2026-10-30 00:00", "--db=false")
	if code != 0 || !strings.Contains(out, "AT") || !strings.Contains(out, "moved") {
		t.Fatalf("table output (exit %d):\n%s", code, out)
	}
	code, _, errOut = run(t, "", "schedule", "--from", "yesterday-ish")
	if code != 1 || !strings.Contains(errOut, `cannot read "yesterday-ish" as a time`) {
		t.Fatalf("bad --from: exit %d, %s", code, errOut)
	}
}

// TestSchedulePreviewEveryDigestAndZones checks `schedule --json` over a
// week and a half at fixed instants: every digest in the window for
// everyone who would get one, computed from the to-dos in the database
// (nothing was ever planned there), and each DM in its recipient's zone:
// li.na is a console user in Los Angeles (config), U0CHEN a Slack user
// stored in Berlin (users table).
func TestSchedulePreviewEveryDigestAndZones(t *testing.T) {
	dir := isolate(t)
	yaml := strings.NewReplacer(
		"- {name: li.na, real_name: 李娜 Na Li}", "- {name: li.na, real_name: 李娜 Na Li, timezone: America/Los_Angeles}",
		"leads: [li.na, chen.jie]", "leads: [li.na, U0CHEN]",
	).Replace(string(campaignbot.ExampleConfig))
	cfgPath := filepath.Join(dir, "campaignbot.yaml")
	if err := os.WriteFile(cfgPath, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
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
	if err := storage.NewUserStore(db).PutUsers(ctx, "T0SLACK", []campaignbot.User{{ID: "U0CHEN", Name: "chen.jie", Timezone: "Europe/Berlin"}}, at("2026-10-01 00:00")); err != nil {
		t.Fatal(err)
	}
	todos := storage.NewTodoService(db)
	for _, td := range []campaignbot.Todo{
		{Title: "finish the coupon banner", Assignees: []campaignbot.UserID{"alice"}, Channel: "double11-war-room", Due: at("2026-11-03 18:00")},
		{Title: "order gift boxes", Assignees: []campaignbot.UserID{"bob"}, Channel: "general", Due: at("2026-10-21 12:00")},
	} {
		td.Workspace, td.Creator = "console", "wang.fang"
		if err := todos.CreateTodo(ctx, &td); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := run(t, "", "schedule", "--config", cfgPath, "--json", "--from", "2026-10-20 10:00", "--until", "2026-10-30 10:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []struct {
		At     string `json:"at"`
		Kind   string `json:"kind"`
		Name   string `json:"name"`
		Target string `json:"target"`
		Offset string `json:"offset"`
		Zone   string `json:"zone"`
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	var lines []string
	digests := map[string]int{}
	for _, it := range items {
		lines = append(lines, strings.Join([]string{it.At, it.Kind, it.Name, it.Offset, it.Target, it.Zone}, " "))
		if it.Kind == "digest" {
			digests[it.Target]++
		}
	}
	joined := strings.Join(lines, "\n")
	for _, want := range []string{
		// 1d before the design deadline is 03:00 in Los Angeles: li.na's
		// reminder waits for 09:00 there.
		"2026-10-22T00:00:00+08:00 milestone double11/preheat-page-design 1d @li.na America/Los_Angeles",
		// Registration closes 10-29 23:59: 7d before is 17:59 in Berlin,
		// outside quiet hours there, though inside Shanghai's.
		"2026-10-22T23:59:00+08:00 milestone double11/registration-closes 7d @U0CHEN Europe/Berlin",
		"2026-10-23T09:00:00+08:00 milestone double11/registration-closes 7d #double11-war-room Asia/Shanghai",
		// Every weekday digest of the window, beyond 48 hours.
		"2026-10-21T09:30:00+08:00 digest alice  @alice Asia/Shanghai",
		"2026-10-29T09:30:00+08:00 digest alice  @alice Asia/Shanghai",
		"2026-10-22T09:30:00+08:00 digest li.na  @li.na America/Los_Angeles",
		// 09:30 in Shanghai is 02:30 in Berlin (after 10-25, CET): the
		// digest waits for 09:00 there.
		"2026-10-28T16:00:00+08:00 digest U0CHEN  @U0CHEN Europe/Berlin",
		"2026-10-23T00:00:00+08:00 escalation console/2 +1d @li.na America/Los_Angeles",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("preview lacks %q:\n%s", want, joined)
		}
	}
	// Weekdays from 10-21 to 10-30 09:30: eight each for the owners; li.na
	// from 10-22, the first after bob's to-do went overdue; U0CHEN's come
	// at 15:00 or 16:00 Shanghai time, so from 10-21 and not on 10-30.
	want := map[string]int{"@alice": 8, "@bob": 8, "@li.na": 7, "@U0CHEN": 7}
	if len(digests) != len(want) {
		t.Errorf("digests %v, want %v", digests, want)
	}
	for who, n := range want {
		if digests[who] != n {
			t.Errorf("%s gets %d digests, want %d", who, digests[who], n)
		}
	}
}

// TestSchedulePreviewGoldenWeek runs `schedule --json` on the example
// config around the 2026 National Day holiday: the stand-up (on: workdays)
// skips 10-01..10-07 and the Mid-Autumn Friday 09-25, and runs on the
// makeup Sunday 09-20 and Saturday 10-10.
func TestSchedulePreviewGoldenWeek(t *testing.T) {
	isolate(t)
	code, out, errOut := run(t, "", "schedule", "--json", "--db=false", "--from", "2026-09-18", "--until", "2026-10-12")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []struct {
		At   string `json:"at"`
		Kind string `json:"kind"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	var got []string
	for _, it := range items {
		if it.Kind == "job" && it.Name == "standup" {
			got = append(got, it.At[5:10])
		}
	}
	want := "09-18 09-20 09-21 09-22 09-23 09-24 09-28 09-29 09-30 10-08 10-09 10-10"
	if strings.Join(got, " ") != want {
		t.Errorf("stand-ups %s, want %s", strings.Join(got, " "), want)
	}
}
