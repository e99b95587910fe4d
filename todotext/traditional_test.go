package todotext

import (
	"strings"
	"testing"
	"time"
)

// TestTraditionalDuePhrases reads due and snooze phrases typed in
// Traditional characters as their Simplified twins are read.
func TestTraditionalDuePhrases(t *testing.T) {
	opt := optsAt(tuesday(10, 0))
	for _, tc := range []struct {
		traditional, simplified string
	}{
		{"下週五下午3點", "下周五下午3点"},
		{"明天晚上8點半", "明天晚上8点半"},
		{"3個工作日內", "3个工作日内"},
		{"雙11前", "双11前"},
		{"後天", "后天"},
		{"下個工作日", "下个工作日"},
	} {
		want, _, err := ParseDue(tc.simplified, opt)
		if err != nil {
			t.Fatalf("ParseDue(%q): %v", tc.simplified, err)
		}
		got, _, err := ParseDue(tc.traditional, opt)
		if err != nil {
			t.Errorf("ParseDue(%q): %v; want %s as for %q", tc.traditional, err, want.Format(time.DateTime), tc.simplified)
			continue
		}
		if !got.Equal(want) {
			t.Errorf("ParseDue(%q) = %s, want %s as for %q", tc.traditional, got.Format(time.DateTime), want.Format(time.DateTime), tc.simplified)
		}
	}
	for _, tc := range []struct {
		traditional, simplified string
	}{
		{"2小時", "2小时"},
		{"3個工作日", "3个工作日"},
		{"明天下午3點", "明天下午3点"},
	} {
		want, err := ParseSnooze(tc.simplified, opt)
		if err != nil {
			t.Fatalf("ParseSnooze(%q): %v", tc.simplified, err)
		}
		got, err := ParseSnooze(tc.traditional, opt)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseSnooze(%q) = %s, %v; want %s as for %q", tc.traditional, got.Format(time.DateTime), err, want.Format(time.DateTime), tc.simplified)
		}
	}
}

// TestTraditionalErrorEchoesWhatWasTyped checks that a phrase the parser
// cannot read is quoted back in the characters the user typed, not in the
// Simplified form the parser worked on.
func TestTraditionalErrorEchoesWhatWasTyped(t *testing.T) {
	_, _, err := ParseDue("週八下午3點", optsAt(tuesday(10, 0)))
	if err == nil {
		t.Fatal("ParseDue(週八下午3點) = nil error, want one")
	}
	if msg := errText(t, err); !strings.Contains(msg, "週八下午3點") {
		t.Errorf("error %q does not quote 週八下午3點 as typed", msg)
	}
}

// TestRestoreScript covers the alignment that gives titles back their
// typed characters.
func TestRestoreScript(t *testing.T) {
	for _, tc := range []struct {
		derived, original, want string
	}{
		{"完成周报", "<@U1> 完成週報 明天前", "完成週報"},
		// A space the parser tidied in matches nothing and stays.
		{"完成 周报", "完成週報 明天前", "完成 週報"},
		// Simplified text typed as Simplified is unchanged.
		{"完成周报", "完成周报 明天前", "完成周报"},
		// Both scripts in one message: each character is the one typed.
		{"周报和週报", "周报和週報 明天前", "周报和週報"},
		{"", "週報", ""},
	} {
		simplified := simplifyForParsing(tc.original)
		if len(simplified) != len(tc.original) {
			t.Fatalf("simplifyForParsing(%q) changed the length", tc.original)
		}
		if got := restoreScript(tc.derived, simplified, tc.original); got != tc.want {
			t.Errorf("restoreScript(%q, from %q) = %q, want %q", tc.derived, tc.original, got, tc.want)
		}
	}
}

// TestSimplifiedOfKeepsByteOffsets guards the property restoreScript relies
// on: every mapped pair has the same UTF-8 length.
func TestSimplifiedOfKeepsByteOffsets(t *testing.T) {
	for tr, s := range simplifiedOf {
		if len(string(tr)) != len(string(s)) {
			t.Errorf("%c → %c changes the UTF-8 length", tr, s)
		}
	}
}
