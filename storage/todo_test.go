package storage_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// newTodo returns a valid to-do of workspace ws.
func newTodo(ws campaignbot.WorkspaceID, title string, assignees ...campaignbot.UserID) *campaignbot.Todo {
	if len(assignees) == 0 {
		assignees = []campaignbot.UserID{"U1"}
	}
	return &campaignbot.Todo{Workspace: ws, Title: title, Assignees: assignees, Creator: "UC", Channel: "C1"}
}

func mustCreate(t *testing.T, s *storage.TodoService, todo *campaignbot.Todo) *campaignbot.Todo {
	t.Helper()
	if err := s.CreateTodo(context.Background(), todo); err != nil {
		t.Fatalf("CreateTodo(%q): %v", todo.Title, err)
	}
	return todo
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := campaignbot.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func TestCreateAndFindTodo(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		shanghai := time.FixedZone("CST", 8*3600)
		due := time.Date(2025, 11, 10, 18, 0, 0, 123456789, shanghai)
		todo := &campaignbot.Todo{
			Workspace:  "T1",
			Title:      "  Send the banner to design  ",
			Assignees:  []campaignbot.UserID{"U2", "U1", "U2", ""},
			Creator:    "UC",
			Channel:    "C1",
			SourceLink: "https://example.slack.com/archives/C1/p1",
			Due:        due,
			Timezone:   "Asia/Shanghai",
			Milestone:  "double11/registration",
		}
		before := time.Now().Add(-time.Second)
		mustCreate(t, s, todo)
		if todo.ID == 0 || todo.Number != 1 {
			t.Errorf("ID, Number = %d, %d; want an ID and number 1", todo.ID, todo.Number)
		}
		if todo.Status != campaignbot.TodoOpen || todo.Priority != campaignbot.PriorityNormal {
			t.Errorf("Status, Priority = %q, %q; want open, normal", todo.Status, todo.Priority)
		}
		if todo.CreatedAt.Before(before) || todo.CreatedAt.Location() != time.UTC || !todo.UpdatedAt.Equal(todo.CreatedAt) {
			t.Errorf("CreatedAt, UpdatedAt = %v, %v", todo.CreatedAt, todo.UpdatedAt)
		}
		got, err := s.FindTodo(ctx, "T1", 1)
		if err != nil {
			t.Fatal(err)
		}
		want := *todo
		want.Title = "Send the banner to design"
		want.Assignees = []campaignbot.UserID{"U2", "U1"}
		want.Due = due.UTC().Truncate(time.Microsecond)
		if !todosEqual(got, &want) {
			t.Errorf("FindTodo = %+v\nwant        %+v", got, &want)
		}
		if got.Due.Location() != time.UTC {
			t.Errorf("Due location = %v, want UTC", got.Due.Location())
		}

		_, err = s.FindTodo(ctx, "T1", 2)
		wantCode(t, err, campaignbot.ENOTFOUND)
		_, err = s.FindTodo(ctx, "T2", 1)
		wantCode(t, err, campaignbot.ENOTFOUND)
	})
}

// todosEqual compares to-dos, times by instant.
func todosEqual(a, b *campaignbot.Todo) bool {
	x, y := *a, *b
	for _, p := range []struct{ a, b *time.Time }{{&x.Due, &y.Due}, {&x.DoneAt, &y.DoneAt}, {&x.CreatedAt, &y.CreatedAt}, {&x.UpdatedAt, &y.UpdatedAt}} {
		if !p.a.Equal(*p.b) {
			return false
		}
		*p.a, *p.b = time.Time{}, time.Time{}
	}
	if !slices.Equal(x.Assignees, y.Assignees) {
		return false
	}
	x.Assignees, y.Assignees = nil, nil
	return reflect.DeepEqual(x, y)
}

