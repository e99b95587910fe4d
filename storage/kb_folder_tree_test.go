package storage_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// treeOf returns "path" (with "*" when implicit and "!" when restricted)
// and the grants as "path:principal" of every folder of T1, in order.
func treeOf(t *testing.T, kb *storage.KnowledgeBase) (paths, grants []string, ids map[campaignbot.FolderPath]int64) {
	t.Helper()
	folders, err := kb.Folders(context.Background(), "T1")
	if err != nil {
		t.Fatal(err)
	}
	ids = map[campaignbot.FolderPath]int64{}
	for _, f := range folders {
		p := string(f.Path)
		if f.Implicit {
			p += "*"
		}
		if f.Restricted {
			p += "!"
		}
		paths = append(paths, p)
		ids[f.Path] = f.ID
		for _, g := range f.Grants {
			grants = append(grants, fmt.Sprintf("%s:%s", f.Path, g.Principal))
		}
	}
	return paths, grants, ids
}

// grantTo gives user a chat-made role in the folder at p.
func grantTo(t *testing.T, kb *storage.KnowledgeBase, p campaignbot.FolderPath, user string, role campaignbot.Role) {
	t.Helper()
	f, err := kb.FindFolder(context.Background(), "T1", p)
	if err != nil {
		t.Fatal(err)
	}
	if err := kb.Grant(context.Background(), f.ID, campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: user, Role: role}); err != nil {
		t.Fatal(err)
	}
}

// restrict makes the folder at p restricted to li.na, as the config does.
func restrict(t *testing.T, kb *storage.KnowledgeBase, p campaignbot.FolderPath) *campaignbot.FolderChange {
	t.Helper()
	c, err := kb.ConfigureFolder(context.Background(), "T1", p, true, []campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "li.na", Role: campaignbot.RoleEditor}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMoveFolderLeavesFolders: the folders a move leaves stay where they
// are with their files, under implicit folders at their ancestors' old
// paths, and the depth limit counts only what moves.
func TestMoveFolderLeavesFolders(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		design, _ := kb.EnsureFolder(ctx, "T1", "Double 11/Design")
		restrict(t, kb, "Double 11/Review/Data")
		q4, _ := kb.EnsureFolder(ctx, "T1", "Double 11/Review/Data/2026/Q4")
		banner := put(t, kb, design, "hero.psd", "hero")
		secret := put(t, kb, q4, "q4.csv", "q4")
		_, _, before := treeOf(t, kb)
		for _, p := range []campaignbot.FolderPath{"a", "a/b", "a/b/c", "a/b/c/d", "a/b/c/d/e", "a/b/c/d/e/f", "a/b/c/d/e/f/g"} {
			kb.EnsureFolder(ctx, "T1", p)
		}
		leave := []int64{before["Double 11/Review/Data"], before["Double 11/Review/Data/2026"], before["Double 11/Review/Data/2026/Q4"]}

		// Double 11/Review/Data/2026/Q4 is 5 deep; what moves only 3.
		_, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Double 11", To: "a/b/c/d/e/f/g/Double 11"})
		wantCode(t, err, campaignbot.EINVALID)
		change, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Double 11", To: "a/b/c/d/e/f/g/Double 11", Leave: leave})
		if err != nil || change.Folder.Path != "a/b/c/d/e/f/g/Double 11" || change.Relocked {
			t.Fatalf("MoveFolder = %+v, %v", change, err)
		}
		paths, _, after := treeOf(t, kb)
		for _, want := range []string{"Double 11*", "Double 11/Review*", "Double 11/Review/Data!", "Double 11/Review/Data/2026*", "Double 11/Review/Data/2026/Q4",
			"a/b/c/d/e/f/g/Double 11*", "a/b/c/d/e/f/g/Double 11/Design", "a/b/c/d/e/f/g/Double 11/Review*"} {
			if !slices.Contains(paths, want) {
				t.Errorf("folders %q lack %q", paths, want)
			}
		}
		if after["Double 11/Review/Data/2026/Q4"] != q4.ID || after["a/b/c/d/e/f/g/Double 11/Design"] != design.ID {
			t.Errorf("folders changed identity: %v", after)
		}
		for _, f := range []*campaignbot.File{banner, secret} {
			if got, _ := kb.FindFile(ctx, "T1", f.ID); *got.FolderID != *f.FolderID {
				t.Errorf("%s left its folder", f.Name)
			}
		}
		// The implicit ancestors are ordinary parents: their path can be
		// made a folder on purpose again.
		made, err := kb.CreateFolder(ctx, "T1", "Double 11", "alice")
		if err != nil || made.ID != after["Double 11"] || made.Implicit {
			t.Errorf("CreateFolder on the implicit ancestor = %+v, %v", made, err)
		}
	})
}

