package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/campaignbot/campaignbot"
)

// reporter collects problems and knows where each value came from: a node
// of the file (by path, e.g. "campaigns[0].milestones[2].at") or an
// environment variable.
type reporter struct {
	file string
	// nodes maps a path to the node holding its value; "" is the root.
	nodes map[string]*yaml.Node
	// env maps a dotted key to the environment variable that set it.
	env map[string]string
	// broken paths have the wrong shape; problems about the values below
	// them would only repeat the shape problem, so they are dropped.
	broken map[string]bool
	// brokenNodes are the nodes of the broken paths, left out of what
	// viper reads so that the rest of the file can still be checked.
	brokenNodes map[*yaml.Node]bool
	problems    Problems
	// warnings are about values that are valid but deserve a look.
	warnings []Warning
}

func newReporter(file string) *reporter {
	return &reporter{
		file:        file,
		nodes:       map[string]*yaml.Node{},
		env:         map[string]string{},
		broken:      map[string]bool{},
		brokenNodes: map[*yaml.Node]bool{},
	}
}

// atNode reports msg at the position of n.
func (r *reporter) atNode(n *yaml.Node, format string, args ...any) {
	p := Problem{File: r.file, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	r.problems = append(r.problems, p)
}

// at reports a problem with the value at path: at the environment variable
// that set it, or at its node in the file (or the nearest enclosing node
// when the value is absent from the file).
func (r *reporter) at(path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	for p := path; ; p = parentPath(p) {
		if r.broken[p] {
			return
		}
		if p == "" {
			break
		}
	}
	if env := r.envOf(path); env != "" {
		r.problems = append(r.problems, Problem{File: env, Message: msg})
		return
	}
	if path != "" {
		msg = path + ": " + msg
	}
	r.atNode(r.nodeOf(path), "%s", msg)
}

// nodeOf returns the node of the value at path, or of the nearest
// enclosing value when it is absent from the file; nil when none is known.
func (r *reporter) nodeOf(path string) *yaml.Node {
	for p := path; ; p = parentPath(p) {
		if n := r.nodes[p]; n != nil && n.Line > 0 {
			return n
		}
		if p == "" {
			return nil
		}
	}
}

// warnAt records a warning about the value at path, at its node in the
// file or the nearest enclosing one.
func (r *reporter) warnAt(path string, text campaignbot.Text) {
	w := Warning{File: r.file, Text: text}
	if n := r.nodeOf(path); n != nil {
		w.Line, w.Col = n.Line, n.Column
	}
	r.warnings = append(r.warnings, w)
}

// envOf returns the environment variable that set the value at path, or "".
func (r *reporter) envOf(path string) string {
	for p := path; p != ""; p = parentPath(p) {
		if env := r.env[p]; env != "" {
			return env
		}
	}
	return ""
}

// given reports whether the value at path was written in the file (and is
// not null) or set by an environment variable.
func (r *reporter) given(path string) bool {
	if r.envOf(path) != "" {
		return true
	}
	n := r.nodes[path]
	return n != nil && !isNull(n)
}

// literal returns the text written in the file for the scalar at path, or
// fallback when the value did not come from the file. Dates use it because
// the YAML decoder turns some of them into timestamps.
func (r *reporter) literal(path, fallback string) string {
	if r.envOf(path) != "" {
		return fallback
	}
	if n := r.nodes[path]; n != nil && n.Kind == yaml.ScalarNode && !isNull(n) {
		return n.Value
	}
	return fallback
}

// parentPath returns the path enclosing p: "a.b[2]" → "a.b" → "a" → "".
func parentPath(p string) string {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i >= 0 {
			return p[:i]
		}
	}
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return ""
}

// index appends a list index to a path.
func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }
