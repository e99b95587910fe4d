package storage_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// put adds a file entry with the given name, content and folder.
func put(t *testing.T, kb *storage.KnowledgeBase, folder *campaignbot.Folder, name, content string, mod ...func(*campaignbot.File)) *campaignbot.File {
	t.Helper()
	f := &campaignbot.File{Workspace: "T1", Name: name, Size: int64(len(content)), SHA256: sum(content), Uploader: "U1", Channel: "C1",
		SharedAt: time.Date(2026, 10, 12, 2, 0, 0, 0, time.UTC)}
	if folder != nil {
		f.FolderID = &folder.ID
	}
	for _, m := range mod {
		m(f)
	}
	if err := kb.AddFile(context.Background(), f); err != nil {
		t.Fatalf("AddFile(%s): %v", name, err)
	}
	return f
}

func TestFolderAdmin(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		configured, err := kb.ConfigureFolder(ctx, "T1", "Double 11/Data", true, []campaignbot.Grant{
			{Kind: campaignbot.PrincipalUser, Principal: "li.na", Role: campaignbot.RoleEditor},
			{Kind: campaignbot.PrincipalChannel, Principal: "double11-data", Role: campaignbot.RoleEditor},
		})
		if err != nil {
			t.Fatal(err)
		}
		data := configured.Folder
		if err := kb.Grant(ctx, data.ID, campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: "bob", Role: campaignbot.RoleViewer}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, kb.Grant(ctx, data.ID, campaignbot.Grant{Kind: "robot", Principal: "x", Role: campaignbot.RoleViewer}), campaignbot.EINVALID)
		wantCode(t, kb.Grant(ctx, 9999, campaignbot.Grant{Kind: campaignbot.PrincipalUser, Principal: "x", Role: campaignbot.RoleViewer}), campaignbot.ENOTFOUND)
		// Reconfiguring replaces config grants and keeps chat grants.
		if _, err := kb.ConfigureFolder(ctx, "T1", "Double 11/Data", true, []campaignbot.Grant{
			{Kind: campaignbot.PrincipalUser, Principal: "chen.jie", Role: campaignbot.RoleEditor},
		}); err != nil {
			t.Fatal(err)
		}
		folders, err := kb.Folders(ctx, "T1")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range folders {
			for _, g := range f.Grants {
				got = append(got, fmt.Sprintf("%s:%s:%s:%s:%v", f.Path, g.Kind, g.Principal, g.Role, g.FromConfig))
			}
		}
		want := []string{"Double 11/Data:user:bob:viewer:false", "Double 11/Data:user:chen.jie:editor:true"}
		if !slices.Equal(got, want) {
			t.Errorf("grants = %q, want %q", got, want)
		}
		wantCode(t, kb.Revoke(ctx, data.ID, campaignbot.PrincipalUser, "chen.jie"), campaignbot.EFORBIDDEN)
		wantCode(t, kb.Revoke(ctx, data.ID, campaignbot.PrincipalUser, "nobody"), campaignbot.ENOTFOUND)
		if err := kb.Revoke(ctx, data.ID, campaignbot.PrincipalUser, "bob"); err != nil {
			t.Fatal(err)
		}

		// CreateFolder: owner grant, conflicts.
		design, err := kb.CreateFolder(ctx, "T1", "Double 11/Design/Banners", "alice")
		if err != nil || len(design.Grants) != 1 || design.Grants[0].Role != campaignbot.RoleOwner {
			t.Fatalf("CreateFolder = %+v, %v", design, err)
		}
		_, err = kb.CreateFolder(ctx, "T1", "Double 11/Design/Banners", "alice")
		wantCode(t, err, campaignbot.ECONFLICT)

		// MoveFolder: cycles, conflicts, missing parents, and the move.
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Double 11", To: "Double 11/Design/Banners/Loop"})
		wantCode(t, err, campaignbot.EINVALID)
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Double 11/Design", To: "Double 11/Design"})
		wantCode(t, err, campaignbot.EINVALID)
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Double 11/Design", To: "Double 11/Data"})
		wantCode(t, err, campaignbot.ECONFLICT)
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Double 11/Design", To: "Nowhere/Design"})
		wantCode(t, err, campaignbot.ENOTFOUND)
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Nope", To: "Other"})
		wantCode(t, err, campaignbot.ENOTFOUND)
		banner := put(t, kb, design, "hero.psd", "hero")
		if _, err := kb.EnsureFolder(ctx, "T1", "618"); err != nil {
			t.Fatal(err)
		}
		moved, err := kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "Double 11/Design", To: "618/Design"})
		if err != nil || moved.Folder.Path != "618/Design" {
			t.Fatalf("MoveFolder = %+v, %v", moved, err)
		}
		if f, err := kb.FindFolder(ctx, "T1", "618/Design/Banners"); err != nil || f.ID != design.ID {
			t.Errorf("subfolder after move = %+v, %v", f, err)
		}
		if f, _ := kb.FindFile(ctx, "T1", banner.ID); f.FolderID == nil || *f.FolderID != design.ID {
			t.Errorf("file left its folder: %+v", f)
		}

		// ArchiveFolder freezes the subtree.
		n, err := kb.ArchiveFolder(ctx, "T1", "618")
		if err != nil || n != 3 {
			t.Fatalf("ArchiveFolder = %d, %v", n, err)
		}
		_, err = kb.CreateFolder(ctx, "T1", "618/Design/New", "alice")
		wantCode(t, err, campaignbot.EFORBIDDEN)
		_, err = kb.TrashFile(ctx, "T1", banner.ID, "alice")
		wantCode(t, err, campaignbot.EFORBIDDEN)
		_, err = kb.MoveFolder(ctx, "T1", campaignbot.FolderMove{From: "618/Design", To: "Design"})
		wantCode(t, err, campaignbot.EFORBIDDEN)
		_, err = kb.ArchiveFolder(ctx, "T1", "Nope")
		wantCode(t, err, campaignbot.ENOTFOUND)
	})
}