// TestMoveFolderRelocks: a move under a restricted folder the folder was
// not under drops the grants made in chat on what moves, except below a
// restricted folder that moves along; other moves keep them.
func TestMoveFolderRelocks(t *testing.T) {
	tests := []struct {
		name, from, to string
		relocked       bool
		grantsLeft     []string
	}{
		{"open into restricted", "Open/A", "Data/A", true, []string{"Data/A/Locked:bob", "Data/X:dave"}},
		{"restricted into another", "Data/X", "Board/X", true, []string{"Open/A:alice", "Open/A/B:carol", "Open/A/Locked:bob"}},
		{"within one restricted folder", "Data/X", "Data/Y/X", false, []string{"Data/Y/X:dave", "Open/A:alice", "Open/A/B:carol", "Open/A/Locked:bob"}},
		{"out of a restricted folder", "Data/X", "Open/X", false, []string{"Open/A:alice", "Open/A/B:carol", "Open/A/Locked:bob", "Open/X:dave"}},
		{"open to open", "Open/A", "Elsewhere/A", false, []string{"Data/X:dave", "Elsewhere/A:alice", "Elsewhere/A/B:carol", "Elsewhere/A/Locked:bob"}},
		{"restricted folder itself", "Open/A/Locked", "Data/Locked", false, []string{"Data/Locked:bob", "Data/X:dave", "Open/A:alice", "Open/A/B:carol"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
				ctx := context.Background()
				kb := storage.NewKnowledgeBase(db)
				for _, p := range []campaignbot.FolderPath{"Open/A/B", "Elsewhere", "Data/Y", "Board"} {
					kb.EnsureFolder(ctx, "T1", p)
				}
				restrict(t, kb, "Data")
				restrict(t, kb, "Board")
				restrict(t, kb, "Open/A/Locked")
				kb.EnsureFolder(ctx, "T1", "Data/X")
				grantTo(t, kb, "Open/A", "alice", campaignbot.RoleOwner)
				grantTo(t, kb, "Open/A/B", "carol", campaignbot.RoleViewer)
				grantTo(t, kb, "Open/A/Locked", "bob", campaignbot.RoleViewer)
				grantTo(t, kb, "Data/X", "dave", campaignbot.RoleOwner)
				change, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: campaignbot.FolderPath(tt.from), To: campaignbot.FolderPath(tt.to)})
				if err != nil {
					t.Fatal(err)
				}
				if change.Relocked != tt.relocked {
					t.Errorf("Relocked = %v, want %v", change.Relocked, tt.relocked)
				}
				_, grants, _ := treeOf(t, kb)
				grants = slices.DeleteFunc(grants, func(g string) bool { return g[len(g)-5:] == "li.na" })
				if !slices.Equal(grants, tt.grantsLeft) {
					t.Errorf("grants = %q, want %q (dropped %+v)", grants, tt.grantsLeft, change.Dropped)
				}
			})
		})
	}
}

