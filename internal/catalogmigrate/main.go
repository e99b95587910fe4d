// Command catalogmigrate moves the inline English/Chinese text pairs of the
// campaignbot sources into the message catalogs under locale/locales.
//
// It finds campaignbot.Textf(en, zh, args...), campaignbot.Errorf(code, en,
// zh, args...), req.Tf(en, zh, args...) and campaignbot.Text{EN: en, ZH: zh}
// (Textf, Errorf and Text{…} without the qualifier inside the root package)
// whose en and zh are string literals, rewrites each to the catalog form
// (campaignbot.T, campaignbot.Tn for counted messages, campaignbot.NewError,
// req.T(campaignbot.T(…))) with an id made from the package and the first
// English words, and merges the messages into one TOML file per shipped
// language. Ids already in the catalog files keep their texts, so
// translations survive later runs; new ids take English and Simplified
// Chinese from the literals and Traditional Chinese and Japanese from the
// translation memories given with -memory. Running it twice changes nothing.
//
// Usage:
//
//	go run -tags sqlite_fts5 ./internal/catalogmigrate [-memory zh-TW=FILE] [-memory ja=FILE] [-n] ROOT
//
// With -n it only reports what it would rewrite and what it cannot. Test
// files keep their pairs, which are fixtures (stub errors, holiday names),
// unless -tests is given; every package with tests gets locale_link_test.go,
// which links the catalogs into its test binary.
// With -pairs FILE it also writes every literal pair it found as JSON.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// memoryFlag collects -memory LANG=FILE flags; a language may have several
// files, read in order, a later one winning for the same key.
type memoryFlag map[string][]string

func (m memoryFlag) String() string { return fmt.Sprint(map[string][]string(m)) }

func (m memoryFlag) Set(v string) error {
	lang, file, ok := strings.Cut(v, "=")
	if !ok || lang == "" || file == "" {
		return fmt.Errorf("want LANG=FILE, got %q", v)
	}
	m[lang] = append(m[lang], file)
	return nil
}

func main() {
	memories := memoryFlag{}
	flag.Var(memories, "memory", "translation memory LANG=FILE, JSON from literal to translation (zh-TW keyed by the zh-CN literal, ja by the English literal); repeatable")
	dryRun := flag.Bool("n", false, "report only; change no file")
	tests := flag.Bool("tests", false, "rewrite the pairs of _test.go files too (by default they are fixtures and stay)")
	pairsOut := flag.String("pairs", "", "write every literal pair found to this JSON file")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: catalogmigrate [flags] ROOT\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	m, err := run(flag.Arg(0), memories, *tests, *dryRun, *pairsOut)
	if err != nil {
		fatal(err)
	}
	for _, n := range m.notes {
		fmt.Fprintf(os.Stderr, "note: %s\n", n)
	}
	for _, p := range m.problems {
		fmt.Fprintf(os.Stderr, "cannot rewrite: %s\n", p)
	}
	for _, f := range m.changed {
		fmt.Printf("rewrote %s\n", f)
	}
	fmt.Printf("%d sites rewritten, %d ids in the catalogs\n", len(m.sites), m.catalogSize())
	for _, s := range m.missing {
		fmt.Printf("missing translation: %s\n", s)
	}
	if len(m.problems) > 0 {
		fmt.Fprintf(os.Stderr, "%d sites could not be rewritten; fix them in the old style and run again\n", len(m.problems))
		os.Exit(1)
	}
}

// run migrates the tree at root and returns what it did.
func run(root string, memories map[string][]string, tests, dryRun bool, pairsOut string) (*migration, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	m, err := newMigration(root, memories)
	if err != nil {
		return nil, err
	}
	m.tests = tests
	if err := m.scan(); err != nil {
		return nil, err
	}
	if pairsOut != "" {
		if err := m.writePairs(pairsOut); err != nil {
			return nil, err
		}
	}
	m.assignIDs()
	if m.changed, err = m.apply(dryRun); err != nil {
		return nil, err
	}
	if m.missing, err = m.mergeCatalogs(dryRun); err != nil {
		return nil, err
	}
	return m, nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "catalogmigrate:", err)
	os.Exit(1)
}
