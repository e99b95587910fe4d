package scheduler

import (
	"sort"
	"time"

	"github.com/campaignbot/campaignbot/config"
)

// span is an absolute interval [start, end).
type span struct{ start, end time.Time }

// quietSpan returns the contiguous quiet interval containing t, in absolute
// time: windows of consecutive days that touch (21:00-24:00 then
// 00:00-09:00) form one interval. Local times are computed in loc, so the
// interval is right across DST changes.
func quietSpan(t time.Time, loc *time.Location, windows []config.QuietWindow) (span, bool) {
	if len(windows) == 0 {
		return span{}, false
	}
	local := t.In(loc)
	var spans []span
	for day := -2; day <= 2; day++ {
		y, m, d := local.AddDate(0, 0, day).Date()
		for _, w := range windows {
			spans = append(spans, span{
				start: time.Date(y, m, d, w.Start/60, w.Start%60, 0, 0, loc),
				end:   time.Date(y, m, d, w.End/60, w.End%60, 0, 0, loc),
			})
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start.Before(spans[j].start) })
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		if !s.start.After(last.end) {
			if s.end.After(last.end) {
				last.end = s.end
			}
			continue
		}
		merged = append(merged, s)
	}
	for _, s := range merged {
		if !t.Before(s.start) && t.Before(s.end) {
			return s, true
		}
	}
	return span{}, false
}

// QuietShift moves t out of quiet hours. Inside a quiet interval it moves
// to the interval's end, unless that is at or after deadline, in which case
// it moves back to one minute before the interval starts; a zero deadline
// means none. It reports whether t moved.
func QuietShift(t, deadline time.Time, loc *time.Location, windows []config.QuietWindow) (time.Time, bool) {
	s, ok := quietSpan(t, loc, windows)
	if !ok {
		return t, false
	}
	if deadline.IsZero() || s.end.Before(deadline) {
		return s.end, true
	}
	return s.start.Add(-time.Minute), true
}
