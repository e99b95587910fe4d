package main

import (
	"encoding/json"
	"strings"
	"testing"
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
