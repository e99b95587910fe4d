package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestImportTodosFromByLine: a to-do imported from line N of a source is
// not created again by a later import of that line, whatever either title
// says; other lines (a line fixed since) are; a to-do stored before lines
// were kept (line 0) is still known by its title.
func TestImportTodosFromByLine(t *testing.T) {
	type row struct {
		title string
		line  int
	}
	tests := []struct {
		name   string
		first  []row
		second []row
		want   []string // titles created by the second import; nil: ECONFLICT
	}{
		{"the same lines, titles edited in the preview", []row{{"send the list", 3}, {"book the studio", 5}},
			[]row{{"send the coupon list", 3}, {"book studio B", 5}}, nil},
		{"a line fixed since", []row{{"send the list", 3}},
			[]row{{"send the list", 3}, {"check the stock", 4}}, []string{"check the stock"}},
		{"another line with a title taken", []row{{"send the list", 3}},
			[]row{{"send the list", 9}}, []string{"send the list"}},
		{"lines unknown before", []row{{"send the list", 0}},
			[]row{{"send the list", 3}, {"book the studio", 5}}, []string{"book the studio"}},
		{"no line now", []row{{"send the list", 3}},
			[]row{{"send the list", 0}}, nil},
	}
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ws := campaignbot.WorkspaceID("TL" + string(rune('A'+i)))
				const src = "https://example.slack.com/archives/C1/p200"
				batch := func(rows []row) []*campaignbot.Todo {
					var ts []*campaignbot.Todo
					for _, r := range rows {
						td := newTodo("", r.title)
						td.SourceLine = r.line
						ts = append(ts, td)
					}
					return ts
				}
				if err := s.ImportTodosFrom(ctx, ws, src, batch(tt.first)); err != nil {
					t.Fatal(err)
				}
				second := batch(tt.second)
				err := s.ImportTodosFrom(ctx, ws, src, second)
				if tt.want == nil {
					wantCode(t, err, campaignbot.ECONFLICT)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				var created []string
				for _, td := range second {
					if td.ID != 0 {
						created = append(created, td.Title)
					}
				}
				if !slices.Equal(created, tt.want) {
					t.Errorf("created %q, want %q", created, tt.want)
				}
				all, err := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: ws})
				if err != nil || len(all) != len(tt.first)+len(tt.want) {
					t.Fatalf("%d to-dos, %v", len(all), err)
				}
				for _, td := range all {
					if td.Title == "check the stock" && td.SourceLine != 4 {
						t.Errorf("source line %d, want 4", td.SourceLine)
					}
				}
			})
		}
	})
}
