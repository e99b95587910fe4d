package scheduler

import (
	"slices"
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
	// Windows of the day before, the day and the day after cover every
	// contiguous span that can hold t (a window is at most 24 hours long
	// and touching windows chain across at most one midnight each way).
	var buf [48]span
	spans := buf[:0]
	for day := -2; day <= 2 && len(spans)+len(windows) <= len(buf); day++ {
		y, m, d := local.AddDate(0, 0, day).Date()
		for _, w := range windows {
			spans = append(spans, span{
				start: time.Date(y, m, d, w.Start/60, w.Start%60, 0, 0, loc),
				end:   time.Date(y, m, d, w.End/60, w.End%60, 0, 0, loc),
			})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start.Compare(b.start) })
	var cur span
	for i, s := range spans {
		if i > 0 && !s.start.After(cur.end) {
			if s.end.After(cur.end) {
				cur.end = s.end
			}
		} else {
			if i > 0 && !t.Before(cur.start) && t.Before(cur.end) {
				return cur, true
			}
			cur = s
		}
	}
	if !t.Before(cur.start) && t.Before(cur.end) {
		return cur, true
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

// quietHold says whether a reminder going out late at now must wait for
// the recipient's quiet hours to end, and until when: inside a quiet span
// it waits for the span's end, unless its deadline is still ahead and not
// before that end, in which case it goes now (late in quiet hours beats
// after the deadline). A zero deadline means none.
func quietHold(now, deadline time.Time, loc *time.Location, windows []config.QuietWindow) (time.Time, bool) {
	s, ok := quietSpan(now, loc, windows)
	if !ok {
		return time.Time{}, false
	}
	if deadline.IsZero() || !deadline.After(now) || s.end.Before(deadline) {
		return s.end, true
	}
	return time.Time{}, false
}
