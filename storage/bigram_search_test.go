package storage_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// bigramDocs are titles and texts that a two-character term can trip on:
// CJK beside Latin, punctuation, case, apostrophes of both kinds, LIKE
// wildcards, quotes, white space inside a pair, characters outside the
// Basic Multilingual Plane.
var bigramDocs = []string{
	"预热页面 Banner v2",
	"券后价: ¥99 (价保7天)",
	"O'Brien's 报名表",
	"O’Brien 海报 final",
	`100% off_sale "quoted" 'single'`,
	"C++ / c# 入门, x%y_z",
	"ǅemal İSTANBUL ΣΑΣ straße",
	"海\n报 and 海 报 are not 海报? 海报!",
	"🎉促销 emoji 𠀀𠀁 rare",
	"it's rock 'n' roll",
	"ab\"cd 预热",
}

// bigramTerms are searched with the bigram index and without it.
var bigramTerms = [][]string{
	{"预热"}, {"券后"}, {"价保"}, {"报名"}, {"海报"}, {"促销"}, {"页面"},
	{"ba"}, {"BA"}, {"V2"}, {"o'"}, {"'b"}, {"’b"}, {"n'"}, {"'s"}, {"++"}, {"c#"},
	{"%"}, {"0%"}, {"%y"}, {"_z"}, {"y_"}, {"f_"}, {`"q`}, {`d"`}, {`b"`}, {`""`},
	{"ǆe"}, {"ǅE"}, {"σα"}, {"ΣΑ"}, {"ss"}, {"ße"}, {"🎉促"}, {"𠀀𠀁"}, {"¥9"}, {"7天"}, {":"},
	{"海"}, {"预热页"}, {"o'b"}, {"it's"}, {"'n'"},
	{"海报", "final"}, {"价保", "天"}, {"报名", "o'brien"}, {"预热", "ba"}, {"海报", "报名"},
	{"ab", "cd"}, {"zz"}, {"无关"},
}

// TestTwoCharacterSearchMatchesScan checks that the bigram indexes find
// exactly what the scan they replace finds, in the same order, for the
// knowledge base and for to-do titles, on both plans of a to-do search.
func TestTwoCharacterSearchMatchesScan(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		folder, err := kb.EnsureFolder(ctx, "T1", "Double 11")
		if err != nil {
			t.Fatal(err)
		}
		todos := storage.NewTodoService(db)
		for i, doc := range bigramDocs {
			// Each document once as a title and once as a text.
			put(t, kb, folder, fmt.Sprintf("t%d.txt", i), fmt.Sprint("t", i), func(f *campaignbot.File) { f.Title = doc })
			byText := put(t, kb, folder, fmt.Sprintf("b%d.txt", i), fmt.Sprint("b", i))
			if err := kb.SetFileText(ctx, "T1", byText.ID, campaignbot.TextIndexed, doc); err != nil {
				t.Fatal(err)
			}
			mustCreate(t, todos, newTodo("T1", doc))
		}
		// A title changed after indexing is found by its new words only.
		edited := mustCreate(t, todos, newTodo("T1", "旧标题 old"))
		title := "新标题 价保 new"
		if _, err := todos.UpdateTodo(ctx, "T1", edited.Number, campaignbot.TodoUpdate{Title: &title, By: "U1"}); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, terms := range bigramTerms {
			name := strings.Join(terms, "+")
			search := func(on bool) string {
				defer storage.SetBigrams(on)()
				hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: terms, Folders: []int64{folder.ID}, Limit: 100})
				if err != nil {
					t.Fatalf("Search(%q): %v", name, err)
				}
				var out []string
				for _, h := range hits {
					out = append(out, fmt.Sprintf("%s v%d %q", h.File.Name, h.Matched, h.Snippet))
				}
				for _, few := range []int{1000, 0} {
					restore := storage.SetSearchFewMatches(few)
					found, err := todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: strings.Join(terms, " ")})
					restore()
					if err != nil {
						t.Fatalf("FindTodos(%q): %v", name, err)
					}
					for _, td := range found {
						out = append(out, fmt.Sprintf("todo %d/%d", td.Number, few))
					}
				}
				return strings.Join(out, "\n")
			}
			indexed, scanned := search(true), search(false)
			if indexed != scanned {
				t.Errorf("search %q with bigrams:\n%s\nscanning:\n%s", name, indexed, scanned)
			}
			if indexed != "" {
				found++
			}
		}
		if found < len(bigramTerms)-8 {
			t.Errorf("only %d of %d searches found anything", found, len(bigramTerms))
		}
		// A few exact answers, so that a plan finding nothing cannot pass.
		for term, want := range map[string][]string{"海报": {"t3.txt", "b3.txt", "t7.txt", "b7.txt"}, "价保": {"t1.txt", "b1.txt"}, "𠀀𠀁": {"t8.txt", "b8.txt"}} {
			hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{term}, Folders: []int64{folder.ID}, Limit: 100})
			var got []string
			for _, h := range hits {
				got = append(got, h.File.Name)
			}
			slices.Sort(got)
			slices.Sort(want)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("Search(%q) = %v, %v; want %v", term, got, err, want)
			}
		}
		if found, err := todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: "价保"}); err != nil || len(found) != 2 {
			t.Errorf("FindTodos(价保) = %v, %v; want the to-do #2 and the edited one", found, err)
		}
		if found, err := todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: "旧标"}); err != nil || len(found) != 0 {
			t.Errorf("FindTodos(旧标) = %v, %v; want none after the edit", found, err)
		}
	})
}

