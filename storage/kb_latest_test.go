package storage_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// wrongLatestMarkers is the query counting the entries whose is_latest
// marker (migration 18) differs from its definition: marked exactly when
// live and no live version of the same file is newer (the higher id when
// two share a version).
const wrongLatestMarkers = `SELECT count(*) FROM files f WHERE f.is_latest <> (f.deleted_at IS NULL AND NOT EXISTS (
	SELECT 1 FROM files n WHERE n.workspace = f.workspace AND n.name = f.name AND n.held_for = f.held_for
		AND COALESCE(n.folder_id, 0) = COALESCE(f.folder_id, 0) AND n.deleted_at IS NULL
		AND (n.version > f.version OR (n.version = f.version AND n.id > f.id))))`

// checkFileIndex fails t when a file's search row (migration 20) differs
// from what its live versions make it.
func checkFileIndex(t *testing.T, kb *storage.KnowledgeBase, step string) {
	t.Helper()
	problems, err := kb.FileIndexProblems(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Fatalf("after %s, the file index is wrong:\n%s", step, strings.Join(problems, "\n"))
	}
}

// checkLatestMarkers fails t when an entry's marker is wrong.
func checkLatestMarkers(t *testing.T, db *storage.DB, step string) {
	t.Helper()
	n, err := db.Count(context.Background(), wrongLatestMarkers)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("after %s: %d entries with a wrong latest marker", step, n)
	}
}

// latestWords are the words the random documents hold and the property
// test searches: two characters (the bigram index), three (trigrams) and
// Latin.
var latestWords = []string{"预热", "优惠券", "plan", "报名", "banner"}

// searchReference is what a search of term by the asker must return,
// worked out by brute force from every live entry and its text: each file
// (name in a folder, or unfiled of a holder) with a version in a folder U1
// may read (visible) or unfiled for U1 or for nobody, of which a live
// version holds term, once, as its latest live version (highest version,
// then highest id), with the highest version that holds it.
func searchReference(t *testing.T, kb *storage.KnowledgeBase, asker campaignbot.UserID, visible []int64, term string) []string {
	t.Helper()
	ctx := context.Background()
	live, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", AnyHolder: true})
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		latest  *campaignbot.File
		matched int
	}
	files := map[string]*file{}
	for _, f := range live {
		if f.FolderID != nil && !slices.Contains(visible, *f.FolderID) || f.FolderID == nil && f.HeldFor != "" && f.HeldFor != asker {
			continue
		}
		key := fmt.Sprintf("unfiled/%s/%s", f.HeldFor, f.Name)
		if f.FolderID != nil {
			key = fmt.Sprintf("%d/%s", *f.FolderID, f.Name)
		}
		e := files[key]
		if e == nil {
			e = &file{}
			files[key] = e
		}
		if e.latest == nil || f.Version > e.latest.Version || f.Version == e.latest.Version && f.ID > e.latest.ID {
			e.latest = f
		}
		body, err := kb.FileText(ctx, "T1", f.ID)
		if err != nil {
			t.Fatal(err)
		}
		doc := strings.ToLower(f.Title + "\n" + f.Name + "\n" + strings.Join(f.Tags, " ") + "\n" + body)
		if strings.Contains(doc, term) {
			e.matched = max(e.matched, f.Version)
		}
	}
	// Ranked: those whose latest title or name holds the term first, then
	// newest first by the second shared, then the higher id.
	var found []*file
	for _, e := range files {
		if e.matched > 0 {
			found = append(found, e)
		}
	}
	inHead := func(f *campaignbot.File) int {
		if strings.Contains(strings.ToLower(f.Title+"\n"+f.Name), term) {
			return 1
		}
		return 0
	}
	slices.SortFunc(found, func(a, b *file) int {
		if d := inHead(b.latest) - inHead(a.latest); d != 0 {
			return d
		}
		ka, kb := storage.RankKey(a.latest.SharedAt, a.latest.ID), storage.RankKey(b.latest.SharedAt, b.latest.ID)
		switch {
		case ka > kb:
			return -1
		case ka < kb:
			return 1
		}
		return 0
	})
	out := []string{}
	for _, e := range found {
		out = append(out, fmt.Sprintf("#%d v%d matched v%d", e.latest.ID, e.latest.Version, e.matched))
	}
	return out
}

