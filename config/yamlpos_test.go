package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestYAMLSyntaxErrors checks that YAML syntax errors are reported as
// FILE:LINE:COL at the mistake, not where yaml.v3 noticed it (the fixture
// comments give yaml.v3's own line where it differs).
func TestYAMLSyntaxErrors(t *testing.T) {
	clearEnv(t)
	tests := []struct {
		file string
		want string
	}{
		// yaml.v3: line 11, the start of the todos mapping.
		{"unclosed-quote.yaml", `:19:15: bad YAML: the string quoted here runs on to line 20: add the closing " on this line (did not find expected key)`},
		{"unclosed-quote-eof.yaml", `:5:11: bad YAML: the string quoted here is never closed: add the closing " (found unexpected end of stream)`},
		// yaml.v3: line 3.
		{"tab-indent.yaml", `:4:1: bad YAML: a tab in the indentation: indent with spaces (found a tab character that violates indentation)`},
		{"bad-mapping.yaml", `:6:26: bad YAML: ": " inside an unquoted value: quote the whole value (mapping values are not allowed in this context)`},
		// yaml.v3: line 1.
		{"unclosed-bracket.yaml", `:2:14: bad YAML: the [ opened here is never closed: add the ] (did not find expected ',' or ']')`},
		// yaml.v3: line 4, the start of the storage mapping.
		{"bad-indent.yaml", `:5:2: bad YAML: this line's indentation lines up with nothing above it: indent it like the keys or list items it belongs with (did not find expected key)`},
		{"first-key-indent.yaml", `:3:4: bad YAML: this line's indentation lines up with nothing above it: indent it like the keys or list items it belongs with (did not find expected key)`},
		// yaml.v3: line 2.
		{"text-after-quote.yaml", `:3:26: bad YAML: text after the closing quote: quote the whole value, or put this on its own line (did not find expected key)`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			file := filepath.Join("testdata", "syntax", tt.file)
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := problemsOf(t, file, data).Error(), file+tt.want; got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

// TestYAMLSyntaxErrorsInline covers the cases of small inline documents:
// errors on the first line, for which yaml.v3 gives no line at all, and
// unknown aliases.
func TestYAMLSyntaxErrorsInline(t *testing.T) {
	clearEnv(t)
	tests := []struct{ name, yaml, want string }{
		{"first line", "a: @x\n", "t.yaml:1:4: bad YAML: found character that cannot start any token: quote the value"},
		{"first line quote", "a: \"x\" y\n", "t.yaml:1:8: bad YAML: text after the closing quote: quote the whole value, or put this on its own line (did not find expected key)"},
		{"list among keys", "a: 1\n- b\n", "t.yaml:2:1: bad YAML: this line's indentation lines up with nothing above it: indent it like the keys or list items it belongs with (did not find expected key)"},
		{"single quote", "a: 1\nb: 'abc\nd: 4\n", "t.yaml:2:4: bad YAML: the string quoted here is never closed: add the closing ' (found unexpected end of stream)"},
		{"unclosed brace", "x: 1\na:\n  b: {x: 1, y: 2\n  c: 3\n", "t.yaml:3:6: bad YAML: the { opened here is never closed: add the } (did not find expected ',' or '}')"},
		{"unknown alias", "a: 1\nb: *x\n", "t.yaml:2:4: bad YAML: unknown anchor 'x' referenced: define &x before using *x, or quote a value that starts with *"},
		{"key without colon", "a: 1\nb\nc: 2\n", "t.yaml:2:1: bad YAML: could not find expected ':'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := problemsOf(t, "t.yaml", []byte(tt.yaml)).Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestYAMLSyntaxErrorsAtTheMistake breaks the example config one line at
// a time in the ways people do (a closing quote or bracket deleted, a tab
// or one space too few or too many in the indentation) and checks that
// every resulting syntax error names that line, with a column.
func TestYAMLSyntaxErrorsAtTheMistake(t *testing.T) {
	clearEnv(t)
	lines := strings.Split(string(campaignbot.ExampleConfig), "\n")
	mutations := []struct {
		name string
		fn   func(string) string
	}{
		{"closing quote deleted", func(l string) string {
			if i := strings.LastIndex(l, `"`); i >= 0 {
				return l[:i] + l[i+1:]
			}
			return l
		}},
		{"closing bracket deleted", func(l string) string {
			if i := strings.LastIndexAny(l, "]}"); i >= 0 {
				return l[:i] + l[i+1:]
			}
			return l
		}},
		{"tab for two spaces", func(l string) string {
			if strings.HasPrefix(l, "  ") {
				return "\t" + l[2:]
			}
			return l
		}},
		{"one space less", func(l string) string { return strings.TrimPrefix(l, " ") }},
		{"one space more", func(l string) string { return " " + l }},
	}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			broken := 0
			for i, line := range lines {
				if trimmed := strings.TrimSpace(line); trimmed == "" || strings.HasPrefix(trimmed, "#") {
					continue
				}
				changed := m.fn(line)
				if changed == line {
					continue
				}
				doc := append(append(append([]string{}, lines[:i]...), changed), lines[i+1:]...)
				_, err := Parse("c.yaml", []byte(strings.Join(doc, "\n")))
				var ps Problems
				if !errors.As(err, &ps) || len(ps) != 1 || !strings.HasPrefix(ps[0].Message, "bad YAML") {
					continue // still valid YAML, or caught by validation
				}
				broken++
				if p := ps[0]; p.Line != i+1 || p.Col < 1 {
					t.Errorf("line %d %q: reported as %s", i+1, changed, p)
				}
			}
			if broken == 0 {
				t.Error("no mutation broke the YAML")
			}
			t.Logf("%d broken documents", broken)
		})
	}
}
