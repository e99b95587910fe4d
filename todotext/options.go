package todotext

import (
	"time"

	"github.com/campaignbot/campaignbot"
)

// Options are the context a phrase is understood in.
type Options struct {
	// Now is the instant of the message; zero means time.Now().
	Now time.Time
	// Location is the assignee-facing zone (the configured timezone or the
	// user's); nil means UTC.
	Location *time.Location
	// EndOfDay is the minutes after midnight a date alone means; 0 means
	// 18:00.
	EndOfDay int
	// StartOfDay is the minutes after midnight a date alone means for
	// ParseSnooze ("snooze until tomorrow"); 0 means 09:00.
	StartOfDay int
	// Morning, Afternoon and Evening are the minutes after midnight a part
	// of the day alone means ("tomorrow morning", "明天下午", "周五晚上");
	// 0 means 09:00, 14:00 and 20:00. Noon is 12:00 and 傍晚 (dusk) is
	// EndOfDay.
	Morning, Afternoon, Evening int
	// Campaigns give meaning to D-3, 大促前3天 and #milestone.
	Campaigns []campaignbot.Campaign
	// Calendar says which days are worked, for phrases counted in working
	// days ("下个工作日", "within 2 working days") and for Draft.DayOff;
	// nil means Monday to Friday.
	Calendar *campaignbot.Calendar
	// BotID is the bot's own user id; mentions of it are not assignees.
	BotID campaignbot.UserID
}

// maxAhead is how far ahead a due time may be.
const maxAhead = 2 // years

// Working hours: a bare hour ("at 5", "6点") is read in them when only
// one half of the day falls there.
const workStart, workEnd = 8, 20

// maxPhrase is the longest due phrase read, in characters; longer ones are
// not understood without trying.
const maxPhrase = 100

func newParser(opt Options) *parser {
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.EndOfDay <= 0 || opt.EndOfDay > 24*60 {
		opt.EndOfDay = 18 * 60
	}
	if opt.StartOfDay <= 0 || opt.StartOfDay > 24*60 {
		opt.StartOfDay = 9 * 60
	}
	for _, d := range []struct {
		v   *int
		def int
	}{{&opt.Morning, 9 * 60}, {&opt.Afternoon, 14 * 60}, {&opt.Evening, 20 * 60}} {
		if *d.v <= 0 || *d.v >= 24*60 {
			*d.v = d.def
		}
	}
	return &parser{opt: opt, loc: opt.Location, now: opt.Now.In(opt.Location)}
}