func TestCreateTodoInvalid(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		tests := []struct {
			name   string
			modify func(*campaignbot.Todo)
		}{
			{"no workspace", func(t *campaignbot.Todo) { t.Workspace = "" }},
			{"blank title", func(t *campaignbot.Todo) { t.Title = "   " }},
			{"long title", func(t *campaignbot.Todo) { t.Title = strings.Repeat("好", campaignbot.MaxTodoTitle+1) }},
			{"no assignees", func(t *campaignbot.Todo) { t.Assignees = nil }},
			{"only empty assignees", func(t *campaignbot.Todo) { t.Assignees = []campaignbot.UserID{""} }},
			{"no creator", func(t *campaignbot.Todo) { t.Creator = "" }},
			{"bad priority", func(t *campaignbot.Todo) { t.Priority = "urgent" }},
			{"bad status", func(t *campaignbot.Todo) { t.Status = "later" }},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				todo := newTodo("T1", "x")
				tt.modify(todo)
				wantCode(t, s.CreateTodo(ctx, todo), campaignbot.EINVALID)
			})
		}
		// Failed creates use no number.
		if todo := mustCreate(t, s, newTodo("T1", "first")); todo.Number != 1 {
			t.Errorf("Number = %d, want 1", todo.Number)
		}
	})
}

func TestTodoNumbersPerWorkspace(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		s := storage.NewTodoService(db)
		for i, tt := range []struct {
			ws   campaignbot.WorkspaceID
			want int64
		}{{"A", 1}, {"A", 2}, {"B", 1}, {"A", 3}, {"B", 2}} {
			if todo := mustCreate(t, s, newTodo(tt.ws, "x")); todo.Number != tt.want {
				t.Errorf("create #%d in %s: number %d, want %d", i, tt.ws, todo.Number, tt.want)
			}
		}
	})
}

func TestCreateTodoConcurrently(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		s := storage.NewTodoService(db)
		const n = 40
		numbers := make([]int64, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				ws := campaignbot.WorkspaceID("A")
				if i%4 == 0 {
					ws = "B"
				}
				todo := newTodo(ws, "x")
				if err := s.CreateTodo(context.Background(), todo); err != nil {
					t.Errorf("CreateTodo: %v", err)
				}
				numbers[i] = todo.Number
			})
		}
		wg.Wait()
		var a, b []int64
		for i, n := range numbers {
			if i%4 == 0 {
				b = append(b, n)
			} else {
				a = append(a, n)
			}
		}
		for ws, got := range map[string][]int64{"A": a, "B": b} {
			slices.Sort(got)
			for i, n := range got {
				if n != int64(i+1) {
					t.Fatalf("workspace %s numbers = %v, want 1..%d each once", ws, got, len(got))
				}
			}
		}
	})
}

