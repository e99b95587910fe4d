package todotext

import (
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// attack17Parse parses text at now (Shanghai) with mainland China's
// calendar.
func attack17Parse(t *testing.T, now, text string) (Draft, error) {
	t.Helper()
	opt := optsAt(cstAt(t, now))
	opt.Calendar = chinaCalendar(t, nil, nil)
	return Parse(text, opt)
}

func attack17Describe(d Draft) string {
	if len(d.Choices) > 0 {
		var s []string
		for _, c := range d.Choices {
			s = append(s, c.Due.Format("2006-01-02 15:04 Mon")+" "+c.Title)
		}
		return "choices: " + strings.Join(s, " | ")
	}
	return "due " + d.Due.Format("2006-01-02 15:04 Mon") + ", title " + d.Title + ", phrase " + d.DuePhrase
}

// TestAttack17_AnchoredWorkdaysIgnoreTheAnchor: "双11后3个工作日内" (within 3
// working days after Double 11) is counted from today, and the anchor
// "双11后" is left in the title: on 09-30 it is due Sat 10-10, six weeks
// before the sale. "双11后3天内" is counted from 11-11 (due 11-14), so the
// working-day form is the odd one out. The same for "大促后…" and "周五后的下个
// 工作日". Expected: counted from the anchor (3 working days after Wed
// 11-11 is Mon 11-16; the working day after Fri 10-23 is Mon 10-26), or an
// error saying the form is not understood, never a date counted from today.
func TestAttack17_AnchoredWorkdaysIgnoreTheAnchor(t *testing.T) {
	tests := []struct{ now, text, want string }{
		{"2026-09-30 10:00", "<@U1> 交主图 双11后3个工作日内", "2026-11-16 18:00"},
		{"2026-09-30 10:00", "<@U1> 交主图 大促后3个工作日内", "2026-11-16 18:00"},
		{"2026-10-20 10:00", "<@U1> 交主图 周五后的下个工作日", "2026-10-26 18:00"},
	}
	for _, tt := range tests {
		d, err := attack17Parse(t, tt.now, tt.text)
		if err != nil {
			continue // refusing is fine
		}
		if len(d.Choices) == 0 && d.Due.Equal(cstAt(t, tt.want)) {
			continue
		}
		t.Errorf("at %s, Parse(%q): %s; want due %s (or an error)", tt.now, tt.text, attack17Describe(d), tt.want)
	}
}

// TestAttack17_DMinusWorkdaysCountsCalendarDays: "D-3个工作日" (3 working
// days before D-day) is read as D-3 in calendar days (Sun 11-08) and leaves
// "个工作日" in the title; "3 business days before D-day" offers 11-10 and
// 11-11 with "3 business days" in the title. Expected: 3 working days before
// Wed 11-11, Fri 11-06 18:00, or an error.
func TestAttack17_DMinusWorkdaysCountsCalendarDays(t *testing.T) {
	for _, text := range []string{
		"<@U1> 交主图 D-3个工作日",
		"<@U1> send banner 3 business days before D-day",
	} {
		d, err := attack17Parse(t, "2026-09-30 10:00", text)
		if err != nil {
			continue
		}
		if len(d.Choices) == 0 && d.Due.Equal(cstAt(t, "2026-11-06 18:00")) {
			continue
		}
		t.Errorf("Parse(%q): %s; want due 2026-11-06 18:00 (3 working days before D-day) or an error", text, attack17Describe(d))
	}
}

// TestAttack17_SpacedWorkdayCount: "3 个工作日内" and "3 个 工作日内", as
// people type them with spaces around the digit in mixed text, are refused
// with an error quoting a fragment ("个工作日内", without the 3). Expected:
// three working days, as for "3个工作日内" (Sat 10-10 18:00 on 09-30).
func TestAttack17_SpacedWorkdayCount(t *testing.T) {
	for _, text := range []string{"<@U1> 交主图 3 个工作日内", "<@U1> 交主图 3 个 工作日内"} {
		d, err := attack17Parse(t, "2026-09-30 10:00", text)
		if err != nil {
			t.Errorf("Parse(%q): %v; want due 2026-10-10 18:00", text, err)
			continue
		}
		if !d.Due.Equal(cstAt(t, "2026-10-10 18:00")) || d.Title != "交主图" {
			t.Errorf("Parse(%q): %s; want due 2026-10-10 18:00, title 交主图", text, attack17Describe(d))
		}
	}
}

// TestAttack17_WorkdayRangeAndDecimal: "2-3个工作日内" / "3～5个工作日内" (the
// usual way shops promise delivery) take the upper bound and leave "2" or
// "3～" dangling in the title; "1.5个工作日内" is read as 5 working days
// with "1" left in the title. Expected: the whole phrase is handled (the
// upper bound, title "交主图") or refused — never a wrong count or a title
// ending in a stray number.
func TestAttack17_WorkdayRangeAndDecimal(t *testing.T) {
	tests := []struct{ text, want string }{
		{"<@U1> 交主图 2-3个工作日内", "2026-10-10 18:00"},
		{"<@U1> 交主图 2到3个工作日内", "2026-10-10 18:00"},
		{"<@U1> 交主图 3～5个工作日内", "2026-10-13 18:00"},
		{"<@U1> 交主图 1.5个工作日内", ""}, // no right answer but an error
	}
	for _, tt := range tests {
		d, err := attack17Parse(t, "2026-09-30 10:00", tt.text)
		if err != nil {
			continue
		}
		if tt.want != "" && d.Title == "交主图" && d.Due.Equal(cstAt(t, tt.want)) {
			continue
		}
		t.Errorf("Parse(%q): %s; want title 交主图 due %s, or an error", tt.text, attack17Describe(d), tt.want)
	}
}

// TestAttack17_ChineseWorkdayCountOutOfRange: "100000个工作日内" is silently
// left in the title with no due date (5 digits are not read), while "in
// 100000 business days" and "1000个工作日内" get the "more than 2 years"
// error; "1,000个工作日内" gets "\"000个工作日内\" counts no working days"
// (quoting a fragment); "-1个工作日内" is read as 1 working day. Expected:
// an error for each.
func TestAttack17_ChineseWorkdayCountOutOfRange(t *testing.T) {
	for _, text := range []string{
		"<@U1> 交主图 100000个工作日内",
		"<@U1> 交主图 -1个工作日内",
	} {
		d, err := attack17Parse(t, "2026-09-30 10:00", text)
		if err == nil {
			t.Errorf("Parse(%q): %s; want an error, as for \"in 100000 business days\" / \"0个工作日内\"", text, attack17Describe(d))
		}
	}
	_, err := attack17Parse(t, "2026-09-30 10:00", "<@U1> 交主图 1,000个工作日内")
	if err == nil || strings.Contains(err.Error(), `"000个工作日内"`) {
		t.Errorf("Parse(1,000个工作日内): %v; want an error that quotes what was written, not \"000个工作日内\"", err)
	}
}

// TestAttack17_WorkdayNounRefusesTheTodo: "请在工作日内回复客户 明天" (reply
// to customers during working days, due tomorrow) is refused: "I couldn't
// read \"请在工作日内\" as a due time". 工作日 here is a noun of the title,
// like 工作日报; the due date is 明天. Expected: due tomorrow 18:00, title
// keeps 工作日内回复客户.
func TestAttack17_WorkdayNounRefusesTheTodo(t *testing.T) {
	d, err := attack17Parse(t, "2026-10-20 10:00", "<@U1> 请在工作日内回复客户 明天")
	if err != nil {
		t.Fatalf("Parse: %v; want due 2026-10-21 18:00", err)
	}
	if !d.Due.Equal(cstAt(t, "2026-10-21 18:00")) || !strings.Contains(d.Title, "工作日内回复客户") {
		t.Errorf("Parse: %s; want due 2026-10-21 18:00 with 工作日内回复客户 in the title", attack17Describe(d))
	}
}

// TestAttack17_EndOfNextBusinessDayTitle: "by end of next business day" (a
// very common English deadline) is due right but leaves "by end of" in the
// title ("send banner by end of"). Expected: title "send banner".
func TestAttack17_EndOfNextBusinessDayTitle(t *testing.T) {
	for _, text := range []string{
		"<@U1> send banner by end of next business day",
		"<@U1> send banner end of the next working day",
	} {
		d, err := attack17Parse(t, "2026-09-30 10:00", text)
		if err != nil {
			t.Errorf("Parse(%q): %v", text, err)
			continue
		}
		if d.Title != "send banner" || !d.Due.Equal(cstAt(t, "2026-10-08 18:00")) {
			t.Errorf("Parse(%q): %s; want title \"send banner\", due 2026-10-08 18:00", text, attack17Describe(d))
		}
	}
}

// TestAttack17_WithinTheNextBusinessDayTitle: "within the next business
// day", "within next business day" and "in the next business day" are due
// right but leave "within" / "in" in the title ("send banner within"),
// while "within the next 2 business days" is taken whole; "within next 2
// business days" (no "the") is not read at all and stays in the title with
// no due date. Expected: title "send banner" and the due date, each time.
func TestAttack17_WithinTheNextBusinessDayTitle(t *testing.T) {
	for text, due := range map[string]string{
		"<@U1> send banner within the next business day": "2026-10-21 18:00",
		"<@U1> send banner within next business day":     "2026-10-21 18:00",
		"<@U1> send banner in the next business day":     "2026-10-21 18:00",
		"<@U1> send banner within next 2 business days":  "2026-10-22 18:00",
	} {
		d, err := attack17Parse(t, "2026-10-20 10:00", text)
		if err != nil {
			t.Errorf("Parse(%q): %v", text, err)
			continue
		}
		if d.Title != "send banner" || !d.Due.Equal(cstAt(t, due)) {
			t.Errorf("Parse(%q): %s; want title \"send banner\", due %s", text, attack17Describe(d), due)
		}
	}
}

// TestAttack17_NextBusinessDayAsAdjective: "update the next business day
// delivery FAQ" (次日达 / next-business-day delivery is a product feature)
// becomes a to-do due tomorrow titled "update delivery FAQ": the words are
// cut out of the title and read as a deadline. "update the tomorrow
// delivery FAQ" is recognised as describing the thing (Described, no due).
// Expected: the same here — no due date, the title kept whole.
func TestAttack17_NextBusinessDayAsAdjective(t *testing.T) {
	d, err := attack17Parse(t, "2026-10-20 10:00", "<@U1> update the next business day delivery FAQ")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Due.IsZero() || d.Title != "update the next business day delivery FAQ" {
		t.Errorf("%s; want no due date and the title kept whole", attack17Describe(d))
	}
}

// TestAttack17_SameDayReadingsKeepTheWrongTitle: on Tue 10-20
// "更新“3个工作日内发货”文案 周五前" (update the "ships within 3 working days"
// copy, by Friday) has two deadline readings that land on the same day,
// Fri 10-23; the duplicate is dropped and the surviving one is the
// quoted working-day phrase, so the stored title is "更新“发货”文案 周五前":
// the quote is torn apart and the deadline words stay in it. (On Wed 10-21
// the two differ and the bot asks.) Working-day phrases make such ties
// common (下个工作日 is 明天 four days a week). Expected: title
// "更新“3个工作日内发货”文案", due Fri 10-23 18:00.
func TestAttack17_SameDayReadingsKeepTheWrongTitle(t *testing.T) {
	d, err := attack17Parse(t, "2026-10-20 10:00", "<@U1> 更新“3个工作日内发货”文案 周五前")
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "更新“3个工作日内发货”文案" || !d.Due.Equal(cstAt(t, "2026-10-23 18:00")) {
		t.Errorf("%s; want title 更新“3个工作日内发货”文案, due 2026-10-23 18:00", attack17Describe(d))
	}
}

// TestAttack17_LongMessageIsSlow: Parse is superlinear in the length of
// the text: a chat message repeating "within 2 working days " 800 times
// (17.6 KB; Slack allows 40,000 characters) takes about 5 s, and 1,800
// times (39.6 KB) about 46 s of CPU, on every mention (handleMention parses
// it, then create parses it again). The same holds for "tomorrow " (16 KB:
// 13 s), so the cost is in the phrase scan, not only the new working-day
// forms; the fuzzers, which keep inputs short, do not see it. Expected:
// well under a second for a message of this size, or an early "too long"
// answer.
func TestAttack17_LongMessageIsSlow(t *testing.T) {
	if testing.Short() {
		t.Skip("slow by design")
	}
	text := "<@U1> " + strings.Repeat("within 2 working days ", 800)
	start := time.Now()
	_, _ = attack17Parse(t, "2026-09-30 10:00", text)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Parse of a %d-byte message took %v", len(text), d)
	}
}

