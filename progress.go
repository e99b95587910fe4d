package campaignbot

import (
	"slices"
	"strings"
	"time"
)

// ProgressCounts counts a campaign's to-dos at an instant. Overdue is a
// part of Open (open and due before the instant); DoneOnTime is a part of
// Done (finished at or before the due time, or with no due time).
type ProgressCounts struct {
	Open       int
	Done       int
	Overdue    int
	DoneOnTime int
}

// ProgressGroup is the counts of one department (a channel) or one owner.
type ProgressGroup struct {
	// Channel is set for a department, User for an owner.
	Channel ChannelID
	User    UserID
	ProgressCounts
}

// BurndownPoint is how many of the campaign's to-dos were open at the end
// of one day.
type BurndownPoint struct {
	// Day is midnight at the start of the day in the campaign's zone.
	Day time.Time
	// DaysToDDay is how many days the day is before D-day (negative after).
	DaysToDDay int
	Open       int
}

// Progress is how far a campaign has got at an instant: its to-dos by
// department and owner, its milestones passed and ahead, and the open
// to-dos day by day up to the instant.
type Progress struct {
	Campaign Campaign
	// At is the instant the progress is measured at.
	At    time.Time
	Total ProgressCounts
	// Departments are the channels the to-dos were asked for in, most open
	// first; Owners likewise. A to-do with two owners counts for each.
	Departments []ProgressGroup
	Owners      []ProgressGroup
	// Passed are the milestones at or before At, earliest first; Ahead the
	// ones after it.
	Passed []Milestone
	Ahead  []Milestone
	// Burndown has one point per day from the campaign's first day (its
	// first milestone or first to-do, at most MaxBurndownDays before D-day)
	// to the day of At or D-day, whichever is earlier.
	Burndown []BurndownPoint
}

// MaxBurndownDays bounds how far before D-day the burn-down starts.
const MaxBurndownDays = 90

// CampaignChannels returns the campaign's channels: its own and every
// channel a milestone posts to, in that order, each once.
func CampaignChannels(c Campaign) []ChannelID {
	var out []ChannelID
	add := func(ch ChannelID) {
		if ch != "" && !slices.Contains(out, ch) {
			out = append(out, ch)
		}
	}
	add(c.Channel)
	for _, m := range c.Milestones {
		for _, ch := range m.Notify.Channels {
			add(ch)
		}
	}
	return out
}

// TodoInCampaign reports whether t counts for campaign c among all the
// configured campaigns: when it is linked to one of c's milestones
// ("c/milestone"), or, unlinked, when it was asked for in one of c's
// channels, or when c is the only campaign configured and t was created
// before c ended. Deleted to-dos never count.
func TodoInCampaign(t *Todo, c Campaign, all []Campaign) bool {
	if t.Status == TodoDeleted {
		return false
	}
	if cid, _, ok := strings.Cut(t.Milestone, "/"); ok {
		return cid == c.ID
	}
	if slices.Contains(CampaignChannels(c), t.Channel) {
		return true
	}
	return len(all) == 1 && all[0].ID == c.ID && (c.Ends.IsZero() || t.CreatedAt.Before(c.Ends))
}

// CampaignProgress measures campaign c at now from todos, the to-dos
// that count for it (see TodoInCampaign). loc is the campaign's zone, in
// which the burn-down's days are counted.
func CampaignProgress(c Campaign, todos []*Todo, now time.Time, loc *time.Location) Progress {
	p := Progress{Campaign: c, At: now}
	depts := map[ChannelID]*ProgressGroup{}
	owners := map[UserID]*ProgressGroup{}
	for _, t := range todos {
		if t.Status == TodoDeleted {
			continue
		}
		var groups []*ProgressGroup
		if t.Channel != "" {
			if depts[t.Channel] == nil {
				depts[t.Channel] = &ProgressGroup{Channel: t.Channel}
			}
			groups = append(groups, depts[t.Channel])
		}
		for _, u := range t.Assignees {
			if owners[u] == nil {
				owners[u] = &ProgressGroup{User: u}
			}
			if !slices.Contains(groups, owners[u]) {
				groups = append(groups, owners[u])
			}
		}
		count(&p.Total, t, now)
		for _, g := range groups {
			count(&g.ProgressCounts, t, now)
		}
	}
	p.Departments = sortedGroups(depts)
	p.Owners = sortedGroups(owners)
	ms := slices.Clone(c.Milestones)
	slices.SortStableFunc(ms, func(a, b Milestone) int { return a.At.Compare(b.At) })
	for _, m := range ms {
		if m.At.After(now) {
			p.Ahead = append(p.Ahead, m)
		} else {
			p.Passed = append(p.Passed, m)
		}
	}
	p.Burndown = burndown(c, ms, todos, now, loc)
	return p
}

// count adds t to counts as it stands at now.
func count(counts *ProgressCounts, t *Todo, now time.Time) {
	switch t.Status {
	case TodoOpen:
		counts.Open++
		if !t.Due.IsZero() && t.Due.Before(now) {
			counts.Overdue++
		}
	case TodoDone:
		counts.Done++
		if t.Due.IsZero() || !t.DoneAt.After(t.Due) {
			counts.DoneOnTime++
		}
	}
}

// sortedGroups returns the groups most open first, then most overdue,
// then by name.
func sortedGroups[K comparable](m map[K]*ProgressGroup) []ProgressGroup {
	out := make([]ProgressGroup, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b ProgressGroup) int {
		switch {
		case a.Open != b.Open:
			return b.Open - a.Open
		case a.Overdue != b.Overdue:
			return b.Overdue - a.Overdue
		}
		return strings.Compare(string(a.Channel)+string(a.User), string(b.Channel)+string(b.User))
	})
	return out
}

// burndown counts the to-dos open at the end of each day, from the
// campaign's first day to the day of now or D-day, whichever is earlier.
// A to-do is open from its creation until it was done; one still open
// is open to the end.
func burndown(c Campaign, ms []Milestone, todos []*Todo, now time.Time, loc *time.Location) []BurndownPoint {
	if c.DDay.IsZero() {
		return nil
	}
	dday := dayStart(c.DDay, loc)
	start := dday
	if len(ms) > 0 && ms[0].At.Before(start) {
		start = dayStart(ms[0].At, loc)
	}
	for _, t := range todos {
		if t.Status != TodoDeleted && !t.CreatedAt.IsZero() && t.CreatedAt.Before(start) {
			start = dayStart(t.CreatedAt, loc)
		}
	}
	if earliest := dday.AddDate(0, 0, -MaxBurndownDays); start.Before(earliest) {
		start = earliest
	}
	last := dayStart(now, loc)
	if dday.Before(last) {
		last = dday
	}
	var out []BurndownPoint
	for day := start; !day.After(last); day = day.AddDate(0, 0, 1) {
		end := day.AddDate(0, 0, 1)
		if end.After(now) {
			end = now
		}
		open := 0
		for _, t := range todos {
			if t.Status == TodoDeleted || !t.CreatedAt.Before(end) {
				continue
			}
			if t.Status == TodoOpen || (t.Status == TodoDone && !t.DoneAt.Before(end)) {
				open++
			}
		}
		out = append(out, BurndownPoint{Day: day, DaysToDDay: daysBetween(day, dday), Open: open})
	}
	return out
}

// dayStart returns midnight at the start of t's day in loc.
func dayStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// daysBetween counts the calendar days from a to b (both midnights).
func daysBetween(a, b time.Time) int {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	ua := time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)
	ub := time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}
