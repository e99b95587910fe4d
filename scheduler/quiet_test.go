package scheduler_test

import (
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/scheduler"
)

// defaultQuiet is 00:00-09:00, 11:30-14:00 and 21:00-24:00.
var defaultQuiet = []config.QuietWindow{{Start: 0, End: 9 * 60}, {Start: 11*60 + 30, End: 14 * 60}, {Start: 21 * 60, End: 24 * 60}}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestQuietShift(t *testing.T) {
	sh := mustLoc(t, "Asia/Shanghai")
	ny := mustLoc(t, "America/New_York")
	at := func(loc *time.Location, s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name      string
		loc       *time.Location
		windows   []config.QuietWindow
		t         string
		deadline  string
		want      string
		wantMoved bool
	}{
		{"outside stays", sh, defaultQuiet, "2026-10-28 10:00", "2026-10-29 23:59", "2026-10-28 10:00", false},
		{"window end is exclusive", sh, defaultQuiet, "2026-10-28 09:00", "", "2026-10-28 09:00", false},
		{"window start is inclusive", sh, defaultQuiet, "2026-10-28 21:00", "", "2026-10-29 09:00", true},
		{"lunch moves to 14:00", sh, defaultQuiet, "2026-10-28 12:15", "2026-10-29 23:59", "2026-10-28 14:00", true},
		{"night crosses midnight to 09:00", sh, defaultQuiet, "2026-10-28 22:30", "2026-10-30 00:00", "2026-10-29 09:00", true},
		{"early morning joins the night before", sh, defaultQuiet, "2026-10-29 03:00", "2026-10-30 00:00", "2026-10-29 09:00", true},
		{"end after deadline moves before the window", sh, defaultQuiet, "2026-10-29 21:59", "2026-10-29 23:59", "2026-10-29 20:59", true},
		{"end at the deadline counts as after", sh, defaultQuiet, "2026-10-29 12:00", "2026-10-29 14:00", "2026-10-29 11:29", true},
		{"midnight deadline reaches back across midnight", sh, defaultQuiet, "2026-11-10 23:00", "2026-11-11 00:00", "2026-11-10 20:59", true},
		{"after midnight with deadline at 08:00", sh, defaultQuiet, "2026-11-11 02:00", "2026-11-11 08:00", "2026-11-10 20:59", true},
		{"no windows", sh, nil, "2026-10-29 03:00", "", "2026-10-29 03:00", false},
		// DST: New York falls back on 2026-11-01 at 02:00; the 09:00 end is
		// local wall time on the new offset.
		{"DST fall back", ny, defaultQuiet, "2026-11-01 01:30", "", "2026-11-01 09:00", true},
		// Spring forward on 2026-03-08: 02:00-03:00 does not exist.
		{"DST spring forward", ny, defaultQuiet, "2026-03-08 03:30", "", "2026-03-08 09:00", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var deadline time.Time
			if tt.deadline != "" {
				deadline = at(tt.loc, tt.deadline)
			}
			got, moved := scheduler.QuietShift(at(tt.loc, tt.t), deadline, tt.loc, tt.windows)
			want := at(tt.loc, tt.want)
			if !got.Equal(want) || moved != tt.wantMoved {
				t.Errorf("QuietShift(%s) = %s, %v; want %s, %v", tt.t, got.In(tt.loc).Format("2006-01-02 15:04 MST"), moved, want.Format("2006-01-02 15:04 MST"), tt.wantMoved)
			}
		})
	}
}
