package minutes_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/minutes"
)

func TestNames(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"en.md", []string{"alice", "bob", "carol", "dave", "zed"}},
		{"zh.md", []string{"alice", "bob", "carol", "王五"}},
		{"mixed.txt", []string{"alice", "bob", "carol", "dave"}},
	}
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if got := minutes.Names(string(b)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.file, got, tt.want)
		}
	}
}

// TestReadCanonicalMentions reads Slack's own mentions and leaves an
// e-mail address alone.
func TestReadCanonicalMentions(t *testing.T) {
	res := minutes.Read("- <@U9> mail ops@example.com the list by friday", nil, opts)
	if len(res.Items) != 1 || len(res.Problems) != 0 || res.Items[0].Draft.Assignees[0] != "U9" {
		t.Fatalf("got %+v", res)
	}
}

// TestReadTooManyLines reads the first MaxLines lines and says so.
func TestReadTooManyLines(t *testing.T) {
	notes := ""
	for range minutes.MaxLines + 5 {
		notes += "- @alice check the stock by friday\n"
	}
	res := minutes.Read(notes, people, opts)
	if len(res.Items) != minutes.MaxLines || len(res.Problems) != 1 || res.Problems[0].Line != 0 {
		t.Fatalf("got %d items, problems %+v", len(res.Items), res.Problems)
	}
}

// TestReadLongLine: a line too long to be a to-do is reported unread, at
// once, when it names someone or a date, and skipped as prose otherwise.
func TestReadLongLine(t *testing.T) {
	long := "- @alice " + strings.Repeat("准备海报 ", 300) + " by friday"
	prose := strings.Repeat("we talked about the plan ", 60)
	res := minutes.Read("# notes\n"+long+"\n"+prose+"\n- @bob send the list by friday", people, opts)
	if len(res.Items) != 1 || res.Items[0].Line != 4 || len(res.Problems) != 1 || res.Problems[0].Line != 2 ||
		!strings.Contains(res.Problems[0].Why.In(campaignbot.English), "characters long") || !strings.Contains(res.Problems[0].Why.In(campaignbot.Chinese), "每行一项待办") {
		t.Fatalf("got %d items, %d problems", len(res.Items), len(res.Problems))
	}
}

// TestReadTooMuchText reads up to MaxChars characters and says where it
// stopped.
func TestReadTooMuchText(t *testing.T) {
	line := "- @alice " + strings.Repeat("核对", 200) + " by friday\n"
	notes := strings.Repeat(line, minutes.MaxChars/len([]rune(line))+3)
	res := minutes.Read(notes, people, opts)
	want := minutes.MaxChars / len([]rune(line))
	if len(res.Items) != want || len(res.Problems) != 1 || res.Problems[0].Line != 0 || !strings.Contains(res.Problems[0].Why.In(campaignbot.English), "longer than 100000 characters") {
		t.Fatalf("got %d items (want %d), %d problems", len(res.Items), want, len(res.Problems))
	}
}
