package campaignbot

import (
	"context"
	"strings"
	"time"
)

// TodoStatus is the state of a to-do.
type TodoStatus string

// The states of a to-do. Done and deleted to-dos are kept as history.
const (
	TodoOpen    TodoStatus = "open"
	TodoDone    TodoStatus = "done"
	TodoDeleted TodoStatus = "deleted"
)

// Priority is how urgent a to-do is.
type Priority string

// The priorities of a to-do.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
)

// MaxTodoTitle is the longest to-do title, in characters.
const MaxTodoTitle = 500

// Todo is a piece of work someone promised in chat, with owners and a due
// time.
type Todo struct {
	// ID is the database identity.
	ID int64
	// Workspace the to-do belongs to.
	Workspace WorkspaceID
	// Number is the short, stable, per-workspace number users type
	// (`/todo done 12`).
	Number int64
	// Title is what has to be done, with mentions and the date phrase removed.
	Title string
	// Assignees own the work; there is at least one.
	Assignees []UserID
	// Creator asked for it.
	Creator UserID
	// Channel is where it was asked for.
	Channel ChannelID
	// SourceLink is a link to the message that created it, when known.
	SourceLink string
	// SourceLine is the line of its source (meeting notes) it was
	// imported from, from 1; 0 when it was not imported by line.
	SourceLine int
	// SourceText is that line as it read when imported (trimmed), so
	// that a later import of the same notes knows the line after lines
	// were inserted or removed above it; "" when not imported by line.
	SourceText string
	// Due is when it must be done (UTC); zero means no due time.
	Due time.Time
	// Timezone is the IANA zone the due time was understood in.
	Timezone string
	// Priority defaults to PriorityNormal.
	Priority Priority
	// Milestone optionally links the to-do to "campaign/milestone".
	Milestone string
	// Status is open, done or deleted.
	Status TodoStatus
	// SnoozedUntil postpones nudges: none is sent before it, and one is
	// sent at it.
	SnoozedUntil time.Time
	// DoneBy and DoneAt record who finished it and when.
	DoneBy UserID
	DoneAt time.Time
	// CreatedAt and UpdatedAt are maintained by the store.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate reports an EINVALID error when the to-do cannot be stored.
func (t *Todo) Validate() error {
	switch {
	case t.Workspace == "":
		return NewError(EINVALID, T("campaignbot.a-to-do-needs-a-workspace"))
	case t.Title == "":
		return NewError(EINVALID, T("campaignbot.a-to-do-needs-a-title"))
	case len([]rune(t.Title)) > MaxTodoTitle:
		return NewError(EINVALID, Tn("campaignbot.the-title-is-characters-long-please", len([]rune(t.Title)), len([]rune(t.Title)), MaxTodoTitle))
	case len(t.Assignees) == 0:
		return NewError(EINVALID, T("campaignbot.a-to-do-needs-at-least"))
	case t.Creator == "":
		return NewError(EINVALID, T("campaignbot.a-to-do-needs-a-creator"))
	}
	switch t.Priority {
	case "", PriorityLow, PriorityNormal, PriorityHigh:
	default:
		return NewError(EINVALID, T("campaignbot.unknown-priority-use-high-normal-or", t.Priority))
	}
	switch t.Status {
	case "", TodoOpen, TodoDone, TodoDeleted:
	default:
		return NewError(EINVALID, T("campaignbot.unknown-to-do-status", t.Status))
	}
	return nil
}

// TodoFilter selects to-dos. Zero fields do not filter.
type TodoFilter struct {
	Workspace WorkspaceID
	Assignee  UserID
	Channel   ChannelID
	// Statuses keeps only to-dos in one of these states.
	Statuses []TodoStatus
	// DueBefore keeps only to-dos due strictly before this instant.
	DueBefore time.Time
	// Text keeps only to-dos whose title contains it, case-insensitively.
	Text string
	// Limit caps the number returned; 0 means no cap.
	Limit int
}

// TodoUpdate changes a to-do; nil fields are left as they are.
type TodoUpdate struct {
	Title     *string
	Due       *time.Time
	Assignees []UserID
	Priority  *Priority
	Status    *TodoStatus
	// SnoozedUntil postpones nudges; a zero time clears the snooze.
	SnoozedUntil *time.Time
	// By is who makes the change; it becomes DoneBy when Status is done.
	By UserID
}

// TodoService stores to-dos.
type TodoService interface {
	// CreateTodo stores t, assigning ID, Number, Status (open when empty),
	// Priority (normal when empty) and the timestamps. Returns EINVALID.
	CreateTodo(ctx context.Context, t *Todo) error
	// FindTodo returns the to-do with the given short number. Returns
	// ENOTFOUND.
	FindTodo(ctx context.Context, ws WorkspaceID, number int64) (*Todo, error)
	// FindTodos returns the to-dos matching f, earliest due first (to-dos
	// without a due time last), then by number.
	FindTodos(ctx context.Context, f TodoFilter) ([]*Todo, error)
	// UpdateTodo applies u to the to-do and returns it as stored. Returns
	// ENOTFOUND and EINVALID.
	UpdateTodo(ctx context.Context, ws WorkspaceID, number int64, u TodoUpdate) (*Todo, error)
	// EachOpenTodo calls fn for every open to-do of every workspace that is
	// due in [dueFrom, dueBefore) or snoozed (a zero bound does not
	// filter), streaming them so that memory stays flat however many there
	// are. It stops at fn's first error.
	EachOpenTodo(ctx context.Context, dueFrom, dueBefore time.Time, fn func(*Todo) error) error
	// OpenAssignees returns everyone who owns an open to-do.
	OpenAssignees(ctx context.Context) ([]UserID, error)
}

// TodoImporter stores the to-dos read from one source, such as meeting
// notes, at once and at most once each.
type TodoImporter interface {
	// ImportTodosFrom stores ts, all of workspace ws, with their SourceLink
	// set to source, in one transaction, except those of a line of the
	// source (SourceLine) a to-do was imported from before, whatever its
	// title was edited to (for to-dos without a line, and those imported
	// before lines were kept: the same title): their ID stays 0, so
	// that importing notes again after fixing a line creates that line's
	// to-do only. Returns ECONFLICT, storing nothing, when every one was
	// imported before (a double click, a retried submission, importing
	// the same notes again); EINVALID naming the first invalid to-do.
	// Sources with the same SourceIdentity are the same source.
	ImportTodosFrom(ctx context.Context, ws WorkspaceID, source string, ts []*Todo) error
}

// fileMark marks the identity of a shared file in a source link.
const fileMark = "#file="

// FileSourceLink is the source link of the to-dos of file fileID shared by
// the message at link: the link, with the file's id as its fragment, so
// that the same file shared twice is one source.
func FileSourceLink(link, fileID string) string {
	return link + fileMark + fileID
}

// SourceIdentity is what makes two source links one source: the file
// fragment of a FileSourceLink, or "" when only the whole link does.
func SourceIdentity(link string) string {
	if i := strings.LastIndex(link, fileMark); i >= 0 {
		return link[i:]
	}
	return ""
}
