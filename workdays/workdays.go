// Package workdays provides the statutory holiday calendars of regions for
// campaignbot.Calendar. Region CN reads mainland China's public holidays and
// makeup workdays (调休) from github.com/6tail/lunar-go's HolidayUtil, which
// carries the State Council's announcements (through 2027 in v1.4.7).
package workdays

import (
	"fmt"
	"strings"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/campaignbot/campaignbot"
)

// Regions lists the regions with statutory calendars.
var Regions = []string{"CN"}

// Region returns the statutory calendar of a region by its code, case
// insensitively; "" (weekends only) returns nil.
func Region(code string) (campaignbot.HolidayRegion, error) {
	switch strings.ToUpper(strings.TrimSpace(code)) {
	case "":
		return nil, nil
	case "CN":
		return china{}, nil
	}
	return nil, fmt.Errorf("unknown region %q", code)
}

// china is mainland China's calendar from lunar-go.
type china struct{}

// englishNames are the English names of lunar-go's holiday names.
var englishNames = map[string]string{
	"元旦节":  "New Year's Day",
	"春节":   "Spring Festival",
	"清明节":  "Qingming Festival",
	"劳动节":  "Labour Day",
	"端午节":  "Dragon Boat Festival",
	"中秋节":  "Mid-Autumn Festival",
	"国庆节":  "National Day",
	"国庆中秋": "National Day and Mid-Autumn Festival",
}

// Statutory implements campaignbot.HolidayRegion.
func (china) Statutory(year int, month time.Month, day int) (campaignbot.Text, bool, bool) {
	h := HolidayUtil.GetHolidayByYmd(year, int(month), day)
	if h == nil {
		return campaignbot.Text{}, false, false
	}
	zh := h.GetName()
	en := englishNames[zh]
	if en == "" {
		en = zh
	}
	if h.IsWork() {
		return campaignbot.T("workdays.makeup-workday-for", en, zh), true, true
	}
	return campaignbot.T("workdays.holiday", en, zh), false, true
}

// Covers implements campaignbot.HolidayRegion: a year is covered when
// lunar-go lists any holiday in it.
func (china) Covers(year int) bool {
	return HolidayUtil.GetHolidaysByYear(year).Len() > 0
}
