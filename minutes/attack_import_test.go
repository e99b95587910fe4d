package minutes_test

import (
	"testing"

	"github.com/campaignbot/campaignbot/minutes"
)

// readOne reads one line of notes and returns its only row, failing when
// the line did not become exactly one row.
func readOne(t *testing.T, line string) minutes.Item {
	t.Helper()
	res := minutes.Read(line, people, opts)
	if len(res.Items) != 1 {
		t.Fatalf("%q: %d rows, problems %+v", line, len(res.Items), res.Problems)
	}
	return res.Items[0]
}

// TestAttackImport_DoneCheckboxImported: a ticked check box in the
// minutes ("- [x] …") is work already done; it becomes an open to-do.
func TestAttackImport_DoneCheckboxImported(t *testing.T) {
	res := minutes.Read("- [x] @alice 已完成预热页 周五前\n- [X] @bob sent the coupon list by friday", people, opts)
	for _, it := range res.Items {
		t.Errorf("line %d %q, ticked as done, became an open to-do %q", it.Line, it.Source, it.Draft.Title)
	}
}

// TestAttackImport_ChineseNumberingInTitle: DingTalk/Word minutes number
// items 一、二、三、; the numeral stays in the title.
func TestAttackImport_ChineseNumberingInTitle(t *testing.T) {
	for _, line := range []string{"一、@alice 完成预热页 周五前", "（一）@alice 完成预热页 周五前"} {
		if it := readOne(t, line); it.Draft.Title != "完成预热页" {
			t.Errorf("%q: title %q, want 完成预热页", line, it.Draft.Title)
		}
	}
}

// TestAttackImport_BoldMarkupInTitle: bold owners and dates, as Slack
// (*…*) and Markdown files (**…**) write them, leave the asterisks in
// the title: "* * 完成预热页 * *".
func TestAttackImport_BoldMarkupInTitle(t *testing.T) {
	for _, line := range []string{"*<@U1>* 完成预热页 *10月8日前*", "- **@alice** 完成预热页 **10月8日前**"} {
		if it := readOne(t, line); it.Draft.Title != "完成预热页" {
			t.Errorf("%q: title %q, want 完成预热页", line, it.Draft.Title)
		}
	}
}

// TestAttackImport_TwoOwnersJoinedByAnd: "@alice 和 @bob …" (and) gives
// both owners but leaves 和 at the head of the title.
func TestAttackImport_TwoOwnersJoinedByAnd(t *testing.T) {
	for _, line := range []string{"- @alice 和 @bob 对齐价格 周五前", "- @alice and @bob align prices by friday"} {
		it := readOne(t, line)
		if len(it.Draft.Assignees) != 2 || (it.Draft.Title != "对齐价格" && it.Draft.Title != "align prices") {
			t.Errorf("%q: owners %v, title %q", line, it.Draft.Assignees, it.Draft.Title)
		}
	}
}

// TestAttackImport_DottedDateSilentlyDropped: "10.8" and "10-8" are how
// Chinese minutes often write October 8; the row gets no due date at all
// and the date stays in the title, with nothing in the preview saying so.
func TestAttackImport_DottedDateSilentlyDropped(t *testing.T) {
	for _, line := range []string{"- @bob 10.8 发海报", "- @bob 10-8 发海报"} {
		res := minutes.Read(line, people, opts)
		if len(res.Problems) > 0 {
			continue // listed as unreadable: fine
		}
		if len(res.Items) != 1 {
			t.Fatalf("%q: %+v", line, res)
		}
		it := res.Items[0]
		if got := it.Draft.Due.In(shanghai).Format("2006-01-02"); got != "2026-10-08" || it.Draft.Title != "发海报" {
			t.Errorf("%q: due %v, title %q; want 2026-10-08 and 发海报 (or the line listed as unreadable)", line, it.Draft.Due, it.Draft.Title)
		}
	}
}

// TestAttackImport_TimeOfDayAfterDateLost: "by Fri 10/2 3pm" is read as
// 18:00 with "10/2 3pm" left in the title.
func TestAttackImport_TimeOfDayAfterDateLost(t *testing.T) {
	it := readOne(t, "- @alice finish the page by Fri 10/2 3pm")
	if got := it.Draft.Due.In(shanghai).Format("2006-01-02 15:04"); got != "2026-10-02 15:00" || it.Draft.Title != "finish the page" {
		t.Errorf("due %s, title %q; want 2026-10-02 15:00, “finish the page”", got, it.Draft.Title)
	}
}

// TestAttackImport_OtherZoneIgnored: a time in another person's zone
// ("3pm EST", "10:00 PST") is read as that hour in the importer's zone,
// and the zone's name is left in the title. It should be converted, or
// listed as unreadable, never taken 12–16 hours off.
func TestAttackImport_OtherZoneIgnored(t *testing.T) {
	for _, line := range []string{"- @alice finish the page by 10/2 3pm EST", "- @dave 周五 10:00 PST 同步美国团队"} {
		res := minutes.Read(line, people, opts)
		if len(res.Problems) > 0 {
			continue
		}
		for _, it := range res.Items {
			t.Errorf("%q: read as due %s (Shanghai), title %q: the zone was ignored", line,
				it.Draft.Due.In(shanghai).Format("2006-01-02 15:04"), it.Draft.Title)
		}
	}
}

