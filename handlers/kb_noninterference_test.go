package handlers_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/bot/chattest"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestHiddenAnswersLikeMissing is the property test of issue 10 and of
// the attack that followed: for every /kb subcommand, button, form,
// folder-picker search and the save shortcut, a non-member gets byte for
// byte the same answers whether restricted folders and files exist or
// not.
//
// It builds twin worlds from the same steps, in the same workspace. In
// world "secret" the config declares two restricted folders (Double
// 11/Data, and Finance/Supplier prices, whose parent Finance thus exists
// only as the implicit parent of a hidden folder), and members make the
// secrets: folders and files in them and in private channels' folders, a
// deeper hidden folder, a file held for its saver, a trashed file, a
// later version, a public share moved into a restricted folder. In world
// "missing" the config declares neither folder (nor the rule filing into
// Double 11/Data) and those steps never run, so the secrets' paths and numbers do not exist there. File numbers
// are picked from each entry alone (storagetest.ContentNumbers), as two
// worlds of random numbers would agree: alice's entries get the same
// numbers in both worlds only if numbering ignores what she may not see.
// Then alice (a non-member) runs every probe in both worlds, in English
// and Chinese, and everything the bot says, every form it opens, every
// form answer and every option list must be equal; since the path or
// number typed is the same in both worlds, no normalising is needed
// beyond the export directory's own name.
//
// Creating or moving a folder at exactly a hidden path, in any case,
// cannot succeed while the path is taken, so those probes instead compare,
// in world "secret", the answer for the hidden path with the answer for a
// path nobody may use (under Private channels/), after replacing each
// path by PATH.
//
// Probes that change the tree (moving or renaming open folders that hold
// hidden ones, making or moving folders onto paths that exist only as
// the parent of hidden folders, in any case) run as scenarios, each on
// fresh twin worlds, comparing every answer of the scenario.
//
// The test fails when a /kb subcommand or a knowledge-base route is
// registered that no probe covers.
func TestHiddenAnswersLikeMissing(t *testing.T) {
	worlds, seen := twinWorlds(t)
	probes := hiddenProbes(seen)
	covered := map[string]bool{}
	for _, p := range probes {
		covered[p.covers] = true
	}
	for _, lang := range campaignbot.Languages {
		for _, e := range worlds {
			e.cfg = withLanguage(e.cfg, lang)
		}
		for _, p := range probes {
			if p.collision != "" {
				hidden := normalized(p.run(worlds["secret"]), p.target)
				reserved := normalized(probeFor(p.collision, "", p.covers).run(worlds["secret"]), p.collisionPath)
				if hidden != reserved {
					t.Errorf("%s %s: for the hidden path answered\n%s\nfor a path nobody may use\n%s", lang, p.name, hidden, reserved)
				}
				continue
			}
			secret, missing := p.run(worlds["secret"]), p.run(worlds["missing"])
			if secret != missing {
				t.Errorf("%s %s: hidden and missing differ\nhidden:  %s\nmissing: %s", lang, p.name, secret, missing)
			}
		}
	}
	for _, sc := range changeScenarios() {
		covered[sc.covers] = true
		t.Run(sc.name, func(t *testing.T) {
			for _, lang := range campaignbot.Languages {
				worlds, _ := twinWorlds(t)
				var got [2][]string
				for i, name := range []string{"secret", "missing"} {
					e := worlds[name]
					e.cfg = withLanguage(e.cfg, lang)
					for _, step := range sc.steps {
						if name, ok := strings.CutPrefix(step, shareAsMember); ok {
							e.share(lina, dataCh, "", name, "日期,优惠券转化率\n10-11,9.9%\n")
							got[i] = append(got[i], "")
							continue
						}
						got[i] = append(got[i], e.observe(func() { e.cmd(alice, general, "", step) }))
					}
				}
				for i, step := range sc.steps {
					if got[0][i] != got[1][i] {
						t.Errorf("%s, step %d /kb %s: hidden and missing differ\nhidden:  %s\nmissing: %s", lang, i+1, step, got[0][i], got[1][i])
					}
				}
			}
		})
	}
	routes := worlds["secret"].r.Routes()
	var want []string
	want = append(want, handlers.KBSubcommands()...)
	for _, list := range [][]string{routes.Actions, routes.Forms, routes.Shortcuts, routes.Suggestions} {
		for _, r := range list {
			if strings.HasPrefix(r, "kb") {
				want = append(want, "route "+r)
			}
		}
	}
	for _, w := range want {
		if !covered[w] {
			t.Errorf("no probe covers %q: add one to hiddenProbes", w)
		}
	}
}

