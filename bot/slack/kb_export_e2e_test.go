package slack

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/internal/slackfake"
)

// addExportFiles puts brief.txt into Double 11/Design and plan.txt into
// its subfolder Secret, which only bob may see.
func addExportFiles(t *testing.T, k *kbBot) {
	t.Helper()
	ctx := context.Background()
	design, err := k.kb.EnsureFolder(ctx, slackfake.TeamID, "Double 11/Design")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.kb.ConfigureFolder(ctx, slackfake.TeamID, "Double 11/Design/Secret", true,
		[]campaignbot.Grant{{Kind: campaignbot.PrincipalUser, Principal: "U0BOB", Role: campaignbot.RoleViewer}}); err != nil {
		t.Fatal(err)
	}
	secret, err := k.kb.FindFolder(ctx, slackfake.TeamID, "Double 11/Design/Secret")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		folder        int64
		name, content string
	}{{design.ID, "brief.txt", "Double 11 design brief: red and gold"}, {secret.ID, "plan.txt", "secret price plan"}} {
		blob, err := k.w.blobs.Put(ctx, strings.NewReader(f.content), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if err := k.kb.AddFile(ctx, &campaignbot.File{Workspace: slackfake.TeamID, FolderID: &f.folder, Name: f.name, MIME: "text/plain",
			Size: blob.Size, SHA256: blob.SHA256, Uploader: "U0ALICE", SharedAt: k.w.clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
}

// unzip returns the files of a zip by name with their contents.
func unzip(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("the DM's file is no zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

// noStagedExports fails when the export directory holds anything: in
// Slack the zip is staged there only while it is uploaded.
func noStagedExports(t *testing.T, k *kbBot) {
	t.Helper()
	k.settle()
	entries, err := os.ReadDir(k.exportDir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("left in the export directory: %s", e.Name())
	}
}

// TestExportArrivesAsADMFile: /kb export in Slack uploads the zip through
// getUploadURLExternal, the upload_url and completeUploadExternal into the
// asker's DM; its bytes unzip to the folder's files the asker may see
// (alice not the restricted subfolder, bob with it), and nothing stays on
// the server's disk.
func TestExportArrivesAsADMFile(t *testing.T) {
	forModes(t, func(t *testing.T, mode string) {
		w := newWorld(t, mode)
		k := w.startKB(t)
		addExportFiles(t, k)
		for _, tt := range []struct {
			user       string
			seesSecret bool
		}{{"U0ALICE", false}, {"U0BOB", true}} {
			got := k.kbCommand(tt.user, "export-"+tt.user, "export Double 11/Design")
			if !strings.HasPrefix(got, "Sent you the export of Double 11/Design (") || strings.Contains(got, k.exportDir) {
				t.Fatalf("%s was told %q", tt.user, got)
			}
			k.settle()
			files := w.fake.Files(tt.user)
			if len(files) != 1 || !strings.HasPrefix(files[0].Name, "Double-11-Design-") || !strings.HasSuffix(files[0].Name, ".zip") {
				t.Fatalf("%s's DM holds %+v", tt.user, files)
			}
			zipped := unzip(t, files[0].Bytes)
			if zipped["Design/brief.txt"] != "Double 11 design brief: red and gold" {
				t.Errorf("%s: brief.txt in the zip is %q; entries %v", tt.user, zipped["Design/brief.txt"], keys(zipped))
			}
			_, hasSecret := zipped["Design/Secret/plan.txt"]
			if hasSecret != tt.seesSecret || (tt.seesSecret && zipped["Design/Secret/plan.txt"] != "secret price plan") {
				t.Errorf("%s: the zip holds the restricted plan.txt = %v, want %v; entries %v", tt.user, hasSecret, tt.seesSecret, keys(zipped))
			}
			var idx struct{ Files []struct{ Path string } }
			if err := json.Unmarshal([]byte(zipped["index.json"]), &idx); err != nil {
				t.Errorf("%s: index.json: %v", tt.user, err)
			}
			if n := len(idx.Files); n != map[bool]int{false: 1, true: 2}[tt.seesSecret] {
				t.Errorf("%s: index.json lists %d files", tt.user, n)
			}
			msgs := w.fake.Messages(tt.user)
			if last := msgs[len(msgs)-1]; !strings.Contains(last.Text, "Your export of Double 11/Design") || len(last.Files) != 1 {
				t.Errorf("%s: the DM's message is %+v", tt.user, last)
			}
			noStagedExports(t, k)
		}
		for _, m := range []string{"files.getUploadURLExternal", slackfake.UploadMethod, "files.completeUploadExternal"} {
			if n := len(w.fake.Delivered(m)); n != 2 {
				t.Errorf("%d successful %s, want 2", n, m)
			}
		}
		for _, c := range w.fake.Calls("files.completeUploadExternal") {
			if ch := c.Params.Get("channel_id"); !strings.HasPrefix(ch, "D") {
				t.Errorf("completed into %q, want the asker's DM", ch)
			}
		}
	})
}

// keys returns the sorted keys of m.
func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestExportUploadRetriesFromTheStart: an upload Slack answers 503 is
// retried on the adapter's backoff, sending every byte again, and the
// file arrives whole.
func TestExportUploadRetriesFromTheStart(t *testing.T) {
	w := newWorld(t, ModeSocket)
	k := w.startKB(t)
	addExportFiles(t, k)
	w.fake.Fail(slackfake.UploadMethod, slackfake.Fault{Status: http.StatusServiceUnavailable})
	if got := k.kbCommand("U0ALICE", "export", "export Double 11/Design"); !strings.HasPrefix(got, "Sent you the export") {
		t.Fatalf("alice was told %q", got)
	}
	k.settle()
	files := w.fake.Files("U0ALICE")
	if len(files) != 1 || unzip(t, files[0].Bytes)["Design/brief.txt"] == "" {
		t.Fatalf("the DM holds %+v", files)
	}
	if n := len(w.fake.Calls(slackfake.UploadMethod)); n != 2 {
		t.Errorf("%d uploads, want 2 (one 503, one retry)", n)
	}
	if len(w.clock.Sleeps()) == 0 {
		t.Error("the retry did not back off")
	}
	noStagedExports(t, k)
}

// TestExportFailuresAnswerPolitely: an upload Slack refuses, one that
// keeps failing, and a zip over the workspace's limit each get a
// bilingual answer, share nothing, and leave no file on the server.
func TestExportFailuresAnswerPolitely(t *testing.T) {
	w := newWorld(t, ModeSocket)
	k := w.startKB(t)
	addExportFiles(t, k)

	w.fake.Fail(slackfake.UploadMethod, slackfake.Fault{Status: http.StatusBadRequest})
	if got := k.kbCommand("U0ALICE", "refused", "export Double 11/Design"); !strings.Contains(got, "couldn't deliver the export of Double 11/Design") {
		t.Errorf("a refused upload was answered %q", got)
	}
	noStagedExports(t, k)

	var outage []slackfake.Fault
	for range maxAttempts {
		outage = append(outage, slackfake.Fault{Status: http.StatusBadGateway})
	}
	w.fake.Fail(slackfake.UploadMethod, outage...)
	if got := k.kbCommand("U0ALICE", "outage", "export Double 11/Design"); !strings.Contains(got, "try again in a few minutes") {
		t.Errorf("an upload failing %d times was answered %q", maxAttempts, got)
	}
	if n := len(w.fake.Calls(slackfake.UploadMethod)); n != 1+maxAttempts {
		t.Errorf("%d uploads, want 1 refused + %d attempts", n, maxAttempts)
	}
	noStagedExports(t, k)

	w.fake.SetMaxUpload(64)
	if got := k.kbCommand("U0ALICE", "large", "export Double 11"); !strings.Contains(got, "more than this Slack workspace accepts in one file. Export a subfolder") {
		t.Errorf("a zip over the workspace's limit was answered %q", got)
	}
	noStagedExports(t, k)
	if files := w.fake.Files("U0ALICE"); len(files) != 0 {
		t.Errorf("files were shared after all: %+v", files)
	}
	if n := len(w.fake.Delivered("files.completeUploadExternal")); n != 0 {
		t.Errorf("%d uploads completed", n)
	}
}

// TestSendFileRefusesFilesOverSlacksLimit: a file over MaxUpload is
// EINVALID before anything is sent to Slack.
func TestSendFileRefusesFilesOverSlacksLimit(t *testing.T) {
	w := newWorld(t, ModeSocket)
	b := w.start(t)
	b.adapter.opts.MaxUpload = 10
	err := b.adapter.SendFile(context.Background(), "U0ALICE", bot.OutgoingFile{Name: "big.zip", Content: strings.NewReader("eleven byte"), Size: 11})
	if campaignbot.ErrorCode(err) != campaignbot.EINVALID || !strings.Contains(campaignbot.ErrorText(err).In(campaignbot.English), "larger than the 10 B Slack accepts") {
		t.Errorf("SendFile of 11 bytes over a 10-byte limit: %v", err)
	}
	if n := len(w.fake.Calls("files.getUploadURLExternal")) + len(w.fake.Calls("conversations.open")); n != 0 {
		t.Errorf("%d calls to Slack for a file over the limit", n)
	}
}
