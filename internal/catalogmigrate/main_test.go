package main

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// copyTree copies testdata/tree into a temporary folder, dropping the .txt
// that keeps its files out of the build, renaming files by rename.
func copyTree(t *testing.T, rename map[string]string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/tree", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel("testdata/tree", path)
		rel = strings.TrimSuffix(rel, ".txt")
		if r, ok := rename[rel]; ok {
			rel = r
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	mem := filepath.Join(dst, "zh-TW.json")
	if err := os.WriteFile(mem, []byte(`{"嗨 %d 天": "嗨 %d 天", "你好": "你好"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMigrate: the tool rewrites every old form to the catalog form, adds
// the import it needs, writes the catalogs with plural forms and memory
// translations, lists what it cannot rewrite, leaves test fixtures alone,
// and changes nothing when run again.
func TestMigrate(t *testing.T) {
	dir := copyTree(t, nil)
	mem := map[string][]string{"zh-TW": {filepath.Join(dir, "zh-TW.json")}}
	m, err := run(dir, mem, false, false, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.problems) != 1 || !strings.HasPrefix(m.problems[0], "sub/sub.go:18: Textf whose English") {
		t.Errorf("problems %q, want the one at sub/sub.go:18", m.problems)
	}
	if len(m.notes) != 1 || !strings.HasPrefix(m.notes[0], "sub/sub.go:22: reads .EN") {
		t.Errorf("notes %q, want the field read at sub/sub.go:22", m.notes)
	}
	root := read(t, filepath.Join(dir, "text.go"))
	for _, want := range []string{`var greeting = T("cb.hello")`, `return NewError(EINVALID, Tn("cb.keep-at-most-files", n, n))`} {
		if !strings.Contains(root, want) {
			t.Errorf("text.go lacks %s:\n%s", want, root)
		}
	}
	sub := read(t, filepath.Join(dir, "sub", "sub.go"))
	open := regexp.MustCompile(`cb\.T\("sub\.open-[0-9a-f]{6}"\)`).FindAllString(sub, -1)
	if len(open) != 2 || open[0] == open[1] {
		t.Errorf("the two texts named Open got ids %q, want two hashed ids:\n%s", open, sub)
	}
	if want := `req.T(cb.T("sub.saved-for", n, who))`; !strings.Contains(sub, want) {
		t.Errorf("sub.go lacks %s:\n%s", want, sub)
	}
	nofmt := read(t, filepath.Join(dir, "sub", "nofmt.go"))
	for _, want := range []string{`"example.com/cb"`, `req.T(cb.Tn("sub.hi-days", 3, 3))`, `"fmt"`} {
		if !strings.Contains(nofmt, want) {
			t.Errorf("nofmt.go lacks %s:\n%s", want, nofmt)
		}
	}
	if got := read(t, filepath.Join(dir, "sub", "only_test.go")); !strings.Contains(got, `cb.Text{EN: "closed", ZH: "停业"}`) {
		t.Errorf("the test fixture was rewritten:\n%s", got)
	}
	if got := read(t, filepath.Join(dir, "sub", linkFile)); !strings.Contains(got, "package sub_test") || !strings.Contains(got, `import _ "example.com/cb/locale"`) {
		t.Errorf("link file:\n%s", got)
	}
	en := read(t, filepath.Join(dir, "locale", "locales", "en.toml"))
	for _, want := range []string{"[\"sub.hi-days\"]\none = \"Hi %d day\"\nother = \"Hi %d days\"\n", "[\"sub.saved-for\"]\nother = \"Saved #%d for %s.\"\n"} {
		if !strings.Contains(en, want) {
			t.Errorf("en.toml lacks %q:\n%s", want, en)
		}
	}
	if tw := read(t, filepath.Join(dir, "locale", "locales", "zh-TW.toml")); !strings.Contains(tw, "[\"cb.hello\"]\nother = \"你好\"\n") || strings.Contains(tw, "sub.saved-for") {
		t.Errorf("zh-TW.toml:\n%s", tw)
	}
	if !contains(m.missing, "sub.saved-for zh-TW") || !contains(m.missing, "cb.hello ja") || contains(m.missing, "cb.hello zh-TW") {
		t.Errorf("missing %q", m.missing)
	}

	before := snapshot(t, dir)
	m2, err := run(dir, mem, false, false, "")
	if err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, dir); len(m2.changed) != 0 || !reflect.DeepEqual(before, after) {
		t.Errorf("a second run changed %q", m2.changed)
	}

	// The ids do not depend on file names or order.
	other := copyTree(t, map[string]string{"sub/sub.go": "sub/a_first.go"})
	if _, err := run(other, mem, false, false, ""); err != nil {
		t.Fatal(err)
	}
	if a, b := read(t, filepath.Join(other, "locale", "locales", "en.toml")), en; a != b {
		t.Errorf("renaming a file changed the catalog:\n%s\nwant\n%s", a, b)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out[path] = read(t, path)
		}
		return nil
	})
	return out
}

// TestPlural: counted nouns after %d get an English "one" form; numbers
// such as #%d and verbs do not.
func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		en  string
		arg int
		one string
	}{
		{"deleted by %s, %d days left", 1, "deleted by %s, %d day left"},
		{"%d of %d reminders not delivered", 1, "%d of %d reminder not delivered"},
		{"Found %d entries.", 0, "Found %d entry."},
		{"so #%d keeps its owners", -1, ""},
		{"/%s restore %d brings it back", -1, ""},
		{"%d files (%d versions)", -1, ""},
		{"Saved as version %d.", -1, ""},
		{"its %d folders are read-only now", -1, ""},
	} {
		arg, one := plural(tt.en)
		if arg != tt.arg || one != tt.one {
			t.Errorf("plural(%q) = %d, %q; want %d, %q", tt.en, arg, one, tt.arg, tt.one)
		}
	}
}
