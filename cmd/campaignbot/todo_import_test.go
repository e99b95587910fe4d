package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsoleImportsMeetingNotes: in the console, a notes file shared with
// the comment "to-dos" gets a numbered preview with the commands that
// confirm or cancel it; nothing exists before `/todo import confirm`,
// which creates the to-dos; cancel creates nothing; sharing the same file
// again and confirming creates nothing new and says so.
func TestConsoleImportsMeetingNotes(t *testing.T) {
	dir := isolate(t)
	notes := filepath.Join(dir, "kickoff.md")
	if err := os.WriteFile(notes, []byte("# 双11 启动会 kickoff\n\n"+
		"- @alice 完成预热页 明天下午6点前\n"+
		"Action: li.na to send the coupon list by tomorrow 5pm\n"+
		"- @nobody check the stock by tomorrow\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	input := strings.Join([]string{
		"/share " + notes + " to-dos",
		"/todo list all",
		"/todo import cancel",
		"/todo import confirm",
		"/share " + notes + " 待办",
		"/todo import confirm",
		"/todo list all",
		"/share " + notes + " to-dos",
		"/todo import confirm",
	}, "\n")
	code, out, errOut := run(t, input, "console")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"📝 From kickoff.md: 2 to-dos to create, 1 line I could not read.",
		"1. @alice — *完成预热页* — due",
		"2. @li.na — *send the coupon list* — due",
		"⚠️ Line 5 “- @nobody check the stock by tomorrow”: I don't know @nobody",
		"] /todo import confirm",
		"] /todo import cancel",
		"All open to-dos: none.",
		"Import cancelled; nothing was created.",
		"There is no import waiting for your confirmation",
		"created 2 to-dos from kickoff.md:",
		"send the coupon list",
		"The to-dos of kickoff.md were created already, so nothing new was created",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q\nstdout:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "created 2 to-dos"); n != 1 {
		t.Errorf("the to-dos were created %d times:\n%s", n, out)
	}
}