// withLanguage returns cfg in language lang.
func withLanguage(cfg *config.Config, lang campaignbot.Language) *config.Config {
	c := *cfg
	c.Language = lang
	return &c
}

// twinWorlds builds world "secret" and world "missing" and returns them
// with the secrets of world "secret".
func twinWorlds(t *testing.T) (map[string]*kbEnv, secretsSeen) {
	t.Helper()
	worlds := map[string]*kbEnv{}
	var seen secretsSeen
	for _, name := range []string{"secret", "missing"} {
		e := newKBEnv(t, storagetest.OpenSQLite(t), storage.WithNumbers(storagetest.ContentNumbers))
		secret := name == "secret"
		if secret {
			e.cfg = e.withDeclared(config.Folder{Path: "Finance/Supplier prices", Restricted: true, Members: []campaignbot.UserID{"li.na"}})
		} else {
			cfg := *e.cfg
			cfg.KnowledgeBase.Folders = slices.DeleteFunc(slices.Clone(cfg.KnowledgeBase.Folders), func(f config.Folder) bool { return f.Path == "Double 11/Data" })
			cfg.KnowledgeBase.Rules = slices.DeleteFunc(slices.Clone(cfg.KnowledgeBase.Rules), func(r config.FilingRule) bool { return r.Folder == "Double 11/Data" })
			e.cfg = &cfg
		}
		s := buildTwin(t, e, secret)
		if secret {
			seen = s
		}
		worlds[name] = e
	}
	return worlds, seen
}

// secretsSeen are the paths, numbers and messages of the secrets, and the
// numbers of alice's own entries.
type secretsSeen struct {
	folders  []string
	files    []int64
	messages []string // PrivateValues of save forms on the secret messages
	// moved is the ts of a public #general share whose file an admin moved
	// into a restricted folder.
	moved string
	// notes and agenda are the numbers of two entries alice may see: notes
	// filed in Double 11/Planning, agenda unfiled.
	notes, agenda int64
}

// twinClock is both worlds' time.
var twinClock = time.Date(2026, 10, 25, 9, 30, 0, 0, time.UTC)

// afterSecrets is the share counter both worlds continue from once the
// secrets are made (or not), so that later shares get the same ts.
const afterSecrets = 60

// number returns the number of the entry shared by the message ts, in
// the recycle bin or not, whoever it is held for.
func (e *kbEnv) number(ts string) int64 {
	e.t.Helper()
	for _, trashed := range []bool{false, true} {
		files, err := e.store.FindFiles(context.Background(), campaignbot.FileFilter{Workspace: e.workspace(), MessageTS: ts, Trashed: trashed, AnyHolder: true})
		if err != nil {
			e.t.Fatal(err)
		}
		if len(files) > 0 {
			return files[0].Number
		}
	}
	e.t.Fatalf("no entry from the message %s", ts)
	return 0
}

