// Package todotext understands the text of a to-do request: who it is for,
// what has to be done, when it is due, how urgent it is and which campaign
// milestone it belongs to.
//
// Parse takes a chat message in canonical markup (see bot.ParseText) such as
//
//	<@U1> <@U2> finalize the coupon banner by tomorrow 6pm !high
//	<@U1> 完成优惠券海报 明天下午6点前 #registration-closes
//
// and returns a Draft. ParseDue and ParseSnooze read a bare due phrase, as in
// `/todo edit 3 due friday` and `/todo snooze 3 2h`.
//
// # Due phrases
//
// All phrases are resolved in Options.Location relative to Options.Now. A
// date without a clock time means Options.EndOfDay on that day (18:00 by
// default) and sets DateOnly.
//
// English: today, tonight (20:00), tomorrow (tmr, tmrw), the day after
// tomorrow, yesterday, eod / end of day / cob (end of day today), eow / end
// of week (Friday of this week, next week's once it has passed), eom / end of
// month, monday … sunday and mon … sun, this friday, next friday, in 3 days,
// in 2 weeks, in 2 hours, in 30 minutes, 3 days from now, 10/29, 10/29/2026,
// 2026-10-29, 2026/10/29, Oct 29, October 29th, 29 Oct, 11.11; optionally
// with a time: 5pm, 5:30 pm, 17:30, at 17:30, noon, midnight (23:59). Time
// and date may come in either order ("6pm friday").
//
// Chinese: 今天, 今晚 (20:00), 明天, 明晚, 后天, 大后天, 昨天, 周五 / 星期五 /
// 礼拜五, 本周五 / 这周五, 下周五, 月底, 10月29日, 10月29号, 2026年10月29日,
// 29号, 3天后, 两天后, 3天内, 2小时后, 半小时后, 2周后; optionally with a
// time: 下午3点, 上午10点, 晚上8点, 中午12点, 6点半, 6点一刻, 18点30分, 15:00,
// 下班前 (end of day).
//
// Campaign-relative: D-3, D-3 10:00, D-day, D+1, 大促前3天, 大促当天,
// 双11前2天, 双十一前2天, 618前3天, double11 D-3. The count is in calendar days
// before the campaign's D-day date in Options.Location. A phrase that names a
// campaign (by its id, its name, its name without a trailing year or, for
// a Chinese name, its first word — 年货节 for "年货节 2027" — or the aliases
// 双11/双十一/double11, 双12/双十二/double12, 618) uses that campaign; otherwise (D-3, 大促前3天)
// the next campaign whose D-day is after Now is used.
//
// Working days, counted in Options.Calendar (nil: Monday to Friday): next
// business day, (by) the next working day, next workday, (by) end of next
// business day, within (the) next business day, within 2 working days,
// within (the) next 2 business days, in 3 business days, 2 workdays
// from now, 3 working days later, 下个工作日, 下一个工作日, 3个工作日内,
// 三个工作日之内, 2个工作日后. "Within N working days" is the end of the
// Nth working day after today, today not counted even when it is worked;
// "the next working day" is the first.
// Makeup workdays (调休, Saturday 2026-10-10) count; public holidays,
// company days off and weekends do not. A time may follow, as after any
// date: 下个工作日上午10点, next business day 10am. "N个工作日" without
// 内 or 后 is a length of time, not a date; 工作日 without a count
// ("请在工作日内回复") is a noun. Spaces may stand around 个 ("3 个工作日内");
// a range counts its upper bound (2-3个工作日内, 3～5个工作日内); a negative
// or fractional count (-1个工作日内, 1.5个工作日内) is refused. Counted from a
// campaign's D-day: 双11后3个工作日内, 大促前2个工作日, D-3个工作日, D-3
// business days, 3 business days before D-day, 2 working days after double
// 11 (D-day itself not counted). Counted from the day written before 后:
// 周五后的下个工作日, 10/23后3个工作日内, 双11后的下个工作日; a day that is not
// one date (下周后3个工作日内) is refused rather than counted from today, and
// after an event (收到样品后3个工作日内) the words describe the task
// (Draft.Described) and give no due date.
//
// Parts of the day: morning, afternoon, evening, tonight, first thing,
// lunch, "tmrw am", "Monday PM", "thursday night", "3 this afternoon",
// "half past 3", 明早, 今早, 早上, 上午, 中午, 下午, 傍晚, 晚上, 一早, 上班前,
// 午饭前 (Options.Morning, Afternoon and Evening; 晚上12点 is midnight).
// Weeks and months: friday next week, next week, mid next week, this
// weekend, end of next week, the 15th, 本周内, 下周内, 下周末, 下周中,
// 下个月5号. Campaigns: 双11前 (the day before), 大促前一周. Full-width
// digits read as ASCII.
//
// Connectors around the phrase are part of it: by, due, due by, before,
// b4, until, till, on, deadline, ddl, eta, 截止, 截至, 截止到, 截止时间, 在,
// 最晚 before it and 前, 之前, 以前, 为止, 之内, 以内, 内 after it. After a
// deadline connector a bare hour is a time ("by 5", "by 6 tonight"), and
// a day may carry its own ("tomorrow by 3pm").
//
// # Choosing, and asking
//
// Parse finds every due phrase in the text. One with a deadline marker
// wins over those that describe the thing ("prepare noon livestream
// script by 10/25"); a marked date written with its year wins over all.
// A phrase followed by 的 or 's describes a noun, and so does one after
// a determiner and before a noun ("update the next business day delivery
// FAQ"). A phrase inside quotation marks ("更新“3个工作日内发货”文案 周五前")
// is the quoted copy when another phrase stands outside them. When unmarked phrases
// compete, or the words allow several readings (an hour without morning
// or evening that falls in working hours both ways, "next friday" said
// Monday to Thursday, "before friday", "next week", "this weekend",
// "midnight on 11/11", "提前一天"), Draft.Choices lists them and nothing
// should be stored until the writer picks one; ChoiceText writes a
// choice so that Parse reads exactly it. ParseDue reports such words as
// an error that lists the readings.
//
// # Days off
//
// A due date that lands on a public holiday or a company day off of
// Options.Calendar is taken as written, and Draft.DayOff names the day off
// and the next working day, so that the caller can say so (OnDayOff does
// the same for a ParseDue result). A plain Saturday or Sunday is not
// reported: a weekend deadline before a campaign is common and meant.
//
// # Interpretation
//
// A bare weekday ("friday", "周五") is the next such day on or after today;
// when that is today and the resulting time has already passed, it is the
// same day next week. "this friday"/"本周五" is the Friday of the current
// Monday-to-Sunday week, even if it has passed (which is then an error).
// "next friday"/"下周五" is the Friday of next calendar week (weeks start on
// Monday), so on a Tuesday "next friday" is 10 days away, not 3.
//
// A month and day without a year ("10/29", "Oct 29", "10月29日", "11.11")
// is in the current year unless that date is more than 90 days ago, in which
// case it is next year; a recently passed date is therefore reported as past
// rather than silently moved a year ahead. Bare clock times ("5pm", "下午3点")
// mean today (a time that has passed late in the evening, such as "by 1am"
// at 23:30 or 零点, means the night ahead). An hour without am/pm or a
// Chinese period (上午/下午…) is read in working hours (08:00–20:00) when
// only one half of the day falls there ("at 5" is 17:00, "at 9" 09:00),
// and asked about when both do (明天8点).
//
// "in 3 days"/"3天后" is a date (end of day three days from now); "in 2
// hours"/"2小时后" is an exact instant. A due time that is not after Now, or
// more than two years after it, is refused.
//
// In free text, phrases that are also ordinary words (a bare weekday,
// today/今天, 11.11, 29号, weekday abbreviations) are only taken as a due date
// when a connector precedes or follows them or they end the message.
//
// # Rules and github.com/olebedev/when
//
// The phrases above are handled by this package's own deterministic rules
// (en.go, zh.go, campaign.go), because github.com/olebedev/when v1.1.0 gets
// too many of them wrong: its English rules read "10/29 18:00" as today
// 18:00 and "明天15:00" as today 15:00 (dropping the date silently), "next
// friday" as the coming Friday, keep the current clock for dates alone, and
// know no Chinese; its Chinese rules panic on most input, including
// "下周五", "明天下午6点" and any English phrase.
//
// when (English, common and Chinese rules) is therefore only a fallback: for
// a ParseDue phrase our rules do not read, and for the text after a
// connector ("due …", "截止…") in free text. Its result is used only when its
// match covers the whole phrase; a result that kept Now's clock on another
// day is taken as a date alone. Every call recovers from when's panics and
// treats them as "not understood". It adds, for instance, "within 2 weeks",
// "in half an hour" and "third of march".
package todotext
