package handlers

import (
	"strings"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

// milestoneDelivery sums up what happened to a milestone's reminders for
// the timeline: its mark and, when something needs saying, a note. A
// milestone that passed shows ✓ only when every reminder of it went out;
// one with reminders missed or failed shows ⚠ with the counts, one whose
// reminders are still being delivered shows …, and one that passed
// without any reminder says so.
func milestoneDelivery(req *bot.Request, passed bool, rs []campaignbot.Reminder) (mark, note string) {
	var sent, late, undelivered, inFlight, planned int
	for _, r := range rs {
		switch r.Status {
		case campaignbot.ReminderSent:
			sent++
			if r.Late {
				late++
			}
		case campaignbot.ReminderMissed, campaignbot.ReminderFailed:
			undelivered++
		case campaignbot.ReminderSending:
			inFlight++
		case campaignbot.ReminderPending:
			if r.At.After(req.Now) {
				planned++
			} else {
				inFlight++ // due, waiting for a retry or a dispatcher
			}
		}
	}
	var parts []string
	if undelivered > 0 {
		parts = append(parts, req.T(campaignbot.Tn("handlers.of-reminders-not-delivered", sent+undelivered+inFlight+planned, undelivered, sent+undelivered+inFlight+planned)))
	}
	if late > 0 {
		parts = append(parts, req.T(campaignbot.T("handlers.sent-late", late)))
	}
	if inFlight > 0 {
		parts = append(parts, req.T(campaignbot.T("handlers.being-delivered", inFlight)))
	}
	switch {
	case undelivered > 0:
		mark = "⚠"
	case !passed:
		mark = "○"
	case inFlight > 0:
		mark = "…"
	case sent == 0 && planned == 0:
		mark = "·"
		parts = append(parts, req.T(campaignbot.T("handlers.no-reminder-was-sent")))
	default:
		mark = "✓"
	}
	if len(parts) > 0 {
		note = " — " + strings.Join(parts, req.T(campaignbot.T("handlers.text-39ac90")))
	}
	return mark, note
}
