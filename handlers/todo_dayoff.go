package handlers

import (
	"fmt"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/todotext"
)

// dayOffNote says that to-do t is due on a day off (a public holiday or a
// company day off, see todotext.OnDayOff) and gives the command that moves
// it to the next working day at the same time: "10-03 is a day off
// (National Day holiday); to move it to the next working day: /todo edit 5
// due 10-08 18:00." It is "" when off is nil.
func dayOffNote(req *bot.Request, t *campaignbot.Todo, off *todotext.DayOff) string {
	if off == nil {
		return holidaysUnknownNote(req, t)
	}
	loc := userLocation(req)
	day := t.Due.In(loc).Format("01-02")
	edit := fmt.Sprintf("/%s edit %d due", slash(req, "todo"), t.Number)
	if off.Next.IsZero() {
		return req.T(campaignbot.T("handlers.is-a-day-off-to-change", day, off.Reason, edit))
	}
	next := off.Next.In(loc)
	layout := "01-02 15:04"
	if next.Year() != req.Now.In(loc).Year() {
		// "01-04" said in December would be read as this year's.
		layout = "2006-01-02 15:04"
	}
	return req.T(campaignbot.T("handlers.is-a-day-off-to-move", day, off.Reason, edit, next.Format(layout)))
}

// holidaysUnknownNote says that to-do t is due in a year the calendar's
// region has no public-holiday data for (lunar-go's runs through 2027), so
// that a due date on a holiday nobody listed is not taken for a working
// day in silence: "No CN public holidays are known for 2028 yet, so
// 01-26 may be a holiday; admins can list them under calendar.holidays."
// It is "" when the year is covered, by the region or by any day of it
// listed in calendar.holidays or calendar.workdays (as `config check`
// counts it), and when the calendar has no region.
func holidaysUnknownNote(req *bot.Request, t *campaignbot.Todo) string {
	cal := req.Config.Calendar
	if t.Due.IsZero() || cal == nil || cal.Statutory == nil {
		return ""
	}
	due := t.Due.In(userLocation(req))
	year := due.Year()
	if cal.Covers(year) || listsYear(cal.Holidays, year) || listsYear(cal.Workdays, year) {
		return ""
	}
	day := due.Format("01-02")
	return req.T(campaignbot.T("handlers.no-public-holidays-are-known-for", cal.Region, year, day))
}

// listsYear reports whether days holds a day of year.
func listsYear(days map[campaignbot.Date]campaignbot.Text, year int) bool {
	for d := range days {
		if d.Year == year {
			return true
		}
	}
	return false
}
