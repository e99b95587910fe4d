package main

import (
	"crypto/sha1"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// verb is one fmt verb of a format string.
type verb struct {
	arg        int // index of the argument it formats
	letter     rune
	start, end int // byte offsets in the format
}

// verbs parses the fmt verbs of format the way fmt numbers arguments.
func verbs(format string) []verb {
	var out []verb
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		start := i
		i++
		if i < len(format) && format[i] == '%' {
			continue
		}
		index := func() {
			if i < len(format) && format[i] == '[' {
				j := strings.IndexByte(format[i:], ']')
				if j > 0 {
					n := 0
					for _, c := range format[i+1 : i+j] {
						n = n*10 + int(c-'0')
					}
					arg = n - 1
					i += j + 1
				}
			}
		}
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		index()
		if i < len(format) && format[i] == '*' {
			arg++
			i++
		}
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			i++
		}
		if i < len(format) && format[i] == '.' {
			i++
			index()
			if i < len(format) && format[i] == '*' {
				arg++
				i++
			}
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		index()
		if i >= len(format) {
			break
		}
		out = append(out, verb{arg: arg, letter: rune(format[i]), start: start, end: i + 1})
		arg++
	}
	return out
}

// notNouns are words ending in s that follow a number without being a
// counted plural noun.
var notNouns = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`is was has its this yes us as does less plus
		brings keeps takes needs means goes makes shows gets runs stays remains starts ends says looks works
		moves counts lists sends reads asks gives lets puts sets seems becomes comes belongs stops waits`) {
		notNouns[w] = true
	}
}

var followingWord = regexp.MustCompile(`^ ([A-Za-z]+)\b`)

// plural finds the one counted plural noun of an English format: a %d verb
// followed by a word ending in s. It returns the argument counted and the
// English with that word made singular, or -1.
func plural(en string) (arg int, one string) {
	arg = -1
	for _, v := range verbs(en) {
		if v.letter != 'd' || (v.start > 0 && en[v.start-1] == '#') {
			continue // not a count, or a number such as #%d
		}
		m := followingWord.FindStringSubmatchIndex(en[v.end:])
		if m == nil {
			continue
		}
		word := en[v.end+m[2] : v.end+m[3]]
		if len(word) < 3 || !strings.HasSuffix(word, "s") || strings.HasSuffix(word, "ss") || notNouns[strings.ToLower(word)] {
			continue
		}
		if after := strings.ToLower(en[v.end+m[3]:]); strings.HasPrefix(after, " are") || strings.HasPrefix(after, " were") || strings.HasPrefix(after, " have") {
			continue // the verb agrees with the count too: leave it to a translator
		}
		if arg >= 0 {
			return -1, "" // two counts: leave it to a translator
		}
		arg = v.arg
		one = en[:v.end+m[2]] + singular(word) + en[v.end+m[3]:]
	}
	if arg < 0 {
		return -1, ""
	}
	return arg, one
}

func singular(w string) string {
	switch {
	case strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	}
	return w[:len(w)-1]
}

// slug makes an id part from the first English words of en.
func slug(en string) string {
	var b strings.Builder
	last := 0
	for _, v := range verbs(en) {
		b.WriteString(en[last:v.start])
		b.WriteByte(' ')
		last = v.end
	}
	b.WriteString(en[last:])
	words := strings.FieldsFunc(strings.ToLower(b.String()), func(r rune) bool {
		return !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	})
	var out []string
	n := 0
	for _, w := range words {
		if len(out) == 6 || n+len(w) > 40 {
			break
		}
		out = append(out, w)
		n += len(w) + 1
	}
	if len(out) == 0 {
		return "text"
	}
	return strings.Join(out, "-")
}

func shortHash(en, zh string) string {
	h := sha1.Sum([]byte(en + "\x00" + zh))
	return hex.EncodeToString(h[:])[:6]
}

// pairKey identifies one message: its package and texts.
type pairKey struct{ pkg, en, zh string }

// assignIDs gives every site an id: the package and slug, plus a hash of the
// texts when other texts of the run or the catalog have that id already.
// It depends only on the set of texts and the catalog, not on file order.
func (m *migration) assignIDs() {
	if m.catalogs == nil {
		m.catalogs = m.loadCatalogs()
	}
	en, zh := m.catalogs["en"], m.catalogs["zh-CN"]
	groups := map[string]map[pairKey]bool{}
	for _, s := range m.sites {
		base := s.pkg + "." + slug(s.en)
		if groups[base] == nil {
			groups[base] = map[pairKey]bool{}
		}
		groups[base][pairKey{s.pkg, s.en, s.zh}] = true
	}
	ids := map[pairKey]string{}
	for base, pairs := range groups {
		for p := range pairs {
			matches := en[base]["other"] == p.en && zh[base]["other"] == p.zh
			_, taken := en[base]
			switch {
			case matches, len(pairs) == 1 && !taken:
				ids[p] = base
			default:
				ids[p] = base + "-" + shortHash(p.en, p.zh)
			}
		}
	}
	for _, s := range m.sites {
		s.id = ids[pairKey{s.pkg, s.en, s.zh}]
		if arg, _ := plural(s.en); arg >= 0 && arg < len(s.args) {
			s.count = arg
		}
	}
}

// replacement is the catalog form of a site.
func (s *site) replacement(qual string) string {
	q := ""
	if qual != "" {
		q = qual + "."
	}
	args := ""
	if len(s.args) > 0 {
		args = ", " + strings.Join(s.args, ", ")
	}
	text := q + "T(" + quote(s.id) + args + ")"
	if s.count >= 0 {
		text = q + "Tn(" + quote(s.id) + ", " + s.args[s.count] + args + ")"
	}
	switch s.kind {
	case kindErrorf:
		return q + "NewError(" + s.code + ", " + text + ")"
	case kindTf:
		return s.recv + ".T(" + text + ")"
	}
	return text
}

func quote(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }

// sortedIDs returns the keys of c in order.
func sortedIDs(c catalog) []string {
	ids := make([]string, 0, len(c))
	for id := range c {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
