package handlers_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// These tests each close one way a restricted file's name, bytes, size,
// count or existence reached someone without access (issue 10). Each one
// failed before its fix.

// shortcut runs the "Save to knowledge base" shortcut as u on a message of
// ch with one file, and returns the form it opened, if any.
func (e *kbEnv) shortcut(u campaignbot.User, ch campaignbot.Channel, ts, name, content string) []bot.Form {
	e.t.Helper()
	id := "S-" + ts + "-" + name
	e.chat.Files[id] = []byte(content)
	e.chat.Reset()
	before := len(e.chat.Forms())
	e.r.HandleShortcut(context.Background(), e.chat, &bot.Shortcut{Workspace: e.workspace(), CallbackID: handlers.ShortcutSave, User: u, Channel: ch, TriggerID: "trigger-" + ts,
		Message: &bot.Message{Workspace: e.workspace(), TS: ts, User: u, Channel: ch, Files: []bot.SharedFile{{ID: id, Name: name, Size: int64(len(content))}}}})
	e.indexer.Wait()
	return e.chat.Forms()[before:]
}

// TestShortcutHoldsFilesForTheSaver: files the shortcut receives while its
// form is open are the saver's alone, and stay so when the form is
// cancelled (leak 1).
func TestShortcutHoldsFilesForTheSaver(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		forms := e.shortcut(lina, dataCh, "700.1", "供应商报价.txt", "supplier price list 供应商底价 42 元")
		if len(forms) != 1 {
			t.Fatalf("the shortcut opened %d forms: %v", len(forms), e.chat.Texts())
		}
		// The form is cancelled: nothing is submitted.
		for _, u := range []campaignbot.User{alice, bob, zhangwei, wang} {
			wantNot(t, e.cmd(u, general, "", "ls"), "供应商报价")
			wantNot(t, e.cmd(u, general, "", "tree"), "Unfiled")
			want(t, e.cmd(u, general, "", "search 供应商底价"), "Nothing found")
			want(t, e.cmd(u, general, "", "info 1"), "There is no file #1.")
		}
		// The saver still has it and can file it later.
		want(t, e.cmd(lina, general, "", "ls"), "#1 *供应商报价.txt* 🔒only you, until you save it")
		want(t, e.cmd(lina, general, "", "info 1"), "Folder: (unfiled; only you can see it until you save it)")
		want(t, e.cmd(lina, general, "", "search 供应商底价"), "供应商报价.txt")
		want(t, e.cmd(lina, general, "", "file 1 Double 11/Data"), "Saved *供应商报价.txt* to Double 11/Data (file #1).")
		want(t, e.cmd(zhangwei, general, "", "search 供应商底价"), "供应商报价.txt")
		want(t, e.cmd(alice, general, "", "search 供应商底价"), "Nothing found")
	})
}

// TestPrivateChannelFilesStayRestricted: a keyword rule does not carry a
// file from a private channel into an open folder (leak 2).
func TestPrivateChannelFilesStayRestricted(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		_, m := e.share(lina, dataCh, "", "报名转化数据.csv", "渠道,报名转化率\n直播,7.9%\n")
		want(t, m.Text, "to Double 11/Data")
		_, m = e.share(lina, dataCh, "", "报名表.txt", "报名表 内部")
		want(t, m.Text, "to Private channels/double11-data")
		for _, q := range []string{"search 报名", "ls Double 11/Registration", "tree"} {
			wantNot(t, e.cmd(alice, general, "", q), "报名转化数据", "报名表.txt", "Registration (1)", "Registration (2)")
		}
		want(t, e.cmd(zhangwei, general, "", "search 报名"), "报名转化数据.csv", "报名表.txt")

		// A restricted folder all of whose readers are in the channel may
		// take its files; one with other readers may not.
		cfg := *e.cfg
		cfg.KnowledgeBase.Folders = append(cfg.KnowledgeBase.Folders, config.Folder{Path: "Board", Restricted: true, Members: []campaignbot.UserID{"wang.fang", "li.na"}})
		cfg.KnowledgeBase.Rules = append(cfg.KnowledgeBase.Rules, config.FilingRule{Keywords: []string{"董事会"}, Folder: "Board"})
		e.cfg = &cfg
		_, m = e.share(lina, leaders, "", "董事会纪要.txt", "minutes")
		want(t, m.Text, "to Board")
		_, m = e.share(lina, dataCh, "", "董事会摘要.txt", "summary")
		want(t, m.Text, "to Private channels/double11-data")
		want(t, e.cmd(zhangwei, general, "", "ls Private channels/double11-data"), "董事会摘要.txt")
		want(t, e.cmd(zhangwei, general, "", "ls Board"), "There is no folder Board")
	})
}

