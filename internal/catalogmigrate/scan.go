package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// siteKind is the old-style form found at a site.
type siteKind int

const (
	kindTextf  siteKind = iota // campaignbot.Textf(en, zh, args...)
	kindErrorf                 // campaignbot.Errorf(code, en, zh, args...)
	kindTf                     // req.Tf(en, zh, args...)
	kindLit                    // campaignbot.Text{EN: en, ZH: zh}
)

// site is one old-style text pair in a source file.
type site struct {
	file       string // path relative to the root
	line       int
	pkg        string // package name, without _test
	kind       siteKind
	start, end int    // byte offsets of the expression to replace
	qual       string // how the file names the root package: "" inside it
	en, zh     string
	args       []string // source of the format arguments
	code       string   // source of the error code (kindErrorf)
	recv       string   // source of the receiver (kindTf)
	id         string   // assigned message id
	count      int      // index into args of the plural count, or -1
}

// file is one parsed source file with its sites.
type file struct {
	path     string // absolute
	rel      string
	src      []byte
	fset     *token.FileSet
	ast      *ast.File
	rootPkg  bool   // the file belongs to the root package itself
	qual     string // the name under which the file imports the root package, "" if it does not
	sites    []*site
	problems []string
	notes    []string
}

// migration is one run of the tool over a tree.
type migration struct {
	root     string
	module   string
	memories map[string]map[string]string
	tests    bool // rewrite test files too
	files    []*file
	sites    []*site
	problems []string
	notes    []string           // field reads that may break on catalog texts
	catalogs map[string]catalog // language -> id -> forms
	changed  []string           // files written
	missing  []string           // "id lang" still lacking a translation
}

// shipped lists the shipped languages; English first, as the source.
var shipped = []string{"en", "zh-CN", "zh-TW", "ja"}

func newMigration(root string, memoryFiles map[string][]string) (*migration, error) {
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, err
	}
	var module string
	for _, l := range strings.Split(string(gomod), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "module "); ok {
			module = strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	if module == "" {
		return nil, fmt.Errorf("no module line in %s/go.mod", root)
	}
	m := &migration{root: root, module: module, memories: map[string]map[string]string{}}
	for lang, paths := range memoryFiles {
		if lang != "zh-TW" && lang != "ja" {
			return nil, fmt.Errorf("-memory %s: only zh-TW and ja take a memory", lang)
		}
		m.memories[lang] = map[string]string{}
		for _, path := range paths {
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			mem := map[string]string{}
			if err := json.Unmarshal(b, &mem); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			for k, v := range mem {
				m.memories[lang][k] = v
			}
		}
	}
	return m, nil
}

// skipDir reports whether a directory holds no sources to migrate.
func skipDir(rel string, name string) bool {
	if rel == "." {
		return false
	}
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" || name == "node_modules" ||
		rel == filepath.Join("internal", "catalogmigrate") || rel == "locale"
}

// scan parses every Go file under the root and collects the sites.
func (m *migration) scan() error {
	err := filepath.WalkDir(m.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(m.root, path)
		if d.IsDir() {
			if skipDir(rel, d.Name()) {
				return filepath.SkipDir
			}
			if rel != "." {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := m.parse(path, rel)
		if err != nil {
			return err
		}
		m.files = append(m.files, f)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(m.files, func(i, j int) bool { return m.files[i].rel < m.files[j].rel })
	for _, f := range m.files {
		m.sites = append(m.sites, f.sites...)
		m.problems = append(m.problems, f.problems...)
		m.notes = append(m.notes, f.notes...)
	}
	return nil
}

func (m *migration) parse(path, rel string) (*file, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	mode := parser.ParseComments
	isTest := strings.HasSuffix(rel, "_test.go")
	if isTest && !m.tests {
		mode = parser.PackageClauseOnly
	}
	af, err := parser.ParseFile(fset, path, src, mode)
	if err != nil {
		return nil, err
	}
	f := &file{path: path, rel: rel, src: src, fset: fset, ast: af}
	if isTest && !m.tests {
		return f, nil // test fixtures stay as written
	}
	f.rootPkg = filepath.Dir(rel) == "." && af.Name.Name != "main" && !strings.HasSuffix(af.Name.Name, "_test")
	for _, imp := range af.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if p == m.module {
			f.qual = filepath.Base(p)
			if imp.Name != nil {
				f.qual = imp.Name.Name
			}
		}
	}
	pkg := strings.TrimSuffix(af.Name.Name, "_test")
	if pkg == "main" {
		pkg = strings.ReplaceAll(filepath.ToSlash(filepath.Dir(rel)), "/", ".")
	}
	f.find(pkg)
	return f, nil
}

// isRoot reports whether e names the root package's identifier name in f.
func (f *file) isRoot(e ast.Expr, name string) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return f.rootPkg && e.Name == name
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && f.qual != "" && x.Name == f.qual && e.Sel.Name == name
	}
	return false
}

// definitions are the functions that implement the old forms; the pairs
// inside them are their parameters, not texts.
var definitions = map[string]bool{"Textf": true, "Errorf": true, "Tf": true}

func (f *file) find(pkg string) {
	var stack []ast.Node
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if fd, ok := n.(*ast.FuncDecl); ok && definitions[fd.Name.Name] {
			stack = stack[:len(stack)-1]
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if (n.Sel.Name == "EN" || n.Sel.Name == "ZH") && !strings.HasSuffix(f.rel, "_test.go") && !(f.rootPkg && filepath.Base(f.rel) == "text.go") {
				f.notes = append(f.notes, fmt.Sprintf("%s:%d: reads .%s of what may be a Text; a catalog text is read with In(lang)", filepath.ToSlash(f.rel), f.line(n), n.Sel.Name))
			}
		case *ast.CallExpr:
			f.call(pkg, n)
		case *ast.CompositeLit:
			f.composite(pkg, n, stack)
		}
		return true
	})
}

