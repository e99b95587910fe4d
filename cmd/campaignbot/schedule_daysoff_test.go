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

// movedItem is what these tests read of `schedule --json`.
type movedItem struct {
	At     string `json:"at"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Offset string `json:"offset"`
	Target string `json:"target"`
	Moved  *struct {
		EN string `json:"en"`
		ZH string `json:"zh"`
	} `json:"moved"`
}

// line renders an item as "at kind name offset target [en | zh]".
func (it movedItem) line() string {
	s := strings.Join([]string{it.At, it.Kind, it.Name, it.Offset, it.Target}, " ")
	if it.Moved != nil {
		s += " [" + it.Moved.EN + " | " + it.Moved.ZH + "]"
	}
	return s
}

// scheduleLines runs `schedule --json` with args and returns its items as
// lines.
func scheduleLines(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, errOut := run(t, "", append([]string{"schedule", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []movedItem
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = it.line()
	}
	return lines
}

// TestSchedulePreviewMovesOffDaysOff runs `schedule` on the example config
// with a to-do due on the eve of the 2026 National Day holiday: its
// escalation, on 10-01, waits for 10-08 09:00 and says "moved: National
// Day holiday" (顺延：国庆节 with language zh-CN); the Saturday the example
// lists as a workday keeps its warm-up reminder and stand-up; the
// Saturday post-sale review is reminded on Friday evening.
func TestSchedulePreviewMovesOffDaysOff(t *testing.T) {
	dir := isolate(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{Driver: "sqlite", DSN: filepath.Join(dir, "bot.db")})
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	due := time.Date(2026, 9, 30, 18, 0, 0, 0, loc)
	if err := storage.NewTodoService(db).CreateTodo(ctx, &campaignbot.Todo{Workspace: "console", Title: "book the live studio",
		Assignees: []campaignbot.UserID{"bob"}, Creator: "wang.fang", Channel: "double11-war-room", Due: due}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	zhConfig := filepath.Join(dir, "zh.yaml")
	zh := strings.Replace(string(campaignbot.ExampleConfig), "\nlanguage: en\n", "\nlanguage: zh-CN\n", 1)
	if zh == string(campaignbot.ExampleConfig) {
		t.Fatal("the example config no longer says language: en")
	}
	if err := os.WriteFile(zhConfig, []byte(zh), 0o644); err != nil {
		t.Fatal(err)
	}

	holiday := scheduleLines(t, "--from", "2026-10-01", "--until", "2026-10-09")
	for _, want := range []string{
		"2026-10-08T09:00:00+08:00 escalation console/1 +1d @li.na [moved: National Day holiday | 顺延：国庆节]",
		"2026-10-08T09:00:00+08:00 escalation console/1 +1d @chen.jie [moved: National Day holiday | 顺延：国庆节]",
	} {
		if !contains(holiday, want) {
			t.Errorf("preview lacks %q:\n%s", want, strings.Join(holiday, "\n"))
		}
	}
	weekends := scheduleLines(t, "--db=false", "--from", "2026-10-30", "--until", "2026-11-15")
	for _, want := range []string{
		"2026-10-31T09:00:00+08:00 job standup  #double11-war-room",
		"2026-10-31T20:00:00+08:00 milestone double11/warm-up 0 #double11-war-room",
		"2026-11-13T20:59:00+08:00 milestone double11/post-sale-review 0 #double11-war-room [moved earlier: weekend | 提前：周末]",
	} {
		if !contains(weekends, want) {
			t.Errorf("preview lacks %q:\n%s", want, strings.Join(weekends, "\n"))
		}
	}

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"English", nil, "moved: National Day holiday"},
		{"Chinese", []string{"--config", zhConfig}, "顺延：国庆节"},
	} {
		code, out, errOut := run(t, "", append([]string{"schedule", "--from", "2026-10-01", "--until", "2026-10-09"}, tt.args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.name, code, errOut)
		}
		var row string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "escalation") && strings.Contains(l, "@li.na") {
				row = l
			}
		}
		if !strings.HasPrefix(row, "2026-10-08T09:00:00+08:00") || !strings.HasSuffix(strings.TrimSpace(row), tt.want) {
			t.Errorf("%s: the escalation's row %q does not end in %q:\n%s", tt.name, row, tt.want, out)
		}
	}
}

// contains reports whether lines holds s.
func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}