func TestFindTodos(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		day := func(d int) time.Time { return time.Date(2025, 11, d, 10, 0, 0, 0, time.UTC) }
		// Number: title, assignees, channel, due.
		seed := []struct {
			title     string
			assignees []campaignbot.UserID
			channel   campaignbot.ChannelID
			due       time.Time
		}{
			{"t1", []campaignbot.UserID{"U1"}, "C1", day(5)},
			{"t2", []campaignbot.UserID{"U2"}, "C1", time.Time{}},
			{"t3", []campaignbot.UserID{"U1", "U2"}, "C2", day(3)},
			{"t4", []campaignbot.UserID{"U3"}, "C2", day(5)},
			{"t5", []campaignbot.UserID{"U1"}, "C1", time.Time{}},
			{"t6", []campaignbot.UserID{"U1"}, "C1", day(1)}, // done below
		}
		for _, sd := range seed {
			todo := newTodo("T1", sd.title, sd.assignees...)
			todo.Channel, todo.Due = sd.channel, sd.due
			mustCreate(t, s, todo)
		}
		done := campaignbot.TodoDone
		if _, err := s.UpdateTodo(ctx, "T1", 6, campaignbot.TodoUpdate{Status: &done, By: "U1"}); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, s, newTodo("T2", "other workspace", "U1"))

		tests := []struct {
			name string
			f    campaignbot.TodoFilter
			want []string
		}{
			{"all of workspace: due first, then no due, by number", campaignbot.TodoFilter{Workspace: "T1"}, []string{"t6", "t3", "t1", "t4", "t2", "t5"}},
			{"all workspaces", campaignbot.TodoFilter{Assignee: "U1", Statuses: []campaignbot.TodoStatus{"open"}}, []string{"t3", "t1", "other workspace", "t5"}},
			{"assignee", campaignbot.TodoFilter{Workspace: "T1", Assignee: "U2"}, []string{"t3", "t2"}},
			{"channel", campaignbot.TodoFilter{Workspace: "T1", Channel: "C2"}, []string{"t3", "t4"}},
			{"open", campaignbot.TodoFilter{Workspace: "T1", Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen}}, []string{"t3", "t1", "t4", "t2", "t5"}},
			{"done or deleted", campaignbot.TodoFilter{Workspace: "T1", Statuses: []campaignbot.TodoStatus{campaignbot.TodoDone, campaignbot.TodoDeleted}}, []string{"t6"}},
			{"due before is strict and skips no due", campaignbot.TodoFilter{Workspace: "T1", DueBefore: day(5)}, []string{"t6", "t3"}},
			{"due before in another zone", campaignbot.TodoFilter{Workspace: "T1", DueBefore: day(5).Add(time.Second).In(time.FixedZone("X", -5*3600))}, []string{"t6", "t3", "t1", "t4"}},
			{"limit", campaignbot.TodoFilter{Workspace: "T1", Limit: 2}, []string{"t6", "t3"}},
			{"limit past the dated ones", campaignbot.TodoFilter{Workspace: "T1", Limit: 5}, []string{"t6", "t3", "t1", "t4", "t2"}},
			{"limit of the dated ones exactly", campaignbot.TodoFilter{Workspace: "T1", Limit: 4}, []string{"t6", "t3", "t1", "t4"}},
			{"channel, open, limit", campaignbot.TodoFilter{Workspace: "T1", Channel: "C1", Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen}, Limit: 2}, []string{"t1", "t2"}},
			{"assignee, limit", campaignbot.TodoFilter{Workspace: "T1", Assignee: "U1", Limit: 3}, []string{"t6", "t3", "t1"}},
			{"combined", campaignbot.TodoFilter{Workspace: "T1", Assignee: "U1", Channel: "C1", Statuses: []campaignbot.TodoStatus{campaignbot.TodoOpen}}, []string{"t1", "t5"}},
			{"nothing", campaignbot.TodoFilter{Workspace: "T3"}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				todos, err := s.FindTodos(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, todo := range todos {
					got = append(got, todo.Title)
					if len(todo.Assignees) == 0 {
						t.Errorf("%s has no assignees", todo.Title)
					}
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("FindTodos = %q, want %q", got, tt.want)
				}
			})
		}
		todos, _ := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Channel: "C2"})
		if len(todos) > 0 && !slices.Equal(todos[0].Assignees, []campaignbot.UserID{"U1", "U2"}) {
			t.Errorf("t3 assignees = %v", todos[0].Assignees)
		}
	})
}