func TestFileOperations(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		planning, _ := kb.EnsureFolder(ctx, "T1", "Double 11/Planning")
		review, _ := kb.EnsureFolder(ctx, "T1", "Double 11/Review")
		v1 := put(t, kb, planning, "plan.md", "plan v1")
		v2 := put(t, kb, planning, "plan.md", "plan v2")
		loose := put(t, kb, nil, "plan.md", "plan v3", func(f *campaignbot.File) { f.MessageTS = "17.1" })
		if v2.Version != 2 || loose.Version != 1 {
			t.Fatalf("versions %d, %d", v2.Version, loose.Version)
		}
		// Filing an unfiled entry makes it the next version there.
		filed, err := kb.FileInto(ctx, "T1", loose.ID, planning.ID, "li.na", "Plan, final", []string{"final", "plan"})
		if err != nil || filed.Version != 3 || filed.SavedBy != "li.na" || filed.Title != "Plan, final" || !slices.Equal(filed.Tags, []string{"final", "plan"}) || filed.MessageTS != "17.1" {
			t.Fatalf("FileInto = %+v, %v", filed, err)
		}
		same := put(t, kb, nil, "plan.md", "plan v3")
		_, err = kb.FileInto(ctx, "T1", same.ID, planning.ID, "li.na", "", nil)
		wantCode(t, err, campaignbot.ECONFLICT)
		_, err = kb.FileInto(ctx, "T1", 999, planning.ID, "li.na", "", nil)
		wantCode(t, err, campaignbot.ENOTFOUND)

		// MoveFile moves every version; a name clash refuses.
		if _, err := kb.MoveFile(ctx, "T1", v1.ID, review.ID); err != nil {
			t.Fatal(err)
		}
		inReview, _ := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", FolderID: &review.ID})
		if len(inReview) != 3 {
			t.Errorf("%d files moved, want 3", len(inReview))
		}
		other := put(t, kb, planning, "plan.md", "another plan")
		_, err = kb.MoveFile(ctx, "T1", other.ID, review.ID)
		wantCode(t, err, campaignbot.ECONFLICT)

		// RenameFile renames every version, refuses clashes and bad names.
		renamed, err := kb.RenameFile(ctx, "T1", v2.ID, "双11方案.md")
		if err != nil || renamed.Name != "双11方案.md" {
			t.Fatalf("RenameFile = %+v, %v", renamed, err)
		}
		if f, _ := kb.FindFile(ctx, "T1", v1.ID); f.Name != "双11方案.md" {
			t.Errorf("older version not renamed: %q", f.Name)
		}
		for _, bad := range []string{"../x.md", "a/b.md", "x\x01.md", string(make([]rune, 300))} {
			_, err = kb.RenameFile(ctx, "T1", v2.ID, bad)
			wantCode(t, err, campaignbot.EINVALID)
		}
		put(t, kb, review, "notes.md", "notes")
		_, err = kb.RenameFile(ctx, "T1", v2.ID, "notes.md")
		wantCode(t, err, campaignbot.ECONFLICT)

		// Tags and title.
		tags := []string{" #coupon ", "banner", "Banner", ""}
		tagged, err := kb.UpdateFile(ctx, "T1", v2.ID, campaignbot.FileUpdate{Tags: &tags, Title: "Coupon plan"})
		if err != nil || !slices.Equal(tagged.Tags, []string{"coupon", "banner"}) || tagged.Title != "Coupon plan" {
			t.Fatalf("UpdateFile = %+v, %v", tagged, err)
		}

		// Recycle bin.
		counts, _ := kb.CountFiles(ctx, "T1", "")
		// Files, not versions: plan.md (three versions) and notes.md.
		if counts[review.ID] != 2 || counts[planning.ID] != 1 || counts[0] != 1 {
			t.Errorf("counts = %v", counts)
		}
		trashed, err := kb.TrashFile(ctx, "T1", v2.ID, "alice")
		if err != nil || trashed.DeletedAt.IsZero() || trashed.DeletedBy != "alice" {
			t.Fatalf("TrashFile = %+v, %v", trashed, err)
		}
		_, err = kb.TrashFile(ctx, "T1", v2.ID, "alice")
		wantCode(t, err, campaignbot.ENOTFOUND)
		if counts, _ := kb.CountFiles(ctx, "T1", ""); counts[review.ID] != 2 {
			t.Errorf("plan.md with two live versions left not counted once: %v", counts)
		}
		bin, _ := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", Trashed: true})
		if len(bin) != 1 || bin[0].ID != v2.ID {
			t.Errorf("trash = %+v", bin)
		}
		_, err = kb.RestoreFile(ctx, "T1", v2.ID, time.Now().Add(time.Hour))
		wantCode(t, err, campaignbot.ENOTFOUND)
		if f, err := kb.RestoreFile(ctx, "T1", v2.ID, time.Now().Add(-campaignbot.TrashRetention)); err != nil || !f.DeletedAt.IsZero() {
			t.Fatalf("RestoreFile = %+v, %v", f, err)
		}
		kb.TrashFile(ctx, "T1", v2.ID, "alice")
		if n, err := kb.PurgeTrash(ctx, "T1", time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Errorf("PurgeTrash of fresh = %d, %v", n, err)
		}
		if n, err := kb.PurgeTrash(ctx, "T1", time.Now().Add(time.Hour)); err != nil || n != 1 {
			t.Errorf("PurgeTrash = %d, %v", n, err)
		}
		_, err = kb.FindFile(ctx, "T1", v2.ID)
		wantCode(t, err, campaignbot.ENOTFOUND)

		// Files by message.
		byMsg, _ := kb.FindFiles(ctx, campaignbot.FileFilter{Workspace: "T1", Channel: "C1", MessageTS: "17.1"})
		if len(byMsg) != 1 || byMsg[0].ID != loose.ID {
			t.Errorf("by message = %+v", byMsg)
		}
	})
}
