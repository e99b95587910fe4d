package storage_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// renderHits writes search hits as the attack tests compare them: the
// entry shown, its version and version count, the version that matched
// and the snippet.
func renderHits(hits []campaignbot.SearchHit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, fmt.Sprintf("#%d %s v%d/%d matched v%d %q", h.File.ID, h.File.Name, h.File.Version, h.File.Versions, h.Matched, h.Snippet))
	}
	return out
}

// searchBothWays runs s through file_index and through the per-version
// indexes, whole and in pages of 1 to 3, fails t when any differs from
// the per-version search of the whole (or a page from its prefix), and
// returns the whole.
func searchBothWays(t *testing.T, kb *storage.KnowledgeBase, s campaignbot.SearchOptions) []string {
	t.Helper()
	ctx := context.Background()
	run := func(index bool, limit int) []string {
		t.Helper()
		defer storage.SetFileIndex(index)()
		s := s
		s.Limit = limit
		hits, err := kb.Search(ctx, s)
		if err != nil {
			t.Fatalf("search %q (file index: %v, limit %d): %v", s.Terms, index, limit, err)
		}
		return renderHits(hits)
	}
	want := run(false, 1000)
	for _, index := range []bool{true, false} {
		for _, limit := range []int{1000, 1, 2, 3} {
			if got, w := run(index, limit), want[:min(limit, len(want))]; !slices.Equal(got, w) {
				t.Errorf("search %q in %v (unfiled %v, holder %q) (file index: %v, limit %d) =\n%v\nwant\n%v", s.Terms, s.Folders, s.Unfiled, s.Holder, index, limit, strings.Join(got, "\n"), strings.Join(w, "\n"))
			}
		}
	}
	return want
}

// addText saves a file with the given text in ws and returns it.
func addText(t *testing.T, kb *storage.KnowledgeBase, ws campaignbot.WorkspaceID, folder *int64, held campaignbot.UserID, name, title, text string, shared time.Time) *campaignbot.File {
	t.Helper()
	ctx := context.Background()
	f := &campaignbot.File{Workspace: ws, FolderID: folder, HeldFor: held, Name: name, Title: title, Size: 1, SHA256: sum(fmt.Sprint(ws, folder, held, name, title, text, shared)),
		Uploader: "U1", SharedAt: shared}
	if err := kb.AddFile(ctx, f); err != nil {
		t.Fatalf("AddFile(%s): %v", name, err)
	}
	if err := kb.SetFileText(ctx, ws, f.ID, campaignbot.TextIndexed, text); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAttackFileIndex_OddTerms: two-character terms of every kind (case,
// full-width letters, 4-byte characters, combining marks, digits, LIKE
// wildcards, FTS5 operators and quotes, an apostrophe) find through
// file_index exactly what the per-version search finds, and nothing a
// token of another term could spell.
func TestAttackFileIndex_OddTerms(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		texts := []string{
			"AB upper", "ab lower", "ＡＢ full width", "😀😁 emoji", "e\u0301 combining", "%_ wildcards", "o' apostrophe",
			"42 digits", "OR NOT AND NEAR operators", `"* quote star`, "() parens", "^x caret", "a-b dash", "x\ty tab",
			"AUTHOR", "no", "Ǆǅ digraph", "İi dotted", "\u200bz zero width",
		}
		for i, text := range texts {
			addText(t, kb, "T1", &open.ID, "", fmt.Sprintf("f%02d.txt", i), fmt.Sprintf("title %d", i), text, at.Add(time.Duration(i)*time.Minute))
		}
		// The title holds the term in some: ranked first.
		addText(t, kb, "T1", &open.ID, "", "head.txt", "AB and 42 and 😀😁", "nothing", at)
		for _, term := range []string{"ab", "AB", "Ab", "ＡＢ", "ａｂ", "😀😁", "😀", "e\u0301", "%_", "_", "o'", "42", "or", "OR", "no", "NO", "nt", `"*`, "()",
			"^x", "a-", "-b", "\"", "*", "ǆǆ", "ǅ", "i̇", "ii", "\u200bz", "au", "x\x00y", "a\x00b", "  ab  ", "b u", "ab ab"} {
			t.Run(fmt.Sprintf("%q", term), func(t *testing.T) {
				searchBothWays(t, kb, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{term}, Folders: []int64{open.ID}, Unfiled: true, Holder: "U1"})
			})
		}
		checkFileIndex(t, kb, "the odd texts")
	})
}

