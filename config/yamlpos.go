package config

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// yaml.v3 reports a syntax error as "yaml: line N: message", without the
// column, and N is often not where the mistake is: it names the line of
// the construct being parsed (a mapping that started lines before) and is
// off by one for some scanner errors, and errors on the first line carry
// no line at all. An unclosed quote is the worst case: the string runs on
// to the next quote anywhere below, and the error names whatever breaks
// there. So the position is worked out again from the text: a light lexer
// follows quotes, flow brackets, comments and block scalars the way YAML
// does, and the message picks the rule that finds its real place.

// pos is a 1-based line and column (in characters) in the file.
type pos struct{ line, col int }

// quoteSpan is a quoted scalar: where its quote opens, and the line where
// it closes (0 when it never does).
type quoteSpan struct {
	start   pos
	quote   byte
	endLine int
	// runaway is set when the string runs over a line that looks like a
	// key or a list item at or left of the quote's line's indentation: a
	// quote that was meant to close on its own line.
	runaway bool
}

// lineInfo is what the lexer learned of one line.
type lineInfo struct {
	indent int
	// skip is set for lines that hold no token of their own: blank lines,
	// comments, block scalar content and lines inside a quoted scalar.
	skip bool
	// entry is set when the line starts with "- ", a list item.
	entry bool
	// colons are the columns of the mapping indicators (": ") on the line.
	colons []int
	// opens is set when the line ends with an indicator that a nested
	// block may follow: "key:", "- " alone, "|" or ">".
	opens bool
	// tab is the column of a tab in the line's indentation, or 0.
	tab int
	// badChar is the column of a character that cannot start a token
	// (@ or `), or 0.
	badChar int
}

// lexed is the result of lexYAML.
type lexed struct {
	lines  []string
	info   []lineInfo
	quotes []quoteSpan
	// unclosedFlow is the [ or { of a flow collection still open when a
	// block line or the end of the file comes, if any.
	unclosedFlow *pos
	// afterQuote is the first text that follows a closed quote on its line
	// where nothing may ("x" y), if any.
	afterQuote *pos
	// aliases maps alias names (*name) to their first position.
	aliases map[string]pos
}

// keyLineRE matches a line that starts a mapping entry or a list item.
var keyLineRE = regexp.MustCompile(`^\s*(- |-$|[^\s#'"\[{][^:#]*:(\s|$))`)

