package todotext

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
)

// checkFuzzError fails unless err is a user-facing EINVALID error with text
// in both languages.
func checkFuzzError(t *testing.T, input string, err error) {
	t.Helper()
	var e *campaignbot.Error
	if !errors.As(err, &e) || e.Code != campaignbot.EINVALID || e.Text.EN == "" || e.Text.ZH == "" {
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
}

func FuzzParse(f *testing.F) {
	f.Add("<@U1> finalize the coupon banner by tomorrow 6pm", uint8(0))
	f.Add("<@U1> 完成优惠券海报 明天下午6点前 !high #registration-closes", uint8(1))
	f.Add("<@U1> prepare noon livestream 2026-10-24 12:30 !low", uint8(0))
	f.Add("<@U1> 明天8点 开会 #registration-closes", uint8(1))
	f.Add("launch at midnight on 11/11", uint8(2))
	f.Fuzz(func(t *testing.T, text string, which uint8) {
		now := fuzzNows[int(which)%len(fuzzNows)]
		d, err := Parse(text, optsAt(now))
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
			again, err := Parse(ChoiceText(d, c, now.Location()), optsAt(now))
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
	f.Fuzz(func(t *testing.T, phrase string, which uint8) {
		now := fuzzNows[int(which)%len(fuzzNows)]
		opt := optsAt(now)
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