// TestAttackImport_NameColonOwner: under "Action items:" the common
// "alice: send recap by friday" is made the importer's to-do titled
// "alice: send recap", although alice is a known handle.
func TestAttackImport_NameColonOwner(t *testing.T) {
	res := minutes.Read("Action items:\n- alice: send recap by friday", people, opts)
	if len(res.Items) != 1 {
		t.Fatalf("%+v", res)
	}
	if it := res.Items[0]; len(it.Draft.Assignees) != 1 || it.Draft.Assignees[0] != "U1" || it.Draft.Title != "send recap" {
		t.Errorf("owners %v, title %q; want U1 (alice), “send recap”", it.Draft.Assignees, it.Draft.Title)
	}
}

// TestAttackImport_SubBulletsLoseParentOwner: a numbered item with its
// owner and sub-bullets with dates, as minutes break work down: the
// sub-items become the importer's to-dos ("you (no owner named)"), not
// alice's; the parent, without a date, becomes a to-do of its own.
func TestAttackImport_SubBulletsLoseParentOwner(t *testing.T) {
	res := minutes.Read("1. @alice 预热页\n   - 设计稿 10月8日前\n   - 文案 10月9日前", people, opts)
	for _, it := range res.Items {
		if it.Line > 1 && (len(it.Draft.Assignees) != 1 || it.Draft.Assignees[0] != "U1") {
			t.Errorf("line %d %q: owners %v, want alice's (U1) from the item above", it.Line, it.Source, it.Draft.Assignees)
		}
	}
}

// TestAttackImport_OwnerLabelMidLine: DingTalk-style action items put
// the owner label after the task: "完成预热页（负责人：alice，10月8日前）"
// becomes the importer's to-do titled "完成预热页（负责人:alice， ）", and
// "准备优惠券 负责人：@bob 截止：10月9日" is titled "准备优惠券 负责人".
func TestAttackImport_OwnerLabelMidLine(t *testing.T) {
	for _, tt := range []struct{ line, owner, title string }{
		{"1. 完成预热页（负责人：alice，10月8日前）", "U1", "完成预热页"},
		{"2. 准备优惠券 负责人：@bob 截止：10月9日", "U2", "准备优惠券"},
	} {
		it := readOne(t, tt.line)
		if len(it.Draft.Assignees) != 1 || string(it.Draft.Assignees[0]) != tt.owner || it.Draft.Title != tt.title {
			t.Errorf("%q: owners %v, title %q; want %s, %q", tt.line, it.Draft.Assignees, it.Draft.Title, tt.owner, tt.title)
		}
	}
}

// TestAttackImport_DayBeforeReadAsDay: "11/11 前一天" (the day before
// 11/11) is read as due 11-11 with "一天" left in the title: a day late.
func TestAttackImport_DayBeforeReadAsDay(t *testing.T) {
	res := minutes.Read("- @alice 11/11 前一天 复盘", people, opts)
	if len(res.Problems) > 0 {
		return // listed as unreadable: fine
	}
	for _, it := range res.Items {
		if got := it.Draft.Due.In(shanghai).Format("2006-01-02"); got != "2026-11-10" || it.Draft.Title != "复盘" {
			t.Errorf("due %s, title %q; want 2026-11-10 and 复盘, or the line listed", got, it.Draft.Title)
		}
	}
}

// TestAttackImport_WeekdayWithDateReadAsWeekday: the bot's own way of
// writing a due date, "due Fri 10-09 18:00", pasted into minutes, is read
// as the coming Friday (10-02), a week early, with "10-09 18:00" left in
// the title.
func TestAttackImport_WeekdayWithDateReadAsWeekday(t *testing.T) {
	for _, line := range []string{"- @bob send the coupon list due Fri 10-09 18:00", "- @bob send the coupon list by Fri 10/9"} {
		it := readOne(t, line)
		if got := it.Draft.Due.In(shanghai).Format("2006-01-02"); got != "2026-10-09" || it.Draft.Title != "send the coupon list" {
			t.Errorf("%q: due %s, title %q; want 2026-10-09, “send the coupon list”", line, got, it.Draft.Title)
		}
	}
}

// TestAttackImport_ChineseWithoutSpaces: Chinese is written without
// spaces: "@alice完成预热页 周五前" is dropped silently (neither a row nor
// a listed line), and "完成预热页@alice 周五前" becomes the importer's
// to-do titled "完成预热页@alice".
func TestAttackImport_ChineseWithoutSpaces(t *testing.T) {
	for _, line := range []string{"- @alice完成预热页 周五前", "- 完成预热页@alice 周五前"} {
		res := minutes.Read(line, people, opts)
		if len(res.Problems) > 0 {
			continue // listed, with why: acceptable
		}
		if len(res.Items) != 1 {
			t.Errorf("%q: dropped silently, neither a row nor a listed line", line)
			continue
		}
		if it := res.Items[0]; len(it.Draft.Assignees) != 1 || it.Draft.Assignees[0] != "U1" || it.Draft.Title != "完成预热页" {
			t.Errorf("%q: owners %v, title %q; want alice's 完成预热页", line, it.Draft.Assignees, it.Draft.Title)
		}
	}
}