// TestAttackFileIndex_Permissions: folders of another workspace (with the
// same names, folder IDs and file names), restricted folders, folders
// moved under a restricted one, unfiled files held for someone else: a
// two-character search through file_index finds what the per-version
// search finds, and for an asker who may not read a place nothing in it,
// exactly as if it did not exist.
func TestAttackFileIndex_Permissions(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		folders := map[string]*campaignbot.Folder{}
		for _, ws := range []campaignbot.WorkspaceID{"T1", "T2"} {
			for _, p := range []campaignbot.FolderPath{"Open", "Campaign/Sub", "Later"} {
				f, err := kb.EnsureFolder(ctx, ws, p)
				if err != nil {
					t.Fatal(err)
				}
				folders[string(ws)+"/"+string(p)] = f
			}
			grants := []campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "U2", Role: campaignbot.RoleOwner}}
			c, err := kb.ConfigureFolder(ctx, ws, "Secret", true, grants)
			if err != nil {
				t.Fatal(err)
			}
			folders[string(ws)+"/Secret"] = c.Folder
			for name, f := range folders {
				if !strings.HasPrefix(name, string(ws)+"/") {
					continue
				}
				addText(t, kb, ws, &f.ID, "", "plan.md", "plan", "预热 in "+name, at.Add(time.Duration(f.ID)*time.Hour))
			}
			addText(t, kb, ws, nil, "", "plan.md", "plan", "预热 unfiled", at)
			addText(t, kb, ws, nil, "U1", "plan.md", "plan", "预热 held for U1", at.Add(time.Minute))
			addText(t, kb, ws, nil, "U2", "plan.md", "plan", "预热 held for U2", at.Add(2*time.Minute))
		}
		for _, ws := range []campaignbot.WorkspaceID{"T1", "T2"} {
			all, err := kb.Folders(ctx, ws)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range all {
				folders[string(ws)+"/"+string(f.Path)] = f
			}
		}
		ids := func(names ...string) []int64 {
			var out []int64
			for _, n := range names {
				f := folders[n]
				if f == nil {
					t.Fatalf("no folder %s", n)
				}
				out = append(out, f.ID)
			}
			return out
		}
		check := func(step string) {
			t.Helper()
			checkFileIndex(t, kb, step)
			for _, c := range []struct {
				name    string
				s       campaignbot.SearchOptions
				missing []string
			}{
				{"T1 U1 all but Secret", campaignbot.SearchOptions{Workspace: "T1", Folders: ids("T1/Open", "T1/Campaign/Sub", "T1/Campaign", "T1/Later"), Unfiled: true, Holder: "U1"}, []string{"Secret", "held for U2", "T2"}},
				{"T1 U2 everything", campaignbot.SearchOptions{Workspace: "T1", Folders: ids("T1/Open", "T1/Campaign/Sub", "T1/Campaign", "T1/Later", "T1/Secret"), Unfiled: true, Holder: "U2"}, []string{"held for U1", "T2"}},
				{"T1 asking with T2's folders", campaignbot.SearchOptions{Workspace: "T1", Folders: ids("T2/Open", "T2/Secret", "T2/Campaign/Sub", "T2/Campaign", "T2/Later"), Unfiled: false}, []string{"预热"}},
				{"T1 with T2's and its Open", campaignbot.SearchOptions{Workspace: "T1", Folders: ids("T2/Open", "T2/Secret", "T1/Open"), Unfiled: false}, []string{"Secret", "T2", "unfiled", "held"}},
				{"T1 one folder, no holder", campaignbot.SearchOptions{Workspace: "T1", Folders: ids("T1/Later"), Unfiled: true}, []string{"held", "Open", "T2"}},
				{"T1 no folder", campaignbot.SearchOptions{Workspace: "T1", Folders: []int64{}, Unfiled: true, Holder: "U9"}, []string{"held", "T1/", "T2"}},
				{"T1 folder 0 and a missing one", campaignbot.SearchOptions{Workspace: "T1", Folders: []int64{0, 1 << 40}, Unfiled: false}, []string{"预热"}},
			} {
				for _, term := range []string{"预热", "预", "热 ", "t1", "t2", "se", "ld"} {
					c.s.Terms = []string{term}
					got := searchBothWays(t, kb, c.s)
					for _, g := range got {
						for _, m := range c.missing {
							if strings.Contains(g, m) {
								t.Errorf("%s: %s (%q) found %s, which it may not read", step, c.name, term, g)
							}
						}
					}
				}
			}
		}
		check("the start")
		// Later comes under Secret, Campaign/Sub is taken over by Open
		// moved onto it... the moves and grants are made in T1 only.
		if _, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Later", To: "Secret/Later"}); err != nil {
			t.Fatal(err)
		}
		check("Later moved under Secret")
		if _, err := kb.ConfigureFolder(ctx, "T1", "Secret", false, nil); err != nil {
			t.Fatal(err)
		}
		check("Secret opened")
		if _, err := kb.ConfigureFolder(ctx, "T1", "Open", true, []campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "U2", Role: campaignbot.RoleOwner}}); err != nil {
			t.Fatal(err)
		}
		check("Open restricted")
		if _, err := kb.ArchiveFolder(ctx, "T1", "Campaign/Sub"); err != nil {
			t.Fatal(err)
		}
		check("Campaign/Sub archived")
		held, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", Holder: "U2", Unfiled: true})
		held = slices.DeleteFunc(held, func(f *campaignbot.File) bool { return f.HeldFor != "U2" })
		if err != nil || len(held) != 1 {
			t.Fatalf("the held file: %v, %v", held, err)
		}
		if _, err := kb.FileInto(ctx, "T1", held[0].ID, folders["T1/Secret"].ID, "U2", "预热 filed", nil); err != nil {
			t.Fatal(err)
		}
		check("U2's held file filed into Secret")
	})
}

