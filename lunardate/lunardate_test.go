package lunardate_test

import (
	"bufio"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/lunardate"
)

// fixture reads a testdata file of tab-separated lines with n fields,
// skipping comments and blank lines.
func fixture(t testing.TB, name string, n int) [][]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		if len(fields) != n {
			t.Fatalf("%s:%d: %d fields, want %d", name, line, len(fields), n)
		}
		rows = append(rows, fields)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// parseIn parses a lunar month and day and converts it in year.
func parseIn(year int, s string) (campaignbot.LunarDate, campaignbot.Date, error) {
	d, err := lunardate.Parse(s)
	if err != nil {
		return d, campaignbot.Date{}, err
	}
	d.Year = year
	g, err := lunardate.Solar(d)
	return d, g, err
}

// TestSolar converts the dates of testdata/solar.txt, leap months and the
// last days of 29-day months among them, and converts each back with Of.
func TestSolar(t *testing.T) {
	for _, row := range fixture(t, "solar.txt", 4) {
		t.Run(row[0]+" "+row[1], func(t *testing.T) {
			year, _ := strconv.Atoi(row[0])
			d, g, err := parseIn(year, row[1])
			if err != nil {
				t.Fatalf("%s (%s): %v", row[1], row[3], err)
			}
			if g.String() != row[2] {
				t.Errorf("%d %s = %s, want %s (%s)", year, row[1], g, row[2], row[3])
			}
			back, err := lunardate.Of(g)
			if err != nil || back != d {
				t.Errorf("Of(%s) = %+v, %v, want %+v", g, back, err, d)
			}
		})
	}
}

// TestInvalid checks every refusal of testdata/invalid.txt by its kind and
// its whole message.
func TestInvalid(t *testing.T) {
	kinds := map[string]error{
		"syntax":        lunardate.ErrSyntax,
		"no day":        lunardate.ErrNoDay,
		"no leap month": lunardate.ErrNoLeapMonth,
		"year":          lunardate.ErrYear,
	}
	for _, row := range fixture(t, "invalid.txt", 4) {
		t.Run(row[0]+" "+row[1], func(t *testing.T) {
			year, _ := strconv.Atoi(row[0])
			_, g, err := parseIn(year, row[1])
			if err == nil {
				t.Fatalf("%d %q accepted as %s", year, row[1], g)
			}
			kind := kinds[row[2]]
			if kind == nil {
				t.Fatalf("unknown kind %q in the fixture", row[2])
			}
			if !errors.Is(err, kind) {
				t.Errorf("error %v is not %v", err, kind)
			}
			if err.Error() != row[3] {
				t.Errorf("message:\n%s\nwant:\n%s", err, row[3])
			}
		})
	}
}

// TestNamesRoundTrip writes every month and day, leap months too, and
// reads it back, so that LunarDate.String and Parse agree.
func TestNamesRoundTrip(t *testing.T) {
	for _, leap := range []bool{false, true} {
		for m := 1; m <= 12; m++ {
			for day := 1; day <= 30; day++ {
				d := campaignbot.LunarDate{Month: m, Leap: leap, Day: day}
				got, err := lunardate.Parse(d.String())
				if err != nil || got != d {
					t.Errorf("Parse(%q) = %+v, %v, want %+v", d.String(), got, err, d)
				}
			}
		}
	}
	for _, c := range []struct {
		d    campaignbot.LunarDate
		want string
	}{
		{campaignbot.LunarDate{Year: 2027, Month: 1, Day: 1}, "正月初一"},
		{campaignbot.LunarDate{Month: 6, Leap: true, Day: 15}, "闰六月十五"},
		{campaignbot.LunarDate{Month: 11, Day: 20}, "冬月二十"},
		{campaignbot.LunarDate{Month: 12, Day: 23}, "腊月廿三"},
		{campaignbot.LunarDate{Month: 12, Day: 30}, "腊月三十"},
		{campaignbot.LunarDate{Month: 13, Day: 1}, ""},
		{campaignbot.LunarDate{Month: 1, Day: 31}, ""},
		{campaignbot.LunarDate{}, ""},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.d, got, c.want)
		}
	}
}

// TestEveryDayOfTheCampaignYears converts every day of lunar 2025 to 2028
// and checks the Gregorian days follow one another without a gap, so no
// month is skipped or doubled around a leap month or a year's end.
func TestEveryDayOfTheCampaignYears(t *testing.T) {
	var prev campaignbot.Date
	for year := 2025; year <= 2028; year++ {
		for m := 1; m <= 12; m++ {
			for _, leap := range []bool{false, true} {
				for day := 1; day <= 30; day++ {
					g, err := lunardate.Solar(campaignbot.LunarDate{Year: year, Month: m, Leap: leap, Day: day})
					if err != nil {
						if !errors.Is(err, lunardate.ErrNoDay) && !errors.Is(err, lunardate.ErrNoLeapMonth) {
							t.Fatalf("%d %d %v %d: %v", year, m, leap, day, err)
						}
						continue
					}
					if prev != (campaignbot.Date{}) && nextDay(prev) != g {
						t.Fatalf("lunar %d-%d (leap %v) day %d is %s, after %s", year, m, leap, day, g, prev)
					}
					prev = g
				}
			}
		}
	}
	if prev.String() != "2029-02-12" {
		t.Errorf("the last day of lunar 2028 is %s, want 2029-02-12 (Spring Festival 2029 is 02-13)", prev)
	}
}

func nextDay(d campaignbot.Date) campaignbot.Date {
	return campaignbot.DateOf(time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, time.UTC))
}

// TestSolarConcurrent converts dates of several years from several
// goroutines at once, as config reloads and /campaign may: lunar-go keeps
// a cache of the last year computed, which must stay safe (run with -race).
func TestSolarConcurrent(t *testing.T) {
	rows := fixture(t, "solar.txt", 4)
	done := make(chan error)
	for range 4 {
		go func() {
			for _, row := range rows {
				year, _ := strconv.Atoi(row[0])
				_, g, err := parseIn(year, row[1])
				if err == nil && g.String() != row[2] {
					err = errors.New(row[0] + " " + row[1] + " is " + g.String() + ", want " + row[2])
				}
				if err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