// buildTwin runs the steps that make a world; with secrets, the members'
// steps that make the secrets too.
func buildTwin(t *testing.T, e *kbEnv, secrets bool) secretsSeen {
	t.Helper()
	e.clock = twinClock
	e.chat.FormsEnabled = true
	var s secretsSeen
	e.cmd(alice, general, "", "tree") // alice's workspace is set up first in both worlds
	ts, _ := e.share(alice, general, "", "notes.txt", "kickoff notes")
	s.notes = e.number(ts)
	e.cmd(alice, general, "", fmt.Sprintf("file %d Double 11/Planning", s.notes))
	ts, _ = e.share(bob, design, "", "agenda.txt", "agenda for the kickoff")
	s.agenda = e.number(ts)
	e.cmd(alice, general, "", "mkdir Double 11/Review/KV")

	if secrets {
		target := func(ch campaignbot.Channel, ts string) string {
			b, _ := json.Marshal(map[string]string{"channel": string(ch.ID), "ts": ts})
			return string(b)
		}
		secret := func(ch campaignbot.Channel, ts string) {
			s.files = append(s.files, e.number(ts))
			s.messages = append(s.messages, target(ch, ts))
		}
		ts, _ = e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n") // Double 11/Data
		secret(dataCh, ts)
		ts, _ = e.share(wang, leaders, "", "budget.txt", "promotion budget 供应商 预算") // Private channels/leaders
		secret(leaders, ts)
		e.cmd(lina, general, "", "mkdir Double 11/Data/Supplier prices")
		e.cmd(lina, general, "", "mkdir Double 11/Data/Supplier prices/2026")
		ts, _ = e.share(lina, dataCh, "", "报价.txt", "供应商报价 supplier price") // Private channels/double11-data
		secret(dataCh, ts)
		s.moved, _ = e.share(bob, general, "", "pricing.txt", "pricing plan") // moved into Double 11/Data
		moved := e.number(s.moved)
		s.files = append(s.files, moved)
		e.cmd(wang, general, "", fmt.Sprintf("mv %d Double 11/Data", moved))
		e.shortcut(lina, dataCh, "700.1", "held.txt", "held for li.na") // held for li.na
		secret(dataCh, "700.1")
		ts, _ = e.share(lina, dataCh, "", "old.csv", "old,figures\n") // trashed
		secret(dataCh, ts)
		e.cmd(lina, general, "", fmt.Sprintf("rm %d", e.number(ts)))
		ts, _ = e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-11,3.5%\n") // version 2
		secret(dataCh, ts)
		ts, _ = e.share(lina, general, "", "底价.txt", "supplier floor prices 底价")
		n := e.number(ts)
		s.files = append(s.files, n)
		e.cmd(lina, general, "", fmt.Sprintf("file %d Finance/Supplier prices", n)) // Finance/Supplier prices
		s.folders = []string{"Double 11/Data", "Double 11/Data/Supplier prices", "Double 11/Data/Supplier prices/2026", "Private channels", "Private channels/leaders",
			"Private channels/double11-data", "Finance", "Finance/Supplier prices",
			// The same in other cases.
			"double 11/DATA", "DOUBLE 11/data/supplier PRICES", "private CHANNELS/Leaders", "FINANCE", "finance/supplier prices"}
	}
	e.ts = afterSecrets
	e.chat.Reset()
	return s
}

// probe is one thing alice does.
type probe struct {
	name string
	// covers is the /kb subcommand, or "route ID", the probe exercises.
	covers string
	run    func(e *kbEnv) string
	// target made the probe. A probe at exactly a hidden path target (as
	// the reply spells it) is compared with the command collision, aimed
	// at collisionPath, which nobody may use.
	target, collision, collisionPath string
}

// probeFor returns the /kb probe running template with {T} replaced by
// target.
func probeFor(template, target, covers string) probe {
	args := strings.ReplaceAll(template, "{T}", target)
	return probe{name: "/kb " + args, covers: covers, target: target, run: func(e *kbEnv) string {
		return e.observe(func() { e.cmd(alice, general, "", args) })
	}}
}

