package todotext

import (
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// The user-facing errors. Each one says what was understood and what would
// work instead.

var zhWeekdayNames = []string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// formatEN formats an instant as "2026-10-19 17:00 (Mon)".
func formatEN(t time.Time) string { return t.Format("2006-01-02 15:04 (Mon)") }

// formatZH formats an instant as "2026-10-19 17:00（周一）".
func formatZH(t time.Time) string {
	return t.Format("2006-01-02 15:04") + "（" + zhWeekdayNames[t.Weekday()] + "）"
}

// clockEN formats a clock time as "5pm" or "5:30pm".
func clockEN(h, m int) string {
	suffix := "am"
	if h >= 12 {
		suffix = "pm"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	if m == 0 {
		return fmt.Sprintf("%d%s", h12, suffix)
	}
	return fmt.Sprintf("%d:%02d%s", h12, m, suffix)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

func badDate(y, m, d int) func(string) error {
	return func(phrase string) error {
		if m < 1 || m > 12 {
			return campaignbot.Errorf(campaignbot.EINVALID,
				"I read %q as a date but there is no month %d. Write month/day, such as 12/31 18:00, or try \"next friday\".",
				"我把“%s”理解为日期，但没有 %d 月。请按 月/日 书写，例如 12/31 18:00，或试试“下周五”。",
				phrase, m)
		}
		last := daysIn(time.Month(m), y)
		suffix := timeSuffix(phrase)
		return campaignbot.Errorf(campaignbot.EINVALID,
			"I read %[1]q as a date but %[2]s has no %[3]s day. Try %[4]d/%[5]d%[6]s or \"next friday\".",
			"我把“%[1]s”理解为日期，但 %[4]d 月没有 %[7]d 日。试试 %[4]d/%[5]d%[6]s 或“下周五”。",
			phrase, time.Month(m).String(), ordinal(d), m, last, suffix, d)
	}
}

func badTime(h, m int) func(string) error {
	return func(phrase string) error {
		return campaignbot.Errorf(campaignbot.EINVALID,
			"I read %q as a time but %d:%02d is not a time of day. Use 0:00 to 23:59 or am/pm, such as 17:30 or 5:30pm.",
			"我把“%s”理解为时间，但 %d:%02d 不是有效的时刻。请用 0:00 到 23:59 或 上午/下午，例如 17:30 或 下午5点半。",
			phrase, h, m)
	}
}

// timeSuffix returns " 18:00" when the phrase ends in a clock time written
// with a colon, so that a suggestion keeps it.
func timeSuffix(phrase string) string {
	f := strings.Fields(phrase)
	if len(f) > 1 && strings.Contains(f[len(f)-1], ":") {
		return " " + f[len(f)-1]
	}
	return ""
}

func noCampaign(alias string, cs []campaignbot.Campaign, example string) func(string) error {
	return func(phrase string) error {
		var ids []string
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		if len(ids) == 0 {
			return campaignbot.Errorf(campaignbot.EINVALID,
				"I read %q as counting days from a campaign's D-day, but no campaign is configured. Give a date instead, such as \"%s\".",
				"“%s”是按大促 D-day 倒数的日期，但没有配置任何活动。请直接给日期，例如“%s”。",
				phrase, example)
		}
		if alias == "" {
			return campaignbot.Errorf(campaignbot.EINVALID,
				"I read %q as counting days from a campaign's D-day, but no configured campaign (%s) has its D-day ahead. Give a date instead, such as \"%s\".",
				"“%s”是按大促 D-day 倒数的日期，但已配置的活动（%s）都没有未来的 D-day。请直接给日期，例如“%s”。",
				phrase, strings.Join(ids, ", "), example)
		}
		return campaignbot.Errorf(campaignbot.EINVALID,
			"I read %q as counting days from the D-day of %q, but no configured campaign (%s) matches that name.",
			"“%s”是按“%s”的 D-day 倒数的日期，但已配置的活动（%s）中没有这个名字。",
			phrase, alias, strings.Join(ids, ", "))
	}
}

// example is a date a week ahead, as an example in errors ("10/29 18:00"
// would be a past date most of the year).
func (p *parser) example() string {
	t := p.now.AddDate(0, 0, 7)
	return fmt.Sprintf("%d/%d 18:00", int(t.Month()), t.Day())
}

// errAmbiguous asks which of several readings a phrase means.
func errAmbiguous(phrase string, rs []reading) error {
	var en, zh []string
	for _, r := range rs {
		if r.dateOnly {
			en = append(en, r.at.Format("2006-01-02"))
		} else {
			en = append(en, r.at.Format("2006-01-02 15:04"))
		}
		zh = append(zh, en[len(en)-1])
	}
	return campaignbot.Errorf(campaignbot.EINVALID, "%[1]q could mean %[2]s; write the one you mean, such as %[4]q.",
		"“%[1]s”可能是 %[3]s；请写明你指的时间，例如“%[5]s”。", phrase, joinOr(en, "or"), joinOr(zh, "或"), en[len(en)-1], zh[len(zh)-1])
}

// joinOr joins items as "a, b or c".
func joinOr(items []string, or string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + or + " " + items[len(items)-1]
}

// needHour refuses a part of the day too wide to be a deadline alone.
func needHour(period string) func(string) error {
	return func(phrase string) error {
		return campaignbot.Errorf(campaignbot.EINVALID,
			"%q needs an hour: write, for example, \"%s2点\" or \"%s5点\".",
			"“%s”需要具体钟点，例如“%s2点”或“%s5点”。",
			phrase, period, period)
	}
}

func errPast(phrase string, t time.Time, sp spec) error {
	sugEN, sugZH := "tomorrow", "明天"
	if sp.hasTime && sp.exact.IsZero() {
		sugEN += " " + clockEN(sp.hour, sp.min)
		sugZH += fmt.Sprintf("%d:%02d", sp.hour, sp.min)
	}
	return campaignbot.Errorf(campaignbot.EINVALID, "%[1]q is %[2]s, which has passed; give a future time such as %[3]q.",
		"“%[1]s”是 %[4]s，已经过去了；请给一个将来的时间，例如“%[5]s”。", phrase, formatEN(t), sugEN, formatZH(t), sugZH)
}

func errTooFar(phrase string, t time.Time) error {
	return campaignbot.Errorf(campaignbot.EINVALID, "%[1]q is %[2]s, more than 2 years from now; give a due time within 2 years.",
		"“%[1]s”是 %[3]s，距今超过 2 年；请给 2 年以内的截止时间。", phrase, formatEN(t), formatZH(t))
}

func errNotUnderstood(phrase, example string, cause error) error {
	t := campaignbot.Textf(
		"I couldn't read %q as a due time. Try \"tomorrow 5pm\", \"friday\", \"%s\", \"in 3 days\" or \"明天下午3点\".",
		"我没看懂截止时间“%s”。试试“明天下午3点”、“周五”、“%s”、“3天后”或“tomorrow 5pm”。",
		phrase, example)
	if cause != nil {
		return campaignbot.WrapError(campaignbot.EINVALID, t, fmt.Errorf("parse due %q: %w", phrase, cause))
	}
	return &campaignbot.Error{Code: campaignbot.EINVALID, Text: t}
}