// lexYAML lexes data line by line; it never fails.
func lexYAML(data []byte) *lexed {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lx := &lexed{lines: strings.Split(text, "\n"), aliases: map[string]pos{}}
	lx.info = make([]lineInfo, len(lx.lines))

	type opener struct {
		at     pos
		indent int
		close  byte
	}
	var (
		flow        []opener
		q           *quoteSpan // the open quoted scalar
		qIndent     int        // the indentation of q's line
		blockIndent = -1       // > -1 while in a block scalar: its parent's indentation
	)
	for li, line := range lx.lines {
		n := li + 1
		info := &lx.info[li]
		trimmed := strings.TrimLeft(line, " \t")
		info.indent = len(line) - len(strings.TrimLeft(line, " "))
		blank := trimmed == ""

		if blockIndent >= 0 {
			if blank || info.indent > blockIndent {
				info.skip = true
				continue
			}
			blockIndent = -1
		}
		if q != nil {
			info.skip = true
			if !q.runaway && !blank && info.indent <= qIndent && (keyLineRE.MatchString(line) || strings.HasPrefix(trimmed, "#")) {
				q.runaway = true
			}
		} else {
			if blank || strings.HasPrefix(trimmed, "#") {
				info.skip = true
				continue
			}
			if ws := line[:len(line)-len(trimmed)]; strings.Contains(ws, "\t") {
				info.tab = utf8.RuneCountInString(ws[:strings.IndexByte(ws, '\t')]) + 1
			}
			if len(flow) > 0 && info.indent <= flow[len(flow)-1].indent && keyLineRE.MatchString(line) {
				if lx.unclosedFlow == nil {
					at := flow[len(flow)-1].at
					lx.unclosedFlow = &at
				}
				flow = nil
			}
			if len(flow) > 0 {
				// Inside a flow collection indentation means nothing.
				info.skip = true
			}
			info.entry = strings.HasPrefix(trimmed, "- ") || trimmed == "-"
		}

		// Scan the characters. tokenStart is set where a new token may
		// begin: after indentation, separators and indicators.
		col := 0
		tokenStart := q == nil
		plain, closed := false, false
		for i := 0; i < len(line); {
			_, size := utf8.DecodeRuneInString(line[i:])
			col++
			c := line[i]
			next := byte(0)
			if i+size < len(line) {
				next = line[i+size]
			}
			i += size
			if q != nil {
				switch {
				case q.quote == '"' && c == '\\':
					if i < len(line) {
						_, s := utf8.DecodeRuneInString(line[i:])
						i += s
						col++
					}
				case q.quote == '\'' && c == '\'' && next == '\'':
					i++
					col++
				case c == q.quote:
					q.endLine = n
					q = nil
					tokenStart, plain, closed = false, false, true
				}
				continue
			}
			if closed && c != ' ' && c != '\t' {
				closed = false
				if lx.afterQuote == nil && c != '#' && strings.IndexByte(":,]}", c) < 0 {
					lx.afterQuote = &pos{n, col}
				}
			}
			space := c == ' ' || c == '\t'
			switch {
			case space:
				if !plain {
					tokenStart = true
				}
				continue
			case c == '#' && (col == 1 || line[i-size-1] == ' ' || line[i-size-1] == '\t'):
				i = len(line) // a comment
				continue
			case c == ':' && (next == 0 || next == ' ' || next == '\t' || (len(flow) > 0 && strings.IndexByte(",]}", next) >= 0)):
				info.colons = append(info.colons, col)
				tokenStart, plain = true, false
				continue
			case len(flow) > 0 && c == ',':
				tokenStart, plain = true, false
				continue
			case len(flow) > 0 && (c == ']' || c == '}'):
				if flow[len(flow)-1].close == c {
					flow = flow[:len(flow)-1]
				}
				tokenStart, plain = false, false
				continue
			}
			if !tokenStart {
				continue
			}
			tokenStart = false
			switch {
			case c == '"' || c == '\'':
				lx.quotes = append(lx.quotes, quoteSpan{start: pos{n, col}, quote: c})
				q = &lx.quotes[len(lx.quotes)-1]
				qIndent = info.indent
			case c == '[' || c == '{':
				flow = append(flow, opener{at: pos{n, col}, indent: info.indent, close: map[byte]byte{'[': ']', '{': '}'}[c]})
				tokenStart = true
			case c == '-' && (next == 0 || next == ' '):
				tokenStart = true
			case c == '?' && (next == 0 || next == ' '):
				tokenStart = true
			case (c == '|' || c == '>') && len(flow) == 0:
				blockIndent = info.indent
				info.opens = true
				i = len(line)
			case c == '&' || c == '*' || c == '!':
				name := line[i:]
				if end := strings.IndexAny(name, " \t,[]{}"); end >= 0 {
					name = name[:end]
				}
				if _, seen := lx.aliases[name]; c == '*' && !seen {
					lx.aliases[name] = pos{n, col}
				}
				col += utf8.RuneCountInString(name)
				i += len(name)
				tokenStart = true
			case c == '@' || c == '`':
				if info.badChar == 0 {
					info.badChar = col
				}
			default:
				plain = true
			}
		}
	}
	for i, line := range lx.lines {
		if info := &lx.info[i]; !info.skip && !info.opens {
			t := strings.TrimRight(stripComment(line), " \t")
			info.opens = strings.HasSuffix(t, ":") || strings.HasSuffix(t, "-")
		}
	}
	if len(flow) > 0 && lx.unclosedFlow == nil {
		at := flow[len(flow)-1].at
		lx.unclosedFlow = &at
	}
	return lx
}

// byteOffset returns the byte offset of the 1-based character column col
// in line.
func byteOffset(line string, col int) int {
	i := 0
	for c := 1; c < col && i < len(line); c++ {
		_, s := utf8.DecodeRuneInString(line[i:])
		i += s
	}
	return i
}

// runaway returns the first quoted scalar that never closes or runs over
// lines that look like keys, if any.
func (lx *lexed) runaway() *quoteSpan {
	for i := range lx.quotes {
		if q := &lx.quotes[i]; q.endLine == 0 || q.runaway {
			return q
		}
	}
	return nil
}

// firstCol returns the column of the first non-blank character of line n,
// or 1.
func (lx *lexed) firstCol(n int) int {
	if n < 1 || n > len(lx.lines) {
		return 1
	}
	line := lx.lines[n-1]
	trimmed := strings.TrimLeft(line, " \t")
	if trimmed == "" {
		return 1
	}
	return utf8.RuneCountInString(line[:len(line)-len(trimmed)]) + 1
}