// hiddenProbes lists every probe, each against every secret it can aim at.
func hiddenProbes(s secretsSeen) []probe {
	var probes []probe
	add := func(covers, template string, targets []string) {
		for _, target := range targets {
			probes = append(probes, probeFor(template, target, covers))
		}
	}
	// The secrets' numbers, and numbers nobody has.
	ids := []string{"1", "9", "100000", "999999"}
	for _, n := range s.files {
		ids = append(ids, fmt.Sprint(n))
	}
	notes, agenda := fmt.Sprint(s.notes), fmt.Sprint(s.agenda)
	none := []string{""}
	for _, c := range []struct{ covers, template string }{
		{"tree", "tree"}, {"ls", "ls"}, {"trash", "trash"}, {"help", "help"}, {"frobnicate", "frobnicate"},
		{"search", "search 转化率"}, {"search", "search budget 供应商"}, {"search", "search supplier"}, {"search", "search type:csv"},
		{"search", "search from:@li.na conversion"}, {"search", "search price after:2026-10-01"}, {"search", "search 底价"},
		{"export", "export Double 11"}, {"ls", "ls Double 11"}, {"info", "info " + notes}, {"info", "info " + agenda},
		{"ls", "ls page 2"}, {"ls", "ls Double 11 page 2"}, {"trash", "trash page 2"}, {"trash", "trash page 1"},
	} {
		add(c.covers, c.template, none)
	}
	for _, c := range []struct{ covers, template string }{
		{"ls", "ls {T}"}, {"ls", "ls {T} page 2"}, {"ls", `ls "{T}" 第 2 页`}, {"search", `search 转化 in:"{T}"`}, {"mkdir", "mkdir {T}/Sub"},
		{"mv", `mv "{T}" "Double 11/Review"`}, {"mv", `mv "Double 11/Review/KV" "{T}/KV"`}, {"mv", "mv " + notes + " {T}"},
		{"rename", `rename "{T}" New`}, {"file", "file " + agenda + " {T}"}, {"save", "save {T}"},
		{"grant", "grant {T} @bob viewer"}, {"grant", "grant {T} @bob editor"}, {"revoke", "revoke {T} @bob"},
		{"archive", "archive {T}"}, {"export", "export {T}"},
	} {
		add(c.covers, c.template, s.folders)
	}
	for _, c := range []struct{ covers, template string }{
		{"info", "info {T}"}, {"rm", "rm {T}"}, {"restore", "restore {T}"}, {"tag", "tag {T} secret -x"},
		{"rename", "rename {T} y.txt"}, {"mv", "mv {T} Double 11/Review"}, {"file", "file {T} Double 11/Review"},
	} {
		add(c.covers, c.template, ids)
	}
	// Creating or moving a folder at exactly a hidden path, in any case,
	// compared with the same at a path nobody may use. target is the path
	// as the reply spells it: the parent as stored, the rest as typed.
	for _, c := range []struct{ covers, hidden, target, nobody, nobodyPath string }{
		{"mkdir", "mkdir Double 11/Data", "Double 11/Data", "mkdir Private channels/new", "Private channels/new"},
		{"mkdir", "mkdir double 11/DATA", "Double 11/DATA", "mkdir Private channels/new", "Private channels/new"},
		{"mkdir", "mkdir Double 11/Data/Supplier prices", "", "", ""},
		{"mv", `mv "Double 11/Review/KV" "Double 11/Data"`, "Double 11/Data", `mv "Double 11/Review/KV" "Private channels/new"`, "Private channels/new"},
		{"mv", `mv "Double 11/Review/KV" "DOUBLE 11/data"`, "Double 11/data", `mv "Double 11/Review/KV" "Private channels/new"`, "Private channels/new"},
		{"rename", `rename "Double 11/Review" Data`, "Double 11/Data", `rename "Double 11" "Private channels"`, "Private channels"},
		{"rename", `rename "Double 11/Review" dATA`, "Double 11/dATA", `rename "Double 11" "Private channels"`, "Private channels"},
		{"rename", `rename "Double 11/Review" "Private CHANNELS"`, "Double 11/Private CHANNELS", "", ""},
	} {
		if c.target == "" {
			// Under a hidden folder: answered as under a missing one.
			probes = append(probes, probeFor(c.hidden, "", c.covers))
			continue
		}
		p := probeFor(c.hidden, c.target, c.covers)
		p.collision, p.collisionPath = c.nobody, c.nobodyPath
		probes = append(probes, p)
	}
	probes = append(probes, threadSaveProbe(s.moved))
	probes = append(probes, buttonProbes(append(ids, agenda))...)
	probes = append(probes, formProbes(s, ids)...)
	probes = append(probes, suggestionProbes(agenda)...)
	probes = append(probes, shortcutProbe(s.moved), shareProbe())
	return probes
}

