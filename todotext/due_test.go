package todotext

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// shanghai is the zone of most tests; 2026-10-20 10:00 there is a Tuesday.
var shanghai = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at returns 2026-10-20 10:00 in Shanghai shifted by the given clock.
func tuesday(h, m int) time.Time { return time.Date(2026, 10, 20, h, m, 0, 0, shanghai) }

func optsAt(now time.Time) Options {
	return Options{Now: now, Location: now.Location(), Campaigns: testCampaigns(now.Location()), BotID: "UBOT"}
}

// errText returns the English text of an *campaignbot.Error, failing the
// test for any other error or a code other than EINVALID.
func errText(t *testing.T, err error) string {
	t.Helper()
	var e *campaignbot.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *campaignbot.Error", err, err)
	}
	if e.Code != campaignbot.EINVALID {
		t.Fatalf("error code = %q, want %q", e.Code, campaignbot.EINVALID)
	}
	if e.Text.In(campaignbot.Chinese) == "" {
		t.Errorf("error %q has no Chinese text", e.Text.In(campaignbot.English))
	}
	return e.Text.In(campaignbot.English)
}

// TestParseDuePhrases runs the cases in testdata/due_phrases.txt (see its
// header for the format).
func TestParseDuePhrases(t *testing.T) {
	cases := 0
	eachCorpusLine(t, "testdata/due_phrases.txt", func(line int, opt Options, phrase, want string) {
		cases++
		got, dateOnly, err := ParseDue(phrase, opt)
		if wantErr, isErr := strings.CutPrefix(want, "error: "); isErr {
			if err == nil {
				t.Errorf("line %d: ParseDue(%q) = %s, want error %q", line, phrase, got.Format("2006-01-02 15:04 MST"), wantErr)
				return
			}
			if g := errText(t, err); g != wantErr {
				t.Errorf("line %d: ParseDue(%q) error\n got: %s\nwant: %s", line, phrase, g, wantErr)
			}
			return
		}
		wantDate := strings.HasSuffix(want, " date")
		wantT, perr := time.ParseInLocation("2006-01-02 15:04", strings.TrimSuffix(want, " date"), opt.Location)
		if perr != nil {
			t.Fatalf("line %d: %v", line, perr)
		}
		if err != nil {
			t.Errorf("line %d: ParseDue(%q) error: %v", line, phrase, err)
			return
		}
		if !got.Equal(wantT) || dateOnly != wantDate {
			t.Errorf("line %d: ParseDue(%q) = %s dateOnly=%v, want %s dateOnly=%v", line, phrase,
				got.Format("2006-01-02 15:04 MST"), dateOnly, wantT.Format("2006-01-02 15:04 MST"), wantDate)
		}
		if got.Location() != opt.Location {
			t.Errorf("line %d: ParseDue(%q) is in %v, want %v", line, phrase, got.Location(), opt.Location)
		}
	})
	if cases < 100 {
		t.Errorf("only %d cases read", cases)
	}
}

func TestParseDueChineseErrorText(t *testing.T) {
	_, _, err := ParseDue("昨天下午5点", optsAt(tuesday(10, 0)))
	var e *campaignbot.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v", err)
	}
	want := "“昨天下午5点”是 2026-10-19 17:00（周一），已经过去了；请给一个将来的时间，例如“明天17:00”。"
	if e.Text.In(campaignbot.Chinese) != want {
		t.Errorf("ZH =\n%s\nwant\n%s", e.Text.In(campaignbot.Chinese), want)
	}
}

func TestParseDueEndOfDayOption(t *testing.T) {
	opt := optsAt(tuesday(10, 0))
	opt.EndOfDay = 17*60 + 30
	got, dateOnly, err := ParseDue("friday", opt)
	if err != nil || !dateOnly || !got.Equal(time.Date(2026, 10, 23, 17, 30, 0, 0, shanghai)) {
		t.Errorf("ParseDue(friday) = %v %v %v", got, dateOnly, err)
	}
}