// yamlErrorRE splits yaml.v3's error text into its line and message.
var yamlErrorRE = regexp.MustCompile(`^yaml: (?:line ([0-9]+): )?(.*)$`)

// yamlProblem turns a YAML syntax error into a Problem at the place of the
// mistake, with its line and column.
func yamlProblem(file string, data []byte, err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlErrorRE.FindStringSubmatch(err.Error()); m != nil {
		msg = m[2]
		line, _ = strconv.Atoi(m[1])
	}
	at, text := locateYAMLError(lexYAML(data), line, msg)
	return Problem{File: file, Line: at.line, Col: at.col, Message: "bad YAML: " + text}
}

// locateYAMLError finds where the error yaml.v3 reported as msg at line
// (0 when it gave none, which it does for the first line) really is, and
// the message to show there.
func locateYAMLError(lx *lexed, line int, msg string) (pos, string) {
	if line < 1 {
		line = 1
	}
	if line > len(lx.lines) {
		line = len(lx.lines)
	}
	if q := lx.runaway(); q != nil && !strings.HasPrefix(msg, "unknown anchor") {
		if q.endLine == 0 {
			return q.start, "the string quoted here is never closed: add the closing " + string(q.quote) + " (" + msg + ")"
		}
		return q.start, "the string quoted here runs on to line " + strconv.Itoa(q.endLine) + ": add the closing " + string(q.quote) + " on this line (" + msg + ")"
	}
	if at := lx.afterQuote; at != nil {
		return *at, "text after the closing quote: quote the whole value, or put this on its own line (" + msg + ")"
	}
	switch {
	case strings.Contains(msg, "tab character"), strings.Contains(msg, "cannot start any token"):
		for n := max(line-1, 1); n <= len(lx.lines); n++ {
			if info := lx.info[n-1]; !info.skip && info.tab > 0 {
				return pos{n, info.tab}, "a tab in the indentation: indent with spaces (" + msg + ")"
			}
		}
		if c := lx.info[line-1].badChar; c > 0 {
			return pos{line, c}, msg + ": quote the value"
		}
	case strings.Contains(msg, "did not find expected ','"), strings.Contains(msg, "did not find expected node content"):
		if f := lx.unclosedFlow; f != nil {
			open := lx.lines[f.line-1][byteOffset(lx.lines[f.line-1], f.col)]
			closing := map[byte]string{'[': "]", '{': "}"}[open]
			return *f, "the " + string(open) + " opened here is never closed: add the " + closing + " (" + msg + ")"
		}
	case strings.Contains(msg, "mapping values are not allowed"):
		if n := lx.misindented(); n > 0 && n <= line {
			return pos{n, lx.firstCol(n)}, misindentedMsg(msg)
		}
		return lx.misplacedColon(line), "\": \" inside an unquoted value: quote the whole value (" + msg + ")"
	case strings.Contains(msg, "did not find expected key"), strings.Contains(msg, "did not find expected '-' indicator"),
		strings.Contains(msg, "block sequence entries are not allowed"), strings.Contains(msg, "could not find expected ':'"):
		if n := lx.misindented(); n > 0 {
			return pos{n, lx.firstCol(n)}, misindentedMsg(msg)
		}
	case strings.HasPrefix(msg, "unknown anchor"):
		name := strings.TrimSuffix(strings.TrimPrefix(msg, "unknown anchor '"), "' referenced")
		if at, ok := lx.aliases[name]; ok {
			return at, msg + ": define &" + name + " before using *" + name + ", or quote a value that starts with *"
		}
	}
	return pos{line, lx.firstCol(line)}, msg
}

// misplacedColon returns the position of the ": " yaml.v3 rejects on line
// n: the first one when the line continues the value of the line above
// (it is indented further), else the second one, after the line's key.
func (lx *lexed) misplacedColon(n int) pos {
	info := lx.info[n-1]
	if len(info.colons) == 0 {
		return pos{n, lx.firstCol(n)}
	}
	prev := n - 1
	for prev >= 1 && lx.info[prev-1].skip {
		prev--
	}
	continuation := prev >= 1 && info.indent > lx.info[prev-1].indent && !lx.info[prev-1].entry &&
		len(lx.info[prev-1].colons) > 0 && !strings.HasSuffix(strings.TrimRight(stripComment(lx.lines[prev-1]), " \t"), ":")
	if continuation || len(info.colons) == 1 {
		return pos{n, info.colons[0]}
	}
	return pos{n, info.colons[1]}
}

// stripComment drops a trailing comment, roughly.
func stripComment(line string) string {
	if i := strings.Index(line, " #"); i >= 0 {
		return line[:i]
	}
	return line
}

