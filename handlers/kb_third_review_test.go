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

// Findings of the third review of the knowledge base: each of these once
// let a restricted file's bytes, name or existence reach someone without
// access through the mechanisms added after the second review.

// numberRE matches file numbers, which differ between twin worlds here.
var numberRE = regexp.MustCompile(`#\d+`)

// TestDeclaredRestrictedPathIsForAdminsOnly: alice is a member
// of one restricted folder (Finance/Supplier prices, with li.na) and not
// of Double 11/Data. A Data member renames Data away (the case
// TestRuleRecreatesDeclaredFolderRestricted covers for an open folder);
// alice moves her restricted folder onto the vacated path. restoreDeclared
// sees a restricted, non-implicit folder at the declared path and keeps
// it, grants and all, so the data channel's next file is filed into a
// folder alice reads, and Data's own readers (zhang.wei, by the channel)
// cannot.
func TestDeclaredRestrictedPathIsForAdminsOnly(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.cfg = e.withDeclared(config.Folder{Path: "Finance/Supplier prices", Restricted: true, Members: []campaignbot.UserID{"li.na", "alice"}})
		e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		want(t, e.cmd(lina, dataCh, "", `rename "Double 11/Data" "Data 2025"`), "Moved the folder Double 11/Data to Double 11/Data 2025.")

		want(t, e.cmd(alice, general, "", `mv "Finance/Supplier prices" "Double 11/Data"`), "You cannot create or move a folder to Double 11/Data.")

		_, m := e.share(lina, dataCh, "", "conversion-1011.csv", "日期,优惠券转化率\n10-11,9.9%\n")
		want(t, m.Text, "to Double 11/Data")
		for _, q := range []string{"ls Double 11/Data", "search 优惠券转化率", "tree"} {
			wantNot(t, e.cmd(alice, general, "", q), "conversion-1011.csv", "9.9%")
		}
		// The config says the data channel's members read Double 11/Data.
		want(t, e.cmd(zhangwei, general, "", "ls Double 11/Data"), "conversion-1011.csv")
	})
}

// TestPrivateChannelFolderNameIgnoresHiddenFolders: bob makes a
// private channel and shares a file in it. Whether his folder is called
// "Private channels/leaders" or "Private channels/leaders-G2" tells him
// whether a folder he may not see (the folder of a renamed private
// channel, or one an admin made) holds that path.
func TestPrivateChannelFolderNameIgnoresHiddenFolders(t *testing.T) {
	run := func(hidden bool) string {
		e := newKBEnv(t, storagetest.OpenSQLite(t))
		e.share(alice, general, "", "warmup.txt", "x")
		if hidden {
			// A private #board shared a file; it was renamed since.
			real := campaignbot.Channel{ID: "G1", Name: "board", Private: true}
			e.chat.Channels = append(e.chat.Channels, real)
			e.chat.Members["G1"] = []campaignbot.UserID{"wang.fang", "li.na"}
			e.share(lina, real, "", "minutes.txt", "board minutes")
			e.chat.Channels[len(e.chat.Channels)-1].Name = "board-2025"
		}
		mine := campaignbot.Channel{ID: "G2", Name: "board", Private: true}
		e.chat.Channels = append(e.chat.Channels, mine)
		e.chat.Members["G2"] = []campaignbot.UserID{"bob"}
		_, m := e.share(bob, mine, "", "hello.txt", "hi")
		return numberRE.ReplaceAllString(m.Text+"\n"+e.cmd(bob, general, "", "tree"), "#N")
	}
	hidden, missing := run(true), run(false)
	if hidden != missing {
		t.Errorf("bob's share in his private #board answers differently when a hidden folder holds Private channels/board:\nhidden:  %s\nmissing: %s", hidden, missing)
	}
}

// TestRenamedChannelFolderIgnoresHiddenFolders: li.na's private
// channel is renamed to "board"; whether her folder follows the new name
// tells her whether a folder she may not see holds Private
// channels/board.
func TestRenamedChannelFolderIgnoresHiddenFolders(t *testing.T) {
	run := func(hidden bool) string {
		e := newKBEnv(t, storagetest.OpenSQLite(t))
		mine := campaignbot.Channel{ID: "G3", Name: "ops", Private: true}
		e.chat.Channels = append(e.chat.Channels, mine)
		e.chat.Members["G3"] = []campaignbot.UserID{"li.na", "bob"}
		e.share(lina, mine, "", "a.txt", "a")
		if hidden {
			other := campaignbot.Channel{ID: "G1", Name: "board", Private: true}
			e.chat.Channels = append(e.chat.Channels, other)
			e.chat.Members["G1"] = []campaignbot.UserID{"wang.fang"}
			e.share(wang, other, "", "minutes.txt", "board minutes")
			e.chat.Channels[len(e.chat.Channels)-1].Name = "board-2025"
		}
		for i := range e.chat.Channels {
			if e.chat.Channels[i].ID == "G3" {
				e.chat.Channels[i].Name = "board"
			}
		}
		mine.Name = "board"
		_, m := e.share(lina, mine, "", "b.txt", "b")
		return numberRE.ReplaceAllString(m.Text, "#N")
	}
	hidden, missing := run(true), run(false)
	if hidden != missing {
		t.Errorf("li.na's renamed channel's share answers differently when a hidden folder holds Private channels/board:\nhidden:  %s\nmissing: %s", hidden, missing)
	}
}

