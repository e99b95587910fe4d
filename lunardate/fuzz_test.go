package lunardate_test

import (
	"errors"
	"testing"

	"github.com/campaignbot/campaignbot/lunardate"
)

// FuzzParse reads arbitrary text as a lunar month and day in an arbitrary
// year. It checks that Parse and Solar never panic, that every error is
// one of the documented kinds, that a date read is written back
// (LunarDate.String) to text that reads the same, and that a date
// converted converts back with Of.
func FuzzParse(f *testing.F) {
	for _, row := range fixture(f, "solar.txt", 4) {
		f.Add(row[1], 2027)
	}
	for _, row := range fixture(f, "invalid.txt", 4) {
		f.Add(row[1], 2028)
	}
	f.Add("闰十二月三十", 2100)
	f.Add(" 农历 闰 正月 卅 ", 1900)
	f.Fuzz(func(t *testing.T, s string, year int) {
		d, err := lunardate.Parse(s)
		if err != nil {
			if !errors.Is(err, lunardate.ErrSyntax) {
				t.Fatalf("Parse(%q): %v", s, err)
			}
			return
		}
		if again, err := lunardate.Parse(d.String()); err != nil || again != d {
			t.Fatalf("Parse(%q) = %+v, whose String %q reads as %+v, %v", s, d, d.String(), again, err)
		}
		// Most years tried are in range, some just outside it.
		d.Year = lunardate.MinYear - 1 + int(uint(year)%uint(lunardate.MaxYear-lunardate.MinYear+3))
		g, err := lunardate.Solar(d)
		if err != nil {
			if !errors.Is(err, lunardate.ErrNoDay) && !errors.Is(err, lunardate.ErrNoLeapMonth) && !errors.Is(err, lunardate.ErrYear) {
				t.Fatalf("Solar(%+v): %v", d, err)
			}
			return
		}
		if back, err := lunardate.Of(g); err != nil || back != d {
			t.Fatalf("Solar(%+v) = %s, which is %+v, %v", d, g, back, err)
		}
	})
}
