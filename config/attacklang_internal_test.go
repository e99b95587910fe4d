package config

import (
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestAttackLang_CoverageYearsJoinedInJapanese: the warning that the
// calendar lacks holiday data for some years listed them as "2028 and
// 2030" inside Japanese.
func TestAttackLang_CoverageYearsJoinedInJapanese(t *testing.T) {
	w := coverageWarning("CN", []int{2028, 2030}, campaignbot.T("config.job-on-workdays", "digest"), campaignbot.T("config.job-on-workdays", "x"), campaignbot.Text{})
	if got := w.In(campaignbot.Japanese); strings.Contains(got, " and ") || !strings.Contains(got, "2028、2030 年") {
		t.Errorf("Japanese warning %q; want the years as 2028、2030", got)
	}
}
