package handlers_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// Regression tests of the second attack on the knowledge base (branch
// attack-kb): each failed before its fix, showing a way a non-member
// learnt of, or got at, a restricted folder's files.

// withDeclared returns e's config with one more folder declared.
func (e *kbEnv) withDeclared(f config.Folder) *config.Config {
	cfg := *e.cfg
	cfg.KnowledgeBase.Folders = append(append([]config.Folder(nil), cfg.KnowledgeBase.Folders...), f)
	return &cfg
}

// reload makes the bot load its config again, as a restart or a change
// of the file does.
func (e *kbEnv) reload() {
	cfg := *e.cfg
	e.cfg = &cfg
}

// TestMoveLeavesHiddenFoldersInPlace: alice, who may not see Double
// 11/Data, renames its open parent. Only what she sees moves: the
// restricted folder stays where the config put it, the reply is the one
// she would get without it, and the data channel's next file is filed
// there, restricted (finding 1).
func TestMoveLeavesHiddenFoldersInPlace(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		_, m := e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		want(t, m.Text, "to Double 11/Data")

		want(t, e.cmd(alice, general, "", `rename "Double 11" "Old 11"`), "Moved the folder Double 11 to Old 11.")
		want(t, e.cmd(alice, general, "", "tree"), "Old 11 (", "Planning (")
		want(t, e.cmd(alice, general, "", "ls Double 11"), "There is no folder Double 11.")

		_, m = e.share(lina, dataCh, "", "conversion-1011.csv", "日期,优惠券转化率\n10-11,9.9%\n")
		want(t, m.Text, "to Double 11/Data")
		for _, q := range []string{"ls Double 11/Data", "search 优惠券转化率", "tree", "info 2", "ls Old 11"} {
			wantNot(t, e.cmd(alice, general, "", q), "conversion-1011.csv", "9.9%", "Data (")
		}
		want(t, e.cmd(lina, general, "", "ls Double 11/Data"), "conversion.csv", "conversion-1011.csv", "🔒")
		want(t, e.cmd(lina, general, "", "tree"), "Old 11 (", "Double 11 (", "Data (2)")
	})
}

// TestRestrictedConfigFolderSurvivesRenameRecreateAndReload: after
// renaming the open parent, alice makes "Double 11" herself; she cannot
// make "Double 11/Data", which is still there, and a config reload gives
// her nothing of the members' files (finding 2).
func TestRestrictedConfigFolderSurvivesRenameRecreateAndReload(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		want(t, e.cmd(alice, general, "", `rename "Double 11" "Old 11"`), "Moved the folder")
		want(t, e.cmd(alice, general, "", `mkdir Double 11`), "Created the folder Double 11; you own it.")
		want(t, e.cmd(alice, general, "", `mkdir Double 11/Data`), "You cannot create or move a folder to Double 11/Data.")
		e.reload()
		_, m := e.share(lina, dataCh, "", "conversion-1012.csv", "日期,优惠券转化率\n10-12,4.4%\n")
		want(t, m.Text, "to Double 11/Data")
		for _, q := range []string{"ls Double 11/Data", "search 优惠券转化率", "info 2", "ls Double 11"} {
			wantNot(t, e.cmd(alice, general, "", q), "conversion-1012.csv", "4.4%")
		}
	})
}

// TestConfigRestrictionDropsGrantsMadeInChat: alice makes "Double
// 11/Supplier prices" in chat and owns it; when the config later
// restricts it, grants made while it was open (hers, and those on its
// subfolders) are dropped, while grants made after, by its owners, stay
// (finding 3).
func TestConfigRestrictionDropsGrantsMadeInChat(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Supplier prices"), "Created the folder")
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Supplier prices/2026"), "Created the folder")
		want(t, e.cmd(alice, general, "", "grant Double 11/Supplier prices/2026 @bob viewer"), "@bob is now viewer")
		e.cfg = e.withDeclared(config.Folder{Path: "Double 11/Supplier prices", Restricted: true, Members: []campaignbot.UserID{"li.na", "wang.fang"}})
		for _, u := range []campaignbot.User{alice, bob} {
			want(t, e.cmd(u, general, "", "ls Double 11/Supplier prices"), "There is no folder")
			want(t, e.cmd(u, general, "", "ls Double 11/Supplier prices/2026"), "There is no folder")
		}
		want(t, e.logs.String(), "dropped a grant made in chat: the config restricts the folder workspace=T1 folder=Double 11/Supplier prices kind=user principal=alice role=owner",
			"folder=Double 11/Supplier prices/2026 kind=user principal=bob role=viewer")
		e.share(lina, general, "", "prices.txt", "供应商底价 42 元")
		want(t, e.cmd(lina, general, "", "file 1 Double 11/Supplier prices"), "Saved *prices.txt* to Double 11/Supplier prices")
		wantNot(t, e.cmd(alice, general, "", "search 底价"), "prices.txt")

		// A grant made while it is restricted survives the next reload.
		want(t, e.cmd(wang, general, "", "grant Double 11/Supplier prices @zhang.wei viewer"), "is now viewer")
		e.reload()
		want(t, e.cmd(zhangwei, general, "", "ls Double 11/Supplier prices"), "prices.txt")
		wantNot(t, e.cmd(alice, general, "", "ls Double 11/Supplier prices"), "prices.txt")
	})
}