// TestMoveFolderTakesOverImplicitFolder: moving onto a path where only an
// implicit folder is makes the moved folder take its place, spelt as
// asked; what the implicit folder held joins it.
func TestMoveFolderTakesOverImplicitFolder(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		prices := restrict(t, kb, "Finance/Supplier prices").Folder
		kv, _ := kb.CreateFolder(ctx, "T1", "Review/KV", "alice")
		kb.EnsureFolder(ctx, "T1", "Review/KV/Supplier PRICES")
		_, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Review/KV", To: "FINANCE"})
		wantCode(t, err, campaignbot.ECONFLICT) // KV's subfolder would land on the restricted one
		kb.EnsureFolder(ctx, "T1", "Other")
		if _, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Review/KV/Supplier PRICES", To: "Other/Prices"}); err != nil {
			t.Fatal(err)
		}
		change, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Review/KV", To: "FINANCE"})
		if err != nil || change.Folder.ID != kv.ID || change.Folder.Path != "FINANCE" {
			t.Fatalf("MoveFolder = %+v, %v", change, err)
		}
		paths, grants, ids := treeOf(t, kb)
		want := []string{"FINANCE", "FINANCE/Supplier prices!", "Other", "Other/Prices", "Review*"}
		if !slices.Equal(paths, want) {
			t.Errorf("folders = %q, want %q", paths, want)
		}
		if ids["FINANCE/Supplier prices"] != prices.ID || !slices.Contains(grants, "FINANCE:alice") {
			t.Errorf("ids %v, grants %q", ids, grants)
		}
		// Paths are unique ignoring case; a folder may change its case.
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Other", To: "finance"})
		wantCode(t, err, campaignbot.ECONFLICT)
		change, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "FINANCE", To: "Finance", Leave: []int64{prices.ID}})
		if err != nil || change.Folder.Path != "Finance" {
			t.Fatalf("case-only rename = %+v, %v", change, err)
		}
		if f, err := kb.FindFolder(ctx, "T1", "Finance/Supplier prices"); err != nil || f.ID != prices.ID || f.Path != "Finance/Supplier prices" {
			t.Errorf("after a change of case the subfolder is %+v, %v", f, err)
		}
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Finance", To: "finance/x"})
		wantCode(t, err, campaignbot.EINVALID)
	})
}

// TestConfigureFolderDropsGrantsMadeWhileOpen: restricting a folder that
// everyone could see drops the grants made in chat on it and its
// subfolders, except inside restricted subfolders; restricting it again,
// or a folder already inside a restricted one, keeps them.
func TestConfigureFolderDropsGrantsMadeWhileOpen(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		kb.CreateFolder(ctx, "T1", "Prices", "alice")
		kb.CreateFolder(ctx, "T1", "Prices/2026", "alice")
		restrict(t, kb, "Prices/Board")
		grantTo(t, kb, "Prices/Board", "bob", campaignbot.RoleViewer)
		restrict(t, kb, "Data")
		kb.CreateFolder(ctx, "T1", "Data/Q4", "carol")

		change := restrict(t, kb, "Prices")
		var dropped []string
		for _, d := range change.Dropped {
			dropped = append(dropped, fmt.Sprintf("%s:%s:%s", d.Path, d.Grant.Principal, d.Grant.Role))
		}
		if want := []string{"Prices:alice:owner", "Prices/2026:alice:owner"}; !slices.Equal(dropped, want) {
			t.Errorf("dropped %q, want %q", dropped, want)
		}
		grantTo(t, kb, "Prices", "dave", campaignbot.RoleViewer)
		if c := restrict(t, kb, "Prices"); len(c.Dropped) != 0 {
			t.Errorf("restricting again dropped %+v", c.Dropped)
		}
		if c := restrict(t, kb, "Data/Q4"); len(c.Dropped) != 0 {
			t.Errorf("restricting inside a restricted folder dropped %+v", c.Dropped)
		}
		_, grants, _ := treeOf(t, kb)
		want := []string{"Data:li.na", "Data/Q4:carol", "Data/Q4:li.na", "Prices:dave", "Prices:li.na", "Prices/Board:bob", "Prices/Board:li.na"}
		if !slices.Equal(grants, want) {
			t.Errorf("grants = %q, want %q", grants, want)
		}
	})
}

