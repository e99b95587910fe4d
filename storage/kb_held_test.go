package storage_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// ids returns the IDs of files.
func ids(files []*campaignbot.File) []int64 {
	out := make([]int64, len(files))
	for i, f := range files {
		out[i] = f.ID
	}
	slices.Sort(out)
	return out
}

func TestHeldEntries(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		design, _ := kb.EnsureFolder(ctx, "T1", "Design")
		add := func(name, content string, heldFor campaignbot.UserID) (*campaignbot.File, error) {
			f := &campaignbot.File{Workspace: "T1", Name: name, Size: int64(len(content)), SHA256: sum(content), HeldFor: heldFor}
			return f, kb.AddFile(ctx, f)
		}
		mustAdd := func(name, content string, heldFor campaignbot.UserID) *campaignbot.File {
			t.Helper()
			f, err := add(name, content, heldFor)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}

		// Unfiled versions count per holder.
		public := mustAdd("x.txt", "public", "")
		alice1 := mustAdd("x.txt", "alice's", "alice")
		bob1 := mustAdd("x.txt", "bob's", "bob")
		alice2 := mustAdd("x.txt", "alice's second", "alice")
		for _, tt := range []struct {
			f    *campaignbot.File
			want int
		}{{public, 1}, {alice1, 1}, {bob1, 1}, {alice2, 2}} {
			if tt.f.Version != tt.want {
				t.Errorf("%s held for %q: version %d, want %d", tt.f.Name, tt.f.HeldFor, tt.f.Version, tt.want)
			}
		}
		// The same bytes as another holder's latest are no conflict.
		if _, err := add("x.txt", "bob's", "alice"); err != nil {
			t.Errorf("same bytes as bob's held file, for alice: %v", err)
		}
		_, err := add("x.txt", "bob's", "bob")
		wantCode(t, err, campaignbot.ECONFLICT)
		held := &campaignbot.File{Workspace: "T1", FolderID: &design.ID, Name: "y.txt", Size: 1, SHA256: sum("y"), HeldFor: "alice"}
		wantCode(t, kb.AddFile(ctx, held), campaignbot.EINVALID)

		// Listing, counting and searching leave other holders' out.
		for _, tt := range []struct {
			filter campaignbot.FileFilter
			want   int
		}{
			{campaignbot.FileFilter{Workspace: "T1", Unfiled: true}, 1},
			{campaignbot.FileFilter{Workspace: "T1", Unfiled: true, Holder: "alice"}, 4},
			{campaignbot.FileFilter{Workspace: "T1", Holder: "bob"}, 2},
			{campaignbot.FileFilter{Workspace: "T1", AnyHolder: true}, 5},
			{campaignbot.FileFilter{Workspace: "T1", SHA256: sum("bob's"), Holder: "carol"}, 0},
			{campaignbot.FileFilter{Workspace: "T1", SHA256: sum("bob's"), AnyHolder: true}, 2},
		} {
			got, err := kb.FindFiles(ctx, tt.filter)
			if err != nil || len(got) != tt.want {
				t.Errorf("FindFiles(%+v) = %v (%v), want %d entries", tt.filter, ids(got), err, tt.want)
			}
		}
		// CountFiles counts files, not versions: alice's three x.txt are one.
		for holder, want := range map[campaignbot.UserID]int{"": 1, "alice": 2, "bob": 2} {
			if n, err := kb.CountFiles(ctx, "T1", holder); err != nil || n[0] != want {
				t.Errorf("CountFiles for %q = %v, %v; want %d unfiled", holder, n, err, want)
			}
		}
		for _, tt := range []struct {
			holder campaignbot.UserID
			want   []int64
		}{{"", []int64{public.ID}}, {"bob", []int64{public.ID, bob1.ID}}} {
			hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"x.txt"}, Unfiled: true, Holder: tt.holder, Folders: []int64{design.ID}})
			var got []*campaignbot.File
			for _, h := range hits {
				got = append(got, h.File)
			}
			if err != nil || !slices.Equal(ids(got), tt.want) {
				t.Errorf("search for %q = %v, %v; want %v", tt.holder, ids(got), err, tt.want)
			}
		}

		// Renaming stays among the holder's own entries.
		if _, err := kb.RenameFile(ctx, "T1", bob1.ID, "z.txt"); err != nil {
			t.Fatal(err)
		}
		if f, err := kb.RenameFile(ctx, "T1", alice1.ID, "z.txt"); err != nil || f.Name != "z.txt" {
			t.Fatalf("renaming alice's to the name of bob's: %+v, %v", f, err)
		}
		// Filing makes an entry everybody's who may see the folder.
		filed, err := kb.FileInto(ctx, "T1", bob1.ID, design.ID, "bob", "", nil)
		if err != nil || filed.HeldFor != "" || filed.FolderID == nil || filed.Version != 1 {
			t.Fatalf("FileInto = %+v, %v", filed, err)
		}
		moved, err := kb.MoveFile(ctx, "T1", alice1.ID, design.ID)
		if err == nil {
			t.Fatalf("moving alice's z.txt onto bob's filed z.txt: %+v", moved)
		}
		other, _ := kb.EnsureFolder(ctx, "T1", "Other")
		if moved, err = kb.MoveFile(ctx, "T1", alice1.ID, other.ID); err != nil || moved.HeldFor != "" {
			t.Errorf("MoveFile = %+v, %v", moved, err)
		}
	})
}