// changeScenario is a sequence of /kb commands by alice that changes the
// tree, compared answer by answer between fresh twin worlds. A step
// starting with shareAsMember is instead a member's share in the data
// channel (a CSV, which a rule files into Double 11/Data), whose answer
// is not compared: what alice sees after it is.
type changeScenario struct {
	name, covers string
	steps        []string
}

// shareAsMember starts a scenario step that li.na shares a file named by
// the rest of the step in #double11-data.
const shareAsMember = "li.na shares "

// changeScenarios moves and renames open folders holding hidden ones,
// and makes or moves folders onto paths that exist only as the parent of
// hidden folders, in any case; after each, what alice sees is compared
// too.
func changeScenarios() []changeScenario {
	look := []string{"tree", "ls", "ls Double 11", "ls Finance", "search 转化率", "search 底价"}
	deep := []string{"mkdir a", "mkdir a/b", "mkdir a/b/c", "mkdir a/b/c/d", "mkdir a/b/c/d/e", "mkdir a/b/c/d/e/f", "mkdir a/b/c/d/e/f/g"}
	return []changeScenario{
		{"rename an open parent of hidden folders", "rename", append([]string{`rename "Double 11" "Old 11"`, "ls Old 11", "ls Old 11/Data",
			"mkdir Old 11/Data", "mkdir Double 11", "ls Double 11", "mkdir Double 11/Sub", `mv "Old 11/Review/KV" "Double 11"`,
			shareAsMember + "conversion-1011.csv"}, look...)},
		{"move an open parent of hidden folders", "mv", append([]string{"mkdir Archive", `mv "Double 11" "Archive"`, "ls Archive/Double 11",
			"mkdir Archive/Double 11/Data", `rename "Archive/Double 11" "D11"`, "ls Archive/D11", `mv "Archive/D11" "Finance"`, "ls Finance/Data",
			shareAsMember + "conversion-1011.csv"}, look...)},
		{"move an open parent deep", "mv", append(deep, `mv "Double 11" "a/b/c/d/e/f/g"`, "tree")},
		{"rename an open parent of hidden folders in another case", "rename", append([]string{`rename "Double 11" "DOUBLE 11"`, "ls double 11"}, look...)},
		{"mkdir a path only hidden folders are in", "mkdir", append([]string{"mkdir Finance", "mkdir Finance/Sub", "ls Finance/Sub", "mkdir Finance"}, look...)},
		{"mkdir a path only hidden folders are in, in another case", "mkdir", append([]string{"mkdir FINANCE", "ls finance", "mkdir finance/sub"}, look...)},
		{"move a folder onto a path only hidden folders are in", "mv", append([]string{`mv "Double 11/Review/KV" "Finance"`, "ls Finance",
			`rename "Finance" "Money"`, "ls Money", "mkdir Finance"}, look...)},
		{"rename a folder onto a path only hidden folders are in, in another case", "rename", append([]string{"mkdir Top", `rename "Top" "finance"`,
			"ls finance", `mv "Double 11/Review" "finance"`, "ls finance/Review"}, look...)},
	}
}

// threadSaveProbe runs /kb save in the thread of a share whose file was
// moved into a restricted folder.
func threadSaveProbe(ts string) probe {
	return probe{name: "/kb save in a thread", covers: "save", run: func(e *kbEnv) string {
		return e.observe(func() { e.cmd(alice, general, ts, "save Double 11/Review") })
	}}
}

// buttonProbes click the one-click save button with forged file numbers.
func buttonProbes(ids []string) []probe {
	var out []probe
	for _, id := range ids {
		out = append(out, probe{name: "button " + handlers.ActionSaveFile + " " + id, covers: "route " + handlers.ActionSaveFile, run: func(e *kbEnv) string {
			return e.observe(func() {
				e.r.HandleAction(context.Background(), e.chat, &bot.Action{Workspace: "T1", ActionID: handlers.ActionSaveFile, Value: id, User: alice, Channel: general, TriggerID: "t"})
			})
		}})
	}
	return out
}