// TestMoveIntoRestrictedFolderDropsGrantsMadeInChat: a folder alice made
// (and owns) is moved by a member into Double 11/Data: it follows Data's
// members from then on, and the member is told so, in both languages
// (finding 4).
func TestMoveIntoRestrictedFolderDropsGrantsMadeInChat(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Review/Analysis"), "Created the folder")
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Review/Notes"), "Created the folder")
		want(t, e.cmd(lina, dataCh, "", `mv "Double 11/Review/Analysis" "Double 11/Data"`),
			"Moved the folder Double 11/Review/Analysis to Double 11/Data/Analysis. It is inside a restricted folder now: any access granted on it in chat was removed, so it follows that folder's members.")
		e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		want(t, e.cmd(lina, dataCh, "", "mv 1 Double 11/Data/Analysis"), "Moved")
		wantNot(t, e.cmd(alice, general, "", "ls Double 11/Data/Analysis"), "conversion.csv")
		wantNot(t, e.cmd(alice, general, "", "search 优惠券转化率"), "conversion.csv")

		zh := *e.cfg
		zh.Language = campaignbot.Chinese
		e.cfg = &zh
		want(t, e.cmd(lina, dataCh, "", `mv "Double 11/Review/Notes" "Double 11/Data"`), "它现在位于受限文件夹内：之前在聊天中对它授予的权限均已移除")
		// Within the same restricted folder nothing changes.
		wantNot(t, e.cmd(lina, dataCh, "", `mv "Double 11/Data/Notes" "Double 11/Data/Analysis"`), "受限文件夹内")
	})
}

// TestFolderPathsAreUniqueIgnoringCase: alice may not make "Double
// 11/DATA" next to the hidden "Double 11/Data" (she is told what any path
// she may not use answers), so a member typing the path in lower case
// reaches the real folder (finding 5).
func TestFolderPathsAreUniqueIgnoringCase(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n") // #1 Double 11/Data
		e.share(lina, dataCh, "", "报价.txt", "供应商报价 底价 42 元")                   // #2 Private channels/double11-data
		want(t, e.cmd(alice, general, "", "mkdir Double 11/DATA"), "You cannot create or move a folder to Double 11/DATA.")
		want(t, e.cmd(alice, general, "", `mv "Double 11/Review" "double 11/data"`), "You cannot create or move a folder to Double 11/data.")
		want(t, e.cmd(lina, dataCh, "", "ls double 11/data"), "conversion.csv")
		want(t, e.cmd(lina, dataCh, "", "mv 2 double 11/data"), "to Double 11/Data.")
		wantNot(t, e.cmd(alice, general, "", "search 底价"), "报价.txt", "42 元")
		// A visible folder in another case is an ordinary conflict, and a
		// folder may change only its case.
		want(t, e.cmd(alice, general, "", "mkdir double 11/PLANNING"), "The folder Double 11/Planning already exists.")
		want(t, e.cmd(alice, general, "", `rename "Double 11/Review" review`), "Moved the folder Double 11/Review to Double 11/review.")
	})
}

