package storage

import (
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
	"gorm.io/gorm"
)

// todoRow is a row of the todos table.
type todoRow struct {
	ID           int64 `gorm:"primaryKey"`
	Workspace    string
	Number       int64
	Title        string
	Creator      string
	Channel      string
	SourceLink   string
	SourceLine   int
	SourceText   string
	DueAt        *time.Time
	Timezone     string
	Priority     string
	Milestone    string
	Status       string
	DoneBy       string
	DoneAt       *time.Time
	SnoozedUntil *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// TableName implements gorm's schema.Tabler.
func (todoRow) TableName() string { return "todos" }

// assigneeRow is a row of the todo_assignees table. Position keeps the
// order in which the assignees were given.
type assigneeRow struct {
	TodoID   int64
	UserID   string
	Position int
}

// TableName implements gorm's schema.Tabler.
func (assigneeRow) TableName() string { return "todo_assignees" }

// newTodoRow converts t to a row.
func newTodoRow(t *campaignbot.Todo) todoRow {
	return todoRow{
		ID:           t.ID,
		Workspace:    string(t.Workspace),
		Number:       t.Number,
		Title:        t.Title,
		Creator:      string(t.Creator),
		Channel:      string(t.Channel),
		SourceLink:   t.SourceLink,
		SourceLine:   t.SourceLine,
		SourceText:   t.SourceText,
		DueAt:        nullTime(t.Due),
		Timezone:     t.Timezone,
		Priority:     string(t.Priority),
		Milestone:    t.Milestone,
		Status:       string(t.Status),
		DoneBy:       string(t.DoneBy),
		DoneAt:       nullTime(t.DoneAt),
		SnoozedUntil: nullTime(t.SnoozedUntil),
		CreatedAt:    dbTime(t.CreatedAt),
		UpdatedAt:    dbTime(t.UpdatedAt),
	}
}

// todo converts r to a to-do with the given assignees.
func (r *todoRow) todo(assignees []campaignbot.UserID) *campaignbot.Todo {
	return &campaignbot.Todo{
		ID:           r.ID,
		Workspace:    campaignbot.WorkspaceID(r.Workspace),
		Number:       r.Number,
		Title:        r.Title,
		Assignees:    assignees,
		Creator:      campaignbot.UserID(r.Creator),
		Channel:      campaignbot.ChannelID(r.Channel),
		SourceLink:   r.SourceLink,
		SourceLine:   r.SourceLine,
		SourceText:   r.SourceText,
		Due:          fromNullTime(r.DueAt),
		Timezone:     r.Timezone,
		Priority:     campaignbot.Priority(r.Priority),
		Milestone:    r.Milestone,
		Status:       campaignbot.TodoStatus(r.Status),
		DoneBy:       campaignbot.UserID(r.DoneBy),
		DoneAt:       fromNullTime(r.DoneAt),
		SnoozedUntil: fromNullTime(r.SnoozedUntil),
		CreatedAt:    r.CreatedAt.UTC(),
		UpdatedAt:    r.UpdatedAt.UTC(),
	}
}

// cleanAssignees drops empty and repeated user IDs, keeping the order.
// It returns nil for nil, so that "no change" stays distinguishable.
func cleanAssignees(ids []campaignbot.UserID) []campaignbot.UserID {
	if ids == nil {
		return nil
	}
	out := make([]campaignbot.UserID, 0, len(ids))
	seen := make(map[campaignbot.UserID]bool, len(ids))
	for _, id := range ids {
		id = campaignbot.UserID(strings.TrimSpace(string(id)))
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		out = append(out, id)
	}
	return out
}

// insertAssignees stores the assignees of a to-do.
func insertAssignees(tx *gorm.DB, todoID int64, ids []campaignbot.UserID) error {
	rows := make([]assigneeRow, len(ids))
	for i, id := range ids {
		rows[i] = assigneeRow{TodoID: todoID, UserID: string(id), Position: i}
	}
	return tx.Create(&rows).Error
}

// maxInParams caps the values bound to one IN list, well under SQLite's
// and PostgreSQL's limits on statement parameters.
const maxInParams = 500

// loadAssignees returns the assignees of the to-dos with the given IDs.
func loadAssignees(tx *gorm.DB, ids []int64) (map[int64][]campaignbot.UserID, error) {
	out := make(map[int64][]campaignbot.UserID, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), maxInParams)]
		ids = ids[len(chunk):]
		rows, err := tx.Model(&assigneeRow{}).Select("todo_id, user_id").Where("todo_id IN ?", chunk).Order("todo_id, position").Rows()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var user string
			if err := rows.Scan(&id, &user); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], campaignbot.UserID(user))
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
