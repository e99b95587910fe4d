package lunardate

import (
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestFullWidthNumericForm: the numeric form typed with a Chinese
// IME, "１-１" or "闰６-１" (full-width digits, as the to-do reader accepts
// them: "１０/２９"), is refused with "unknown lunar month in \"１-１\"", a
// misleading message since the month is plainly 1. Expected: read like
// "1-1" / "闰6-1".
func TestFullWidthNumericForm(t *testing.T) {
	for in, want := range map[string]campaignbot.LunarDate{
		"１-１":   {Month: 1, Day: 1},
		"１２-２９": {Month: 12, Day: 29},
		"闰６-１":  {Month: 6, Leap: true, Day: 1},
		"1－1":   {Month: 1, Day: 1}, // full-width hyphen
	} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
}
