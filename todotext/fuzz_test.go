package todotext

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/workdays"
)

// checkFuzzError fails unless err is a user-facing EINVALID error with text
// in both languages.
func checkFuzzError(t *testing.T, input string, err error) {
	t.Helper()
	var e *campaignbot.Error
	if !errors.As(err, &e) || e.Code != campaignbot.EINVALID || e.Text.In(campaignbot.English) == "" || e.Text.In(campaignbot.Chinese) == "" {
		t.Fatalf("%q: error %v is not a bilingual EINVALID *campaignbot.Error", input, err)
	}
}

// checkDue fails unless due is after now and at most two years ahead.
func checkDue(t *testing.T, input string, due, now time.Time) {
	t.Helper()
	if !due.After(now) || due.After(now.AddDate(2, 0, 0)) {
		t.Fatalf("%q: due %v is not within (now, now+2y] for now %v", input, due, now)
	}
}

// fuzzNows are the instants fuzz inputs are read at, chosen by the input.
var fuzzNows = []time.Time{
	tuesday(10, 0),
	tuesday(23, 30),
	time.Date(2026, 10, 23, 19, 0, 0, 0, shanghai),
	time.Date(2026, 3, 7, 10, 0, 0, 0, mustZone("America/New_York")),
	time.Date(2026, 10, 31, 23, 59, 0, 0, mustZone("America/New_York")),
	// The last working day before the National Day holiday, and the
	// Friday evening before the makeup Saturday.
	time.Date(2026, 9, 30, 10, 0, 0, 0, shanghai),
	time.Date(2026, 10, 9, 19, 0, 0, 0, shanghai),
}

// fuzzCalendar is mainland China's calendar with a company day off
// (Monday 2026-10-12) and an extra workday (Sunday 2026-10-11).
var fuzzCalendar = func() *campaignbot.Calendar {
	region, err := workdays.Region("CN")
	if err != nil {
		panic(err)
	}
	return &campaignbot.Calendar{Region: "CN", Statutory: region,
		Holidays: map[campaignbot.Date]campaignbot.Text{{Year: 2026, Month: time.October, Day: 12}: {EN: "team offsite", ZH: "团建"}},
		Workdays: map[campaignbot.Date]campaignbot.Text{{Year: 2026, Month: time.October, Day: 11}: {}},
	}
}()

// fuzzOpts are the options a fuzz input is read with: which picks the
// instant (which modulo len(fuzzNows)) and the calendar (weekends only or
// fuzzCalendar, by the quotient's parity).
func fuzzOpts(which uint8) Options {
	opt := optsAt(fuzzNows[int(which)%len(fuzzNows)])
	if int(which)/len(fuzzNows)%2 == 1 {
		opt.Calendar = fuzzCalendar
	}
	return opt
}

