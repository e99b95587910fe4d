package scheduler

import (
	"fmt"
	"math"
	"time"

	"github.com/campaignbot/campaignbot"
)

// Countdown says how far to is from from, in words: "in 3 days",
// "in 2 hours", "now", "5 minutes ago"; in Chinese "3 天后", "2 小时后",
// "现在", "5 分钟前". Days are used from 24 hours on, hours from one hour,
// minutes below; each is rounded to the nearest whole unit.
func Countdown(from, to time.Time, lang campaignbot.Language) string {
	d := to.Sub(from)
	if d > -time.Minute && d < time.Minute {
		return campaignbot.T("scheduler.now").In(lang)
	}
	if d < 0 {
		return campaignbot.T("scheduler.ago", DurationWords(-d, lang)).In(lang)
	}
	return campaignbot.T("scheduler.in", DurationWords(d, lang)).In(lang)
}

// DueCountdown says how a due time stands at now: "overdue by 3 hours"
// ("已逾期 3 小时") once it has passed, even by seconds, else as Countdown
// does ("in 2 hours", or "now" in the minute before it). An overdue
// to-do never reads "now".
func DueCountdown(now, due time.Time, lang campaignbot.Language) string {
	if due.Before(now) {
		return campaignbot.T("scheduler.overdue-by", DurationWords(now.Sub(due), lang)).In(lang)
	}
	return Countdown(now, due, lang)
}

// DurationWords says a duration in its largest unit, rounded: "3 days",
// "1 hour", "5 minutes"; in Chinese "3 天", "1 小时", "5 分钟".
func DurationWords(d time.Duration, lang campaignbot.Language) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d >= 24*time.Hour:
		n := int(math.Round(d.Hours() / 24))
		return campaignbot.Tn("scheduler.duration-days", n, n).In(lang)
	case d >= time.Hour:
		n := int(math.Round(d.Hours()))
		return campaignbot.Tn("scheduler.duration-hours", n, n).In(lang)
	default:
		n := max(int(math.Round(d.Minutes())), 1)
		return campaignbot.Tn("scheduler.duration-minutes", n, n).In(lang)
	}
}

// FormatOffset renders a reminder offset such as 7d, 2h, 30m or 0.
func FormatOffset(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	switch {
	case d == 0:
		return "0"
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%s%dd", sign, d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%s%dh", sign, d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%s%dm", sign, d/time.Minute)
	}
	return sign + d.String()
}
