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
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestHiddenAnswersLikeMissing is the property test of issue 10: for every
// /kb subcommand, button, form, folder-picker search and the save
// shortcut, a non-member gets byte for byte the same answers whether a
// restricted folder or file exists or not.
//
// It builds twin worlds from the same steps. In world "secret" the
// secrets (a restricted folder of the config, folders and files in it and
// in private channels' folders, a file held for its saver, a trashed
// file, a later version, a public share moved into a restricted folder)
// exist in the workspace alice uses. In world "missing" the config does
// not declare the restricted folder and the same steps run in another
// workspace, so every file number is the same and nothing of the secrets
// is in alice's workspace: its paths and ids do not exist there. Then
// alice (a non-member) runs every probe in both worlds, in English and
// Chinese, and everything the bot says, every form it opens, every form
// answer and every option list must be equal; since the path or id typed
// is the same in both worlds, no normalising is needed beyond the export
// directory's own name.
//
// Creating or moving a folder at exactly a hidden path cannot succeed
// while the path is taken, so those probes instead compare, in world
// "secret", the answer for the hidden path with the answer for a path
// nobody may use (under Private channels/), after replacing each path by
// PATH.
//
// The test fails when a /kb subcommand or a knowledge-base route is
// registered that no probe covers.
func TestHiddenAnswersLikeMissing(t *testing.T) {
	worlds := map[string]*kbEnv{}
	var seen secretsSeen
	for _, name := range []string{"secret", "missing"} {
		e := newKBEnv(t, storagetest.OpenSQLite(t))
		secretWS := campaignbot.WorkspaceID("T1")
		if name == "missing" {
			secretWS = "T2"
			cfg := *e.cfg
			cfg.KnowledgeBase.Folders = slices.DeleteFunc(slices.Clone(cfg.KnowledgeBase.Folders), func(f config.Folder) bool { return f.Path == "Double 11/Data" })
			e.cfg = &cfg
		}
		seen = buildTwin(t, e, secretWS)
		worlds[name] = e
	}
	probes := hiddenProbes(seen)
	covered := map[string]bool{}
	for _, p := range probes {
		covered[p.covers] = true
	}
	for _, lang := range campaignbot.Languages {
		for _, e := range worlds {
			cfg := *e.cfg
			cfg.Language = lang
			e.cfg = &cfg
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

// secretsSeen are the paths, ids and messages of the secrets.
type secretsSeen struct {
	folders  []string
	files    []int64
	messages []string // PrivateValues of save forms on the secret messages
	// moved is the ts of a public #general share whose file an admin moved
	// into a restricted folder.
	moved string
}

// twinClock is both worlds' time.
var twinClock = time.Date(2026, 10, 25, 9, 30, 0, 0, time.UTC)

// buildTwin runs the steps that make a world; the secrets are made in
// workspace secretWS.
func buildTwin(t *testing.T, e *kbEnv, secretWS campaignbot.WorkspaceID) secretsSeen {
	t.Helper()
	e.clock = twinClock
	e.chat.FormsEnabled = true
	e.cmd(alice, general, "", "tree") // alice's workspace is set up first in both worlds
	e.share(alice, general, "", "notes.txt", "kickoff notes")
	e.cmd(alice, general, "", "file 1 Double 11/Planning")
	e.share(bob, design, "", "agenda.txt", "agenda for the kickoff")
	e.cmd(alice, general, "", "mkdir Double 11/Review/KV")

	var s secretsSeen
	e.ws = secretWS
	target := func(ch campaignbot.Channel, ts string) string {
		b, _ := json.Marshal(map[string]string{"channel": string(ch.ID), "ts": ts})
		return string(b)
	}
	ts, _ := e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-10,3.2%\n") // #3 Double 11/Data
	s.messages = append(s.messages, target(dataCh, ts))
	ts, _ = e.share(wang, leaders, "", "budget.txt", "promotion budget 供应商 预算") // #4 Private channels/leaders
	s.messages = append(s.messages, target(leaders, ts))
	e.cmd(lina, general, "", "mkdir Double 11/Data/Supplier prices")
	e.share(lina, dataCh, "", "报价.txt", "供应商报价 supplier price")           // #5 Private channels/double11-data
	s.moved, _ = e.share(bob, general, "", "pricing.txt", "pricing plan") // #6, moved into Double 11/Data
	e.cmd(wang, general, "", "mv 6 Double 11/Data")
	e.shortcut(lina, dataCh, "700.1", "held.txt", "held for li.na") // #7 held for li.na
	s.messages = append(s.messages, target(dataCh, "700.1"))
	e.share(lina, dataCh, "", "old.csv", "old,figures\n") // #8, trashed
	e.cmd(lina, general, "", "rm 8")
	e.share(lina, dataCh, "", "conversion.csv", "日期,优惠券转化率\n10-11,3.5%\n") // #9, version 2
	e.ws = ""
	e.chat.Reset()

	s.folders = []string{"Double 11/Data", "Double 11/Data/Supplier prices", "Private channels", "Private channels/leaders", "Private channels/double11-data"}
	s.files = []int64{3, 4, 5, 6, 7, 8, 9}
	return s
}

// probe is one thing alice does.
type probe struct {
	name string
	// covers is the /kb subcommand, or "route ID", the probe exercises.
	covers string
	run    func(e *kbEnv) string
	// template and target made the probe. A probe at exactly a hidden
	// path target is compared with the command collision, aimed at
	// collisionPath, which nobody may use.
	template, target, collision, collisionPath string
}

// probeFor returns the /kb probe running template with {T} replaced by
// target.
func probeFor(template, target, covers string) probe {
	args := strings.ReplaceAll(template, "{T}", target)
	return probe{name: "/kb " + args, covers: covers, template: template, target: target, run: func(e *kbEnv) string {
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
	ids := make([]string, len(s.files))
	for i, id := range s.files {
		ids[i] = fmt.Sprint(id)
	}
	none := []string{""}
	for _, c := range []struct{ covers, template string }{
		{"tree", "tree"}, {"ls", "ls"}, {"trash", "trash"}, {"help", "help"}, {"frobnicate", "frobnicate"},
		{"search", "search 转化率"}, {"search", "search budget 供应商"}, {"search", "search supplier"}, {"search", "search type:csv"},
		{"search", "search from:@li.na conversion"}, {"search", "search price after:2026-10-01"},
		{"export", "export Double 11"}, {"ls", "ls Double 11"},
	} {
		add(c.covers, c.template, none)
	}
	for _, c := range []struct{ covers, template string }{
		{"ls", "ls {T}"}, {"search", `search 转化 in:"{T}"`}, {"mkdir", "mkdir {T}/Sub"},
		{"mv", `mv "{T}" "Double 11/Review"`}, {"mv", `mv "Double 11/Review/KV" "{T}/KV"`}, {"mv", "mv 1 {T}"},
		{"rename", `rename "{T}" New`}, {"file", "file 2 {T}"}, {"save", "save {T}"},
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
	// Creating or moving a folder at exactly a hidden path, compared with
	// the same at a path nobody may use.
	for _, c := range []struct{ covers, hidden, nobody, nobodyPath string }{
		{"mkdir", "mkdir Double 11/Data", "mkdir Private channels/new", "Private channels/new"},
		{"mv", `mv "Double 11/Review/KV" "Double 11/Data"`, `mv "Double 11/Review/KV" "Private channels/new"`, "Private channels/new"},
		{"rename", `rename "Double 11/Review" Data`, `rename "Double 11" "Private channels"`, "Private channels"},
	} {
		p := probeFor(c.hidden, "Double 11/Data", c.covers)
		p.collision, p.collisionPath = c.nobody, c.nobodyPath
		probes = append(probes, p)
	}
	probes = append(probes, threadSaveProbe(s.moved))
	probes = append(probes, buttonProbes(append(ids, "2"))...)
	probes = append(probes, formProbes(s)...)
	probes = append(probes, suggestionProbes()...)
	probes = append(probes, shortcutProbe(s.moved), shareProbe())
	return probes
}

// threadSaveProbe runs /kb save in the thread of a share whose file was
// moved into a restricted folder.
func threadSaveProbe(ts string) probe {
	return probe{name: "/kb save in a thread", covers: "save", run: func(e *kbEnv) string {
		return e.observe(func() { e.cmd(alice, general, ts, "save Double 11/Review") })
	}}
}

// buttonProbes click the one-click save button with forged file ids.
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
func formProbes(s secretsSeen) []probe {
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
	for _, id := range s.files {
		submit(fmt.Sprintf("files [%d]", id), fmt.Sprintf(`{"files":[%d]}`, id), "Double 11/Review")
	}
	for _, m := range append(s.messages, fmt.Sprintf(`{"channel":"general","ts":%q}`, s.moved)) {
		submit("message "+m, m, "Double 11/Review")
	}
	for _, f := range s.folders {
		submit("folder "+f, `{"files":[2]}`, f)
		submit("folder hash of "+f, `{"files":[2]}`, "folder-sha256:"+sum(f))
	}
	submit("that saves", `{"files":[2]}`, "Double 11/Review")
	return out
}

// suggestionProbes search the save form's folder picker.
func suggestionProbes() []probe {
	var out []probe
	for _, q := range []string{"", "data", "Supplier", "private", "leaders", "double 11/", "review"} {
		out = append(out, probe{name: "folder picker " + q, covers: "route " + handlers.FormSave + "/" + handlers.FieldFolder, run: func(e *kbEnv) string {
			b, _ := json.Marshal(e.suggest(alice, `{"files":[2]}`, q))
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

// shareProbe shares the bytes of a restricted file under another name.
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
	out.Forms = e.chat.Forms()[forms:]
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
