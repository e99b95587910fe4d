package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// forms are the plural forms of one message ("one", "other").
type forms map[string]string

// catalog maps message ids to their forms in one language.
type catalog map[string]forms

func (m *migration) catalogPath(lang string) string {
	return filepath.Join(m.root, "locale", "locales", lang+".toml")
}

// loadCatalogs reads the catalog files there are; a missing file is empty.
func (m *migration) loadCatalogs() map[string]catalog {
	out := map[string]catalog{}
	for _, lang := range shipped {
		c := catalog{}
		b, err := os.ReadFile(m.catalogPath(lang))
		if err == nil {
			if err := toml.Unmarshal(b, &c); err != nil {
				fatal(fmt.Errorf("%s: %w", m.catalogPath(lang), err))
			}
		} else if !os.IsNotExist(err) {
			fatal(err)
		}
		out[lang] = c
	}
	return out
}

func (m *migration) catalogSize() int { return len(m.catalogs["en"]) }

// mergeCatalogs adds the sites' messages to the catalogs, fills translations
// still missing from the memories, writes the files and returns the
// translations still missing.
func (m *migration) mergeCatalogs(dryRun bool) ([]string, error) {
	en, zh := m.catalogs["en"], m.catalogs["zh-CN"]
	for _, s := range m.sites {
		if _, ok := en[s.id]; ok {
			continue
		}
		f := forms{"other": s.en}
		if _, one := plural(s.en); s.count >= 0 {
			f["one"] = one
		}
		en[s.id] = f
		if _, ok := zh[s.id]; !ok {
			zh[s.id] = forms{"other": s.zh}
		}
	}
	var missing []string
	for _, id := range sortedIDs(en) {
		for _, lang := range shipped[1:] {
			c := m.catalogs[lang]
			if _, ok := c[id]; ok {
				continue
			}
			key := en[id]["other"]
			if lang == "zh-TW" {
				key = zh[id]["other"]
			}
			if t, ok := m.memories[lang][key]; ok && key != "" && t != "" {
				c[id] = forms{"other": t}
				continue
			}
			missing = append(missing, id+" "+lang)
		}
	}
	if dryRun {
		return missing, nil
	}
	for _, lang := range shipped {
		if err := os.MkdirAll(filepath.Dir(m.catalogPath(lang)), 0o755); err != nil {
			return nil, err
		}
		b := encode(lang, m.catalogs[lang])
		if old, err := os.ReadFile(m.catalogPath(lang)); err == nil && bytes.Equal(old, b) {
			continue
		}
		if err := os.WriteFile(m.catalogPath(lang), b, 0o644); err != nil {
			return nil, err
		}
	}
	return missing, nil
}

// pluralOrder is the order forms are written in.
var pluralOrder = []string{"zero", "one", "two", "few", "many", "other"}

// encode writes c as TOML, ids sorted, one table per message.
func encode(lang string, c catalog) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Messages in %s: one table per message id, written by internal/catalogmigrate.\n", lang)
	b.WriteString("# Edit the texts freely; keep the ids and the fmt verbs of the English (reorder with %[2]s).\n")
	for _, id := range sortedIDs(c) {
		fmt.Fprintf(&b, "\n[%s]\n", tomlString(id))
		for _, form := range pluralOrder {
			if t, ok := c[id][form]; ok {
				fmt.Fprintf(&b, "%s = %s\n", form, tomlString(t))
			}
		}
	}
	return b.Bytes()
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
