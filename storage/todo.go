package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// TodoService stores to-dos in the database.
type TodoService struct {
	db *DB
}

var _ campaignbot.TodoService = (*TodoService)(nil)

// NewTodoService returns a TodoService on db.
func NewTodoService(db *DB) *TodoService { return &TodoService{db: db} }

// CreateTodo implements campaignbot.TodoService. The number is the next of
// the workspace's counter, taken in the transaction that inserts the to-do,
// so concurrent creates get distinct consecutive numbers and a failed create
// uses none.
func (s *TodoService) CreateTodo(ctx context.Context, t *campaignbot.Todo) error {
	return s.ImportTodos(ctx, []*campaignbot.Todo{t})
}

// ImportTodos stores many to-dos in one transaction, as CreateTodo does
// for each, so a team can bring a task sheet in at once: either all are
// stored or none. Returns EINVALID naming the first invalid to-do.
func (s *TodoService) ImportTodos(ctx context.Context, ts []*campaignbot.Todo) error {
	return s.importTodos(ctx, ts, "")
}

var _ campaignbot.TodoImporter = (*TodoService)(nil)

// ImportTodosFrom implements campaignbot.TodoImporter. The workspace's
// to-do counter is taken before looking for to-dos of source, so two
// imports of the same source at once are serialised by its row lock (by
// the database lock in SQLite) and the second finds the first's to-dos.
func (s *TodoService) ImportTodosFrom(ctx context.Context, ws campaignbot.WorkspaceID, source string, ts []*campaignbot.Todo) error {
	if source == "" {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.imported-to-dos-need-the-link"))
	}
	if len(ts) == 0 {
		return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.there-are-no-to-dos-to"))
	}
	for _, t := range ts {
		t.Workspace, t.SourceLink = ws, source
	}
	return s.importTodos(ctx, ts, source)
}

