package storage_test

import (
	"context"
	"sync"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestImportTodosFromOnce imports the to-dos of one source once: a
// second import, and concurrent ones, store nothing and say ECONFLICT;
// an invalid to-do stores none of the others.
func TestImportTodosFromOnce(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		s := storage.NewTodoService(db)
		const src = "https://example.slack.com/archives/C1/p100"
		batch := func(titles ...string) []*campaignbot.Todo {
			var ts []*campaignbot.Todo
			for _, title := range titles {
				ts = append(ts, newTodo("", title))
			}
			return ts
		}

		bad := batch("send the list", "")
		wantCode(t, s.ImportTodosFrom(ctx, "T1", src, bad), campaignbot.EINVALID)

		const racers = 4
		errs := make([]error, racers)
		var wg sync.WaitGroup
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.ImportTodosFrom(ctx, "T1", src, batch("send the list", "book the studio"))
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch campaignbot.ErrorCode(err) {
			case "":
				ok++
			case campaignbot.ECONFLICT:
			default:
				t.Fatalf("import: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of %d concurrent imports stored to-dos, want 1: %v", ok, racers, errs)
		}
		all, err := s.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1"})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].Number != 1 || all[1].Number != 2 || all[0].SourceLink != src || all[1].SourceLink != src {
			t.Fatalf("stored %+v, want to-dos 1 and 2 linked to the source", all)
		}

		wantCode(t, s.ImportTodosFrom(ctx, "T1", src, batch("book the studio", "send the list")), campaignbot.ECONFLICT)
		// A to-do not imported from the source before is created alone: a
		// line of the notes fixed since the first import.
		again := batch("send the list", "fixed line")
		if err := s.ImportTodosFrom(ctx, "T1", src, again); err != nil || again[0].ID != 0 || again[1].Number != 3 {
			t.Fatalf("import with a new line: %v, %+v", err, again)
		}
		// The same file shared by another message is the same source.
		shared := batch("from the file")
		if err := s.ImportTodosFrom(ctx, "T1", campaignbot.FileSourceLink(src+"1", "F_1"), shared); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.ImportTodosFrom(ctx, "T1", campaignbot.FileSourceLink(src+"2", "F_1"), batch("from the file")), campaignbot.ECONFLICT)
		if err := s.ImportTodosFrom(ctx, "T1", campaignbot.FileSourceLink(src+"2", "FX1"), batch("from the file")); err != nil {
			t.Fatalf("another file with an id the LIKE wildcard _ matches: %v", err)
		}
		// The same link in another workspace is another source.
		if err := s.ImportTodosFrom(ctx, "T2", src, batch("other team")); err != nil {
			t.Fatal(err)
		}
		other := batch("from the file")
		if err := s.ImportTodosFrom(ctx, "T1", src+"?file=F1", other); err != nil || other[0].Number != 6 {
			t.Fatalf("another source: %v, number %d", err, other[0].Number)
		}
		wantCode(t, s.ImportTodosFrom(ctx, "T1", "", batch("x")), campaignbot.EINVALID)
	})
}