// searchFound is what Search returns for term to the asker, as
// searchReference writes it.
func searchFound(t *testing.T, kb *storage.KnowledgeBase, asker campaignbot.UserID, visible []int64, term string, limit int) []string {
	t.Helper()
	hits, err := kb.Search(context.Background(), campaignbot.SearchOptions{Workspace: "T1", Terms: []string{term}, Folders: visible, Unfiled: true, Holder: asker, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, h := range hits {
		if h.File.DeletedAt != (time.Time{}) {
			t.Errorf("search found the trashed entry #%d", h.File.ID)
		}
		out = append(out, fmt.Sprintf("#%d v%d matched v%d", h.File.ID, h.File.Version, h.Matched))
	}
	return out
}

// TestLatestMarkerUnderRandomOperations applies random sequences of every
// write that changes a file's versions or whether they are live or where
// they are (a new version saved, trashed, restored, filed, moved, renamed,
// its folder moved onto an implicit one and taken over, archived, the
// recycle bin purged) and checks after each step that the latest marker
// is what it means and that search returns, for the two-character,
// three-character and Latin terms, exactly what a brute-force search of
// every live entry returns: never a trashed version, never a file in a
// folder the asker may not read or held for someone else.
func TestLatestMarkerUnderRandomOperations(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		for seed := range uint64(3) {
			t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
				db := b.Open(t)
				randomLatestOperations(t, db, rand.New(rand.NewPCG(seed, 17)), 60)
			})
		}
	})
}