// TestAttackFileIndex_RankExtremes: files shared before 1970, after 2106,
// in the same second and the same microsecond rank alike through
// file_index and the per-version indexes, whole and in pages.
func TestAttackFileIndex_RankExtremes(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		same := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		times := []time.Time{
			time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Unix(0, 0), time.Unix(-1, 0),
			time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2106, 2, 7, 6, 28, 15, 0, time.UTC), time.Date(2106, 2, 7, 6, 28, 16, 0, time.UTC),
			same, same.Add(time.Microsecond), same.Add(999 * time.Millisecond), same, same.Add(-time.Microsecond),
			time.Date(2026, 10, 1, 8, 0, 0, 0, time.FixedZone("UTC+8", 8*3600)),
		}
		for i, at := range times {
			title := "plan"
			if i%4 == 0 {
				title = "预热 plan"
			}
			addText(t, kb, "T1", &open.ID, "", fmt.Sprintf("f%02d.txt", i), title, "预热", at)
		}
		got := searchBothWays(t, kb, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"预热"}, Folders: []int64{open.ID}})
		if len(got) != len(times) {
			t.Errorf("found %d files, want %d", len(got), len(times))
		}
		checkFileIndex(t, kb, "the extreme times")
	})
}

// TestAttackFileIndex_HugeLimit: a limit beyond 32 bits answers on both
// paths as a limit of every match.
func TestAttackFileIndex_HugeLimit(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		addText(t, kb, "T1", &open.ID, "", "a.txt", "a", "预热", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
		for _, limit := range []int{math.MaxInt32, math.MaxInt32 + 1, math.MaxInt} {
			for _, index := range []bool{true, false} {
				restore := storage.SetFileIndex(index)
				hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"预热"}, Folders: []int64{open.ID}, Limit: limit})
				restore()
				if err != nil || len(hits) != 1 {
					t.Errorf("limit %d (file index: %v): %d hits, %v; want 1", limit, index, len(hits), err)
				}
			}
		}
	})
}

