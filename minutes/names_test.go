package minutes_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

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