// normalized replaces each of paths in s by PATH.
func normalized(s string, paths ...string) string {
	for _, p := range paths {
		s = strings.ReplaceAll(s, p, "PATH")
	}
	return s
}

// TestWriteCommandsDoNotRevealHiddenFolders: mkdir, mv, rename and tree
// answer for a hidden folder as for one that does not exist or that the
// user may not use (leak 3).
func TestWriteCommandsDoNotRevealHiddenFolders(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.share(wang, leaders, "", "budget.txt", "promotion budget")
		e.cmd(lina, general, "", "mkdir Double 11/Data/Supplier prices")

		for _, u := range []campaignbot.User{alice, bob} {
			tree := e.cmd(u, general, "", "tree")
			wantNot(t, tree, "Private channels", "Data (", "Supplier")
			// Under a hidden folder as under a missing one.
			hidden := e.cmd(u, general, "", "mkdir Double 11/Data/Supplier prices/Mine")
			missing := e.cmd(u, general, "", "mkdir Double 11/Nowhere/Mine")
			if normalized(hidden, "Double 11/Data/Supplier prices") != normalized(missing, "Double 11/Nowhere") {
				t.Errorf("%s: mkdir under a hidden folder answered\n%s\nunder a missing one\n%s", u.ID, hidden, missing)
			}
			hidden = e.cmd(u, general, "", `mv "Double 11/Data/Supplier prices" "Double 11/Review"`)
			missing = e.cmd(u, general, "", `mv "Double 11/Nowhere/Supplier prices" "Double 11/Review"`)
			if normalized(hidden, "Double 11/Data") != normalized(missing, "Double 11/Nowhere") {
				t.Errorf("%s: mv from a hidden folder answered\n%s\nfrom a missing one\n%s", u.ID, hidden, missing)
			}
			// Onto a hidden folder as onto any path the user may not use.
			for _, tt := range []struct{ hidden, reserved string }{
				{`mv "Double 11/Review" "Double 11/Data"`, `mv "Double 11/Review" "Private channels/new"`},
				{`rename "Double 11/Review" Data`, `rename "Double 11" "Private channels"`},
				{"mkdir Double 11/Data", "mkdir Private channels/new"},
			} {
				hidden := e.cmd(u, general, "", tt.hidden)
				reserved := e.cmd(u, general, "", tt.reserved)
				wantNot(t, hidden, "already exists")
				if normalized(hidden, "Double 11/Data") != normalized(reserved, "Private channels/new", "Private channels") {
					t.Errorf("%s: %s answered\n%s\nbut %s answered\n%s", u.ID, tt.hidden, hidden, tt.reserved, reserved)
				}
			}
			want(t, e.cmd(u, general, "", "ls Private channels"), "There is no folder Private channels")
		}
		want(t, e.cmd(lina, general, "", "tree"), "Private channels (0)", "leaders (1)", "Supplier prices (0)")
	})
}

// TestIdenticalBytesDoNotRevealHiddenFiles: a share is called a re-share
// only when the sharer can see an earlier copy (leak 4).
func TestIdenticalBytesDoNotRevealHiddenFiles(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		secret := "日期,优惠券转化率\n10-10,3.2%\n"
		e.share(lina, dataCh, "", "conversion.csv", secret)
		_, m := e.share(alice, general, "", "copy.csv", secret)
		wantNot(t, m.Text, "shared before", "stored once")
		wantNot(t, e.cmd(alice, general, "", "info 2"), "Re-share", "shared before")
		_, m = e.share(lina, general, "", "mine.csv", secret)
		want(t, m.Text, "The same file was shared before")
		want(t, e.cmd(lina, general, "", "info 3"), "Re-share")
	})
}

