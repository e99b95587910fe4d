package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// day is the unit "d" of durations: 24 hours, whatever the calendar does.
const day = 24 * time.Hour

// durationHint says how to write a duration.
const durationHint = "use a number with s, m, h or d, like 2h or 7d"

// ParseDuration parses a duration written as a sequence of integers with
// units d (24h), h, m and s, like "7d", "1d12h", "2h", "30m" or "0". A
// leading "-" is accepted only when negative is true.
func ParseDuration(s string, negative bool) (time.Duration, error) {
	in := s
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	bad := fmt.Errorf("bad duration %s: %s", quote(in), durationHint)
	sign := time.Duration(1)
	if strings.HasPrefix(s, "-") {
		if !negative {
			return 0, fmt.Errorf("bad duration %s: it cannot be negative here", quote(in))
		}
		sign, s = -1, s[1:]
	}
	if s == "" {
		return 0, bad
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i == len(s) {
			return 0, bad
		}
		n, err := strconv.ParseInt(s[:i], 10, 64)
		if err != nil {
			return 0, bad
		}
		var unit time.Duration
		switch s[i] {
		case 'd':
			unit = day
		case 'h':
			unit = time.Hour
		case 'm':
			unit = time.Minute
		case 's':
			unit = time.Second
		default:
			return 0, bad
		}
		if n > int64(math.MaxInt64/unit) || total > math.MaxInt64-time.Duration(n)*unit {
			return 0, fmt.Errorf("bad duration %s: it is too long", quote(in))
		}
		total += time.Duration(n) * unit
		s = s[i+1:]
	}
	return sign * total, nil
}

// FormatDuration writes d the way the config file does, e.g. "7d", "1d12h",
// "2h30m" or "0".
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{day, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			d -= n * u.unit
		}
	}
	if d > 0 {
		fmt.Fprintf(&b, "%dns", d)
	}
	return b.String()
}

// sizeUnits are the units of storage.max_file_size: decimal (KB = 1000)
// and binary (KiB = 1024), case-insensitive.
var sizeUnits = map[string]int64{
	"":    1,
	"b":   1,
	"kb":  1000,
	"mb":  1000 * 1000,
	"gb":  1000 * 1000 * 1000,
	"tb":  1000 * 1000 * 1000 * 1000,
	"kib": 1 << 10,
	"mib": 1 << 20,
	"gib": 1 << 30,
	"tib": 1 << 40,
}

// ParseSize parses a byte size such as "200MiB", "100MB", "1GB" or "1048576".
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	unit, ok := sizeUnits[strings.ToLower(strings.TrimSpace(t[i:]))]
	if i == 0 || !ok {
		return 0, fmt.Errorf("bad size %s: use a whole number of bytes with B, KB, MB, GB, KiB, MiB or GiB, like 200MiB", quote(s))
	}
	n, err := strconv.ParseInt(t[:i], 10, 64)
	if err != nil || n > math.MaxInt64/unit {
		return 0, fmt.Errorf("bad size %s: it is too large", quote(s))
	}
	return n * unit, nil
}

// FormatSize writes n bytes in the largest binary unit that divides it.
func FormatSize(n int64) string {
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 40, "TiB"}, {1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d%s", n/u.size, u.name)
		}
	}
	return fmt.Sprintf("%dB", n)
}
