package config

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	// Embed the IANA database so time zones load on machines without one.
	_ "time/tzdata"
)

// loadZone loads an IANA time zone, rejecting "" and "Local", whose meaning
// depends on the machine.
func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" || strings.TrimSpace(name) != name {
		return nil, fmt.Errorf("unknown time zone %s: use an IANA name like Asia/Shanghai or UTC", quote(name))
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %s: use an IANA name like Asia/Shanghai or UTC", quote(name))
	}
	return loc, nil
}

var clockRE = regexp.MustCompile(`^([0-9]{1,2}):([0-9]{2})$`)

// parseClock parses "HH:MM" into minutes after midnight; "24:00" is
// accepted only when allow24 is true.
func parseClock(s string, allow24 bool) (int, bool) {
	m := clockRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	if mi > 59 || h > 24 || (h == 24 && (mi != 0 || !allow24)) {
		return 0, false
	}
	return h*60 + mi, true
}

// formatClock writes minutes after midnight as HH:MM.
func formatClock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// parseQuietHours parses "HH:MM-HH:MM". A window that crosses midnight,
// like "21:00-09:00", is split into "21:00-24:00" and "00:00-09:00".
func parseQuietHours(s string) ([]QuietWindow, error) {
	start, end, ok := strings.Cut(s, "-")
	a, okA := parseClock(start, false)
	b, okB := parseClock(end, true)
	if !ok || !okA || !okB {
		return nil, fmt.Errorf("bad quiet hours %s: use HH:MM-HH:MM in 24-hour time, like 21:00-24:00", quote(s))
	}
	switch {
	case a == b:
		return nil, fmt.Errorf("bad quiet hours %s: the window is empty; use a start before the end, like 21:00-24:00", quote(s))
	case a < b:
		return []QuietWindow{{Start: a, End: b}}, nil
	case b == 0:
		return []QuietWindow{{Start: a, End: 24 * 60}}, nil
	}
	return []QuietWindow{{Start: a, End: 24 * 60}, {Start: 0, End: b}}, nil
}

// mergeQuietWindows sorts windows and joins those that overlap or touch.
func mergeQuietWindows(ws []QuietWindow) []QuietWindow {
	sort.Slice(ws, func(i, j int) bool { return ws[i].Start < ws[j].Start })
	var out []QuietWindow
	for _, w := range ws {
		if n := len(out); n > 0 && w.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, w.End)
			continue
		}
		out = append(out, w)
	}
	return out
}

// String writes the window as HH:MM-HH:MM.
func (w QuietWindow) String() string { return formatClock(w.Start) + "-" + formatClock(w.End) }

// Contains reports whether the local time of day t falls in the window.
func (w QuietWindow) Contains(t time.Time) bool {
	m := t.Hour()*60 + t.Minute()
	return m >= w.Start && m < w.End
}

var dateTimeLayouts = []string{
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02",
}

// parseDateTime parses "YYYY-MM-DD HH:MM" or "YYYY-MM-DD" (meaning 00:00)
// in loc.
func parseDateTime(s string, loc *time.Location) (time.Time, error) {
	t := strings.TrimSpace(s)
	for _, layout := range dateTimeLayouts {
		if len(t) != len(layout) {
			continue
		}
		if v, err := time.ParseInLocation(layout, t, loc); err == nil {
			return v, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %s: use YYYY-MM-DD HH:MM or YYYY-MM-DD (meaning 00:00), like 2026-10-29 23:59, in the time zone of the config", quote(s))
}

var relativeRE = regexp.MustCompile(`^D(?:\s*([+-])\s*([0-9]{1,4}))?(?:\s+([0-9]{1,2}:[0-9]{2}))?$`)

// parseAt parses a milestone time: absolute like parseDateTime, or relative
// to D-day: "D" (the D-day instant), "D-12" (12 days before, at D-day's time
// of day), "D-12 10:00", "D+1 10:00" or "D 00:00" (D-day's date at 00:00).
// Days are calendar days in loc.
func parseAt(s string, dday time.Time, loc *time.Location) (time.Time, error) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "D") {
		return parseDateTime(s, loc)
	}
	m := relativeRE.FindStringSubmatch(t)
	if m == nil {
		return time.Time{}, fmt.Errorf("bad milestone time %s: use D, D-12, D-12 10:00, D+1 10:00, or a date like 2026-10-29 23:59", quote(s))
	}
	if dday.IsZero() {
		return time.Time{}, fmt.Errorf("milestone time %s is relative to d_day, which is not set", quote(s))
	}
	d := dday.In(loc)
	if m[2] != "" {
		n, _ := strconv.Atoi(m[2])
		if m[1] == "-" {
			n = -n
		}
		d = d.AddDate(0, 0, n)
	}
	if m[3] != "" {
		clock, ok := parseClock(m[3], false)
		if !ok {
			return time.Time{}, fmt.Errorf("bad milestone time %s: the time of day must be 00:00 to 23:59", quote(s))
		}
		d = time.Date(d.Year(), d.Month(), d.Day(), clock/60, clock%60, 0, 0, loc)
	}
	return d, nil
}

// formatTime writes t in loc the way the config file does.
func formatTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04")
}

// cronHint says how to write a cron spec.
const cronHint = `use 5 fields (minute hour day-of-month month day-of-week) like "0 9 * * 1-5", optionally after CRON_TZ=Asia/Shanghai, or a descriptor like @daily`

// parseCron checks a standard 5-field cron spec (optionally prefixed with
// CRON_TZ=Zone or TZ=Zone, or a descriptor like @daily) and returns it with
// an explicit CRON_TZ= prefix, adding zone when the spec names none.
func parseCron(spec, zone string) (normalized string, err error) {
	s := strings.Join(strings.Fields(spec), " ")
	if s == "" {
		return "", fmt.Errorf("empty cron spec: %s", cronHint)
	}
	if strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ=") {
		prefix, rest, ok := strings.Cut(s, " ")
		_, name, _ := strings.Cut(prefix, "=")
		if !ok || rest == "" {
			return "", fmt.Errorf("bad cron spec %s: nothing follows %s; %s", quote(spec), prefix, cronHint)
		}
		if _, err := loadZone(name); err != nil {
			return "", fmt.Errorf("bad cron spec %s: %w", quote(spec), err)
		}
		s = "CRON_TZ=" + name + " " + rest
	} else {
		s = "CRON_TZ=" + zone + " " + s
	}
	defer func() {
		if p := recover(); p != nil {
			normalized, err = "", fmt.Errorf("bad cron spec %s: %s", quote(spec), cronHint)
		}
	}()
	if _, err := cron.ParseStandard(s); err != nil {
		reason := err.Error()
		if i := strings.Index(reason, ": ["); i >= 0 {
			reason = reason[:i]
		}
		return "", fmt.Errorf("bad cron spec %s (%s): %s", quote(spec), reason, cronHint)
	}
	return s, nil
}