func TestUpdateTodo(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		created := mustCreate(t, s, newTodo("T1", "Draft the plan", "U1", "U2"))
		ptr := func(s string) *string { return &s }
		status := func(s campaignbot.TodoStatus) *campaignbot.TodoStatus { return &s }
		due := time.Date(2025, 11, 1, 8, 30, 0, 0, time.FixedZone("CST", 8*3600))
		high := campaignbot.PriorityHigh
		zero := time.Time{}

		type check func(t *testing.T, got *campaignbot.Todo)
		steps := []struct {
			name  string
			u     campaignbot.TodoUpdate
			code  string
			check check
		}{
			{"title", campaignbot.TodoUpdate{Title: ptr(" Final plan ")}, "", func(t *testing.T, got *campaignbot.Todo) {
				if got.Title != "Final plan" {
					t.Errorf("Title = %q", got.Title)
				}
			}},
			{"due and priority", campaignbot.TodoUpdate{Due: &due, Priority: &high}, "", func(t *testing.T, got *campaignbot.Todo) {
				if !got.Due.Equal(due) || got.Due.Location() != time.UTC || got.Priority != high || got.Title != "Final plan" {
					t.Errorf("Due, Priority, Title = %v, %q, %q", got.Due, got.Priority, got.Title)
				}
			}},
			{"replace assignees", campaignbot.TodoUpdate{Assignees: []campaignbot.UserID{"U3", "U1"}}, "", func(t *testing.T, got *campaignbot.Todo) {
				if !slices.Equal(got.Assignees, []campaignbot.UserID{"U3", "U1"}) {
					t.Errorf("Assignees = %v", got.Assignees)
				}
			}},
			{"done", campaignbot.TodoUpdate{Status: status(campaignbot.TodoDone), By: "U3"}, "", func(t *testing.T, got *campaignbot.Todo) {
				if got.Status != campaignbot.TodoDone || got.DoneBy != "U3" || got.DoneAt.IsZero() || got.DoneAt.Location() != time.UTC {
					t.Errorf("Status, DoneBy, DoneAt = %q, %q, %v", got.Status, got.DoneBy, got.DoneAt)
				}
			}},
			{"done again keeps who finished", campaignbot.TodoUpdate{Status: status(campaignbot.TodoDone), By: "U1"}, "", func(t *testing.T, got *campaignbot.Todo) {
				if got.DoneBy != "U3" {
					t.Errorf("DoneBy = %q, want U3", got.DoneBy)
				}
			}},
			{"reopen", campaignbot.TodoUpdate{Status: status(campaignbot.TodoOpen), By: "U1"}, "", func(t *testing.T, got *campaignbot.Todo) {
				if got.Status != campaignbot.TodoOpen || got.DoneBy != "" || !got.DoneAt.IsZero() {
					t.Errorf("Status, DoneBy, DoneAt = %q, %q, %v", got.Status, got.DoneBy, got.DoneAt)
				}
			}},
			{"clear due", campaignbot.TodoUpdate{Due: &zero}, "", func(t *testing.T, got *campaignbot.Todo) {
				if !got.Due.IsZero() {
					t.Errorf("Due = %v", got.Due)
				}
			}},
			{"empty title", campaignbot.TodoUpdate{Title: ptr(""), Assignees: []campaignbot.UserID{"U9"}}, campaignbot.EINVALID, nil},
			{"no assignees", campaignbot.TodoUpdate{Assignees: []campaignbot.UserID{}}, campaignbot.EINVALID, nil},
			{"bad status", campaignbot.TodoUpdate{Status: status("later")}, campaignbot.EINVALID, nil},
			{"delete", campaignbot.TodoUpdate{Status: status(campaignbot.TodoDeleted), By: "U1"}, "", func(t *testing.T, got *campaignbot.Todo) {
				if got.Status != campaignbot.TodoDeleted || got.DoneBy != "" {
					t.Errorf("Status, DoneBy = %q, %q", got.Status, got.DoneBy)
				}
			}},
		}
		prev := created
		for _, st := range steps {
			got, err := s.UpdateTodo(ctx, "T1", 1, st.u)
			if st.code != "" {
				wantCode(t, err, st.code)
				// Nothing changed.
				stored, err := s.FindTodo(ctx, "T1", 1)
				if err != nil {
					t.Fatal(err)
				}
				if !todosEqual(stored, prev) {
					t.Errorf("%s: stored %+v, want unchanged %+v", st.name, stored, prev)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			t.Run(st.name, func(t *testing.T) { st.check(t, got) })
			if got.UpdatedAt.Before(prev.UpdatedAt) || !got.CreatedAt.Equal(created.CreatedAt) || got.Number != 1 || got.ID != created.ID {
				t.Errorf("%s: UpdatedAt %v (was %v), CreatedAt %v, Number %d", st.name, got.UpdatedAt, prev.UpdatedAt, got.CreatedAt, got.Number)
			}
			stored, err := s.FindTodo(ctx, "T1", 1)
			if err != nil {
				t.Fatal(err)
			}
			if !todosEqual(stored, got) {
				t.Errorf("%s: stored %+v\nreturned %+v", st.name, stored, got)
			}
			prev = got
		}

		_, err := s.UpdateTodo(ctx, "T1", 99, campaignbot.TodoUpdate{Title: ptr("x")})
		wantCode(t, err, campaignbot.ENOTFOUND)
	})
}