// randomLatestOperations runs steps random writes on a new knowledge base
// and checks the marker and search after each.
func randomLatestOperations(t *testing.T, db *storage.DB, r *rand.Rand, steps int) {
	ctx := context.Background()
	kb := storage.NewKnowledgeBase(db)
	for _, p := range []campaignbot.FolderPath{"Open", "Campaign/Sub", "Old"} {
		if _, err := kb.EnsureFolder(ctx, "T1", p); err != nil {
			t.Fatal(err)
		}
	}
	grants := []campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "U2", Role: campaignbot.RoleOwner}}
	if _, err := kb.ConfigureFolder(ctx, "T1", "Secret", true, grants); err != nil {
		t.Fatal(err)
	}
	names := []string{"a.txt", "b.txt", "c.txt"}
	pick := func(files []*campaignbot.File) *campaignbot.File {
		if len(files) == 0 {
			return nil
		}
		return files[r.IntN(len(files))]
	}
	for step := range steps {
		folders, err := kb.Folders(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		live, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", AnyHolder: true})
		if err != nil {
			t.Fatal(err)
		}
		trashed, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", AnyHolder: true, Trashed: true})
		if err != nil {
			t.Fatal(err)
		}
		folder := folders[r.IntN(len(folders))]
		var op string
		switch n := r.IntN(20); {
		case n < 6:
			f := &campaignbot.File{Workspace: "T1", Name: names[r.IntN(len(names))], Size: 1, SHA256: sum(fmt.Sprint(step % 7)), Uploader: "U1",
				Title: latestWords[r.IntN(len(latestWords))] + " " + fmt.Sprint(step), SharedAt: time.Date(2026, 10, 1, 0, step, 0, 0, time.UTC)}
			switch r.IntN(4) {
			case 0:
				f.HeldFor = campaignbot.UserID([]string{"U1", "U2"}[r.IntN(2)])
			case 1:
			default:
				f.FolderID = &folder.ID
			}
			op = fmt.Sprintf("add %s v? to %v/%s", f.Name, f.FolderID != nil, f.HeldFor)
			err = kb.AddFile(ctx, f)
			if err == nil {
				op = fmt.Sprintf("add %s #%d v%d", f.Name, f.ID, f.Version)
				err = kb.SetFileText(ctx, "T1", f.ID, campaignbot.TextIndexed, latestWords[r.IntN(len(latestWords))]+" "+latestWords[r.IntN(len(latestWords))])
			}
		case n < 9:
			if f := pick(live); f != nil {
				op = fmt.Sprintf("trash #%d", f.ID)
				_, err = kb.TrashFile(ctx, "T1", f.ID, "U1")
			}
		case n < 12:
			if f := pick(trashed); f != nil {
				op = fmt.Sprintf("restore #%d", f.ID)
				_, err = kb.RestoreFile(ctx, "T1", f.ID, time.Time{})
			}
		case n < 14:
			if f := pick(live); f != nil {
				op = fmt.Sprintf("move #%d to %s", f.ID, folder.Path)
				_, err = kb.MoveFile(ctx, "T1", f.ID, folder.ID)
			}
		case n < 16:
			if f := pick(live); f != nil {
				name := names[r.IntN(len(names))]
				op = fmt.Sprintf("rename #%d to %s", f.ID, name)
				_, err = kb.RenameFile(ctx, "T1", f.ID, name)
			}
		case n < 17:
			if f := pick(slices.DeleteFunc(slices.Clone(live), func(f *campaignbot.File) bool { return f.FolderID != nil })); f != nil {
				op = fmt.Sprintf("file #%d into %s", f.ID, folder.Path)
				_, err = kb.FileInto(ctx, "T1", f.ID, folder.ID, "U1", "", nil)
			}
		case n < 18:
			// A folder moved onto an implicit one takes it over with its
			// files; the implicit ones are made first where there is none.
			implicit := slices.DeleteFunc(slices.Clone(folders), func(f *campaignbot.Folder) bool { return !f.Implicit })
			if len(implicit) == 0 {
				op = "make implicit folders"
				_, err = kb.EnsureFolder(ctx, "T1", campaignbot.FolderPath(fmt.Sprintf("Made %d/Child", step)))
				break
			}
			to := implicit[r.IntN(len(implicit))]
			op = fmt.Sprintf("move folder %s onto %s", folder.Path, to.Path)
			_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: folder.Path, To: to.Path})
		case n < 19:
			if r.IntN(3) == 0 {
				op = "archive Old"
				_, err = kb.ArchiveFolder(ctx, "T1", "Old")
			} else {
				op = "purge the recycle bin"
				_, err = kb.PurgeTrash(ctx, "T1", time.Now().Add(time.Hour))
			}
		default:
			if f := pick(live); f != nil {
				op = fmt.Sprintf("retitle #%d", f.ID)
				_, err = kb.UpdateFile(ctx, "T1", f.ID, campaignbot.FileUpdate{Title: latestWords[r.IntN(len(latestWords))]})
			}
		}
		if op == "" {
			continue
		}
		if code := campaignbot.ErrorCode(err); code == campaignbot.EINTERNAL {
			t.Fatalf("step %d, %s: %v", step, op, err)
		}
		step := fmt.Sprintf("step %d, %s", step, op)
		checkLatestMarkers(t, db, step)
		checkFileIndex(t, kb, step)
		folders, err = kb.Folders(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		// U1 reads all folders but Secret, U2 all of them (the index is
		// asked for the term in every folder), U3 only the first one that
		// U1 reads (the index is asked folder by folder).
		u1 := campaignbot.NewAccess(folders, campaignbot.Viewer{User: "U1"}).Visible()
		askers := []struct {
			user    campaignbot.UserID
			visible []int64
		}{
			{"U1", u1},
			{"U2", campaignbot.NewAccess(folders, campaignbot.Viewer{User: "U2"}).Visible()},
			{"U3", u1[:1]},
		}
		for _, a := range askers {
			for _, term := range latestWords {
				want := searchReference(t, kb, a.user, a.visible, term)
				// Search through file_index (two characters) and through
				// the per-version indexes (which the benchmarks compare
				// it with).
				// Pages of 1 to 3 are the first results of the whole
				// (SQL's LIMIT pages the per-version search).
				for _, index := range []bool{true, false} {
					limits := []int{1000, 1, 2, 3}
					if !index {
						limits = limits[:1]
					}
					for _, limit := range limits {
						restore := storage.SetFileIndex(index)
						got := searchFound(t, kb, a.user, a.visible, term, limit)
						restore()
						if w := want[:min(limit, len(want))]; !slices.Equal(got, w) {
							t.Fatalf("after %s, search %q by %s (file index: %v, limit %d) = %v, want %v", step, term, a.user, index, limit, got, w)
						}
					}
				}
			}
		}
	}
}

