package storage

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// searchFewMatches is how many title matches a search sorts at most: below
// it the matches are read from the search index and sorted, at or above it
// the to-dos are walked in order and each is checked, which stops sooner
// the more of them match.
// A variable so tests can take either plan.
var searchFewMatches = 5000

// findTodoRows returns the rows FindTodos returns, earliest due first, the
// undated last, then by number (and id across workspaces). Two plans keep
// a page's cost independent of how many to-dos match:
//
//   - Walking in order: for each status asked for, the dated to-dos and
//     then the undated ones are read in the order of an index on
//     (workspace, [channel,] status, due_at, number) up to the limit, and
//     the pages are merged. Ordering by "due_at IS NULL" first, as a single
//     query must, would sort every match instead.
//   - Reading the matches: a title search of two characters or more with
//     few matches (under searchFewMatches, counted in the search index:
//     trigrams, or bigrams for two characters) and a person's to-dos
//     (through todo_assignees) start from those and sort them.
func findTodoRows(tx *gorm.DB, f campaignbot.TodoFilter) ([]todoRow, error) {
	pg := tx.Dialector.Name() == DriverPostgres
	text := lowerRunes(strings.ReplaceAll(f.Text, "\x00", ""))
	fromMatches := false
	var matches []int64 // on PostgreSQL, the ids of the few matches
	if text != "" && titleIndexed(text) {
		if pg {
			// Read once: the search table is not read again to join.
			if err := tx.Raw("SELECT todo_id FROM todo_search WHERE grams @> ?::text[] AND strpos(doc, ?) > 0 LIMIT ?",
				pgTextArray(titleGrams(text)), text, searchFewMatches).Scan(&matches).Error; err != nil {
				return nil, err
			}
			fromMatches = len(matches) < searchFewMatches
		} else {
			n, err := countTitleMatches(tx, text, searchFewMatches)
			if err != nil {
				return nil, err
			}
			fromMatches = n < searchFewMatches
		}
	}
	// Numbers are unique within a workspace; across workspaces the id
	// breaks their ties.
	order := "todos.due_at, todos.number"
	if f.Workspace == "" {
		order += ", todos.id"
	}
	filtered := func(statuses []campaignbot.TodoStatus) *gorm.DB {
		q := tx.Model(&todoRow{}).Select(todoSelect)
		switch {
		case fromMatches && !pg:
			// CROSS JOIN makes SQLite start from the matches.
			table, match := titleMatch(text)
			q = q.Table(table+" CROSS JOIN todos").Where("todos.id = "+table+".rowid AND "+table+" MATCH ?", match)
		case fromMatches:
			q = q.Where("todos.id = ANY(?::bigint[])", pgInt8Array(matches))
		case f.Assignee != "" && !pg:
			q = q.Table("todo_assignees CROSS JOIN todos").Where("todos.id = todo_assignees.todo_id AND todo_assignees.user_id = ?", string(f.Assignee))
		}
		if f.Assignee != "" && (pg || fromMatches) {
			q = q.Where("todos.id IN (SELECT todo_id FROM todo_assignees WHERE user_id = ?)", string(f.Assignee))
		}
		if f.Workspace != "" {
			q = q.Where("todos.workspace = ?", string(f.Workspace))
		}
		if f.Channel != "" {
			q = q.Where("todos.channel = ?", string(f.Channel))
		}
		if len(statuses) > 0 {
			names := make([]string, len(statuses))
			for i, st := range statuses {
				names[i] = string(st)
			}
			q = q.Where("todos.status IN ?", names)
		}
		if !f.DueBefore.IsZero() {
			q = q.Where("todos.due_at < ?", dbTime(f.DueBefore))
		}
		if text != "" && !fromMatches {
			// Checked on each to-do walked: the search document, by the
			// primary key of the search table.
			if pg {
				q = q.Where("EXISTS (SELECT 1 FROM todo_search s WHERE s.todo_id = todos.id AND strpos(s.doc, ?) > 0)", text)
			} else {
				q = q.Where("EXISTS (SELECT 1 FROM todo_search s WHERE s.rowid = todos.id AND instr(s.doc, ?) > 0)", text)
			}
		}
		return q
	}
	limit := func(q *gorm.DB, n int) *gorm.DB {
		if f.Limit > 0 {
			q = q.Limit(n)
		}
		return q
	}
	// A person's to-dos are few: reading them all and sorting beats
	// walking everyone's in order, and a sort by an expression keeps
	// PostgreSQL from choosing the walk.
	if fromMatches || f.Assignee != "" {
		return scanTodoRows(limit(filtered(f.Statuses).Order("todos.due_at IS NULL, "+order), f.Limit))
	}
	// One walk per status, so that each follows its index; no status
	// asked for means every one.
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []campaignbot.TodoStatus{campaignbot.TodoOpen, campaignbot.TodoDone, campaignbot.TodoDeleted}
	}
	var groups [][]campaignbot.TodoStatus
	for i, st := range statuses {
		if !slices.Contains(statuses[:i], st) {
			groups = append(groups, []campaignbot.TodoStatus{st})
		}
	}
	var rows []todoRow
	for _, g := range groups {
		dated, err := scanTodoRows(limit(filtered(g).Where("todos.due_at IS NOT NULL").Order(order), f.Limit))
		if err != nil {
			return nil, err
		}
		rows = append(rows, dated...)
		if f.DueBefore.IsZero() && (f.Limit <= 0 || len(dated) < f.Limit) {
			undated, err := scanTodoRows(limit(filtered(g).Where("todos.due_at IS NULL").Order(strings.TrimPrefix(order, "todos.due_at, ")), f.Limit-len(dated)))
			if err != nil {
				return nil, err
			}
			rows = append(rows, undated...)
		}
	}
	if len(groups) > 1 {
		slices.SortFunc(rows, compareTodoRows)
		if f.Limit > 0 && len(rows) > f.Limit {
			rows = rows[:f.Limit]
		}
	}
	return rows, nil
}

// compareTodoRows orders rows as FindTodos returns them.
func compareTodoRows(a, b todoRow) int {
	switch {
	case a.DueAt == nil && b.DueAt != nil:
		return 1
	case a.DueAt != nil && b.DueAt == nil:
		return -1
	case a.DueAt != nil && !a.DueAt.Equal(*b.DueAt):
		return a.DueAt.Compare(*b.DueAt)
	case a.Number != b.Number:
		return cmp.Compare(a.Number, b.Number)
	}
	return cmp.Compare(a.ID, b.ID)
}

// todoSelect is todoColumns qualified by the todos table, for queries
// that join another.
var todoSelect = "todos." + strings.ReplaceAll(todoColumns, ", ", ", todos.")

// pgInt8Array renders ids as a PostgreSQL bigint[] literal.
func pgInt8Array(ids []int64) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte('}')
	return b.String()
}