// formProbes submit save forms naming secret files, messages and folders.
func formProbes(s secretsSeen, ids []string) []probe {
	var out []probe
	submit := func(name, pv, folder string) {
		out = append(out, probe{name: "form " + name, covers: "route " + handlers.FormSave, run: func(e *kbEnv) string {
			var res bot.FormResult
			obs := e.observe(func() {
				res = e.r.HandleForm(context.Background(), e.chat, &bot.FormSubmission{Workspace: "T1", FormID: handlers.FormSave, PrivateValue: pv, User: alice,
					Values: map[string]string{handlers.FieldFolder: folder, "title": "t", "tags": "x"}})
			})
			b, _ := json.Marshal(res)
			return obs + " result " + string(b)
		}})
	}
	for _, id := range ids {
		submit("files ["+id+"]", `{"files":[`+id+`]}`, "Double 11/Review")
	}
	for _, m := range append(s.messages, fmt.Sprintf(`{"channel":"general","ts":%q}`, s.moved)) {
		submit("message "+m, m, "Double 11/Review")
	}
	agenda := fmt.Sprintf(`{"files":[%d]}`, s.agenda)
	for _, f := range s.folders {
		submit("folder "+f, agenda, f)
		submit("folder hash of "+f, agenda, "folder-sha256:"+sum(f))
	}
	submit("that saves", agenda, "Double 11/Review")
	return out
}

// suggestionProbes search the save form's folder picker.
func suggestionProbes(agenda string) []probe {
	var out []probe
	for _, q := range []string{"", "data", "Supplier", "private", "leaders", "double 11/", "review", "finance", "FIN"} {
		out = append(out, probe{name: "folder picker " + q, covers: "route " + handlers.FormSave + "/" + handlers.FieldFolder, run: func(e *kbEnv) string {
			b, _ := json.Marshal(e.suggest(alice, `{"files":[`+agenda+`]}`, q))
			return string(b)
		}})
	}
	return out
}

// shortcutProbe uses the save shortcut on a public share whose file an
// admin moved into a restricted folder.
func shortcutProbe(ts string) probe {
	return probe{name: "save shortcut", covers: "route " + handlers.ShortcutSave, run: func(e *kbEnv) string {
		return e.observe(func() { e.shortcut(alice, general, ts, "pricing.txt", "pricing plan") })
	}}
}

// shareProbe shares the bytes of a restricted file under another name,
// after the secrets were shared: its number and wording must be the same.
func shareProbe() probe {
	return probe{name: "share identical bytes", covers: "share", run: func(e *kbEnv) string {
		return e.observe(func() { e.share(alice, general, "", "copy.csv", "日期,优惠券转化率\n10-10,3.2%\n") })
	}}
}

// observe runs do and returns everything the user could observe of it:
// what was said, the forms opened and the exports written, with the
// world's export directory replaced by EXPORT.
func (e *kbEnv) observe(do func()) string {
	e.chat.Reset()
	forms := len(e.chat.Forms())
	do()
	e.indexer.Wait()
	var out struct {
		Said  []chattest.Said
		Forms []bot.Form
		Zips  map[string][]string
	}
	out.Said = e.chat.Said()
	if opened := e.chat.Forms()[forms:]; len(opened) > 0 {
		out.Forms = opened
	}
	out.Zips = map[string][]string{}
	zips, _ := filepath.Glob(filepath.Join(e.export, "*.zip"))
	for _, z := range zips {
		out.Zips[filepath.Base(z)] = zipEntries(z)
		os.Remove(z)
	}
	b, err := json.Marshal(out)
	if err != nil {
		e.t.Fatal(err)
	}
	abs, _ := filepath.Abs(e.export)
	return strings.ReplaceAll(string(b), abs, "EXPORT")
}

// zipEntries lists the names in a zip, or the error.
func zipEntries(path string) []string {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return []string{err.Error()}
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}
