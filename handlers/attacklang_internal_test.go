package handlers

import (
	"errors"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestAttackLang_SeveralMilestonesJoinedInTheReadersLanguage: a
// milestone id two campaigns share was answered in Japanese and Chinese
// with the choices joined by an English "or".
func TestAttackLang_SeveralMilestonesJoinedInTheReadersLanguage(t *testing.T) {
	cs := []campaignbot.Campaign{
		{ID: "double11", Milestones: []campaignbot.Milestone{{ID: "presale"}}},
		{ID: "618", Milestones: []campaignbot.Milestone{{ID: "presale"}}},
	}
	_, err := findMilestone(cs, "presale")
	var e *campaignbot.Error
	if !errors.As(err, &e) {
		t.Fatalf("findMilestone = %v; want a *campaignbot.Error", err)
	}
	for l, want := range map[campaignbot.Language]string{
		campaignbot.English:            "double11/presale or 618/presale",
		campaignbot.Chinese:            "double11/presale 或 618/presale",
		campaignbot.TraditionalChinese: "double11/presale 或 618/presale",
		campaignbot.Japanese:           "double11/presale または 618/presale",
	} {
		if got := e.Text.In(l); !strings.Contains(got, want) {
			t.Errorf("%s: %q lacks %q", l, got, want)
		}
	}
}