// TestBigramMigrationIndexesExistingDocuments checks that files and to-dos
// stored before migration 12 are found by two-character terms after it,
// and on SQLite that the Go backfill resumes where it stopped and may run
// again.
func TestBigramMigrationIndexesExistingDocuments(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		defer storage.SetBackfillBatch(2)()
		ctx := context.Background()
		at := migrationTime
		stmts := []statement{
			{"INSERT INTO todos (workspace, number, title, creator, created_at, updated_at) VALUES ('T1', 1, 'Order the Gift Boxes', 'U1', ?, ?)", []any{at, at}},
			{"INSERT INTO todos (workspace, number, title, creator, created_at, updated_at) VALUES ('T1', 2, '准备直播话术 海报', 'U1', ?, ?)", []any{at, at}},
			{"INSERT INTO todos (workspace, number, title, creator, created_at, updated_at) VALUES ('T1', 3, '海 报 apart', 'U1', ?, ?)", []any{at, at}},
		}
		docs := []string{"券后价 价保 notes", "海报 final\nv2", "nothing here"}
		for i, doc := range docs {
			stmts = append(stmts, statement{"INSERT INTO files (workspace, number, name, size, sha256, shared_at, version, created_at) VALUES ('T1', ?, ?, 1, ?, ?, 1, ?)",
				[]any{i + 1, fmt.Sprintf("f%d.txt", i), sum(doc), at, at}})
			if b.Driver == storage.DriverPostgres {
				stmts = append(stmts, statement{"INSERT INTO file_search (file_id, doc, grams) SELECT id, ?, '{}' FROM files WHERE name = ?", []any{doc, fmt.Sprintf("f%d.txt", i)}})
			} else {
				stmts = append(stmts, statement{"INSERT INTO file_search (rowid, doc) SELECT id, ? FROM files WHERE name = ?", []any{doc, fmt.Sprintf("f%d.txt", i)}})
			}
		}
		// The to-dos' search documents, as migration 11 or the bot left them.
		if b.Driver == storage.DriverPostgres {
			stmts = append(stmts, statement{"INSERT INTO todo_search (todo_id, doc, grams) SELECT id, lower(title), '{}' FROM todos", nil})
		} else {
			stmts = append(stmts, statement{"INSERT INTO todo_search (rowid, doc) SELECT id, lower(title) FROM todos", nil})
		}
		db := migrateAfter(t, b, "two-character search terms found by character bigrams", stmts...)
		kb := storage.NewKnowledgeBase(db)
		todos := storage.NewTodoService(db)
		check := func(when string) {
			t.Helper()
			for term, want := range map[string][]string{"价保": {"f0.txt"}, "海报": {"f1.txt"}, "v2": {"f1.txt"}, "no": {"f0.txt", "f2.txt"}, "无关": nil} {
				hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{term}, Unfiled: true, Folders: []int64{}, Limit: 10})
				var got []string
				for _, h := range hits {
					got = append(got, h.File.Name)
				}
				slices.Sort(got)
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("%s: Search(%q) = %v, %v; want %v", when, term, got, err, want)
				}
			}
			for text, want := range map[string][]int64{"海报": {2}, "gi": {1}, "话术": {2}, "ap": {3}} {
				found, err := todos.FindTodos(ctx, campaignbot.TodoFilter{Workspace: "T1", Text: text})
				var got []int64
				for _, td := range found {
					got = append(got, td.Number)
				}
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("%s: FindTodos(%q) = %v, %v; want %v", when, text, got, err, want)
				}
			}
		}
		check("after migrating")
		if b.Driver == storage.DriverPostgres {
			return
		}
		// A backfill stopped after the first file resumes after it, and a
		// backfill run again over indexed documents changes nothing.
		if err := db.Exec(ctx, "DELETE FROM file_bigrams WHERE rowid > (SELECT min(id) FROM files)"); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec(ctx, "INSERT INTO search_backfill (name, last_rowid) SELECT 'file_bigrams', min(id) FROM files"); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec(ctx, "INSERT INTO search_backfill (name, last_rowid) VALUES ('todo_bigrams', 0)"); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		check("after resuming")
		if n, err := db.Count(ctx, "SELECT count(*) FROM search_backfill"); err != nil || n != 0 {
			t.Errorf("search_backfill holds %d rows, %v; want none when done", n, err)
		}
	})
}