// TestAttackFileIndex_ConcurrentTextsAndVersions: new versions of one
// file saved while its latest version's text is set and its title
// changed, and an older one trashed, at once (on PostgreSQL, in parallel
// transactions): every write succeeds, and after them the file's search
// row is what its versions make it and search finds what it should.
func TestAttackFileIndex_ConcurrentTextsAndVersions(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		first := addText(t, kb, "T1", &open.ID, "", "plan.md", "plan", "预热 0", at)
		latest := first
		for round := range 12 {
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			wg.Go(func() {
				f := &campaignbot.File{Workspace: "T1", FolderID: &open.ID, Name: "plan.md", Title: "plan", Size: 1, SHA256: sum(fmt.Sprint("round", round)), Uploader: "U1", SharedAt: at.Add(time.Duration(round+1) * time.Minute)}
				if err := kb.AddFile(ctx, f); err != nil {
					errs <- fmt.Errorf("add: %w", err)
				}
			})
			wg.Go(func() {
				if err := kb.SetFileText(ctx, "T1", latest.ID, campaignbot.TextIndexed, fmt.Sprintf("报名 %d", round)); err != nil {
					errs <- fmt.Errorf("set text: %w", err)
				}
			})
			wg.Go(func() {
				if _, err := kb.UpdateFile(ctx, "T1", latest.ID, campaignbot.FileUpdate{Title: fmt.Sprintf("优惠 %d", round)}); err != nil {
					errs <- fmt.Errorf("retitle: %w", err)
				}
			})
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("round %d: %v", round, err)
			}
			checkLatestMarkers(t, db, fmt.Sprint("round ", round))
			checkFileIndex(t, kb, fmt.Sprint("round ", round))
			live, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", Latest: true})
			if err != nil || len(live) != 1 {
				t.Fatalf("the latest version: %v, %v", live, err)
			}
			latest = live[0]
			for _, term := range []string{"预热", "报名", "优惠"} {
				want := searchReference(t, kb, "U1", []int64{open.ID}, term)
				for _, index := range []bool{true, false} {
					restore := storage.SetFileIndex(index)
					got := searchFound(t, kb, "U1", []int64{open.ID}, term, 10)
					restore()
					if !slices.Equal(got, want) {
						t.Errorf("round %d: search %q (file index: %v) = %v, want %v", round, term, index, got, want)
					}
				}
			}
		}
	})
}

