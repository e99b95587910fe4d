package todotext

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/workdays"
)

// TestTodoCorpus runs the to-do requests in testdata/todo_phrases.txt
// through Parse: each names the exact instant it must be due, the choices
// it must ask between, no due date, or an error.
//
//	@now <YYYY-MM-DD HH:MM> <IANA zone>       sets Now and Location
//	@calendar CN | weekends                   sets the working days
//	<text> => <YYYY-MM-DD HH:MM>[ date][ | <title>]
//	<text> => ask <YYYY-MM-DD HH:MM>[ date] ; <YYYY-MM-DD HH:MM>[ date] …
//	<text> => none[ | <title>]
//	<text> => error: <part of the English error text>
func TestTodoCorpus(t *testing.T) {
	cases, asks := 0, 0
	eachCorpusLine(t, "testdata/todo_phrases.txt", func(line int, opt Options, text, want string) {
		cases++
		d, err := Parse(text, opt)
		if msg, isErr := strings.CutPrefix(want, "error: "); isErr {
			if err == nil {
				t.Errorf("line %d: %q = %s, want error %q", line, text, describe(d), msg)
			} else if got := errText(t, err); !strings.Contains(got, msg) {
				t.Errorf("line %d: %q error\n got: %s\nwant: …%s…", line, text, got, msg)
			}
			return
		}
		if err != nil {
			t.Errorf("line %d: %q error: %v", line, text, err)
			return
		}
		want, title, hasTitle := strings.Cut(want, " | ")
		switch {
		case want == "none":
			if !d.Due.IsZero() || len(d.Choices) > 0 {
				t.Errorf("line %d: %q = %s, want no due date", line, text, describe(d))
			}
		case strings.HasPrefix(want, "ask "):
			asks++
			var got []string
			for _, c := range d.Choices {
				got = append(got, dueString(c.Due, c.DateOnly, opt.Location))
			}
			wants := strings.Split(strings.TrimPrefix(want, "ask "), " ; ")
			if strings.Join(got, " ; ") != strings.Join(wants, " ; ") {
				t.Errorf("line %d: %q = %s, want to ask %q", line, text, describe(d), wants)
			}
			for _, c := range d.Choices {
				again, err := Parse(ChoiceText(d, c, opt.Location), opt)
				if err != nil || len(again.Choices) > 0 || !again.Due.Equal(c.Due) || again.Title != c.Title {
					t.Errorf("line %d: the choice %+v, written %q, reads %s, %v", line, c, ChoiceText(d, c, opt.Location), describe(again), err)
				}
			}
			return
		default:
			if len(d.Choices) > 0 || dueString(d.Due, d.DateOnly, opt.Location) != want {
				t.Errorf("line %d: %q = %s, want %s", line, text, describe(d), want)
			}
		}
		if hasTitle && d.Title != title {
			t.Errorf("line %d: %q title = %q, want %q", line, text, d.Title, title)
		}
	})
	t.Logf("%d requests, %d asked", cases, asks)
	if cases < 150 {
		t.Errorf("only %d requests in the corpus", cases)
	}
}

// eachCorpusLine calls fn for each request of a corpus file: "TEXT =>
// WANT" lines, with the Options of the "@now" line before them and the
// working-day calendar of the "@calendar" line before them ("@calendar CN"
// for mainland China's, "@calendar weekends" for Monday to Friday, the
// default); blank lines and "#" comments are skipped.
func eachCorpusLine(t *testing.T, path string, fn func(line int, opt Options, text, want string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var opt Options
	var cal *campaignbot.Calendar
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if rest, ok := strings.CutPrefix(s, "@now "); ok {
			opt = corpusNow(t, line, rest)
			opt.Calendar = cal
			continue
		}
		if rest, ok := strings.CutPrefix(s, "@calendar "); ok {
			cal = corpusCalendar(t, line, rest)
			opt.Calendar = cal
			continue
		}
		text, want, ok := strings.Cut(s, " => ")
		if !ok {
			t.Fatalf("%s:%d: no =>", path, line)
		}
		fn(line, opt, text, want)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

// corpusCalendar reads the region of an "@calendar" line: CN, or
// weekends for Monday to Friday.
func corpusCalendar(t *testing.T, line int, s string) *campaignbot.Calendar {
	if s = strings.TrimSpace(s); s == "weekends" {
		return nil
	}
	region, err := workdays.Region(s)
	if err != nil || region == nil {
		t.Fatalf("line %d: @calendar wants CN or weekends: %v", line, err)
	}
	return &campaignbot.Calendar{Region: s, Statutory: region}
}

func corpusNow(t *testing.T, line int, s string) Options {
	f := strings.Fields(s)
	if len(f) != 3 {
		t.Fatalf("line %d: @now wants date, time and zone", line)
	}
	loc := mustZone(f[2])
	now, err := time.ParseInLocation("2006-01-02 15:04", f[0]+" "+f[1], loc)
	if err != nil {
		t.Fatalf("line %d: %v", line, err)
	}
	return optsAt(now)
}

func dueString(t time.Time, dateOnly bool, loc *time.Location) string {
	if t.IsZero() {
		return "none"
	}
	s := t.In(loc).Format("2006-01-02 15:04")
	if dateOnly {
		s += " date"
	}
	return s
}

func describe(d Draft) string {
	if len(d.Choices) > 0 {
		var parts []string
		for _, c := range d.Choices {
			parts = append(parts, dueString(c.Due, c.DateOnly, c.Due.Location())+" ("+c.DuePhrase+": "+c.Title+")")
		}
		return "ask " + strings.Join(parts, " ; ")
	}
	return dueString(d.Due, d.DateOnly, d.Due.Location()) + " from " + `"` + d.DuePhrase + `" | ` + d.Title
}