// checkDayOff fails unless the draft's DayOff is consistent with its due
// time and calendar: a day off that is not a plain weekend, and a next
// working day after it.
func checkDayOff(t *testing.T, input string, d Draft, cal *campaignbot.Calendar) {
	t.Helper()
	if d.DayOff == nil {
		return
	}
	if d.Due.IsZero() || cal.IsWorkday(d.Due) || d.DayOff.Reason.In(campaignbot.English) == "" || d.DayOff.Reason.In(campaignbot.Chinese) == "" {
		t.Fatalf("%q: DayOff %+v for due %v", input, *d.DayOff, d.Due)
	}
	if n := d.DayOff.Next; !n.IsZero() && (!n.After(d.Due) || !cal.IsWorkday(n)) {
		t.Fatalf("%q: DayOff's next working day %v for due %v", input, n, d.Due)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("<@U1> finalize the coupon banner by tomorrow 6pm", uint8(0))
	f.Add("<@U1> 完成优惠券海报 明天下午6点前 !high #registration-closes", uint8(1))
	f.Add("<@U1> prepare noon livestream 2026-10-24 12:30 !low", uint8(0))
	f.Add("<@U1> 明天8点 开会 #registration-closes", uint8(1))
	f.Add("launch at midnight on 11/11", uint8(2))
	// Working days, with mainland China's calendar (which 12: 09-30; 13:
	// Friday 10-09 evening) and with weekends only (5, 6).
	f.Add("<@U1> 提交报名表 3个工作日内 !high", uint8(12))
	f.Add("<@U1> 下个工作日上午10点前 回复品牌方", uint8(13))
	f.Add("<@U1> send the rebate sheet by next business day 10am", uint8(12))
	f.Add("<@U1> confirm the slots within 2 working days", uint8(5))
	f.Add("<@U1> 交海报 10月3日前 #registration-closes", uint8(12))
	f.Add("<@U1> 两个工作日后 复盘 下个工作日的排班表", uint8(6))
	f.Add("<@U1> 交主图 双11后3个工作日内 周五后的下个工作日", uint8(12))
	f.Add("<@U1> 交主图 D-3个工作日 3 个 工作日内 2-3个工作日内", uint8(12))
	f.Add("<@U1> send banner 3 business days before D-day", uint8(13))
	f.Add("<@U1> 收到样品后3个工作日内反馈 明天后的下个工作日 下周后3个工作日内", uint8(12))
	f.Add("<@U1> 更新“3个工作日内发货”文案 周五前 update the next business day delivery FAQ", uint8(12))
	f.Add("<@U1> 请在工作日内回复客户 明天 1,000个工作日内 -1个工作日内", uint8(12))
	f.Fuzz(func(t *testing.T, text string, which uint8) {
		opt := fuzzOpts(which)
		now := opt.Now
		d, err := Parse(text, opt)
		if err != nil {
			checkFuzzError(t, text, err)
			return
		}
		if len(d.Choices) == 1 {
			t.Fatalf("%q: one choice is no question: %+v", text, d.Choices)
		}
		for _, c := range d.Choices {
			if c.Title == "" || utf8.RuneCountInString(c.Title) > campaignbot.MaxTodoTitle {
				t.Fatalf("%q: bad title %q in choice %+v", text, c.Title, c)
			}
			checkDue(t, text, c.Due, now)
			// The text a choice's button carries reads as that choice.
			again, err := Parse(ChoiceText(d, c, now.Location()), opt)
			if err != nil || len(again.Choices) > 0 || !again.Due.Equal(c.Due) {
				t.Fatalf("%q: choice %+v written as %q reads as %+v, %v", text, c, ChoiceText(d, c, now.Location()), again, err)
			}
		}
		if len(d.Choices) > 0 {
			return
		}
		if d.Title == "" || utf8.RuneCountInString(d.Title) > campaignbot.MaxTodoTitle {
			t.Fatalf("%q: bad title %q", text, d.Title)
		}
		if d.DuePhrase != "" {
			checkDue(t, text, d.Due, now)
		}
		checkDayOff(t, text, d, opt.Calendar)
		switch d.Priority {
		case campaignbot.PriorityLow, campaignbot.PriorityNormal, campaignbot.PriorityHigh:
		default:
			t.Fatalf("%q: priority %q", text, d.Priority)
		}
		for _, u := range d.Assignees {
			if u == "UBOT" {
				t.Fatalf("%q: the bot is an assignee", text)
			}
		}
	})
}

func FuzzParseDue(f *testing.F) {
	f.Add("tomorrow 5pm", uint8(0))
	f.Add("明天下午3点", uint8(1))
	f.Add("三个工作日内", uint8(12))
	f.Add("next business day 10am", uint8(13))
	f.Add("within 2 working days", uint8(5))
	f.Add("0个工作日内", uint8(12))
	f.Add("双11后3个工作日内", uint8(12))
	f.Add("D-3个工作日", uint8(13))
	f.Add("3～5个工作日内", uint8(12))
	f.Add("1.5个工作日内", uint8(5))
	f.Add("by end of next business day", uint8(12))
	f.Add("within next 2 business days", uint8(13))
	f.Add("周五后的下个工作日", uint8(12))
	f.Add("下周后3个工作日内", uint8(12))
	f.Fuzz(func(t *testing.T, phrase string, which uint8) {
		opt := fuzzOpts(which)
		now := opt.Now
		due, _, err := ParseDue(phrase, opt)
		if err != nil {
			checkFuzzError(t, phrase, err)
		} else {
			checkDue(t, phrase, due, now)
		}
		s, err := ParseSnooze(phrase, opt)
		if err != nil {
			checkFuzzError(t, phrase, err)
		} else {
			checkDue(t, phrase, s, now)
		}
	})
}
