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

// TestAttackLang_ImportCommentInTraditionalChinese: the zh-TW replies
// tell a Taiwanese user to share minutes with the comment “待辦”, but
// only the Simplified 待办 was an import comment, so following the
// bot's own advice filed the minutes into the knowledge base instead.
// Japanese users are told 「to-dos」, which already works; タスク is
// the word the Japanese catalog uses for a to-do.
func TestAttackLang_ImportCommentInTraditionalChinese(t *testing.T) {
	for _, c := range []string{"待辦", "待辦事項", "匯入待辦", "導入待辦", "建立待辦", "タスク", "待办"} {
		if !isImportComment(c) {
			t.Errorf("%q is not an import comment", c)
		}
	}
}

// TestAttackLang_AckReplyInJapanese: the Japanese texts tell people to
// reply 「了解」 in the bot's DM to acknowledge the latest reminder, but
// only 收到, got it and the like counted, so a Japanese 了解 (or
// 了解です, 確認しました) acknowledged nothing; nor did the Traditional
// 收到謝謝.
func TestAttackLang_AckReplyInJapanese(t *testing.T) {
	for _, s := range []string{"了解", "了解です", "了解しました", "確認しました", "收到謝謝", "收到"} {
		if !isAckReply(s) {
			t.Errorf("%q is no Got it", s)
		}
	}
	for _, s := range []string{"ok", "好的", "はい", "了解？ what is this"} {
		if isAckReply(s) {
			t.Errorf("%q counts as Got it", s)
		}
	}
}