// TestPrivateChannelFolderIsBoundToTheChannel: a private channel's folder
// belongs to the channel's id, not its name (its path carries the id): a
// new channel with the old name of a renamed one gets a folder of its
// own, and the renamed channel's folder follows its new name (finding 6).
func TestPrivateChannelFolderIsBoundToTheChannel(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		real := campaignbot.Channel{ID: "G1", Name: "leaders", Private: true}
		e.chat.Channels = append(e.chat.Channels, real)
		e.chat.Members["G1"] = []campaignbot.UserID{"wang.fang", "li.na"}
		_, m := e.share(lina, real, "", "budget.txt", "promotion budget 供应商底价 42 元")
		want(t, m.Text, "to Private channels/leaders-G1")

		// #leaders is renamed; bob makes a private #leaders of his own.
		real.Name = "leaders-2026"
		fake := campaignbot.Channel{ID: "G2", Name: "leaders", Private: true}
		e.chat.Channels = append(e.chat.Channels, fake)
		e.chat.Members["G2"] = []campaignbot.UserID{"bob"}
		_, m = e.share(bob, fake, "", "hello.txt", "hi")
		want(t, m.Text, "to Private channels/leaders-G2")

		wantNot(t, e.cmd(bob, general, "", "ls Private channels/leaders-G1"), "budget.txt")
		wantNot(t, e.cmd(bob, general, "", "search 供应商底价"), "budget.txt", "42 元")
		want(t, e.cmd(lina, general, "", "ls Private channels/leaders-G1"), "budget.txt")

		// The renamed channel's next share moves its folder to the new name.
		_, m = e.share(lina, real, "", "budget-2.txt", "second budget")
		want(t, m.Text, "to Private channels/leaders-2026-G1")
		want(t, e.cmd(lina, general, "", "ls Private channels/leaders-2026-G1"), "budget.txt", "budget-2.txt")
		want(t, e.cmd(bob, general, "", "ls Private channels/leaders-G2"), "hello.txt")
	})
}

// TestSearchRankingDependsOnlyOnVisibleDocuments: two worlds differ only
// in what one hidden file says; alice's own results come in the same
// order, on both databases (finding 7). Titles and names rank before
// texts, then the newest first.
func TestSearchRankingDependsOnlyOnVisibleDocuments(t *testing.T) {
	for _, backend := range storagetest.Backends() {
		t.Run(backend.Driver, func(t *testing.T) {
			run := func(secret string) string {
				e := newKBEnv(t, backend.Open(t))
				for i := range 6 {
					e.share(alice, general, "", "filler.txt", "nothing to see here "+string(rune('a'+i)))
				}
				e.share(alice, general, "", "a.txt", "kappa zeta zeta zeta zeta")
				e.share(alice, general, "", "b.txt", "kappa kappa kappa kappa zeta")
				e.share(alice, general, "", "zeta-kappa.txt", "named after both")
				e.share(lina, dataCh, "", "supplier.csv", secret)
				return e.cmd(alice, general, "", "search zeta kappa")
			}
			hidden := run("supplier,zeta corp,42\n")
			other := run("supplier,omega ltd,42\n")
			if hidden != other {
				t.Errorf("alice's own results are ranked by what a hidden file contains:\nhidden file says zeta:\n%s\nhidden file says omega:\n%s", hidden, other)
			}
			first, second := strings.Index(hidden, "zeta-kappa.txt"), strings.Index(hidden, "*b.txt*")
			if first < 0 || second < 0 || first > second || strings.Index(hidden, "*a.txt*") < second {
				t.Errorf("want the name match first, then the newest:\n%s", hidden)
			}
		})
	}
}

// TestMoveDepthCountsOnlyWhatMoves: moving the open "Double 11" deep
// answers the same whether or not a member made deep folders in the
// hidden Double 11/Data (finding 8).
func TestMoveDepthCountsOnlyWhatMoves(t *testing.T) {
	run := func(hiddenDeep bool) string {
		e := newKBEnv(t, storagetest.OpenSQLite(t))
		e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		if hiddenDeep {
			e.cmd(lina, dataCh, "", "mkdir Double 11/Data/2026")
			e.cmd(lina, dataCh, "", "mkdir Double 11/Data/2026/Q4")
		}
		p := "a"
		e.cmd(alice, general, "", "mkdir "+p)
		for _, s := range []string{"b", "c", "d", "e", "f", "g"} {
			p += "/" + s
			e.cmd(alice, general, "", "mkdir "+p)
		}
		return e.cmd(alice, general, "", `mv "Double 11" "`+p+`"`)
	}
	hidden, missing := run(true), run(false)
	if hidden != missing {
		t.Errorf("moving Double 11 answers differently when Double 11/Data has hidden subfolders:\nwith:    %s\nwithout: %s", hidden, missing)
	}
	want(t, missing, "Moved the folder Double 11 to a/b/c/d/e/f/g/Double 11.")
}

