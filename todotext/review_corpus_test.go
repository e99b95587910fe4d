package todotext

import (
	"strings"
	"testing"
)

// TestReviewCorpus runs testdata/review_phrases.txt, an independent corpus
// written by a reviewer, where a request may have several acceptable
// answers: "TEXT => WANT [OR WANT …] [| TITLE]". Any other due date, a
// question where none is acceptable, or another title fails.
func TestReviewCorpus(t *testing.T) {
	cases := 0
	eachCorpusLine(t, "testdata/review_phrases.txt", func(line int, opt Options, text, want string) {
		cases++
		want, title, hasTitle := strings.Cut(want, " | ")
		d, err := Parse(text, opt)
		got, gotTitle := "", d.Title
		switch {
		case err != nil:
			got = "error"
		case len(d.Choices) > 0:
			var parts []string
			for _, c := range d.Choices {
				parts = append(parts, dueString(c.Due, c.DateOnly, opt.Location))
			}
			got, gotTitle = "ask "+strings.Join(parts, " ; "), d.Choices[0].Title
		default:
			got = dueString(d.Due, d.DateOnly, opt.Location)
		}
		okDue := false
		for _, w := range strings.Split(want, " OR ") {
			w = strings.TrimSpace(w)
			okDue = okDue || w == got || w == "ask" && strings.HasPrefix(got, "ask ") ||
				strings.ReplaceAll(w, " date", "") == strings.ReplaceAll(got, " date", "")
		}
		if !okDue {
			t.Errorf("line %d: %q = %s (%v), want %s", line, text, got, err, want)
		} else if hasTitle && err == nil && gotTitle != title {
			t.Errorf("line %d: %q title = %q, want %q", line, text, gotTitle, title)
		}
	})
	if cases < 550 {
		t.Errorf("only %d requests", cases)
	}
}
