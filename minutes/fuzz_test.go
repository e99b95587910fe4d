package minutes_test

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/minutes"
)

// FuzzRead checks that any notes are read without a panic, that every
// to-do comes from a line of the notes with a title, and that every
// reason is given in both languages.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"en.md", "zh.md", "mixed.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("负责人：\n- @\nAction: to\n（1）\n1、@bob")
	f.Fuzz(func(t *testing.T, notes string) {
		res := minutes.Read(notes, people, opts)
		lines := 1
		for _, r := range notes {
			if r == '\n' {
				lines++
			}
		}
		for _, it := range res.Items {
			if it.Line < 1 || it.Line > lines || it.Draft.Title == "" || len(it.Draft.Choices) > 0 || len(it.Draft.Unknown) > 0 {
				t.Fatalf("item %+v of %d lines", it, lines)
			}
			if !utf8.ValidString(it.Draft.Title) {
				t.Fatalf("title %q is not UTF-8", it.Draft.Title)
			}
		}
		for _, p := range res.Problems {
			if p.Why.In(campaignbot.English) == "" || p.Why.In(campaignbot.Chinese) == "" || p.Line < 0 || p.Line > lines {
				t.Fatalf("problem %+v", p)
			}
		}
		minutes.Names(notes)
	})
}
