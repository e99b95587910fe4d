package config

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a configuration, located in the file
// (File, Line, Col) or, for values taken from the environment, named by the
// environment variable in File with Line and Col zero.
type Problem struct {
	File    string
	Line    int
	Col     int
	Message string
}

// String formats the problem as FILE:LINE:COL: message, dropping the parts
// of the position that are unknown.
func (p Problem) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Message)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	case p.File != "":
		return p.File + ": " + p.Message
	}
	return p.Message
}

// Problems is every problem found in a configuration. It is the error Parse
// and Load return when a configuration is invalid.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by file, line and column, keeping the order in
// which problems at the same position were found.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// quote quotes a configuration value for a message, redacting it when it
// looks like a credential so that no secret reaches a log line.
func quote(s string) string {
	if looksLikeSecret(s) {
		return "[redacted]"
	}
	if len(s) > 80 {
		s = string([]rune(s)[:min(len([]rune(s)), 60)]) + "…"
	}
	return strconv.Quote(s)
}

// tokenRE matches Slack tokens inside a longer text.
var tokenRE = regexp.MustCompile(`(xox[a-z]|xapp)-[^\s'"\]]*`)

// redactTokens hides every Slack token in s.
func redactTokens(s string) string { return tokenRE.ReplaceAllString(s, "[redacted]") }

// looksLikeSecret reports whether s has the shape of a Slack token.
func looksLikeSecret(s string) bool {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"xoxb-", "xoxp-", "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-"} {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}