// TestRulesFileIntoRestrictedFoldersOnlyForEditors: a filing rule never
// lets a non-member write into a restricted folder or learn what is in it
// (leak 5).
func TestRulesFileIntoRestrictedFoldersOnlyForEditors(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		cfg := *e.cfg
		cfg.KnowledgeBase.Rules = append([]config.FilingRule{{Keywords: []string{"供应商"}, Folder: "Double 11/Data"}}, cfg.KnowledgeBase.Rules...)
		e.cfg = &cfg
		// Neither reply is said in #general: one names a restricted folder,
		// the other an entry held for its sharer.
		privately := func(u campaignbot.User) {
			t.Helper()
			for _, said := range e.chat.Said() {
				if said.Kind != "ephemeral" || said.User != u.ID {
					t.Errorf("said in the channel: %+v", said)
				}
			}
		}
		_, m := e.share(lina, general, "", "供应商报价.csv", "v1 prices")
		want(t, m.Text, "Saved *供应商报价.csv* (9 B) to Double 11/Data (file #1).")
		privately(lina)
		_, m = e.share(alice, general, "", "供应商报价.csv", "my guess at the prices")
		wantNot(t, m.Text, "Double 11/Data", "version", "Saved")
		want(t, m.Text, "Received *供应商报价.csv* (22 B) as file #2. Pick a folder to save it to.")
		privately(alice)
		want(t, e.cmd(lina, general, "", "ls Double 11/Data"), "#1 *供应商报价.csv*")
		wantNot(t, e.cmd(lina, general, "", "ls Double 11/Data"), "#2")
		want(t, e.cmd(lina, general, "", "info 2"), "There is no file #2.")
		want(t, e.cmd(alice, general, "", "ls"), "#2 *供应商报价.csv*")
		want(t, e.cmd(alice, general, "", "info 2"), "Version: 1")
	})
}

// blobFiles lists the files of the blob store's content area.
func blobFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(filepath.Join(dir, "sha256"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, d.Name())
		}
		return nil
	})
	return out
}

// sum is the hex SHA-256 of s, the name of its blob.
func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// TestPurgeFreesBytes: purging the recycle bin deletes the bytes no entry
// references any more, and keeps bytes other entries share (leak 6).
func TestPurgeFreesBytes(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.share(alice, general, "", "notes.txt", "kickoff notes")
		e.share(bob, general, "", "agenda.txt", "agenda for kickoff")
		e.share(bob, design, "", "same-agenda.txt", "agenda for kickoff")
		if n := len(blobFiles(t, e.blobDir)); n != 2 {
			t.Fatalf("%d blobs stored, want 2", n)
		}
		want(t, e.cmd(alice, general, "", "rm 1"), "recycle bin")
		want(t, e.cmd(bob, general, "", "rm 2"), "recycle bin")
		e.clock = time.Now().Add(campaignbot.TrashRetention + 2*time.Hour)
		want(t, e.cmd(alice, general, "", "trash"), "The recycle bin is empty.")
		if got := blobFiles(t, e.blobDir); len(got) != 1 || got[0] != sum("agenda for kickoff") {
			t.Errorf("blobs after the purge: %q, want only the agenda, which #3 still uses", got)
		}
		want(t, e.cmd(bob, general, "", "info 3"), "same-agenda.txt")
	})
}

