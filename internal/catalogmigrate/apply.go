package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// linkFile is the test file that links the catalogs into a package's tests.
const linkFile = "locale_link_test.go"

// apply rewrites the sites of every file and returns the files changed.
func (m *migration) apply(dryRun bool) ([]string, error) {
	var changed []string
	testDirs := map[string]string{} // dir -> package name
	for _, f := range m.files {
		if strings.HasSuffix(f.rel, "_test.go") {
			testDirs[filepath.Dir(f.path)] = strings.TrimSuffix(f.ast.Name.Name, "_test")
		}
		if len(f.sites) == 0 {
			continue
		}
		src, err := m.rewrite(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.rel, err)
		}
		if bytes.Equal(src, f.src) {
			continue
		}
		changed = append(changed, f.rel)
		if !dryRun {
			if err := os.WriteFile(f.path, src, 0o644); err != nil {
				return nil, err
			}
		}
	}
	// Texts are resolved through the catalog registered by the locale
	// package; every test binary links it so that catalog texts render.
	dirs := make([]string, 0, len(testDirs))
	for d := range testDirs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		path := filepath.Join(dir, linkFile)
		if _, err := os.Stat(path); err == nil {
			continue
		}
		src := fmt.Sprintf("package %s_test\n\n// The message catalogs register themselves when linked; the texts these\n// tests render come from them.\nimport _ %q\n", testDirs[dir], m.module+"/locale")
		rel, _ := filepath.Rel(m.root, path)
		changed = append(changed, rel)
		if !dryRun {
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				return nil, err
			}
		}
	}
	return changed, nil
}

// rewrite replaces the sites of f and fixes its imports.
func (m *migration) rewrite(f *file) ([]byte, error) {
	qual := f.qual
	needImport := false
	if !f.rootPkg && qual == "" {
		qual, needImport = filepath.Base(m.module), true
	}
	sites := append([]*site(nil), f.sites...)
	sort.Slice(sites, func(i, j int) bool { return sites[i].start > sites[j].start })
	src := append([]byte(nil), f.src...)
	for i, s := range sites {
		if i > 0 && s.end > sites[i-1].start {
			continue // nested in a site already replaced; cannot happen with literal texts
		}
		q := qual
		if f.rootPkg {
			q = ""
		}
		r := s.replacement(q)
		src = append(src[:s.start], append([]byte(r), src[s.end:]...)...)
	}
	if needImport {
		var err error
		if src, err = addImport(src, m.module); err != nil {
			return nil, err
		}
	}
	src, err := dropUnusedImport(src, "fmt")
	if err != nil {
		return nil, err
	}
	return format.Source(src)
}

// addImport adds an import of path to src.
func addImport(src []byte, path string) ([]byte, error) {
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	line := strconv.Quote(path)
	for _, d := range af.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		if g.Lparen.IsValid() {
			at := fset.Position(g.Rparen).Offset
			return splice(src, at, at, "\t"+line+"\n"), nil
		}
		s, e := fset.Position(g.Pos()).Offset, fset.Position(g.End()).Offset
		spec := string(src[fset.Position(g.Specs[0].Pos()).Offset:e])
		return splice(src, s, e, "import (\n\t"+spec+"\n\t"+line+"\n)"), nil
	}
	at := fset.Position(af.Name.End()).Offset
	return splice(src, at, at, "\n\nimport "+line+"\n"), nil
}

// dropUnusedImport removes an unnamed import of path that nothing uses.
func dropUnusedImport(src []byte, path string) ([]byte, error) {
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	used := false
	ast.Inspect(af, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == name && x.Obj == nil {
				used = true
			}
		}
		return !used
	})
	if used {
		return src, nil
	}
	for _, d := range af.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			continue
		}
		for _, sp := range g.Specs {
			is := sp.(*ast.ImportSpec)
			if is.Path.Value != strconv.Quote(path) || is.Name != nil {
				continue
			}
			if len(g.Specs) == 1 {
				s, e := fset.Position(g.Pos()).Offset, fset.Position(g.End()).Offset
				return splice(src, s, e, ""), nil
			}
			s, e := fset.Position(is.Pos()).Offset, fset.Position(is.End()).Offset
			return splice(src, s, e, ""), nil
		}
	}
	return src, nil
}

func splice(src []byte, s, e int, with string) []byte {
	out := append([]byte(nil), src[:s]...)
	out = append(out, with...)
	return append(out, src[e:]...)
}
