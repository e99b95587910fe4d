package lunardate_test

import (
	"testing"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/lunardate"
)

// TestFestivalsMatchHolidayData converts the lunar festivals of 2011 to
// 2027 (春节 正月初一, 端午节 五月初五, 中秋节 八月十五) and finds each in the
// statutory holiday data the workdays package reads, which copies the State
// Council's notices: the converted day is that festival's day off. (Until
// 2010 the 春节 holiday was named from 除夕; when 中秋 falls in the National
// Day week the holiday is 国庆中秋, named from 10-01.)
func TestFestivalsMatchHolidayData(t *testing.T) {
	festivals := []struct {
		name       string
		month, day int
	}{{"春节", 1, 1}, {"端午节", 5, 5}, {"中秋节", 8, 15}}
	for year := 2011; year <= 2027; year++ {
		for _, f := range festivals {
			g, err := lunardate.Solar(campaignbot.LunarDate{Year: year, Month: f.month, Day: f.day})
			if err != nil {
				t.Fatal(err)
			}
			h := HolidayUtil.GetHolidayByYmd(g.Year, int(g.Month), g.Day)
			switch {
			case h == nil || h.IsWork():
				t.Errorf("%s %d: %s is not a day off in the holiday data", f.name, year, g)
			case h.GetName() == "国庆中秋" && f.name == "中秋节":
			case h.GetName() != f.name || h.GetTarget() != g.String():
				t.Errorf("%s %d: %s is in the holiday %s of %s", f.name, year, g, h.GetName(), h.GetTarget())
			}
		}
	}
}
