package main

import (
	"strings"
	"testing"
)

// TestConfigCheckReportsChatChanges moves a milestone in the console, then
// checks that `config check` notes how the database differs from the YAML
// while still passing.
func TestConfigCheckReportsChatChanges(t *testing.T) {
	isolate(t)
	cfg := testdataDir(t) + "/future.yaml"
	code, out, errOut := run(t, "/campaign move registration-closes 2099-10-30 23:59\n", "console", "--config", cfg)
	if code != 0 || !strings.Contains(out, "moved the milestone") {
		t.Fatalf("console: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = run(t, "", "config", "check", "--config", cfg)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], ": ok") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	want := "note: milestone d11/registration-closes is moved in the database to 2099-10-30 23:59 (YAML says 2099-10-29 23:59) by wang.fang"
	if !strings.Contains(lines[1], want) || !strings.Contains(lines[1], "/campaign reset d11/registration-closes") {
		t.Errorf("note = %q", lines[1])
	}
}