// TestRepliesNameRestrictedFoldersOnlyToWhoMaySee: a member working on a
// restricted folder from an open channel is answered privately, so the
// channel does not learn the folder's name or what is in it; work on open
// folders, or in a channel the folder is granted to, is answered in the
// channel as before.
func TestRepliesNameRestrictedFoldersOnlyToWhoMaySee(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.share(bob, general, "", "agenda.txt", "agenda")
		e.share(bob, general, "", "brief.txt", "brief")
		e.share(lina, dataCh, "", "minutes.txt", "minutes") // makes Private channels/double11-data
		kind := func(u campaignbot.User, ch campaignbot.Channel, args, wantText string) string {
			t.Helper()
			got := e.cmd(u, ch, "", args)
			want(t, got, wantText)
			said := e.chat.Said()
			if len(said) != 1 {
				t.Fatalf("%s said %d messages", args, len(said))
			}
			return said[0].Kind
		}
		for _, tt := range []struct {
			user     campaignbot.User
			ch       campaignbot.Channel
			args     string
			said     string
			wantKind string
		}{
			{lina, general, "mkdir Double 11/Data/Q4", "Created the folder Double 11/Data/Q4", "ephemeral"},
			{lina, general, "file 1 Double 11/Data", "Saved *agenda.txt* to Double 11/Data", "ephemeral"},
			{lina, general, "rename 1 agenda-q4.txt", "Renamed *agenda.txt*", "ephemeral"},
			{lina, general, "mv 1 Double 11/Data/Q4", "Moved *agenda-q4.txt*", "ephemeral"},
			{lina, general, `rename "Double 11/Data/Q4" Q1`, "Moved the folder Double 11/Data/Q4", "ephemeral"},
			{lina, general, "rm 1", "Moved #1 *agenda-q4.txt* to the recycle bin", "ephemeral"},
			{lina, general, "restore 1", "Restored #1 *agenda-q4.txt* to Double 11/Data/Q1", "ephemeral"},
			{wang, general, "archive Double 11/Data/Q1", "Archived Double 11/Data/Q1", "ephemeral"},
			{lina, dataCh, "mkdir Private channels/double11-data/Q2", "Created the folder", "send"},
			{lina, dataCh, "mkdir Double 11/Data/Q3", "Created the folder Double 11/Data/Q3", "send"},
			{alice, general, "mkdir Campaign 618", "Created the folder Campaign 618", "send"},
			{alice, general, "file 2 Campaign 618", "Saved *brief.txt* to Campaign 618", "send"},
			{wang, general, "archive Campaign 618", "Archived Campaign 618 (1 folder", "send"}, // "1 folder)" once the catalogs count in English
			{wang, general, "archive Double 11", "Archived Double 11 (", "ephemeral"},          // the count includes Data
		} {
			if got := kind(tt.user, tt.ch, tt.args, tt.said); got != tt.wantKind {
				t.Errorf("%s in #%s was answered by %s, want %s", tt.args, tt.ch.Name, got, tt.wantKind)
			}
		}
	})
}

// TestTrashListsWhatTheUserMaySee: entries the user may not see never
// crowd theirs out of the recycle bin's pages nor show in its counts: the
// bin is filtered by permission in the query, then paged.
func TestTrashListsWhatTheUserMaySee(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		var mine []string
		for i := range 52 {
			mine = append(mine, fmt.Sprintf("mine-%02d.txt", i), fmt.Sprintf("alice's notes %d", i))
		}
		e.share(alice, general, "", mine...)
		for i := range 52 {
			want(t, e.cmd(alice, general, "", fmt.Sprintf("rm %d", i+1)), "recycle bin")
		}
		var secrets []string
		for i := range 101 {
			secrets = append(secrets, fmt.Sprintf("secret-%03d.csv", i), fmt.Sprintf("figures %d", i))
		}
		e.share(lina, dataCh, "", secrets...)
		for i := range 101 {
			want(t, e.cmd(lina, general, "", fmt.Sprintf("rm %d", i+53)), "recycle bin")
		}
		tests := []struct {
			lang          campaignbot.Language
			args          string
			want, wantNot []string
			rows          int
		}{
			{campaignbot.English, "trash", []string{"*mine-51.txt*", "Files 1–50 of 52. 2 more: /kb trash page 2"}, []string{"secret-", "mine-01"}, 50},
			{campaignbot.English, "trash page 2", []string{"#1 *mine-00.txt*", "#2 *mine-01.txt*", "Files 51–52 of 52."}, []string{"secret-", "more"}, 2},
			{campaignbot.Chinese, "trash", []string{"第 1–50 个文件，共 52 个。 还有 2 个：/kb trash page 2"}, []string{"secret-"}, 50},
			{campaignbot.English, "trash page 4", []string{"There is no page 4: 52 files make 2 pages."}, nil, 0},
			{campaignbot.English, "trash everything", []string{"Usage: /kb trash [page N]"}, nil, 0},
		}
		for _, tt := range tests {
			e.cfg = withLanguage(e.cfg, tt.lang)
			got := e.cmd(alice, general, "", tt.args)
			want(t, got, tt.want...)
			wantNot(t, got, tt.wantNot...)
			if n := strings.Count(got, "\n#"); n != tt.rows {
				t.Errorf("/kb %s: %d rows, want %d:\n%s", tt.args, n, tt.rows, got)
			}
		}
		// li.na, who may see both, pages through all of them.
		e.cfg = withLanguage(e.cfg, campaignbot.English)
		want(t, e.cmd(lina, general, "", "trash"), "Files 1–50 of 153. 103 more: /kb trash page 2")
	})
}