// TestFileNumbersRevealNoHiddenShares: the number of alice's share is the
// same whether or not the data team shared three restricted files
// meanwhile, in her workspace or another (finding 9). Numbers are picked
// from the entry alone here (storagetest.ContentNumbers), as two worlds
// of random numbers would agree.
func TestFileNumbersRevealNoHiddenShares(t *testing.T) {
	run := func(hidden int, ws campaignbot.WorkspaceID) string {
		e := newKBEnv(t, storagetest.OpenSQLite(t), storage.WithNumbers(storagetest.ContentNumbers))
		e.share(alice, general, "", "monday.txt", "monday notes")
		e.ws = ws
		for i := range hidden {
			e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-1"+string(rune('0'+i))+",3.2%\n")
		}
		e.ws = ""
		_, m := e.share(alice, general, "", "tuesday.txt", "tuesday notes")
		return m.Text
	}
	without := run(0, "")
	for _, ws := range []campaignbot.WorkspaceID{"T1", "T2"} {
		if with := run(3, ws); with != without {
			t.Errorf("alice's reply depends on how many hidden files were shared in %s meanwhile:\nafter 3 hidden shares: %s\nafter none:            %s", ws, with, without)
		}
	}
}

// TestPublicSaveButtonNamesOnlyFoldersTheChannelMayRead: the console
// command of the save button in a message everyone in the channel reads
// suggests only a folder all of them may see (finding 10).
func TestPublicSaveButtonNamesOnlyFoldersTheChannelMayRead(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		pub := campaignbot.Channel{ID: "data-wins", Name: "data-wins"}
		e.chat.Channels = append(e.chat.Channels, pub)
		e.share(lina, general, "", "warmup.txt", "x") // the workspace is set up
		e.chat.Reset()
		e.share(lina, pub, "", "notes.txt", "team notes")
		var buttons int
		for _, said := range e.chat.Said() {
			if said.Kind == "ephemeral" {
				continue
			}
			for _, b := range said.Message.Buttons {
				buttons++
				if strings.Contains(b.Command, "Double 11/Data") && !strings.Contains(b.Command, "Data review") {
					t.Errorf("a message everyone in #%s reads carries %q", pub.Name, b.Command)
				}
			}
		}
		if buttons != 1 {
			t.Errorf("the public offer has %d buttons, want 1", buttons)
		}
	})
}

// TestMkdirOnImplicitPathAnswersLikeMissing: "Finance" exists only as the
// implicit parent of the restricted "Finance/Supplier prices": making it,
// or moving a folder there, answers as for a path that does not exist,
// and the restricted folder stays inside it, hidden (finding 11).
func TestMkdirOnImplicitPathAnswersLikeMissing(t *testing.T) {
	for _, cmd := range []string{"mkdir Finance", "mkdir FINANCE", `mv "Double 11/Review" "Finance"`, `mv "Double 11/Review" "finance"`} {
		t.Run(cmd, func(t *testing.T) {
			run := func(restricted bool) (*kbEnv, string) {
				e := newKBEnv(t, storagetest.OpenSQLite(t))
				if restricted {
					e.cfg = e.withDeclared(config.Folder{Path: "Finance/Supplier prices", Restricted: true, Members: []campaignbot.UserID{"li.na"}})
				}
				want(t, e.cmd(alice, general, "", "ls Finance"), "There is no folder Finance")
				var out []string
				for _, c := range []string{cmd, "tree", "ls Finance", "ls Finance/Supplier prices", "mkdir Finance/Sub"} {
					out = append(out, e.cmd(alice, general, "", c))
				}
				return e, strings.Join(out, "\n")
			}
			e, hidden := run(true)
			_, missing := run(false)
			if hidden != missing {
				t.Errorf("answers differ by whether a hidden folder is there:\nhidden:\n%s\nmissing:\n%s", hidden, missing)
			}
			got := e.cmd(lina, general, "", "tree")
			if !strings.Contains(got, "Supplier prices (0) 🔒") {
				t.Errorf("the restricted folder left its place or its restriction:\n%s", got)
			}
		})
	}
}

// TestMoveOntoHiddenSubfolderIsRefused: a folder whose subfolder would
// land on a folder alice may not see (below a path only hidden folders
// are in) cannot move there, answered like any path she may not use.
func TestMoveOntoHiddenSubfolderIsRefused(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.cfg = e.withDeclared(config.Folder{Path: "Finance/Supplier prices", Restricted: true, Members: []campaignbot.UserID{"li.na"}})
		want(t, e.cmd(alice, general, "", "mkdir Top"), "Created the folder")
		want(t, e.cmd(alice, general, "", "mkdir Top/supplier prices"), "Created the folder")
		want(t, e.cmd(alice, general, "", `rename "Top" "Finance"`), "You cannot create or move a folder to Finance.")
		want(t, e.cmd(alice, general, "", `rename "Top/supplier prices" "Prices"`), "Moved the folder")
		want(t, e.cmd(alice, general, "", `rename "Top" "Finance"`), "Moved the folder Top to Finance.")
	})
}

