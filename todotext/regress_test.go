package todotext

import (
	"strings"
	"testing"
	"time"
)

// TestFuzzRegressions keeps the inputs fuzzing found (they are also in
// testdata/fuzz) as named cases.
func TestFuzzRegressions(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		// Invalid UTF-8 changed length under strings.ToLower, and the
		// connector search sliced the original text with the lowered
		// text's index: "slice bounds out of range [76:33]".
		{"invalid utf8 before a connector", "0 B B" + strings.Repeat("\x92", 23) + "BY 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, now := range fuzzNows {
				if _, err := Parse(tt.text, optsAt(now)); err != nil {
					checkFuzzError(t, tt.text, err)
				}
				if _, _, err := ParseDue(tt.text, optsAt(now)); err != nil {
					checkFuzzError(t, tt.text, err)
				}
			}
		})
	}
}

// TestParseConcurrent runs Parse from many goroutines, for the race
// detector (the when parsers are shared).
func TestParseConcurrent(t *testing.T) {
	done := make(chan struct{})
	for i := 0; i < 8; i++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for j := 0; j < 50; j++ {
				if _, err := Parse("<@U1> sign it due in half an hour", optsAt(tuesday(10, 0))); err != nil {
					t.Error(err)
				}
				_, _, _ = ParseDue("上午", optsAt(time.Date(2026, 10, 20, 10, 0, 0, 0, shanghai)))
			}
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}
