package todotext

import (
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/workdays"
)

// chinaCalendar is mainland China's calendar: in 2026, 10-01..10-07 off for
// National Day and Saturday 10-10 worked; with company days off and extra
// workdays when given.
func chinaCalendar(t testing.TB, holidays, extra map[campaignbot.Date]campaignbot.Text) *campaignbot.Calendar {
	t.Helper()
	region, err := workdays.Region("CN")
	if err != nil {
		t.Fatal(err)
	}
	return &campaignbot.Calendar{Region: "CN", Statutory: region, Holidays: holidays, Workdays: extra}
}

// cstAt returns the instant the clock shows s ("2006-01-02 15:04") in
// Shanghai.
func cstAt(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWorkdayPhrasesByCalendar reads the same words with mainland China's
// calendar, with company days off and extra workdays on top of it, and
// with weekends only, around the 2026 National Day holiday. The corpus
// testdata/due_phrases.txt holds the forms; this is the calendars.
func TestWorkdayPhrasesByCalendar(t *testing.T) {
	d := func(m time.Month, day int) campaignbot.Date { return campaignbot.Date{Year: 2026, Month: m, Day: day} }
	china := chinaCalendar(t, nil, nil)
	// An offsite on Friday 10-09, and Sunday 10-11 worked to make up for it.
	company := chinaCalendar(t,
		map[campaignbot.Date]campaignbot.Text{d(10, 9): {EN: "team offsite", ZH: "团建"}},
		map[campaignbot.Date]campaignbot.Text{d(10, 11): {}})
	tests := []struct {
		name   string
		cal    *campaignbot.Calendar
		now    string
		phrase string
		want   string
	}{
		{"CN: three working days span the holiday and end on the makeup Saturday", china, "2026-09-30 10:00", "3个工作日内", "2026-10-10 18:00"},
		{"CN: Chinese numeral", china, "2026-09-30 10:00", "三个工作日内", "2026-10-10 18:00"},
		{"CN: next business day after the holiday", china, "2026-09-30 10:00", "next business day", "2026-10-08 18:00"},
		{"CN: today is worked but not counted", china, "2026-09-30 08:00", "下个工作日", "2026-10-08 18:00"},
		{"CN: Friday's next working day is the makeup Saturday", china, "2026-10-09 10:00", "下个工作日", "2026-10-10 18:00"},
		{"CN: the makeup Saturday's next working day is Monday", china, "2026-10-10 10:00", "next working day", "2026-10-12 18:00"},
		{"CN: a time given with it", china, "2026-09-30 10:00", "下个工作日上午10点", "2026-10-08 10:00"},
		{"CN: a time given with it in English", china, "2026-09-30 10:00", "next business day 10am", "2026-10-08 10:00"},
		{"CN: within two working days", china, "2026-09-30 10:00", "within 2 working days", "2026-10-09 18:00"},
		{"CN: said during the holiday", china, "2026-10-03 10:00", "2个工作日后", "2026-10-09 18:00"},
		{"company: the offsite is skipped, the extra Sunday counts", company, "2026-09-30 10:00", "3个工作日内", "2026-10-11 18:00"},
		{"company: Thursday's next working day skips the offsite", company, "2026-10-08 10:00", "next business day", "2026-10-10 18:00"},
		{"CN in a year without holiday data: only weekends are off, 春节 2028-01-26 is counted", china, "2028-01-24 10:00", "3个工作日内", "2028-01-27 18:00"},
		{"weekends only: the holiday is worked", nil, "2026-09-30 10:00", "3个工作日内", "2026-10-05 18:00"},
		{"weekends only: Friday's next working day is Monday", nil, "2026-10-09 10:00", "下个工作日", "2026-10-12 18:00"},
		{"weekends only: Saturday's next working day is Monday", nil, "2026-10-10 10:00", "next working day", "2026-10-12 18:00"},
		{"weekends only: in three business days from Wednesday", nil, "2026-09-30 10:00", "in 3 business days", "2026-10-05 18:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := optsAt(cstAt(t, tt.now))
			opt.Calendar = tt.cal
			got, _, err := ParseDue(tt.phrase, opt)
			if err != nil {
				t.Fatalf("ParseDue(%q): %v", tt.phrase, err)
			}
			if want := cstAt(t, tt.want); !got.Equal(want) {
				t.Errorf("ParseDue(%q) = %s, want %s", tt.phrase, got.Format("2006-01-02 15:04 Mon"), want.Format("2006-01-02 15:04 Mon"))
			}
		})
	}
}

// TestWorkdayEndOfDay: a working day alone ends at Options.EndOfDay, and a
// snooze until one starts at Options.StartOfDay.
func TestWorkdayEndOfDay(t *testing.T) {
	opt := optsAt(cstAt(t, "2026-10-09 10:00"))
	opt.Calendar = chinaCalendar(t, nil, nil)
	opt.EndOfDay = 17*60 + 30
	due, dateOnly, err := ParseDue("下个工作日", opt)
	if err != nil || !dateOnly || !due.Equal(cstAt(t, "2026-10-10 17:30")) {
		t.Errorf("ParseDue(下个工作日) = %v %v %v, want Saturday 10-10 17:30, a date", due, dateOnly, err)
	}
	for _, phrase := range []string{"下个工作日", "next business day"} {
		until, err := ParseSnooze(phrase, opt)
		if err != nil || !until.Equal(cstAt(t, "2026-10-10 09:00")) {
			t.Errorf("ParseSnooze(%q) = %v %v, want Saturday 10-10 09:00", phrase, until, err)
		}
	}
}

// TestWorkdayErrors: counts that cannot be met get a bilingual answer.
func TestWorkdayErrors(t *testing.T) {
	allOff := map[campaignbot.Date]campaignbot.Text{}
	for day := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC); day.Year() < 2029; day = day.AddDate(0, 0, 1) {
		allOff[campaignbot.DateOf(day)] = campaignbot.Text{EN: "closed", ZH: "停业"}
	}
	tests := []struct {
		name, phrase string
		cal          *campaignbot.Calendar
		want         string
	}{
		{"no working days counted", "0个工作日内", nil,
			`"0个工作日内" counts no working days; write, for example, "next business day" or "within 2 working days".`},
		{"more than two years", "within 600 business days", nil,
			`"within 600 business days", counted in working days, ends more than 2 years from now; give a due time within 2 years.`},
		{"no working day in the calendar", "next business day", chinaCalendar(t, allOff, nil),
			`"next business day", counted in working days, ends more than 2 years from now; give a due time within 2 years.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := optsAt(cstAt(t, "2026-09-30 10:00"))
			opt.Calendar = tt.cal
			_, _, err := ParseDue(tt.phrase, opt)
			if err == nil {
				t.Fatalf("ParseDue(%q) succeeded", tt.phrase)
			}
			if got := errText(t, err); got != tt.want {
				t.Errorf("ParseDue(%q) error\n got: %s\nwant: %s", tt.phrase, got, tt.want)
			}
			if _, err := Parse("<@U1> 交海报 "+tt.phrase, opt); err == nil || errText(t, err) != tt.want {
				t.Errorf("Parse(… %q) error = %v, want %q", tt.phrase, err, tt.want)
			}
		})
	}
}
