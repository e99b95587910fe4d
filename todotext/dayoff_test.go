package todotext

import (
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// TestParseDayOff: a due date in a public holiday or on a company day off
// is taken, with Draft.DayOff naming it in both languages and giving the
// next working day at the same clock; working days, makeup workdays and
// plain weekends give none.
func TestParseDayOff(t *testing.T) {
	d := func(m time.Month, day int) campaignbot.Date { return campaignbot.Date{Year: 2026, Month: m, Day: day} }
	china := chinaCalendar(t, nil, nil)
	company := chinaCalendar(t,
		map[campaignbot.Date]campaignbot.Text{d(10, 16): {EN: "team offsite", ZH: "团建"}, d(10, 23): {}},
		nil)
	tests := []struct {
		name             string
		cal              *campaignbot.Calendar
		now, text        string
		due              string
		reasonEN, reason string // empty: no DayOff
		next             string
	}{
		{"holiday on a Saturday", china, "2026-09-30 10:00", "<@U1> 交海报 10月3日前",
			"2026-10-03 18:00", "National Day holiday", "国庆节", "2026-10-08 18:00"},
		{"holiday on a weekday, with a time", china, "2026-09-30 10:00", "<@U1> send the banner by 10/5 3pm",
			"2026-10-05 15:00", "National Day holiday", "国庆节", "2026-10-08 15:00"},
		{"Mid-Autumn Festival", china, "2026-09-21 10:00", "<@U1> 交海报 周五前",
			"2026-09-25 18:00", "Mid-Autumn Festival holiday", "中秋节", "2026-09-28 18:00"},
		{"New Year's Day runs into the next year", china, "2026-12-28 10:00", "<@U1> 年终总结 1月1日前",
			"2027-01-01 18:00", "New Year's Day holiday", "元旦节", "2027-01-04 18:00"},
		{"company day off with a reason", company, "2026-10-12 10:00", "<@U1> 交海报 10月16日前",
			"2026-10-16 18:00", "team offsite", "团建", "2026-10-19 18:00"},
		{"company day off without a reason", company, "2026-10-12 10:00", "<@U1> send the banner by 10/23",
			"2026-10-23 18:00", "company day off", "公司休息日", "2026-10-26 18:00"},
		{"from a milestone", china, "2026-09-30 10:00", "<@U1> 交海报 #registration-closes",
			"2026-10-25 18:00", "", "", ""},
		{"makeup Saturday", china, "2026-09-30 10:00", "<@U1> 交海报 10月10日前", "2026-10-10 18:00", "", "", ""},
		{"plain Sunday", china, "2026-09-30 10:00", "<@U1> 交海报 10月11日前", "2026-10-11 18:00", "", "", ""},
		{"plain Saturday", china, "2026-10-12 10:00", "<@U1> clean the shared drive by saturday", "2026-10-17 18:00", "", "", ""},
		{"working day", china, "2026-09-30 10:00", "<@U1> 交海报 下个工作日", "2026-10-08 18:00", "", "", ""},
		{"weekends only: no holidays", nil, "2026-09-30 10:00", "<@U1> 交海报 10月3日前", "2026-10-03 18:00", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := optsAt(cstAt(t, tt.now))
			opt.Calendar = tt.cal
			got, err := Parse(tt.text, opt)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.text, err)
			}
			if !got.Due.Equal(cstAt(t, tt.due)) {
				t.Fatalf("Parse(%q) due %v, want %s", tt.text, got.Due, tt.due)
			}
			if tt.reason == "" {
				if got.DayOff != nil {
					t.Errorf("Parse(%q) DayOff = %+v, want none", tt.text, *got.DayOff)
				}
				return
			}
			want := campaignbot.Text{EN: tt.reasonEN, ZH: tt.reason}
			if got.DayOff == nil || got.DayOff.Reason.In(campaignbot.English) != want.In(campaignbot.English) || got.DayOff.Reason.In(campaignbot.Chinese) != want.In(campaignbot.Chinese) || !got.DayOff.Next.Equal(cstAt(t, tt.next)) {
				t.Errorf("Parse(%q) DayOff = %+v, want %v, next %s", tt.text, got.DayOff, want, tt.next)
			}
		})
	}
}

// TestOnDayOff covers what Parse does not reach: a zero due time, a day off
// the calendar gives no reason for, and one with no working day after it
// within a year.
func TestOnDayOff(t *testing.T) {
	if OnDayOff(chinaCalendar(t, nil, nil), time.Time{}) != nil {
		t.Error("a zero due time is on a day off")
	}
	unnamed := &campaignbot.Calendar{Statutory: unnamedHoliday{}}
	off := OnDayOff(unnamed, cstAt(t, "2026-10-01 18:00"))
	if off == nil || off.Reason.In(campaignbot.English) != "holiday" || off.Reason.In(campaignbot.Chinese) != "节假日" || !off.Next.Equal(cstAt(t, "2026-10-02 18:00")) {
		t.Errorf("unnamed holiday: %+v", off)
	}
	closed := map[campaignbot.Date]campaignbot.Text{}
	for day := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC); day.Year() < 2028; day = day.AddDate(0, 0, 1) {
		closed[campaignbot.DateOf(day)] = campaignbot.Text{EN: "closed", ZH: "停业"}
	}
	off = OnDayOff(&campaignbot.Calendar{Holidays: closed}, cstAt(t, "2026-10-03 18:00"))
	if off == nil || off.Reason.In(campaignbot.English) != "closed" || !off.Next.IsZero() {
		t.Errorf("no working day within a year: %+v", off)
	}
}

// unnamedHoliday is a region whose only holiday, 2026-10-01, has no name.
type unnamedHoliday struct{}

func (unnamedHoliday) Statutory(y int, m time.Month, d int) (campaignbot.Text, bool, bool) {
	return campaignbot.Text{}, false, y == 2026 && m == time.October && d == 1
}

func (unnamedHoliday) Covers(int) bool { return true }
