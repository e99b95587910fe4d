package config

import "time"

// ParseMilestoneTime parses a milestone time as the config file writes
// it: a date like "2026-10-29 23:59" or "2026-10-29" (meaning 00:00), or a
// time relative to D-day like "D", "D-3", "D-3 10:00" or "D+1 10:00",
// counted in calendar days in loc. Errors say how to write the time.
func ParseMilestoneTime(s string, dday time.Time, loc *time.Location) (time.Time, error) {
	return parseAt(s, dday, loc)
}

// DefaultOffsets returns the reminder offsets of a milestone that lists
// none.
func DefaultOffsets() []time.Duration {
	out := make([]time.Duration, 0, len(defaultOffsets))
	for _, s := range defaultOffsets {
		if d, err := ParseDuration(s, true); err == nil {
			out = append(out, d)
		}
	}
	return out
}

// ValidID reports whether id may name a campaign, a milestone or a job:
// lowercase letters, digits, - and _, starting with a letter or digit, at
// most 64 characters.
func ValidID(id string) bool { return idRE.MatchString(id) }
