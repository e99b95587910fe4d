package scheduler

import (
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// cronDescriptors are the descriptors `on: workdays` can widen, as 5 fields.
var cronDescriptors = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

// workdaySpec returns the spec `on: workdays` runs from: a spec that runs
// on every weekday (day of week *, ? or 1-5) gets * as its day of week, so
// that the calendar alone picks the days and makeup workdays on a weekend
// are gained. Any other spec is returned as is and only loses its days off.
func workdaySpec(spec string) string {
	prefix, rest := "", spec
	if strings.HasPrefix(rest, "CRON_TZ=") || strings.HasPrefix(rest, "TZ=") {
		p, r, _ := strings.Cut(rest, " ")
		prefix, rest = p+" ", r
	}
	if d, ok := cronDescriptors[strings.ToLower(strings.TrimSpace(rest))]; ok {
		rest = d
	}
	f := strings.Fields(rest)
	if len(f) != 5 {
		return spec
	}
	switch strings.ToUpper(f[4]) {
	case "*", "?", "1-5", "MON-FRI":
		f[4] = "*"
		return prefix + strings.Join(f, " ")
	}
	return spec
}

// maxCronSteps caps the cron steps walked for one planning window, so that
// a calendar with no working day cannot loop for long.
const maxCronSteps = 100000

// occurrences returns the times of spec in [from, until), at most limit.
// With onWorkdays only the working days of cal count, in the spec's zone.
func occurrences(spec string, onWorkdays bool, cal *campaignbot.Calendar, from, until time.Time, limit int) ([]time.Time, error) {
	if onWorkdays {
		spec = workdaySpec(spec)
	}
	sched, err := cronParser.Parse(spec)
	if err != nil {
		return nil, err
	}
	var out []time.Time
	for t, n := sched.Next(from.Add(-time.Second)), 0; !t.IsZero() && t.Before(until) && len(out) < limit && n < maxCronSteps; t, n = sched.Next(t), n+1 {
		if onWorkdays && !cal.IsWorkday(t) {
			continue
		}
		out = append(out, t)
	}
	return out, nil
}