// TestLatestMarkerConcurrentSaves: versions of one file saved at once, and
// trashed while others are saved, leave exactly one marked latest version,
// the newest live one.
func TestLatestMarkerConcurrentSaves(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		first := put(t, kb, open, "plan.md", "plan 0")
		for round := range 5 {
			var wg sync.WaitGroup
			errs := make(chan error, 3)
			for i := range 2 {
				wg.Go(func() {
					f := &campaignbot.File{Workspace: "T1", FolderID: &open.ID, Name: "plan.md", Size: 1, SHA256: sum(fmt.Sprint(round, i)), Uploader: "U1"}
					errs <- kb.AddFile(ctx, f)
				})
			}
			if round == 2 {
				wg.Go(func() {
					_, err := kb.TrashFile(ctx, "T1", first.ID, "U1")
					errs <- err
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			checkLatestMarkers(t, db, fmt.Sprint("round ", round))
			marked, err := db.Count(ctx, "SELECT count(*) FROM files WHERE is_latest AND name = 'plan.md'")
			if err != nil {
				t.Fatal(err)
			}
			top, err := db.Count(ctx, "SELECT version FROM files WHERE is_latest AND name = 'plan.md'")
			if err != nil {
				t.Fatal(err)
			}
			if marked != 1 || top != int64(2*round+3) {
				t.Fatalf("round %d: %d marked versions, the marked one v%d, want 1, v%d", round, marked, top, 2*round+3)
			}
		}
	})
}

// TestLatestMarkerMigrationBackfills: migration 18 marks each file's
// latest live version among the rows before it: the highest live version
// (a trashed newer one is not), per folder and per holder of unfiled
// entries, none for a file whose versions are all trashed.
func TestLatestMarkerMigrationBackfills(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		at := migrationTime
		row := func(id int, folder any, held, name string, version int, deleted any) statement {
			return statement{`INSERT INTO files (id, number, workspace, folder_id, held_for, name, size, sha256, shared_at, version, created_at, deleted_at)
VALUES (?, ?, 'T1', ?, ?, ?, 1, ?, ?, ?, ?, ?)`, []any{id, id, folder, held, name, sum(fmt.Sprint(id)), at, version, at, deleted}}
		}
		db := migrateAfter(t, b, "a marker on each file's latest live version",
			statement{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (1, 'T1', 'Open', NULL, ?)", []any{at}},
			statement{"INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (2, 'T1', 'Other', NULL, ?)", []any{at}},
			row(1, 1, "", "plan.md", 1, nil),
			row(2, 1, "", "plan.md", 2, nil),
			row(3, 1, "", "plan.md", 3, at),
			row(4, 2, "", "plan.md", 1, nil),
			row(5, nil, "alice", "plan.md", 1, nil),
			row(6, nil, "alice", "plan.md", 2, nil),
			row(7, nil, "", "plan.md", 1, nil),
			row(8, 1, "", "gone.md", 1, at),
		)
		checkLatestMarkers(t, db, "the migration")
		var marked []int64
		for id := range int64(9) {
			n, err := db.Count(ctx, "SELECT count(*) FROM files WHERE id = ? AND is_latest", id)
			if err != nil {
				t.Fatal(err)
			}
			if n == 1 {
				marked = append(marked, id)
			}
		}
		if want := []int64{2, 4, 6, 7}; !slices.Equal(marked, want) {
			t.Errorf("marked %v, want %v", marked, want)
		}
		// The unique index refuses a second marked version of a file.
		if err := db.Exec(ctx, "UPDATE files SET is_latest = TRUE WHERE id = 1"); err == nil {
			t.Error("two marked versions of one file were stored")
		}
		// And no trashed entry is marked.
		if err := db.Exec(ctx, "UPDATE files SET is_latest = TRUE WHERE id = 8"); err == nil {
			t.Error("a trashed entry was marked")
		}
	})
}