func (f *file) pos(n ast.Node) (int, int) {
	return f.fset.Position(n.Pos()).Offset, f.fset.Position(n.End()).Offset
}

func (f *file) source(n ast.Node) string {
	s, e := f.pos(n)
	return string(f.src[s:e])
}

func (f *file) line(n ast.Node) int { return f.fset.Position(n.Pos()).Line }

func (f *file) problem(n ast.Node, format string, args ...any) {
	f.problems = append(f.problems, fmt.Sprintf("%s:%d: %s", filepath.ToSlash(f.rel), f.line(n), fmt.Sprintf(format, args...)))
}

// literal returns the value of a string literal or a sum of them.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.ParenExpr:
		return literal(e.X)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	}
	return "", false
}

func (f *file) call(pkg string, c *ast.CallExpr) {
	var kind siteKind
	var first int // index of the English argument
	switch {
	case f.isRoot(c.Fun, "Textf"):
		kind, first = kindTextf, 0
	case f.isRoot(c.Fun, "Errorf"):
		kind, first = kindErrorf, 1
	default:
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Tf" {
			return
		}
		kind, first = kindTf, 0
	}
	name := map[siteKind]string{kindTextf: "Textf", kindErrorf: "Errorf", kindTf: "Tf"}[kind]
	if len(c.Args) < first+2 {
		f.problem(c, "%s with fewer than two texts", name)
		return
	}
	en, ok1 := literal(c.Args[first])
	zh, ok2 := literal(c.Args[first+1])
	if !ok1 || !ok2 {
		f.problem(c, "%s whose English or Chinese is not a string literal", name)
		return
	}
	if c.Ellipsis.IsValid() {
		f.problem(c, "%s with args... spread", name)
		return
	}
	s := &site{file: f.rel, line: f.line(c), pkg: pkg, kind: kind, qual: f.qual, en: en, zh: zh, count: -1}
	s.start, s.end = f.pos(c)
	for _, a := range c.Args[first+2:] {
		s.args = append(s.args, f.source(a))
	}
	switch kind {
	case kindErrorf:
		s.code = f.source(c.Args[0])
	case kindTf:
		s.recv = f.source(c.Fun.(*ast.SelectorExpr).X)
	}
	f.sites = append(f.sites, s)
}

func (f *file) composite(pkg string, c *ast.CompositeLit, stack []ast.Node) {
	var enE, zhE ast.Expr
	typed := c.Type != nil && f.isRoot(c.Type, "Text")
	if c.Type != nil && !typed {
		return
	}
	if len(c.Elts) == 0 {
		return
	}
	keyed := false
	for i, e := range c.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			if !typed || len(c.Elts) != 2 {
				return
			}
			if i == 0 {
				enE = e
			} else {
				zhE = e
			}
			continue
		}
		keyed = true
		k, ok := kv.Key.(*ast.Ident)
		if !ok {
			return
		}
		switch k.Name {
		case "EN":
			enE = kv.Value
		case "ZH":
			zhE = kv.Value
		default:
			return
		}
	}
	if !typed && !keyed {
		return
	}
	if !typed {
		// An elided type: only a {EN: …, ZH: …} element of a Text map or slice.
		if enE == nil || zhE == nil {
			return
		}
		if !elementOf(c, stack) {
			return
		}
	}
	en, ok1 := literal(enE)
	zh, ok2 := literal(zhE)
	if enE == nil || zhE == nil || !ok1 || !ok2 {
		if enE != nil && zhE != nil && (hasLiteral(enE) || hasLiteral(zhE)) {
			f.problem(c, "Text built from string pieces; write it as Textf(en, zh, args...) with Text arguments")
		}
		return
	}
	s := &site{file: f.rel, line: f.line(c), pkg: pkg, kind: kindLit, qual: f.qual, en: en, zh: zh, count: -1}
	s.start, s.end = f.pos(c)
	f.sites = append(f.sites, s)
}

// elementOf reports whether c, on top of stack, is an element or a map value
// of an enclosing composite literal, where its type may be elided.
func elementOf(c *ast.CompositeLit, stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	switch p := stack[len(stack)-2].(type) {
	case *ast.CompositeLit:
		return true
	case *ast.KeyValueExpr:
		if len(stack) < 3 || p.Value != c {
			return false
		}
		_, ok := stack[len(stack)-3].(*ast.CompositeLit)
		return ok
	}
	return false
}

// hasLiteral reports whether e contains a non-empty string literal.
func hasLiteral(e ast.Expr) bool {
	found := false
	if e == nil {
		return false
	}
	ast.Inspect(e, func(n ast.Node) bool {
		if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING && b.Value != `""` && b.Value != "``" {
			found = true
		}
		return !found
	})
	return found
}

// writePairs writes every pair found, for building translation memories.
func (m *migration) writePairs(path string) error {
	type pair struct {
		EN string `json:"en"`
		ZH string `json:"zh"`
	}
	seen := map[pair]bool{}
	var out []pair
	for _, s := range m.sites {
		p := pair{s.en, s.zh}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].EN != out[j].EN {
			return out[i].EN < out[j].EN
		}
		return out[i].ZH < out[j].ZH
	})
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