// importTodos stores ts in one transaction; with a source, only those
// not imported from it before (see newFromSource).
func (s *TodoService) importTodos(ctx context.Context, ts []*campaignbot.Todo, source string) error {
	rows := make([]todoRow, len(ts))
	for i, t := range ts {
		if err := prepareTodo(t); err != nil {
			if len(ts) > 1 {
				return fmt.Errorf("to-do %d of %d: %w", i+1, len(ts), err)
			}
			return err
		}
		rows[i] = newTodoRow(t)
		rows[i].ID = 0
	}
	// kept are the indexes of ts stored: all, but for a source only those
	// not imported from it before.
	kept := make([]int, len(ts))
	for i := range kept {
		kept[i] = i
	}
	all := rows
	err := s.db.write(ctx, func(tx *gorm.DB) error {
		rows = all
		if source != "" {
			var err error
			if kept, err = newFromSource(tx, all, source); err != nil {
				return err
			}
			rows = make([]todoRow, len(kept))
			for i, k := range kept {
				rows[i] = all[k]
			}
		}
		// One counter update per run of to-dos of the same workspace takes
		// that many numbers at once.
		for i := 0; i < len(rows); {
			j := i + 1
			for j < len(rows) && rows[j].Workspace == rows[i].Workspace {
				j++
			}
			var last int64
			if err := tx.Raw(`INSERT INTO todo_counters (workspace, last_number) VALUES (?, ?)
ON CONFLICT (workspace) DO UPDATE SET last_number = todo_counters.last_number + excluded.last_number
RETURNING last_number`, rows[i].Workspace, j-i).Scan(&last).Error; err != nil {
				return err
			}
			for k := i; k < j; k++ {
				rows[k].Number = last - int64(j-k) + 1
			}
			i = j
		}
		for start := 0; start < len(rows); start += 200 {
			if err := tx.Create(rows[start:min(start+200, len(rows))]).Error; err != nil {
				return err
			}
		}
		if err := indexTodoTitles(tx, rows); err != nil {
			return err
		}
		var assignees []assigneeRow
		for i, k := range kept {
			for pos, id := range ts[k].Assignees {
				assignees = append(assignees, assigneeRow{TodoID: rows[i].ID, UserID: string(id), Position: pos})
			}
		}
		for start := 0; start < len(assignees); start += 300 {
			if err := tx.Create(assignees[start:min(start+300, len(assignees))]).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return wrapErr("create to-do", err)
	}
	for i, k := range kept {
		ts[k].ID, ts[k].Number = rows[i].ID, rows[i].Number
	}
	return nil
}

// prepareTodo cleans and validates a new to-do and stamps its times.
func prepareTodo(t *campaignbot.Todo) error {
	t.Title = strings.TrimSpace(t.Title)
	t.Assignees = cleanAssignees(t.Assignees)
	if t.Status == "" {
		t.Status = campaignbot.TodoOpen
	}
	if t.Priority == "" {
		t.Priority = campaignbot.PriorityNormal
	}
	if err := t.Validate(); err != nil {
		return err
	}
	ts := now()
	t.Due = fromNullTime(nullTime(t.Due))
	if t.Status == campaignbot.TodoDone {
		if t.DoneBy == "" {
			t.DoneBy = t.Creator
		}
		if t.DoneAt.IsZero() {
			t.DoneAt = ts
		}
		t.DoneAt = dbTime(t.DoneAt)
	} else {
		t.DoneBy, t.DoneAt = "", time.Time{}
	}
	t.CreatedAt, t.UpdatedAt = ts, ts
	return nil
}

// FindTodo implements campaignbot.TodoService. It finds deleted to-dos too.
func (s *TodoService) FindTodo(ctx context.Context, ws campaignbot.WorkspaceID, number int64) (*campaignbot.Todo, error) {
	var t *campaignbot.Todo
	err := s.db.read(ctx, func(tx *gorm.DB) (err error) {
		t, err = findTodo(tx, ws, number, false)
		return err
	})
	return t, wrapErr("find to-do", err)
}

// findTodo returns a to-do with its assignees, locking its row for the rest
// of tx when forUpdate is set (PostgreSQL; SQLite's write transactions
// already exclude each other).
func findTodo(tx *gorm.DB, ws campaignbot.WorkspaceID, number int64, forUpdate bool) (*campaignbot.Todo, error) {
	q := tx.Where("workspace = ? AND number = ?", string(ws), number)
	if forUpdate && tx.Dialector.Name() == DriverPostgres {
		q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
	}
	var row todoRow
	if err := q.Take(&row).Error; isNotFound(err) {
		return nil, campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.there-is-no-to-do", number))
	} else if err != nil {
		return nil, err
	}
	assignees, err := loadAssignees(tx, []int64{row.ID})
	if err != nil {
		return nil, err
	}
	return row.todo(assignees[row.ID]), nil
}

// FindTodos implements campaignbot.TodoService. Its cost follows the page
// it returns, not how many to-dos match (see findTodoRows).
func (s *TodoService) FindTodos(ctx context.Context, f campaignbot.TodoFilter) ([]*campaignbot.Todo, error) {
	var todos []*campaignbot.Todo
	err := s.db.read(ctx, func(tx *gorm.DB) error {
		rows, err := findTodoRows(tx, f)
		if err != nil {
			return err
		}
		ids := make([]int64, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		assignees, err := loadAssignees(tx, ids)
		if err != nil {
			return err
		}
		todos = make([]*campaignbot.Todo, len(rows))
		for i := range rows {
			todos[i] = rows[i].todo(assignees[rows[i].ID])
		}
		return nil
	})
	if err != nil {
		return nil, wrapErr("find to-dos", err)
	}
	return todos, nil
}

// UpdateTodo implements campaignbot.TodoService. Setting the status to done
// records u.By and the time as DoneBy and DoneAt (unless it was done
// already); any other status clears them. New assignees replace the old ones
// in the same transaction.
func (s *TodoService) UpdateTodo(ctx context.Context, ws campaignbot.WorkspaceID, number int64, u campaignbot.TodoUpdate) (*campaignbot.Todo, error) {
	var t *campaignbot.Todo
	err := s.db.write(ctx, func(tx *gorm.DB) (err error) {
		if t, err = findTodo(tx, ws, number, true); err != nil {
			return err
		}
		ts := now()
		applyTodoUpdate(t, u, ts)
		if err := t.Validate(); err != nil {
			return err
		}
		row := newTodoRow(t)
		err = tx.Model(&todoRow{}).Where("id = ?", row.ID).Updates(map[string]any{
			"title":         row.Title,
			"due_at":        row.DueAt,
			"priority":      row.Priority,
			"status":        row.Status,
			"done_by":       row.DoneBy,
			"done_at":       row.DoneAt,
			"snoozed_until": row.SnoozedUntil,
			"updated_at":    row.UpdatedAt,
		}).Error
		if err != nil {
			return err
		}
		if u.Title != nil {
			if err := reindexTodoTitle(tx, row.ID, row.Title); err != nil {
				return err
			}
		}
		if u.Assignees != nil {
			if err := tx.Where("todo_id = ?", row.ID).Delete(&assigneeRow{}).Error; err != nil {
				return err
			}
			return insertAssignees(tx, row.ID, t.Assignees)
		}
		return nil
	})
	if err != nil {
		return nil, wrapErr("update to-do", err)
	}
	return t, nil
}

// applyTodoUpdate applies u to t at time ts.
func applyTodoUpdate(t *campaignbot.Todo, u campaignbot.TodoUpdate, ts time.Time) {
	if u.Title != nil {
		t.Title = strings.TrimSpace(*u.Title)
	}
	if u.Due != nil {
		t.Due = fromNullTime(nullTime(*u.Due))
	}
	if u.Assignees != nil {
		t.Assignees = cleanAssignees(u.Assignees)
	}
	if u.Priority != nil {
		t.Priority = *u.Priority
		if t.Priority == "" {
			t.Priority = campaignbot.PriorityNormal
		}
	}
	if u.SnoozedUntil != nil {
		t.SnoozedUntil = fromNullTime(nullTime(*u.SnoozedUntil))
	}
	if u.Status != nil {
		status := *u.Status
		if status == "" {
			status = campaignbot.TodoOpen
		}
		switch {
		case status == campaignbot.TodoDone && t.Status != campaignbot.TodoDone:
			t.DoneBy, t.DoneAt = u.By, ts
		case status != campaignbot.TodoDone:
			t.DoneBy, t.DoneAt = "", time.Time{}
		}
		t.Status = status
	}
	t.UpdatedAt = ts
}

// EachOpenTodo implements campaignbot.TodoService. It pages through the
// matching to-dos by id, 1,000 at a time, so memory stays flat, and scans
// rows directly: this is the hourly re-plan's hot path over every to-do.
func (s *TodoService) EachOpenTodo(ctx context.Context, dueFrom, dueBefore time.Time, fn func(*campaignbot.Todo) error) error {
	const page = 1000
	var after int64
	for {
		q := s.db.reader(ctx).Model(&todoRow{}).Select(todoColumns).Where("status = ? AND id > ?", string(campaignbot.TodoOpen), after)
		switch {
		case !dueFrom.IsZero() && !dueBefore.IsZero():
			q = q.Where("((due_at >= ? AND due_at < ?) OR snoozed_until IS NOT NULL)", dbTime(dueFrom), dbTime(dueBefore))
		case !dueBefore.IsZero():
			q = q.Where("(due_at < ? OR snoozed_until IS NOT NULL)", dbTime(dueBefore))
		case !dueFrom.IsZero():
			q = q.Where("(due_at >= ? OR snoozed_until IS NOT NULL)", dbTime(dueFrom))
		}
		rows, err := scanTodoRows(q.Order("id").Limit(page))
		if err != nil {
			return wrapErr("list open to-dos", err)
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		for i := range rows {
			ids[i] = rows[i].ID
		}
		assignees, err := loadAssignees(s.db.reader(ctx), ids)
		if err != nil {
			return wrapErr("list open to-dos", err)
		}
		for i := range rows {
			if err := fn(rows[i].todo(assignees[rows[i].ID])); err != nil {
				return err
			}
		}
		after = rows[len(rows)-1].ID
	}
}

// todoColumns are the columns scanTodoRows reads, in order.
const todoColumns = "id, workspace, number, title, creator, channel, source_link, source_line, source_text, due_at, timezone, priority, milestone, status, done_by, done_at, snoozed_until, created_at, updated_at"

// scanTodoRows runs q, which selects todoColumns, and scans the rows
// without gorm's reflection.
func scanTodoRows(q *gorm.DB) ([]todoRow, error) {
	rs, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []todoRow
	for rs.Next() {
		var r todoRow
		if err := rs.Scan(&r.ID, &r.Workspace, &r.Number, &r.Title, &r.Creator, &r.Channel, &r.SourceLink, &r.SourceLine, &r.SourceText, &r.DueAt,
			&r.Timezone, &r.Priority, &r.Milestone, &r.Status, &r.DoneBy, &r.DoneAt, &r.SnoozedUntil, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// OpenAssignees implements campaignbot.TodoService.
func (s *TodoService) OpenAssignees(ctx context.Context) ([]campaignbot.UserID, error) {
	var ids []string
	err := s.db.reader(ctx).Raw(`SELECT DISTINCT a.user_id FROM todo_assignees a JOIN todos t ON t.id = a.todo_id
WHERE t.status = ? ORDER BY a.user_id`, string(campaignbot.TodoOpen)).Scan(&ids).Error
	if err != nil {
		return nil, wrapErr("list to-do owners", err)
	}
	out := make([]campaignbot.UserID, len(ids))
	for i, id := range ids {
		out[i] = campaignbot.UserID(id)
	}
	return out, nil
}
