package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// suggest asks the save form's folder picker what matches query.
func (e *kbEnv) suggest(u campaignbot.User, pv, query string) []bot.FormOption {
	return e.r.HandleSuggestion(context.Background(), e.chat, &bot.Suggestion{Workspace: "T1", FormID: handlers.FormSave, FieldID: handlers.FieldFolder, PrivateValue: pv, Query: query, User: u})
}

// submit submits the save form as u.
func (e *kbEnv) submit(u campaignbot.User, pv string, values map[string]string) bot.FormResult {
	e.chat.Reset()
	return e.r.HandleForm(context.Background(), e.chat, &bot.FormSubmission{Workspace: "T1", FormID: handlers.FormSave, PrivateValue: pv, User: u, Values: values})
}

func TestSaveFormFolderPicker(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		e.cmd(alice, general, "", "mkdir Archive")
		for i := range 120 {
			e.cmd(alice, general, "", fmt.Sprintf("mkdir Archive/Box %03d", i))
		}
		long := campaignbot.FolderPath("Archive")
		for i := range 3 {
			long += campaignbot.FolderPath("/" + strings.Repeat(string(rune('甲'+i)), 60))
			want(t, e.cmd(alice, general, "", "mkdir "+string(long)), "Created the folder")
		}
		_, m := e.share(alice, general, "", "notes.txt", "notes")
		e.r.HandleAction(context.Background(), e.chat, &bot.Action{Workspace: "T1", ActionID: handlers.ActionSaveFile, Value: m.Buttons[0].Value, User: alice, Channel: general, TriggerID: "t"})
		forms := e.chat.Forms()
		if len(forms) != 1 {
			t.Fatalf("no form: %v", e.chat.Texts())
		}
		picker := forms[0].Fields[0]
		// #general names no folder, so the picker guesses none.
		if picker.ID != handlers.FieldFolder || !picker.Search || len(picker.Options) != 100 || picker.Initial != "" {
			t.Fatalf("folder picker %+v with %d options", picker, len(picker.Options))
		}
		pv := forms[0].PrivateValue

		for _, tt := range []struct {
			query string
			want  int
			has   string
		}{
			{"", 100, "Archive/Box 098"},
			{"box 11", 10, "Archive/Box 110"},
			{"BOX 119", 1, "Archive/Box 119"},
			{"data", 1, "Double 11/Data review"},
			{"甲", 3, ""},
			{"nowhere", 0, ""},
		} {
			opts := e.suggest(alice, pv, tt.query)
			var labels []string
			for _, o := range opts {
				labels = append(labels, o.Label)
				if len(o.Value) > 150 || utf8.RuneCountInString(o.Label) > 75 {
					t.Errorf("%q: option over Slack's limits: %+v", tt.query, o)
				}
			}
			if len(opts) != tt.want || (tt.has != "" && !strings.Contains(strings.Join(labels, "|"), tt.has)) {
				t.Errorf("suggestions for %q: %d %q; want %d with %q", tt.query, len(opts), labels, tt.want, tt.has)
			}
		}
		// A path too long to be an option value is picked by its hash.
		deep := e.suggest(alice, pv, string(long[len(long)-30:]))
		if len(deep) != 1 || !strings.HasPrefix(deep[0].Value, "folder-sha256:") || !strings.HasPrefix(deep[0].Label, "…") {
			t.Fatalf("the long folder's option: %+v", deep)
		}
		if res := e.submit(alice, pv, map[string]string{handlers.FieldFolder: deep[0].Value}); res.Errors != nil {
			t.Fatalf("saving into the long folder: %+v", res.Errors)
		}
		want(t, e.cmd(alice, general, "", "info 1"), "Folder: "+string(long))

		// Values naming no folder alice may see are all refused alike.
		var answers []string
		for _, forged := range []string{"folder-sha256:" + sum("Double 11/Data"), "folder-sha256:" + sum("Double 11/Nowhere")} {
			res := e.submit(alice, pv, map[string]string{handlers.FieldFolder: forged})
			answers = append(answers, res.Errors[handlers.FieldFolder])
		}
		if answers[0] == "" || answers[0] != answers[1] {
			t.Errorf("forged folder values answered %q", answers)
		}
	})
}

func TestSaveFormTellsTheSaverWhatTheChannelMayNotHear(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		e.chat.NotIn = map[campaignbot.ChannelID]bool{"nojoin": true}
		nojoin := campaignbot.Channel{ID: "nojoin", Name: "nojoin"}
		for _, tt := range []struct {
			name    string
			user    campaignbot.User
			channel campaignbot.Channel
			folder  string
			public  bool
		}{
			{"an open folder is announced in the thread", alice, general, "Double 11/Planning", true},
			{"a restricted folder only to the saver", lina, general, "Double 11/Data", false},
			{"a channel the bot has not joined, to the saver", alice, nojoin, "Double 11/Planning", false},
		} {
			t.Run(tt.name, func(t *testing.T) {
				ts := fmt.Sprintf("800.%d", len(tt.name))
				forms := e.shortcut(tt.user, tt.channel, ts, "plan-"+ts+".txt", "plan "+ts)
				if len(forms) != 1 {
					t.Fatalf("forms %+v, said %v", forms, e.chat.Texts())
				}
				if res := e.submit(tt.user, forms[0].PrivateValue, map[string]string{handlers.FieldFolder: tt.folder}); res.Errors != nil {
					t.Fatalf("form errors %+v", res.Errors)
				}
				said := e.chat.Said()
				if len(said) != 1 || !strings.Contains(said[0].Message.Text, "Saved *plan-"+ts+".txt* to "+tt.folder) {
					t.Fatalf("said %+v", said)
				}
				if public := said[0].Recipient.Channel == tt.channel.ID && said[0].Message.ThreadID == ts; public != tt.public {
					t.Errorf("announced in the thread: %v, want %v (%+v)", public, tt.public, said[0])
				}
				if !tt.public && said[0].Recipient.User != tt.user.ID {
					t.Errorf("not told to the saver: %+v", said[0])
				}
			})
		}
	})
}

// TestShortcutReportsFilesItCannotReceive: the saver hears why a file of
// the message could not be received, and the form says so too.
func TestShortcutReportsFilesItCannotReceive(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.chat.FormsEnabled = true
		e.chat.Reset()
		e.r.HandleShortcut(context.Background(), e.chat, &bot.Shortcut{Workspace: "T1", CallbackID: handlers.ShortcutSave, User: alice, Channel: general, TriggerID: "t",
			Message: &bot.Message{TS: "900.1", User: bob, Channel: general, Files: []bot.SharedFile{{ID: "gone", Name: "gone.pdf", Size: 3}}}})
		want(t, strings.Join(e.chat.Texts(), "\n"), "Could not receive gone.pdf: The file is gone.")
		forms := e.chat.Forms()
		var target struct{ TS string }
		if len(forms) != 1 || json.Unmarshal([]byte(forms[0].PrivateValue), &target) != nil || target.TS != "900.1" {
			t.Fatalf("forms %+v", forms)
		}
		res := e.submit(alice, forms[0].PrivateValue, map[string]string{handlers.FieldFolder: "Double 11/Planning"})
		want(t, res.Errors[""], "not saved yet")
	})
}