func TestParseDueNoCampaign(t *testing.T) {
	opt := optsAt(tuesday(10, 0))
	opt.Campaigns = nil
	_, _, err := ParseDue("D-3", opt)
	want := `I read "D-3" as counting days from a campaign's D-day, but no campaign is configured. Give a date instead, such as "10/27 18:00".`
	if err == nil || errText(t, err) != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	opt = optsAt(time.Date(2026, 12, 20, 10, 0, 0, 0, shanghai))
	_, _, err = ParseDue("大促前3天", opt)
	want = `I read "大促前3天" as counting days from a campaign's D-day, but no configured campaign (double11, 618, double12) has its D-day ahead. Give a date instead, such as "12/27 18:00".`
	if err == nil || errText(t, err) != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}

func TestParseDueWhenPanicIsNotUnderstood(t *testing.T) {
	// when's Chinese rules panic on these; the panic must become an error
	// that wraps the cause.
	for _, phrase := range []string{"下个季度", "next sprint", "下下下周五"} {
		_, _, err := ParseDue(phrase, optsAt(tuesday(10, 0)))
		if err == nil {
			t.Errorf("ParseDue(%q) succeeded", phrase)
			continue
		}
		errText(t, err)
		if errors.Unwrap(err) == nil {
			t.Errorf("ParseDue(%q) error %v does not wrap the cause", phrase, err)
		}
	}
}

func TestParseSnooze(t *testing.T) {
	opt := optsAt(tuesday(10, 0))
	tests := []struct {
		phrase string
		want   time.Time
	}{
		{"2h", tuesday(12, 0)},
		{"30m", tuesday(10, 30)},
		{"90 minutes", tuesday(11, 30)},
		{"1d", time.Date(2026, 10, 21, 10, 0, 0, 0, shanghai)},
		{"1w", time.Date(2026, 10, 27, 10, 0, 0, 0, shanghai)},
		{"2小时", tuesday(12, 0)},
		{"30分钟", tuesday(10, 30)},
		{"tomorrow", time.Date(2026, 10, 21, 9, 0, 0, 0, shanghai)},
		{"明天", time.Date(2026, 10, 21, 9, 0, 0, 0, shanghai)},
		{"下周一", time.Date(2026, 10, 26, 9, 0, 0, 0, shanghai)},
		{"tomorrow 3pm", time.Date(2026, 10, 21, 15, 0, 0, 0, shanghai)},
		{"in 2 hours", tuesday(12, 0)},
		// Working days (Monday to Friday without a calendar), at the same
		// clock: Tuesday 10:00 + 3 is Friday 10:00, + 4 Monday 10:00.
		{"3个工作日", time.Date(2026, 10, 23, 10, 0, 0, 0, shanghai)},
		{"四个工作日", time.Date(2026, 10, 26, 10, 0, 0, 0, shanghai)},
		{"2 business days", time.Date(2026, 10, 22, 10, 0, 0, 0, shanghai)},
		{"1 working day", time.Date(2026, 10, 21, 10, 0, 0, 0, shanghai)},
	}
	for _, tt := range tests {
		got, err := ParseSnooze(tt.phrase, opt)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseSnooze(%q) = %v, %v; want %v", tt.phrase, got, err, tt.want)
		}
	}
	for phrase, want := range map[string]string{
		"0m":                `"0m" is 2026-10-20 10:00 (Tue), which has passed; give a future time such as "tomorrow".`,
		"banana":            `I couldn't read "banana" as a due time. Try "tomorrow 5pm", "friday", "10/27 18:00", "in 3 days" or "明天下午3点".`,
		"99999w":            `"99999w" is 2126-09-26 10:00 (Thu), more than 2 years from now; give a due time within 2 years.`,
		"":                  `I couldn't read "" as a due time. Try "tomorrow 5pm", "friday", "10/27 18:00", "in 3 days" or "明天下午3点".`,
		"today":             `"today" is 2026-10-20 09:00 (Tue), which has passed; give a future time such as "tomorrow".`,
		"0个工作日":             `"0个工作日" counts no working days; write, for example, "next business day" or "within 2 working days".`,
		"999 business days": `"999 business days", counted in working days, ends more than 2 years from now; give a due time within 2 years.`,
	} {
		_, err := ParseSnooze(phrase, opt)
		if err == nil {
			t.Errorf("ParseSnooze(%q) succeeded", phrase)
			continue
		}
		if got := errText(t, err); got != want {
			t.Errorf("ParseSnooze(%q) error\n got: %s\nwant: %s", phrase, got, want)
		}
	}
}