// TestAttackFileIndex_BackfillByTwoProcesses: two processes opening a
// database from before migration 20 at once (as two replicas starting
// together) both run the file index backfill; both open, and every file
// has the search row its versions make.
func TestAttackFileIndex_BackfillByTwoProcesses(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		defer storage.SetBackfillBatch(1)()
		ctx := context.Background()
		at := migrationTime
		opts := b.Options(t)
		before, err := storage.OpenBefore(ctx, opts, "one search row per file, scoped and in rank order")
		if err != nil {
			t.Fatal(err)
		}
		if err := before.Exec(ctx, "INSERT INTO folders (id, workspace, path, parent_id, created_at) VALUES (1, 'T1', 'Open', NULL, ?)", at); err != nil {
			t.Fatal(err)
		}
		for id := 1; id <= 60; id++ {
			name := fmt.Sprintf("f%d.md", id%30)
			version := 1 + id/30
			err := before.Exec(ctx, `INSERT INTO files (id, number, workspace, folder_id, held_for, name, title, size, sha256, shared_at, version, created_at, is_latest, search_head)
VALUES (?, ?, 'T1', 1, '', ?, 'plan', 1, ?, ?, ?, ?, ?, ?)`, id, id, name, sum(fmt.Sprint(id)), at.Add(time.Duration(id)*time.Minute), version, at, id > 30, "plan\n"+name)
			if err != nil {
				t.Fatal(err)
			}
			doc := fmt.Sprintf("plan\n%s\n\n预热 %d", name, id)
			if b.Driver == storage.DriverPostgres {
				err = before.Exec(ctx, "INSERT INTO file_search (file_id, doc, grams) VALUES (?, ?, '{}')", id, doc)
			} else {
				err = before.Exec(ctx, "INSERT INTO file_search (rowid, doc) VALUES (?, ?)", id, doc)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := before.Close(); err != nil {
			t.Fatal(err)
		}
		dbs := make([]*storage.DB, 2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range dbs {
			wg.Go(func() { dbs[i], errs[i] = storage.Open(ctx, opts) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("process %d: open: %v", i, err)
			} else {
				t.Cleanup(func() { dbs[i].Close() })
			}
		}
		if t.Failed() {
			return
		}
		kb := storage.NewKnowledgeBase(dbs[0])
		checkFileIndex(t, kb, "the backfill by two processes")
		checkLatestMarkers(t, dbs[0], "the backfill by two processes")
		hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"预热"}, Folders: []int64{1}, Limit: 100})
		if err != nil || len(hits) != 30 {
			t.Errorf("search 预热 found %d files, %v; want 30", len(hits), err)
		}
	})
}

// TestAttackFileIndex_ConcurrentWriters: every write that changes a
// file's versions, texts or place, run by several writers at once on the
// versions of two names in two folders (on PostgreSQL in parallel
// transactions): no write fails for anything but the user's reasons (a
// name taken, a file gone), and afterwards every file's search row is
// what its versions make it and search finds what brute force finds, on
// both paths.
func TestAttackFileIndex_ConcurrentWriters(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		var folders []int64
		for _, p := range []campaignbot.FolderPath{"Open", "Other"} {
			f, err := kb.EnsureFolder(ctx, "T1", p)
			if err != nil {
				t.Fatal(err)
			}
			folders = append(folders, f.ID)
		}
		at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		names := []string{"a.md", "b.md"}
		for _, name := range names {
			addText(t, kb, "T1", &folders[0], "", name, "plan", "预热 first", at)
		}
		for round := range 8 {
			live, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", AnyHolder: true})
			if err != nil {
				t.Fatal(err)
			}
			trashed, err := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", AnyHolder: true, Trashed: true})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			errs := make(chan error, 64)
			do := func(op string, fn func() error) {
				wg.Go(func() {
					err := fn()
					if code := campaignbot.ErrorCode(err); err != nil && code != campaignbot.ECONFLICT && code != campaignbot.ENOTFOUND {
						errs <- fmt.Errorf("%s: %w", op, err)
					}
				})
			}
			for i, name := range names {
				do("add "+name, func() error {
					f := &campaignbot.File{Workspace: "T1", FolderID: &folders[(round+i)%2], Name: name, Title: "plan", Size: 1, SHA256: sum(fmt.Sprint(round, name)), Uploader: "U1", SharedAt: at.Add(time.Duration(round) * time.Minute)}
					if err := kb.AddFile(ctx, f); err != nil {
						return err
					}
					return kb.SetFileText(ctx, "T1", f.ID, campaignbot.TextIndexed, fmt.Sprintf("报名 %d", round))
				})
			}
			for i, f := range live {
				switch (round + i) % 5 {
				case 0:
					do(fmt.Sprint("text #", f.ID), func() error {
						return kb.SetFileText(ctx, "T1", f.ID, campaignbot.TextIndexed, fmt.Sprintf("预热 %d", round))
					})
				case 1:
					do(fmt.Sprint("trash #", f.ID), func() error { _, err := kb.TrashFile(ctx, "T1", f.ID, "U1"); return err })
				case 2:
					do(fmt.Sprint("retitle #", f.ID), func() error {
						_, err := kb.UpdateFile(ctx, "T1", f.ID, campaignbot.FileUpdate{Title: fmt.Sprintf("报名 %d", round)})
						return err
					})
				case 3:
					do(fmt.Sprint("move #", f.ID), func() error { _, err := kb.MoveFile(ctx, "T1", f.ID, folders[round%2]); return err })
				case 4:
					do(fmt.Sprint("rename #", f.ID), func() error {
						_, err := kb.RenameFile(ctx, "T1", f.ID, fmt.Sprintf("r%d.md", round))
						return err
					})
				}
			}
			for _, f := range trashed {
				do(fmt.Sprint("restore #", f.ID), func() error { _, err := kb.RestoreFile(ctx, "T1", f.ID, time.Time{}); return err })
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Errorf("round %d: %v", round, err)
			}
			step := fmt.Sprint("round ", round)
			checkLatestMarkers(t, db, step)
			checkFileIndex(t, kb, step)
			for _, term := range []string{"预热", "报名"} {
				want := searchReference(t, kb, "U1", folders, term)
				for _, index := range []bool{true, false} {
					restore := storage.SetFileIndex(index)
					got := searchFound(t, kb, "U1", folders, term, 100)
					restore()
					if !slices.Equal(got, want) {
						t.Errorf("%s: search %q (file index: %v) = %v, want %v", step, term, index, got, want)
					}
				}
			}
		}
	})
}