// misindented returns the first line whose indentation lines up with no
// open block: it is left of the block it follows but right of the one
// around it, it is a key or item under a line whose value is already
// there, or it is a list item among keys (or a key among list items) that
// cannot be there. It returns 0 when every line lines up.
//
// When the block such a line breaks has only its first line so far, and
// that first line is the one off the file's usual indentation step while
// the breaking line is on it, the first line is the mistake: a dedented or
// over-indented first key makes its well-indented siblings look wrong.
func (lx *lexed) misindented() int {
	type block struct {
		indent int
		seq    bool // a list whose items are indented under their key
		// valueless is set while the last key at this level opened a
		// nested block, so that an unindented list may follow it.
		valueless bool
		first     int // the block's first line
		lines     int // the lines at its level so far
		// want are the indentations the usual step gives the block.
		want []int
	}
	step := lx.indentStep()
	var stack []block
	// wantUnder returns the indentations of a block under the top one.
	wantUnder := func(seq bool) []int {
		if len(stack) == 0 {
			return []int{0}
		}
		p := stack[len(stack)-1].indent
		if seq {
			return []int{p + step, p} // a list may line up with its key
		}
		return []int{p + step}
	}
	// blame returns the line to report when line n breaks the blocks:
	// the first line of a block that has only it, is off the step and
	// would be on it at n's indentation; else n.
	blame := func(n int, blocks ...block) int {
		in := lx.info[n-1].indent
		for _, b := range blocks {
			if b.lines == 1 && b.first != n && slices.Contains(b.want, in) && !slices.Contains(b.want, b.indent) {
				return b.first
			}
		}
		return n
	}
	reversed := func() []block {
		out := slices.Clone(stack)
		slices.Reverse(out)
		return out
	}
	prev := -1 // the previous line that holds tokens
	for i := range lx.lines {
		info := lx.info[i]
		if info.skip {
			continue
		}
		n := i + 1
		trimmed := strings.TrimLeft(lx.lines[i], " ")
		if strings.HasPrefix(trimmed, "---") || strings.HasPrefix(trimmed, "...") {
			stack, prev = nil, -1
			continue
		}
		switch {
		case len(stack) == 0 || info.indent > stack[len(stack)-1].indent:
			if len(stack) > 0 && prev >= 0 && !lx.info[prev].opens {
				if len(info.colons) > 0 || info.entry {
					// A key or an item under a line whose value is
					// already there.
					return blame(n, reversed()...)
				}
				// The continuation of a plain value on the line above.
				continue
			}
			stack = append(stack, block{indent: info.indent, seq: info.entry, first: n, want: wantUnder(info.entry)})
		case info.indent < stack[len(stack)-1].indent:
			var popped []block
			for len(stack) > 0 && stack[len(stack)-1].indent > info.indent {
				popped = append(popped, stack[len(stack)-1])
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 || stack[len(stack)-1].indent != info.indent {
				return blame(n, append(popped, reversed()...)...)
			}
		}
		top := &stack[len(stack)-1]
		top.lines++
		switch {
		case top.seq && !info.entry:
			return n
		case !top.seq && info.entry && !top.valueless && !(prev >= 0 && lx.info[prev].entry && lx.info[prev].indent == info.indent):
			// A list item after a key that has a value, at that key's level.
			if prev < 0 || lx.info[prev].indent <= info.indent {
				return n
			}
		}
		if !info.entry {
			top.valueless = info.opens
		}
		if info.entry && len(info.colons) > 0 {
			// "- key: value": the item's other keys line up after the dash.
			want := make([]int, len(top.want))
			for k, w := range top.want {
				want[k] = w + 2
			}
			stack = append(stack, block{indent: info.indent + 2, valueless: info.opens, first: n, lines: 1, want: want})
		}
		prev = i
	}
	return 0
}

// indentStep returns the file's most common indentation step, 2 when it
// has none.
func (lx *lexed) indentStep() int {
	counts := map[int]int{}
	last := -1
	for _, info := range lx.info {
		if info.skip {
			continue
		}
		if last >= 0 && info.indent > last {
			counts[info.indent-last]++
		}
		last = info.indent
	}
	step, best := 2, 0
	for d, c := range counts {
		if c > best || (c == best && d < step) {
			step, best = d, c
		}
	}
	return step
}

// misindentedMsg is the message for a line that lines up with no block.
func misindentedMsg(msg string) string {
	return "this line's indentation lines up with nothing above it: indent it like the keys or list items it belongs with (" + msg + ")"
}
