package handlers

import (
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/scheduler"
)

// ddayText writes a campaign's D-day in loc with its countdown, as
// /campaign shows it: "D-day 2026-11-11 00:00, in 3 days" in the list,
// "D-day 2026-11-11 00:00 (in 3 days)" in a timeline (inParens). A D-day
// set on the lunar calendar gives its lunar date too, the same way in
// both: "D-day 2027-02-06 00:00 (正月初一), in 66 days",
// "D日 2027-02-06 00:00（农历正月初一），66 天后".
func ddayText(req *bot.Request, c campaignbot.Campaign, loc *time.Location, inParens bool) string {
	at := c.DDay.In(loc).Format("2006-01-02 15:04")
	countdown := scheduler.Countdown(req.Now, c.DDay, req.Lang)
	if lunar := c.DDayLunar.In(req.Lang); lunar != "" {
		return req.T(campaignbot.T("handlers.d-day-4381bd", at, lunar, countdown))
	}
	if inParens {
		return req.T(campaignbot.T("handlers.d-day-0e9eb9", at, countdown))
	}
	return req.T(campaignbot.T("handlers.d-day-29eca4", at, countdown))
}
