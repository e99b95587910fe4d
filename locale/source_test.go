package locale_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// module is the import path of the root package.
const module = "github.com/campaignbot/campaignbot"

// sourceFile is one parsed Go file of the module.
type sourceFile struct {
	rel  string
	fset *token.FileSet
	ast  *ast.File
	root bool   // the file is in the root package itself
	qual string // the name it imports the root package under, or ""
}

// sources parses the module's Go files; with tests false, only non-test ones.
func sources(t *testing.T, tests bool) []sourceFile {
	t.Helper()
	var out []sourceFile
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("..", path)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || rel == filepath.Join("internal", "catalogmigrate")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || (!tests && strings.HasSuffix(path, "_test.go")) {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		sf := sourceFile{rel: filepath.ToSlash(rel), fset: fset, ast: f}
		sf.root = filepath.Dir(rel) == "." && f.Name.Name == "campaignbot"
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == module {
				sf.qual = "campaignbot"
				if imp.Name != nil {
					sf.qual = imp.Name.Name
				}
			}
		}
		out = append(out, sf)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("found only %d Go files; is the test run from locale/?", len(out))
	}
	return out
}

// is reports whether e names the root package's name in f.
func (f sourceFile) is(e ast.Expr, name string) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return f.root && e.Name == name
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && f.qual != "" && x.Name == f.qual && e.Sel.Name == name
	}
	return false
}

func (f sourceFile) at(n ast.Node) string {
	return f.rel + ":" + strconv.Itoa(f.fset.Position(n.Pos()).Line)
}

func stringLit(e ast.Expr) (string, bool) {
	if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
		s, err := strconv.Unquote(b.Value)
		return s, err == nil
	}
	return "", false
}

// TestIDsInCodeExist: every campaignbot.T and campaignbot.Tn in the sources,
// tests included, names with a literal id a message of the English catalog,
// and passes as many arguments as its English and Chinese format, the
// check go vet made of the inline pairs; and every message of the
// catalogs is used by some code.
func TestIDsInCodeExist(t *testing.T) {
	cat := catalogs(t)
	ids := map[string]bool{}
	for _, id := range cat.IDs() {
		ids[id] = true
	}
	used := 0
	seen := map[string]bool{}
	for _, f := range sources(t, true) {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || !(f.is(c.Fun, "T") || f.is(c.Fun, "Tn")) || len(c.Args) == 0 {
				return true
			}
			id, ok := stringLit(c.Args[0])
			switch {
			case !ok:
				t.Errorf("%s: the message id is not a string literal", f.at(c))
			case !ids[id]:
				t.Errorf("%s: message id %q is in no catalog", f.at(c), id)
			default:
				used++
				seen[id] = true
				args := len(c.Args) - 1
				if f.is(c.Fun, "Tn") {
					args--
				}
				if c.Ellipsis.IsValid() {
					return true
				}
				formatted := map[int]bool{}
				for _, l := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
					for _, text := range cat.Forms(l, id) {
						for i := range verbArgs(text) {
							formatted[i] = true
						}
					}
				}
				for i := 0; i < args || i < len(formatted); i++ {
					if !formatted[i] || i >= args {
						t.Errorf("%s: %s passes %d arguments; its texts format arguments %v", f.at(c), id, args, formatted)
						break
					}
				}
			}
			return true
		})
	}
	if used < 100 {
		t.Errorf("found only %d catalog texts in the sources", used)
	}
	// A message no code uses any more is dead weight for translators.
	for _, id := range cat.IDs() {
		if !seen[id] {
			t.Errorf("message id %q is in the catalogs but no code uses it: delete it from locale/locales/*.toml", id)
		}
	}
}

// TestNoInlinePairs: no English/Chinese pair is written inline any more
// outside tests: Textf, Errorf, Tf and Text{EN, ZH} with literal texts
// belong in the catalogs (go run ./internal/catalogmigrate moves them).
func TestNoInlinePairs(t *testing.T) {
	for _, f := range sources(t, false) {
		ast.Inspect(f.ast, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok && (fd.Name.Name == "Textf" || fd.Name.Name == "Errorf" || fd.Name.Name == "Tf") {
				return false
			}
			switch n := n.(type) {
			case *ast.CallExpr:
				first := -1
				switch {
				case f.is(n.Fun, "Textf"):
					first = 0
				case f.is(n.Fun, "Errorf"):
					first = 1
				default:
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Tf" {
						first = 0
					}
				}
				if first >= 0 && len(n.Args) >= first+2 {
					_, ok1 := stringLit(n.Args[first])
					_, ok2 := stringLit(n.Args[first+1])
					if ok1 || ok2 {
						t.Errorf("%s: inline English/Chinese pair; run catalogmigrate", f.at(n))
					}
				}
			case *ast.CompositeLit:
				if n.Type != nil && !f.is(n.Type, "Text") {
					return true
				}
				var en, zh bool
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						k, _ := kv.Key.(*ast.Ident)
						_, lit := stringLit(kv.Value)
						if k != nil && k.Name == "EN" {
							en = lit
						}
						if k != nil && k.Name == "ZH" {
							zh = lit
						}
					}
				}
				if en && zh {
					t.Errorf("%s: inline Text{EN, ZH} pair; run catalogmigrate", f.at(n))
				}
			}
			return true
		})
	}
}

func TestMain(m *testing.M) {
	if _, err := os.Stat("../go.mod"); err != nil {
		panic("locale tests read the sources from the module root above")
	}
	os.Exit(m.Run())
}
