package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestImportTodosFromByLineText: a to-do imported from a line is known
// again by that line's text wherever lines inserted or removed above
// moved it, and by its line number when the line was edited since (its
// text is on no line now); a to-do stored without its line's text is
// known by its number.
func TestImportTodosFromByLineText(t *testing.T) {
	type row struct {
		title, text string
		line        int
	}
	tests := []struct {
		name          string
		first, second []row
		want          []string // titles created by the second import; nil: ECONFLICT
	}{
		{"a line inserted above", []row{{"send the list", "- @li.na send the list", 3}, {"book the studio", "- @bob book the studio", 4}},
			[]row{{"check the stock", "- @alice check the stock", 3}, {"send the list", "- @li.na send the list", 4}, {"book the studio", "- @bob book the studio", 5}},
			[]string{"check the stock"}},
		{"a line removed above", []row{{"send the list", "- @li.na send the list", 3}, {"book the studio", "- @bob book the studio", 4}},
			[]row{{"book the studio", "- @bob book the studio", 3}}, nil},
		{"a line edited in place", []row{{"send the list", "- @li.na send the list by 10/8", 3}},
			[]row{{"send the list", "- @li.na send the list by 10/9", 3}}, nil},
		{"lines swapped", []row{{"send the list", "- @li.na send the list", 3}, {"book the studio", "- @bob book the studio", 4}},
			[]row{{"book the studio", "- @bob book the studio", 3}, {"send the list", "- @li.na send the list", 4}}, nil},
		{"the same text twice, one imported", []row{{"check the stock", "- @alice check the stock", 3}},
			[]row{{"check the stock", "- @alice check the stock", 3}, {"check the stock", "- @alice check the stock", 7}},
			[]string{"check the stock"}},
		{"stored without text", []row{{"send the list", "", 3}},
			[]row{{"check the stock", "- @alice check the stock", 3}, {"send the list", "- @li.na send the list", 4}},
			[]string{"send the list"}},
	}
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ws := campaignbot.WorkspaceID("TX" + string(rune('A'+i)))
				const src = "https://example.slack.com/archives/C1/p300"
				batch := func(rows []row) []*campaignbot.Todo {
					var ts []*campaignbot.Todo
					for _, r := range rows {
						td := newTodo("", r.title)
						td.SourceLine, td.SourceText = r.line, r.text
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
				if err != nil {
					t.Fatal(err)
				}
				for _, td := range all {
					if td.Title == "check the stock" && td.SourceText != "- @alice check the stock" {
						t.Errorf("stored source text %q", td.SourceText)
					}
				}
			})
		}
	})
}
