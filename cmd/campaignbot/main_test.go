package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
)

// run executes the command line with stdin and returns exit code, stdout
// and stderr.
func run(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// isolate points storage at a temp dir and returns it.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("CAMPAIGNBOT_CONFIG", "")
	t.Setenv("CAMPAIGNBOT_STORAGE_DRIVER", "sqlite")
	t.Setenv("CAMPAIGNBOT_STORAGE_DSN", filepath.Join(dir, "bot.db"))
	t.Setenv("CAMPAIGNBOT_STORAGE_FILES", filepath.Join(dir, "files"))
	t.Setenv("CAMPAIGNBOT_HTTP_LISTEN", "127.0.0.1:0")
	t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", "")
	t.Setenv("CAMPAIGNBOT_SLACK_APP_TOKEN", "")
	t.Setenv("CAMPAIGNBOT_SLACK_SIGNING_SECRET", "")
	return dir
}

func TestConsoleEndToEnd(t *testing.T) {
	dir := isolate(t)
	plan := filepath.Join(dir, "双11 活动方案 plan.md")
	if err := os.WriteFile(plan, []byte("# 双11 plan\ncoupons 10-10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	design := filepath.Join(dir, "banner.png")
	if err := os.WriteFile(design, []byte("\x89PNG fake banner"), 0o644); err != nil {
		t.Fatal(err)
	}
	input := strings.Join([]string{
		"/help",
		`/share "` + plan + `" kickoff plan`,
		"/in #double11-design",
		"/share " + design,
		"/share " + design,
		"@campaignbot hi",
		"/nope",
	}, "\n")
	code, out, errOut := run(t, input, "console")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	// File numbers are random six-digit numbers: the replies are matched
	// with # standing for one.
	banner := number(t, out, "Saved *banner.png* (16 B) to Double 11/Design (file #).")
	for _, want := range []string{
		"[#double11-war-room] campaignbot (only you):\n  I'm campaignbot.",
		"• `/help` — show what I can do",
		"Console: /as NAME switches user",
		"[#double11-war-room › thread] campaignbot: Saved *双11 活动方案 plan.md* (27 B) to Double 11/Planning (file #).",
		"You are now in #double11-design.",
		"banner.png is already in the knowledge base with the same content (file #" + banner + ", version 1); nothing new to save.",
		"[#double11-design] campaignbot: Hi 王芳 Fang Wang! Type /help to see what I can do.",
		"I don't know the command /nope.",
	} {
		if !numbered(want).MatchString(out) {
			t.Errorf("stdout lacks %q\nstdout:\n%s\nstderr:\n%s", want, out, errOut)
		}
	}

	// The files are in the database and their bytes in the blob store,
	// and a restart on the same database finds them (migrations re-run).
	ctx := context.Background()
	db, err := storage.Open(ctx, storage.Options{Driver: "sqlite", DSN: filepath.Join(dir, "bot.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, err := storage.NewKnowledgeBase(db).FindFiles(ctx, campaignbot.FileFilter{Workspace: "console"})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("%d files stored, want 2", len(files))
	}
	blobs, err := storage.OpenBlobStore(ctx, filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	defer blobs.Close()
	for _, f := range files {
		if ok, err := blobs.Exists(ctx, f.SHA256); err != nil || !ok {
			t.Errorf("bytes of %s missing from the blob store (err %v)", f.Name, err)
		}
	}
	if err := os.WriteFile(design, []byte("\x89PNG fake banner v2"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "/share "+design+"\n", "console", "--user", "alice", "--channel", "double11-design")
	if code != 0 || !numbered("Saved *banner.png* (19 B) to Double 11/Design as version 2 (file #).").MatchString(out) {
		t.Fatalf("after restart: exit %d\n%s", code, out)
	}
}

// numbered matches want literally, except that a "#" followed by ")" or
// "." stands for "#" and a six-digit file number.
func numbered(want string) *regexp.Regexp {
	q := regexp.QuoteMeta(want)
	q = strings.ReplaceAll(q, `#\)`, `#\d{6}\)`)
	q = strings.ReplaceAll(q, `#\.`, `#\d{6}\.`)
	return regexp.MustCompile(q)
}

// number returns the file number in the first line of out that matches
// want (see numbered).
func number(t *testing.T, out, want string) string {
	t.Helper()
	m := numbered(want).FindString(out)
	n := regexp.MustCompile(`#(\d{6})`).FindStringSubmatch(m)
	if n == nil {
		t.Fatalf("stdout lacks %q:\n%s", want, out)
	}
	return n[1]
}

func TestServeWithoutSlackStartsConsole(t *testing.T) {
	isolate(t)
	code, out, errOut := run(t, "@campaignbot 你好\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var notices []string
	for _, l := range strings.Split(strings.TrimSpace(errOut), "\n") {
		if !strings.HasPrefix(l, "{") { // JSON log records are not notices
			notices = append(notices, l)
		}
	}
	if len(notices) != 1 || !strings.HasPrefix(notices[0], "No Slack credentials configured") {
		t.Errorf("want one line about the console, got:\n%s", errOut)
	}
	if !strings.Contains(out, "Hi 王芳 Fang Wang!") {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestConfigCheck(t *testing.T) {
	isolate(t)
	code, out, _ := run(t, "", "config", "check")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "ok") {
		t.Fatalf("example config: exit %d, output %q", code, out)
	}
	broken, err := filepath.Abs(filepath.Join(testdataDir(t), "broken.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "", "config", "check", "--config", broken)
	if code != 1 {
		t.Fatalf("broken config: exit %d, want 1\n%s", code, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 4 {
		t.Fatalf("want every problem reported, got:\n%s", out)
	}
	pos := regexp.MustCompile(`^.*broken\.yaml:\d+:\d+: .+`)
	for _, l := range lines {
		if !pos.MatchString(l) {
			t.Errorf("problem line without FILE:LINE:COL: %q", l)
		}
	}
	for _, want := range []string{"broken.yaml:1:11:", "broken.yaml:4:19:", "broken.yaml:7:11:", "broken.yaml:10:1:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "campaignbot dev") {
		t.Fatalf("exit %d, %q", code, out)
	}
}

// testdataDir returns this package's testdata directory, which tests that
// chdir elsewhere cannot find by a relative path.
func testdataDir(t *testing.T) string {
	t.Helper()
	return testdata
}

var testdata = func() string {
	wd, err := os.Getwd()
	if err != nil {
		panic(err)
	}
	return filepath.Join(wd, "testdata")
}()

// TestConsoleAsksWhichDueDate: in the console, words with two readings get
// numbered choices, each with the command it stands for; typing one
// creates exactly that to-do, and nothing was stored before.
func TestConsoleAsksWhichDueDate(t *testing.T) {
	isolate(t)
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	tomorrow := time.Now().In(shanghai).AddDate(0, 0, 1).Format("2006-01-02")
	input := strings.Join([]string{
		"@campaignbot @alice 明天8点 开会",
		"/todo list all",
		"/todo add @alice 开会 by " + tomorrow + " 20:00",
	}, "\n")
	code, out, errOut := run(t, input, "console")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"nothing is saved until you pick one",
		"] /todo add @alice 开会 by " + tomorrow + " 08:00",
		"] /todo add @alice 开会 by " + tomorrow + " 20:00",
		"All open to-dos: none.",
		"20:00 (in ",
		"from “by " + tomorrow + " 20:00”",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q\nstdout:\n%s", want, out)
		}
	}
}

// TestConfigCheckNotesNamesOnSlack: with Slack configured, the example
// config's people (console names) are noted as not Slack ids; without
// Slack they are fine.
func TestConfigCheckNotesNamesOnSlack(t *testing.T) {
	isolate(t)
	t.Setenv("CAMPAIGNBOT_SLACK_BOT_TOKEN", "xoxb-test")
	t.Setenv("CAMPAIGNBOT_SLACK_APP_TOKEN", "xapp-test")
	t.Setenv("CAMPAIGNBOT_SLACK_SIGNING_SECRET", "secret")
	code, out, _ := run(t, "", "config", "check")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	for _, want := range []string{"note: admins: wang.fang is not a Slack user id (like U012AB3CD)", "note: campaigns.double11.leads: "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