// TestAttackFileIndex_BackfillResumedAfterWrites: a file index backfill
// stopped halfway (the rows after its mark missing) while the bot trashed
// a latest version, saved a new one and moved a file, resumes at the next
// open and leaves every file's search row what its versions make it.
func TestAttackFileIndex_BackfillResumedAfterWrites(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		defer storage.SetBackfillBatch(1)()
		ctx := context.Background()
		db := b.Open(t)
		kb := storage.NewKnowledgeBase(db)
		open, err := kb.EnsureFolder(ctx, "T1", "Open")
		if err != nil {
			t.Fatal(err)
		}
		other, err := kb.EnsureFolder(ctx, "T1", "Other")
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		var files []*campaignbot.File
		for i := range 12 {
			files = append(files, addText(t, kb, "T1", &open.ID, "", fmt.Sprintf("f%d.md", i%6), "plan", fmt.Sprintf("预热 %d", i), at.Add(time.Duration(i)*time.Minute)))
		}
		// The rows of f1 to f5 are missing; the bot writes f1 to f3, the
		// backfill must write f4 and f5.
		mark := files[6].ID
		rows := "SELECT rank_key FROM file_index WHERE rank_key % 2147483648 > ?"
		if b.Driver == storage.DriverSQLite {
			if err := db.Exec(ctx, "DELETE FROM file_index_grams WHERE rowid IN ("+rows+")", mark); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Exec(ctx, "DELETE FROM file_index WHERE rank_key IN ("+rows+")", mark); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec(ctx, "INSERT INTO search_backfill (name, last_rowid) VALUES ('file_index', ?)", mark); err != nil {
			t.Fatal(err)
		}
		// The bot, meanwhile.
		if _, err := kb.TrashFile(ctx, "T1", files[7].ID, "U1"); err != nil {
			t.Fatal(err)
		}
		if _, err := kb.TrashFile(ctx, "T1", files[4].ID, "U1"); err != nil {
			t.Fatal(err)
		}
		addText(t, kb, "T1", &open.ID, "", "f1.md", "plan", "报名", at.Add(time.Hour))
		if _, err := kb.MoveFile(ctx, "T1", files[2].ID, other.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		checkFileIndex(t, kb, "the resumed backfill")
		for _, term := range []string{"预热", "报名"} {
			want := searchReference(t, kb, "U1", []int64{open.ID, other.ID}, term)
			if got := searchFound(t, kb, "U1", []int64{open.ID, other.ID}, term, 100); !slices.Equal(got, want) {
				t.Errorf("search %q = %v, want %v", term, got, want)
			}
		}
	})
}
