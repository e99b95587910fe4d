package minutes_test

import (
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/minutes"
)

// TestDatesNotGuessed: a line whose date the reader does not guess at is
// listed with why, in both languages, rather than read wrongly; a weekday
// before a numeric date is checked against it.
func TestDatesNotGuessed(t *testing.T) {
	for _, tt := range []struct{ line, why string }{
		{"- @bob 10.8 发海报", "10/8"},
		{"- @bob 10-8 发海报", "10/8"},
		{"- @alice finish the page by 10/2 3pm EST", "time zone"},
		{"- @dave 周五 10:00 PST 同步美国团队", "time zone"},
		{"- @alice 11/11 前一天 复盘", "the day before"},
		{"- @bob send the coupon list by Fri 10/8", "Thursday, not a Friday"},
	} {
		res := minutes.Read(tt.line, people, opts)
		if len(res.Items) != 0 || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Why.In(campaignbot.English), tt.why) || res.Problems[0].Why.In(campaignbot.Chinese) == "" {
			t.Errorf("%q: items %+v, problems %+v; want the line listed saying %q", tt.line, res.Items, res.Problems, tt.why)
		}
	}
	// A dotted number beside a date read is not a date in doubt.
	if res := minutes.Read("- @bob 预算 10.5 万 10月8日前", people, opts); len(res.Items) != 1 {
		t.Errorf("a dotted amount beside a date: %+v", res)
	}
}
