package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxWalk bounds the nodes visited, so that aliases cannot make a small
// file expensive to check.
const maxWalk = 200_000

// walker checks a YAML tree against the schema: unknown keys, duplicate
// keys, values of the wrong shape and secrets written in the file. It
// records the node of every known path in the reporter.
type walker struct {
	r      *reporter
	budget int
}

// walkFile checks the document root.
func walkFile(r *reporter, doc *yaml.Node) {
	w := &walker{r: r, budget: maxWalk}
	n := doc
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return
		}
		n = n.Content[0]
	}
	if n.Kind == 0 {
		return
	}
	w.walk(n, schema, "")
}

func (w *walker) walk(n *yaml.Node, s *schemaNode, path string) {
	if w.budget--; w.budget < 0 {
		if w.budget == -1 {
			w.r.atNode(n, "the file is too large or uses too many aliases to check")
			w.r.broken[""] = true
		}
		return
	}
	n = resolveAlias(n)
	w.r.nodes[path] = n
	if isNull(n) {
		return
	}
	got := kindOf(n)
	if got == scalarKind && s.orScalar {
		// A mapping written as one value (d_day: 2026-11-11 00:00): the
		// validator reads the value.
		if looksLikeSecret(n.Value) {
			w.r.atNode(n, "%s: this looks like a Slack token; put secrets in CAMPAIGNBOT_SLACK_BOT_TOKEN (or the other CAMPAIGNBOT_SLACK_* variables) or slack.bot_token_file, not in the config file", path)
		}
		return
	}
	if got != s.kind {
		w.r.broken[path] = true
		w.r.brokenNodes[n] = true
		if s.orScalar {
			// Neither one value nor a mapping: the validator of the field
			// says how to write it, naming both forms.
			return
		}
		if path == "" {
			w.r.atNode(n, "the file holds %s: it must be a mapping of keys, like timezone: Asia/Shanghai", got)
			return
		}
		w.r.atNode(n, "%s: expected %s, found %s%s", path, s.kind, got, kindHint(s.kind))
		return
	}
	switch s.kind {
	case scalarKind:
		switch {
		case s.secret && strings.TrimSpace(n.Value) != "":
			w.r.atNode(n, "%s: put secrets in %s or %s_file, not in the config file", path, EnvName(path), path)
		case looksLikeSecret(n.Value):
			w.r.atNode(n, "%s: this looks like a Slack token; put secrets in CAMPAIGNBOT_SLACK_BOT_TOKEN (or the other CAMPAIGNBOT_SLACK_* variables) or slack.bot_token_file, not in the config file", path)
		}
	case listKind:
		for i, item := range n.Content {
			w.walk(item, s.elem, index(path, i))
		}
	case mapKind:
		w.walkMap(n, s, path)
	}
}

func (w *walker) walkMap(n *yaml.Node, s *schemaNode, path string) {
	seen := map[string]*yaml.Node{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		w.walkPair(k, v, s, path, seen)
	}
	// Keys merged in with "<<: *anchor" count unless the mapping sets them
	// itself, as YAML says.
	for depth := 0; len(merges) > 0 && depth < 10; depth++ {
		var next []*yaml.Node
		for _, m := range merges {
			m = resolveAlias(m)
			var sources []*yaml.Node
			switch m.Kind {
			case yaml.MappingNode:
				sources = []*yaml.Node{m}
			case yaml.SequenceNode:
				for _, c := range m.Content {
					sources = append(sources, resolveAlias(c))
				}
			}
			for _, src := range sources {
				if src.Kind != yaml.MappingNode {
					w.r.atNode(src, "%s: a merge (<<) needs a mapping or a list of mappings", displayPath(path))
					continue
				}
				for i := 0; i+1 < len(src.Content); i += 2 {
					k, v := src.Content[i], src.Content[i+1]
					if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
						next = append(next, v)
						continue
					}
					if k.Kind == yaml.ScalarNode && seen[k.Value] != nil {
						continue
					}
					w.walkPair(k, v, s, path, seen)
				}
			}
		}
		merges = next
	}
}

func (w *walker) walkPair(k, v *yaml.Node, s *schemaNode, path string, seen map[string]*yaml.Node) {
	k = resolveAlias(k)
	if k.Kind != yaml.ScalarNode {
		w.r.atNode(k, "%s: keys must be plain names like timezone", displayPath(path))
		return
	}
	if first := seen[k.Value]; first != nil {
		w.r.atNode(k, "%s: duplicate key %q, first set at line %d: keep only one", displayPath(path), k.Value, first.Line)
		return
	}
	seen[k.Value] = k
	child := s.fields[k.Value]
	if child == nil {
		w.r.atNode(k, "%s", unknownKeyMessage(k.Value, s, path))
		return
	}
	w.walk(v, child, joinKey(path, k.Value))
}

// unknownKeyMessage says a key is unknown and what was probably meant.
func unknownKeyMessage(key string, s *schemaNode, path string) string {
	where := ""
	if path != "" {
		where = " in " + path
	}
	if best := closest(key, s.keys); best != "" {
		return fmt.Sprintf("unknown key %q%s: did you mean %q?", key, where, best)
	}
	// The key may belong to another section, like "dsn" written at the top.
	var elsewhere []string
	for _, p := range schemaPaths() {
		last := p[strings.LastIndexAny(p, ".]")+1:]
		if strings.EqualFold(last, key) {
			elsewhere = append(elsewhere, strings.ReplaceAll(p, "[]", "[N]"))
		}
	}
	if len(elsewhere) > 0 && len(elsewhere) <= 3 {
		return fmt.Sprintf("unknown key %q%s: did you mean %s?", key, where, strings.Join(elsewhere, " or "))
	}
	return fmt.Sprintf("unknown key %q%s: known keys are %s", key, where, strings.Join(s.keys, ", "))
}

func displayPath(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

func kindOf(n *yaml.Node) nodeKind {
	switch n.Kind {
	case yaml.MappingNode:
		return mapKind
	case yaml.SequenceNode:
		return listKind
	}
	return scalarKind
}

func kindHint(k nodeKind) string {
	switch k {
	case listKind:
		return ": write a list, like [a, b], or one \"- item\" per line"
	case mapKind:
		return ": write indented \"key: value\" lines under it"
	}
	return ": write one value, like key: value"
}

// resolveAlias follows *alias references to their anchored node.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 10; i++ {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is an empty value (`key:`, `~` or `null`).
func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.AliasNode || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}