// TestInheritedRestrictionIsShown: a folder inside a restricted one is
// marked 🔒 and /kb grant does not call it open (finding 12).
func TestInheritedRestrictionIsShown(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		want(t, e.cmd(lina, dataCh, "", "mkdir Double 11/Data/Q4"), "Created the folder")
		wantNot(t, e.cmd(lina, dataCh, "", "grant Double 11/Data/Q4 @bob viewer"), "not restricted", "everyone can already see")
		want(t, e.cmd(lina, dataCh, "", "ls Double 11/Data/Q4"), "🔒")
		want(t, e.cmd(lina, dataCh, "", "tree"), "Q4 (0) 🔒")
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Review/Open"), "Created the folder")
		want(t, e.cmd(alice, general, "", "grant Double 11/Review/Open @bob viewer"), "not restricted")
	})
}

// TestRuleRecreatesDeclaredFolderRestricted: a member moves the
// restricted Double 11/Data away; the next file a rule sends there
// recreates it with the config's restriction and members, never as an
// open folder.
func TestRuleRecreatesDeclaredFolderRestricted(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		want(t, e.cmd(lina, dataCh, "", `rename "Double 11/Data" "Data 2025"`), "Moved the folder Double 11/Data to Double 11/Data 2025.")
		// alice may not take the vacated path: the config declares it
		// restricted, so only admins put a folder there.
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Data"), "You cannot create or move a folder to Double 11/Data.")
		_, m := e.share(lina, dataCh, "", "conversion-1011.csv", "日期,优惠券转化率\n10-11,9.9%\n")
		want(t, m.Text, "to Double 11/Data")
		wantNot(t, e.cmd(alice, general, "", "search 优惠券转化率"), "conversion")
		want(t, e.cmd(alice, general, "", "ls Double 11/Data"), "There is no folder Double 11/Data")
		want(t, e.cmd(zhangwei, general, "", "ls Double 11/Data"), "conversion-1011.csv", "🔒")
	})
}

// TestDirectMessageFilesAreHeldForTheSharer: a file sent to the bot in a
// direct conversation is the sharer's alone until they save it, whatever
// the rules say.
func TestDirectMessageFilesAreHeldForTheSharer(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		dm := campaignbot.Channel{ID: "D1", IsDM: true}
		_, m := e.share(alice, dm, "", "活动方案 plan.md", "my draft plan")
		want(t, m.Text, "Received *活动方案 plan.md* (13 B) as file #1. Pick a folder to save it to.")
		if len(m.Buttons) != 1 {
			t.Errorf("no save button: %+v", m)
		}
		for _, u := range []campaignbot.User{bob, wang} {
			want(t, e.cmd(u, general, "", "info 1"), "There is no file #1.")
			want(t, e.cmd(u, general, "", "search draft"), "Nothing found")
		}
		want(t, e.cmd(alice, general, "", "ls"), "#1 *活动方案 plan.md* 🔒only you, until you save it")
		want(t, e.cmd(alice, general, "", "file 1 Double 11/Planning"), "Saved *活动方案 plan.md* to Double 11/Planning (file #1).")
	})
}

// shareShape matches what tells two share replies apart besides their
// wording: the name, the size and the number.
var shareShape = regexp.MustCompile(`\*[^*]+\*|\([^)]*\)|（[^）]*）|#\d+`)

// TestHeldShareReadsLikeUnmatchedShare: a file a rule sends to a folder
// the sharer may not edit is answered in the words of a file no rule
// matches, so the reply does not tell which names go to restricted
// folders.
func TestHeldShareReadsLikeUnmatchedShare(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		cfg := *e.cfg
		cfg.KnowledgeBase.Rules = append([]config.FilingRule{{Keywords: []string{"供应商"}, Folder: "Double 11/Data"}}, cfg.KnowledgeBase.Rules...)
		e.cfg = &cfg
		for _, lang := range campaignbot.Languages {
			cfg := *e.cfg
			cfg.Language = lang
			e.cfg = &cfg
			_, held := e.share(alice, general, "", "供应商.txt", "routed "+string(lang))
			_, unmatched := e.share(alice, general, "", "随记.txt", "matches no rule "+string(lang))
			// The name, size and number differ; nothing else may.
			h := shareShape.ReplaceAllString(held.Text, "X")
			u := shareShape.ReplaceAllString(unmatched.Text, "X")
			if h != u {
				t.Errorf("%s: held share reads\n%s\nunmatched share reads\n%s", lang, held.Text, unmatched.Text)
			}
		}
	})
}
