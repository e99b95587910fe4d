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
		return ""
	}
	loc := userLocation(req)
	day := t.Due.In(loc).Format("01-02")
	edit := fmt.Sprintf("/%s edit %d due", slash(req, "todo"), t.Number)
	if off.Next.IsZero() {
		return req.T(campaignbot.Text{
			EN: fmt.Sprintf("%s is a day off (%s); to change it: %s ….", day, off.Reason.In(campaignbot.English), edit),
			ZH: fmt.Sprintf("%s 是休息日（%s），如需修改：%s …。", day, off.Reason.In(campaignbot.Chinese), edit),
		})
	}
	next := off.Next.In(loc)
	layout := "01-02 15:04"
	if next.Year() != req.Now.In(loc).Year() {
		// "01-04" said in December would be read as this year's.
		layout = "2006-01-02 15:04"
	}
	return req.T(campaignbot.Text{
		EN: fmt.Sprintf("%s is a day off (%s); to move it to the next working day: %s %s.", day, off.Reason.In(campaignbot.English), edit, next.Format(layout)),
		ZH: fmt.Sprintf("%s 是休息日（%s），如需改到下一个工作日：%s %s。", day, off.Reason.In(campaignbot.Chinese), edit, next.Format(layout)),
	})
}