func TestUpdateTodoConcurrently(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		mustCreate(t, s, newTodo("T1", "x"))
		// Concurrent done/reopen never leave DoneBy/DoneAt inconsistent
		// with the status.
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				st := campaignbot.TodoDone
				if i%2 == 1 {
					st = campaignbot.TodoOpen
				}
				if _, err := s.UpdateTodo(ctx, "T1", 1, campaignbot.TodoUpdate{Status: &st, By: "U1"}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		got, err := s.FindTodo(ctx, "T1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if (got.Status == campaignbot.TodoDone) != (got.DoneBy != "" && !got.DoneAt.IsZero()) {
			t.Errorf("Status %q with DoneBy %q, DoneAt %v", got.Status, got.DoneBy, got.DoneAt)
		}
	})
}

func TestCreateTodoFromSeveralProcesses(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		opts := b.Options(t)
		// Separate *DB values on one database stand for separate processes:
		// their writes contend on the database, not in one pool.
		const procs, each = 4, 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		var numbers []int64
		for range procs {
			s := storage.NewTodoService(storagetest.Open(t, opts))
			for range each {
				wg.Go(func() {
					todo := newTodo("T1", "x")
					if err := s.CreateTodo(context.Background(), todo); err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					numbers = append(numbers, todo.Number)
					mu.Unlock()
				})
			}
		}
		wg.Wait()
		slices.Sort(numbers)
		for i, n := range numbers {
			if n != int64(i+1) {
				t.Fatalf("numbers = %v, want 1..%d each once", numbers, procs*each)
			}
		}
	})
}

// TestFindTodosByTitle checks /todo search's matching on both databases:
// a case-insensitive substring of the title, however long, as typed
// (spaces, quotes, LIKE wildcards and FTS5 syntax are plain characters),
// kept with every title change, in any status it is asked for.
func TestFindTodosByTitle(t *testing.T) {
	for _, plan := range []struct {
		name string
		few  int
	}{{"sorting the matches", 1000}, {"walking in order", 0}} {
		t.Run(plan.name, func(t *testing.T) {
			defer storage.SetSearchFewMatches(plan.few)()
			testFindTodosByTitle(t)
		})
	}
}

