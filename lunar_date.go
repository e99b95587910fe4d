package campaignbot

import "strings"

// LunarDate is a date of the Chinese lunar calendar (农历), such as the
// 正月初一 a Lunar New Year campaign opens on. The lunardate package reads
// and converts it; a zero LunarDate means none.
type LunarDate struct {
	// Year is the lunar year: the Gregorian year in which its 正月初一
	// falls (lunar 2027 starts on 2027-02-06).
	Year int
	// Month is 1 (正月) to 12 (腊月).
	Month int
	// Leap marks a leap month (闰月), which repeats Month.
	Leap bool
	// Day is 1 (初一) to 30 (三十).
	Day int
}

// lunarMonthNames are the usual names of the lunar months, 正月 to 腊月.
var lunarMonthNames = [...]string{"正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"}

// lunarDayNames are the names of the days of a lunar month, 初一 to 三十.
var lunarDayNames = [...]string{
	"初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
	"十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
	"廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十",
}

// IsZero reports whether d is the zero LunarDate.
func (d LunarDate) IsZero() bool { return d == LunarDate{} }

// MonthName writes the month the way calendars print it: 正月, 闰六月,
// 冬月, 腊月. An out-of-range month gives "".
func (d LunarDate) MonthName() string {
	if d.Month < 1 || d.Month > 12 {
		return ""
	}
	if d.Leap {
		return "闰" + lunarMonthNames[d.Month-1]
	}
	return lunarMonthNames[d.Month-1]
}

// String writes the month and day the way calendars print them, like
// 正月初一 or 闰六月十五, without the year. An out-of-range month or day
// gives "".
func (d LunarDate) String() string {
	if d.Day < 1 || d.Day > 30 || d.MonthName() == "" {
		return ""
	}
	return d.MonthName() + lunarDayNames[d.Day-1]
}

// traditionalLunar writes the Simplified characters of lunar dates in
// Traditional: 腊月 is 臘月 and 闰 is 閏 in Taiwan.
var traditionalLunar = strings.NewReplacer("腊", "臘", "闰", "閏")

// In writes the date like String in the characters of language l:
// Traditional for zh-TW, the calendar's Simplified otherwise.
func (d LunarDate) In(l Language) string {
	if l == TraditionalChinese {
		return traditionalLunar.Replace(d.String())
	}
	return d.String()
}