// TestCreateFolderTakesOverImplicitFolder: making a folder where only an
// implicit one is makes that one a folder on purpose, spelt as asked, its
// subfolders kept; any other folder there, in any case, is a conflict.
func TestCreateFolderTakesOverImplicitFolder(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		prices := restrict(t, kb, "Finance/Supplier prices").Folder
		made, err := kb.CreateFolder(ctx, "T1", "FINANCE", "alice")
		if err != nil || made.Path != "FINANCE" || made.Implicit || len(made.Grants) != 1 {
			t.Fatalf("CreateFolder = %+v, %v", made, err)
		}
		if f, err := kb.FindFolder(ctx, "T1", "FINANCE/Supplier prices"); err != nil || f.ID != prices.ID || f.Path != "FINANCE/Supplier prices" || !f.Restricted {
			t.Errorf("the subfolder is %+v, %v", f, err)
		}
		for _, p := range []campaignbot.FolderPath{"finance", "Finance/supplier PRICES"} {
			_, err = kb.CreateFolder(ctx, "T1", p, "bob")
			wantCode(t, err, campaignbot.ECONFLICT)
		}
	})
}

// TestFileNumbers: every entry gets a number no other entry of its
// workspace has, from the picker's candidates in order, else the first
// free one; numbers are found per workspace.
func TestFileNumbers(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		candidates := []int64{0, 42, 1_000_000, 42, 7}
		kb := storage.NewKnowledgeBase(db, storage.WithNumbers(func(f *campaignbot.File, attempt int) int64 {
			if f.Name == "full.txt" {
				return 42 // always taken after the first: the first free number follows
			}
			return candidates[min(attempt, len(candidates)-1)]
		}))
		var got []int64
		for _, name := range []string{"a.txt", "b.txt", "c.txt", "full.txt"} {
			got = append(got, put(t, kb, nil, name, name).Number)
		}
		other := put(t, kb, nil, "d.txt", "d", func(f *campaignbot.File) { f.Workspace = "T2" })
		if want := []int64{42, 7, 1, 2}; !slices.Equal(got, want) || other.Number != 42 {
			t.Errorf("numbers = %v and %d in T2, want %v and 42", got, other.Number, want)
		}
		f, err := kb.FileByNumber(ctx, "T2", 42)
		if err != nil || f.Name != "d.txt" {
			t.Errorf("FileByNumber(T2, 42) = %+v, %v", f, err)
		}
		_, err = kb.FileByNumber(ctx, "T1", 999)
		wantCode(t, err, campaignbot.ENOTFOUND)

		for range 1000 {
			if n := storage.RandomNumbers(nil, 0); n < 100_000 || n > campaignbot.MaxFileNumber {
				t.Fatalf("RandomNumbers gave %d", n)
			}
		}
	})
}

// TestFileNumbersMigration: entries from before numbers keep their id as
// their number, so old references keep working.
func TestFileNumbersMigration(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		ctx := context.Background()
		var old []statement
		for _, ws := range []string{"T1", "T2", "T1"} {
			old = append(old, statement{"INSERT INTO files (workspace, name, size, sha256, shared_at, version, created_at) VALUES (?, 'a', 1, ?, ?, 1, ?)",
				[]any{ws, sum("a"), migrationTime, migrationTime}})
		}
		db := migrateAfter(t, b, "file numbers per workspace, search ranked by each file alone", old...)
		kb := storage.NewKnowledgeBase(db)
		for _, f := range []struct {
			ws campaignbot.WorkspaceID
			n  int64
		}{{"T1", 1}, {"T2", 2}, {"T1", 3}} {
			got, err := kb.FileByNumber(ctx, f.ws, f.n)
			if err != nil || got.ID != f.n || got.Number != f.n {
				t.Errorf("FileByNumber(%s, %d) = %+v, %v", f.ws, f.n, got, err)
			}
		}
	})
}