func testFindTodosByTitle(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		titles := []string{
			"Finalize the Coupon Banner",      // 1
			"完成预热页面设计 优惠券",                    // 2
			"coupon_banner 100% done",         // 3
			`say "hi" OR NEAR(x y) AND NOT z`, // 4
			"ÉTÉ campaign",                    // 5
			"a",                               // 6
			"check the banner coupon",         // 7
		}
		var batch []*campaignbot.Todo
		for i, title := range titles {
			todo := newTodo("T1", title)
			todo.Due = time.Date(2026, 11, 11-i, 0, 0, 0, 0, time.UTC) // later numbers first
			batch = append(batch, todo)
		}
		if err := s.ImportTodos(ctx, batch); err != nil {
			t.Fatal(err)
		}
		mustCreate(t, s, newTodo("T2", "coupon banner of another workspace"))
		search := func(text string, statuses ...campaignbot.TodoStatus) []int64 {
			t.Helper()
			todos, err := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: text, Statuses: statuses})
			if err != nil {
				t.Fatalf("FindTodos(%q): %v", text, err)
			}
			var got []int64
			for _, todo := range todos {
				got = append(got, todo.Number)
			}
			return got
		}
		tests := []struct {
			text string
			want []int64
		}{
			{"coupon", []int64{7, 3, 1}},
			{"COUPON BANNER", []int64{1}},
			{"coupon banner", []int64{1}},
			{"banner coupon", []int64{7}},
			{"优惠券", []int64{2}},
			{"预热页面", []int64{2}},
			{"页面", []int64{2}},
			{"券", []int64{2}},
			{"an", []int64{7, 4, 3, 1}},
			{"A", []int64{7, 6, 5, 4, 3, 1}},
			{"100%", []int64{3}},
			{"_b", []int64{3}},
			{"%", []int64{3}},
			{`"hi"`, []int64{4}},
			{"near(x y)", []int64{4}},
			{"or near", []int64{4}},
			{"été", []int64{5}},
			{"xyz", nil},
			{"couponx", nil},
		}
		for _, tt := range tests {
			if got := search(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("search %q = %v, want %v", tt.text, got, tt.want)
			}
		}

		// A new title is found, the old one no longer.
		title := "Rework the 海报 layout"
		done := campaignbot.TodoDone
		if _, err := s.UpdateTodo(ctx, "T1", 1, campaignbot.TodoUpdate{Title: &title, Status: &done, By: "U1"}); err != nil {
			t.Fatal(err)
		}
		if got := search("coupon"); !slices.Equal(got, []int64{7, 3}) {
			t.Errorf("after the edit, search coupon = %v, want [7 3]", got)
		}
		if got := search("layout"); !slices.Equal(got, []int64{1}) {
			t.Errorf("after the edit, search layout = %v, want [1]", got)
		}
		// Statuses filter the matches; deleted ones are found when asked for.
		deleted := campaignbot.TodoDeleted
		if _, err := s.UpdateTodo(ctx, "T1", 7, campaignbot.TodoUpdate{Status: &deleted, By: "U1"}); err != nil {
			t.Fatal(err)
		}
		if got := search("an", campaignbot.TodoOpen); !slices.Equal(got, []int64{4, 3}) {
			t.Errorf("search an among open = %v, want [4 3]", got)
		}
		if got := search("banner", campaignbot.TodoOpen, campaignbot.TodoDone, campaignbot.TodoDeleted); !slices.Equal(got, []int64{7, 3}) {
			t.Errorf("search banner in every status = %v, want [7 3]", got)
		}
		if got := search("banner"); !slices.Equal(got, []int64{7, 3}) {
			t.Errorf("search banner in any status = %v, want [7 3]", got)
		}
		if got := search("banner", campaignbot.TodoDone, campaignbot.TodoOpen, campaignbot.TodoDone); !slices.Equal(got, []int64{3}) {
			t.Errorf("search banner among open and done = %v, want [3]", got)
		}
		// A limit keeps the first matches in due order.
		todos, err := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: "a", Limit: 2})
		if err != nil || len(todos) != 2 || todos[0].Number != 7 || todos[1].Number != 6 {
			t.Errorf("search a, limit 2 = %v, %v", todos, err)
		}
	})
}

// TestTodoSearchMigrationIndexesExistingTitles checks that the to-dos
// stored before the search index existed are found after migrating.
func TestTodoSearchMigrationIndexesExistingTitles(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		at := migrationTime
		db := migrateAfter(t, b, "to-do lists in index order, a channel index, title search by trigrams",
			statement{"INSERT INTO todos (workspace, number, title, creator, created_at, updated_at) VALUES ('T1', 1, 'Order the Gift Boxes', 'U1', ?, ?)", []any{at, at}},
			statement{"INSERT INTO todos (workspace, number, title, creator, created_at, updated_at) VALUES ('T1', 2, '准备直播话术', 'U1', ?, ?)", []any{at, at}},
			statement{"INSERT INTO todo_assignees (todo_id, user_id) SELECT id, 'U1' FROM todos", nil},
		)
		s := storage.NewTodoService(db)
		for text, want := range map[string]int64{"gift box": 1, "直播话术": 2, "ORDER": 1} {
			todos, err := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: text})
			if err != nil || len(todos) != 1 || todos[0].Number != want {
				t.Errorf("search %q = %v, %v; want #%d", text, todos, err, want)
			}
		}
		// Numbers continue after migrating; the next to-do is indexed too.
		if err := db.Exec(ctx, "INSERT INTO todo_counters (workspace, last_number) VALUES ('T1', 2)"); err != nil {
			t.Fatal(err)
		}
		next := newTodo("T1", "gift cards")
		if err := s.CreateTodo(ctx, next); err != nil {
			t.Fatal(err)
		}
		if todos, err := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: "gift"}); err != nil || len(todos) != 2 {
			t.Errorf("search gift = %v, %v; want 2", todos, err)
		}
	})
}