// TestSaveFormSuggestsTheChannelsOwnFolder: alice makes an open
// folder "Double 11/Dat" (tree order puts it before "Double 11/Data",
// and "dat" is in the channel name "double11-data"). li.na opens the
// "Save to knowledge base" shortcut on a message in the private data
// channel: the form's picker comes pre-set to alice's open folder, and
// saving as offered moves the secret file where everyone reads it.
func TestSaveFormSuggestsTheChannelsOwnFolder(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		ts, _ := e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Dat"), "Created the folder")
		forms := e.shortcut(lina, dataCh, ts, "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n")
		if len(forms) != 1 {
			t.Fatalf("no form: %v", e.chat.Texts())
		}
		picked := forms[0].Fields[0].Initial
		if picked != "Double 11/Data" {
			t.Errorf("the form for a file of #double11-data comes pre-set to %q", picked)
		}
		e.submit(lina, forms[0].PrivateValue, map[string]string{"folder": picked})
		wantNot(t, e.cmd(alice, general, "", "search 优惠券转化率"), "conversion.csv", "3.2%")
	})
}

// TestPickerMarksRestrictedFoldersAndNamesLookAsTheyAre: alice tries to make an
// open folder whose path differs from the restricted "Double 11/Data" by
// an invisible character (refused: names must look like what they are)
// or by a look-alike letter (Cyrillic а). li.na's folder picker marks the
// restricted one 🔒, so the two never read alike.
func TestPickerMarksRestrictedFoldersAndNamesLookAsTheyAre(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Data\u200b"), "invisible characters")
		want(t, e.cmd(alice, general, "", "mkdir Double 11/D\u0430ta"), "Created the folder")
		opts := e.suggest(lina, `{"files":[1]}`, "ta")
		seen := map[string]int{}
		for _, o := range opts {
			seen[strings.ReplaceAll(o.Label, "\u0430", "a")]++
		}
		if seen["Double 11/Data"] > 1 {
			t.Errorf("the picker offers %d options that read \"Double 11/Data\": %+v", seen["Double 11/Data"], opts)
		}
		if seen["Double 11/Data 🔒"] != 1 {
			t.Errorf("the restricted folder is not marked in the picker: %+v", opts)
		}
	})
}

// TestChannelNamedLikeAnIDHearsNoRestrictedReplies: the folder of
// the private channel G1 is granted to the channel id "G1". bob makes a
// public channel *named* "g1" (a legal Slack name). Readers.IncludeChannel
// takes a grant's principal for the channel's id or, ignoring case, its
// name, so a reply about the private channel's folder given in bob's
// public channel is said to everyone there: its folder and file names.
func TestChannelNamedLikeAnIDHearsNoRestrictedReplies(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		real := campaignbot.Channel{ID: "G1", Name: "exec", Private: true}
		e.chat.Channels = append(e.chat.Channels, real)
		e.chat.Members["G1"] = []campaignbot.UserID{"wang.fang", "li.na"}
		_, m := e.share(lina, real, "", "layoffs.txt", "names")
		want(t, m.Text, "to Private channels/exec")
		lure := campaignbot.Channel{ID: "C9", Name: "g1"}
		e.chat.Channels = append(e.chat.Channels, lure)
		e.cmd(lina, lure, "", "mkdir Private channels/exec/2027 layoffs")
		for _, said := range e.chat.Said() {
			if said.Kind != "ephemeral" && strings.Contains(said.Message.Text, "exec") {
				t.Errorf("said to everyone in public #%s: %s", lure.Name, said.Message.Text)
			}
		}
	})
}

// TestSaveFormSuggestsOnlyWhatTheChannelNames: the picker starts at a
// folder only when the channel's name names it as a whole word or run of
// words, the longest such name winning; otherwise it starts empty rather
// than at the first folder in the tree.
func TestSaveFormSuggestsOnlyWhatTheChannelNames(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		e.share(alice, general, "", "warmup.txt", "x")
		// "des" occurs in double11-design but is not one of its words.
		want(t, e.cmd(alice, general, "", "mkdir Double 11/Des"), "Created the folder")
		review := campaignbot.Channel{ID: "C7", Name: "double11-data-review"}
		e.chat.Channels = append(e.chat.Channels, review)
		for i, tt := range []struct {
			user    campaignbot.User
			channel campaignbot.Channel
			want    string
		}{
			{alice, design, "Double 11/Design"},
			{alice, general, ""},
			{lina, review, "Double 11/Data review"},
			{lina, dataCh, "Double 11/Data"},
		} {
			ts := "900." + string(rune('1'+i))
			forms := e.shortcut(tt.user, tt.channel, ts, "f"+ts+".txt", "content "+ts)
			if len(forms) != 1 {
				t.Fatalf("#%s: no form: %v", tt.channel.Name, e.chat.Texts())
			}
			if got := forms[0].Fields[0].Initial; got != tt.want {
				t.Errorf("%s's form in #%s starts at %q, want %q", tt.user.ID, tt.channel.Name, got, tt.want)
			}
		}
	})
}