// TestAttack17_SnoozeForWorkingDays: a snooze takes a length of time
// ("/todo snooze 5 3天", "3 days": three days later at the same clock), but
// "/todo snooze 5 3个工作日" and "/todo snooze 5 2 business days" are refused
// with "I couldn't read … as a due time". Expected: the snooze lasts that
// many working days — on Wed 09-30 10:00, three working days end on the
// makeup Saturday 10-10 and two on Fri 10-09 (at 09:00 or at the same
// clock).
func TestAttack17_SnoozeForWorkingDays(t *testing.T) {
	opt := optsAt(cstAt(t, "2026-09-30 10:00"))
	opt.Calendar = chinaCalendar(t, nil, nil)
	for phrase, day := range map[string]string{
		"3个工作日":           "2026-10-10",
		"2 business days": "2026-10-09",
	} {
		got, err := ParseSnooze(phrase, opt)
		if err != nil {
			t.Errorf("ParseSnooze(%q): %v; want a time on %s", phrase, err, day)
			continue
		}
		if got.Format("2006-01-02") != day {
			t.Errorf("ParseSnooze(%q) = %s; want a time on %s", phrase, got.Format("2006-01-02 15:04"), day)
		}
	}
}

// TestAttack17_LunarCampaignByItsName: with the README's lunar campaign
// (id lny2027, name "年货节 2027", D-day 2027-02-06), "备货 年货节前3天"
// (stock up 3 days before 年货节) is not read: it stays in the title and
// the to-do has no due date, silently — while "大促前3天" and "D-3" give Wed
// 02-03. The campaign is only known by its full name "年货节 2027" or id;
// 双11 / 618 have built-in short names, the lunar sales (年货节, 春节) none.
// Expected: due 2027-02-03 18:00, title 备货.
func TestAttack17_LunarCampaignByItsName(t *testing.T) {
	now := cstAt(t, "2026-12-03 10:00")
	opt := Options{Now: now, Location: shanghai, BotID: "UBOT", Calendar: chinaCalendar(t, nil, nil)}
	opt.Campaigns = append(opt.Campaigns, campaignbot.Campaign{ID: "lny2027", Name: "年货节 2027", DDay: cstAt(t, "2027-02-06 00:00"),
		DDayLunar: campaignbot.LunarDate{Year: 2027, Month: 1, Day: 1}})
	d, err := Parse("<@U1> 备货 年货节前3天", opt)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "备货" || !d.Due.Equal(cstAt(t, "2027-02-03 18:00")) {
		t.Errorf("%s; want title 备货, due 2027-02-03 18:00", attack17Describe(d))
	}
}
