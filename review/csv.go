package review

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// CSVHeader is the first row of the to-do history.
var CSVHeader = []string{"id", "title", "owner", "channel", "created", "due", "done", "done_on_time", "source"}

// TodoHistory writes the campaign's to-dos as of o.At as CSV (UTF-8 with a
// byte order mark, for Excel), one row a
// to-do: its number, title, owners (space-separated), channel, creation,
// due and done times in o.Location (RFC 3339; empty when none), whether it
// was done on time (yes, no, or empty while open) and where it came from
// (the link to its message, else its milestone).
func (c Compiler) TodoHistory(ctx context.Context, w io.Writer, o Options) error {
	todos, err := c.campaignTodos(ctx, o)
	if err != nil {
		return err
	}
	// The byte order mark makes Excel read the file as UTF-8, not in the
	// system's code page (GBK on Chinese Windows).
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("to-do history: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("to-do history: %w", err)
	}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(o.Location).Format(time.RFC3339)
	}
	slices.SortFunc(todos, func(a, b *campaignbot.Todo) int { return cmp.Compare(a.Number, b.Number) })
	for _, t := range todos {
		owners := ""
		for i, u := range t.Assignees {
			if i > 0 {
				owners += " "
			}
			owners += string(u)
		}
		onTime := ""
		if t.Status == campaignbot.TodoDone {
			onTime = "no"
			if lateness(t, o.At) == 0 {
				onTime = "yes"
			}
		}
		source := t.SourceLink
		if source == "" {
			source = t.Milestone
		}
		done := ""
		if t.Status == campaignbot.TodoDone {
			done = stamp(t.DoneAt)
		}
		if err := cw.Write([]string{strconv.FormatInt(t.Number, 10), cell(t.Title), owners, string(t.Channel), stamp(t.CreatedAt),
			stamp(t.Due), done, onTime, source}); err != nil {
			return fmt.Errorf("to-do history: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("to-do history: %w", err)
	}
	return nil
}

// cell keeps a title from being read as a formula by a spreadsheet: one
// starting with =, +, -, @ or a tab gets a leading apostrophe.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