func TestImplicitFolders(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		if _, err := kb.EnsureFolder(ctx, "T1", "Private channels/leaders"); err != nil {
			t.Fatal(err)
		}
		if _, err := kb.ConfigureFolder(ctx, "T1", "Double 11/Data", true, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := kb.CreateFolder(ctx, "T1", "Mine", "alice"); err != nil {
			t.Fatal(err)
		}
		// A parent named later on purpose stays implicit only until then.
		if _, err := kb.ConfigureFolder(ctx, "T1", "Double 11", false, nil); err != nil {
			t.Fatal(err)
		}
		folders, err := kb.Folders(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		got := map[campaignbot.FolderPath]bool{}
		for _, f := range folders {
			got[f.Path] = f.Implicit
		}
		want := map[campaignbot.FolderPath]bool{"Private channels": true, "Private channels/leaders": false, "Double 11": false, "Double 11/Data": false, "Mine": false}
		for p, implicit := range want {
			if got[p] != implicit {
				t.Errorf("%s implicit = %v, want %v", p, got[p], implicit)
			}
		}
	})
}

// statement is one SQL statement with its arguments.
type statement struct {
	sql  string
	args []any
}

// migrateAfter opens a database of b's kind with only the migrations
// before the one named name applied, runs stmts, then migrates it fully.
func migrateAfter(t *testing.T, b storagetest.Backend, name string, stmts ...statement) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.OpenBefore(ctx, b.Options(t), name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, stmt := range stmts {
		if err := db.Exec(ctx, stmt.sql, stmt.args...); err != nil {
			t.Fatalf("%s: %v", stmt.sql, err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// migrationTime is when the rows from before a migration were made.
var migrationTime = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

func TestSecretsMigrationBackfills(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		at := migrationTime
		db := migrateAfter(t, b, "knowledge base secrets: held files, implicit folders, blob references",
			statement{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (1, 'T1', 'Private channels', NULL, ?)", []any{at}},
			statement{"INSERT INTO folders (id, workspace, path, parent_id, restricted, created_at) VALUES (2, 'T1', 'Private channels/leaders', 1, TRUE, ?)", []any{at}},
			statement{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (3, 'T1', 'Mine', NULL, ?)", []any{at}},
			statement{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (4, 'T1', 'Mine/Sub', 3, ?)", []any{at}},
			statement{"INSERT INTO folder_grants (folder_id, kind, principal, role) VALUES (3, 'user', 'alice', 'owner')", nil},
			statement{"INSERT INTO files (workspace, name, size, sha256, shared_at, version, created_at) VALUES ('T1', 'a', 1, ?, ?, 1, ?)", []any{sum("a"), at, at}},
			statement{"INSERT INTO files (workspace, name, size, sha256, shared_at, version, created_at) VALUES ('T2', 'a', 1, ?, ?, 1, ?)", []any{sum("a"), at, at}},
			statement{"INSERT INTO files (workspace, name, size, sha256, shared_at, version, created_at) VALUES ('T1', 'b', 1, ?, ?, 1, ?)", []any{sum("b"), at, at}},
		)
		folders, err := storage.NewKnowledgeBase(db).Folders(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range folders {
			if want := f.Path == "Private channels"; f.Implicit != want {
				t.Errorf("%s implicit = %v after the migration", f.Path, f.Implicit)
			}
		}
		refs, err := db.BlobReferences(ctx)
		if err != nil || refs[sum("a")] != 2 || refs[sum("b")] != 1 || len(refs) != 2 {
			t.Errorf("blob references = %v, %v", refs, err)
		}
		files, err := storage.NewKnowledgeBase(db).FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1"})
		if err != nil || len(files) != 2 || files[0].HeldFor != "" {
			t.Errorf("files after the migration: %+v, %v", files, err)
		}
	})
}
