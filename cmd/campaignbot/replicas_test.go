package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/internal/slackfake"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// replicaEnv marks the process TestReplicaProcess runs `serve` in.
const replicaEnv = "CAMPAIGNBOT_TEST_REPLICA"

// TestReplicaProcess is one replica of TestTwoReplicas: the test binary
// started again as its own process, running `campaignbot serve` until it
// is signalled or killed.
func TestReplicaProcess(t *testing.T) {
	if os.Getenv(replicaEnv) == "" {
		t.Skip("a replica process of TestTwoReplicas; it runs only when started by that test")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(execute(ctx, []string{"serve"}, strings.NewReader(""), os.Stdout, os.Stderr))
}

// replica is a `campaignbot serve` process of TestTwoReplicas.
type replica struct {
	name    string
	addr    string
	tmp     string // its TMPDIR, where /kb export writes for a bucket store
	cmd     *exec.Cmd
	out     syncBuffer
	started time.Time
	exited  chan struct{}
}

// startReplica starts the test binary as a replica serving on its own
// address with env added to the test's environment.
func startReplica(t *testing.T, name string, env []string) *replica {
	t.Helper()
	r := &replica{name: name, addr: freeAddr(t), tmp: filepath.Join(t.TempDir(), "tmp-"+name), exited: make(chan struct{})}
	if err := os.MkdirAll(r.tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	r.cmd = exec.Command(os.Args[0], "-test.run=^TestReplicaProcess$")
	r.cmd.Env = append(append(os.Environ(), env...), replicaEnv+"=1", "CAMPAIGNBOT_HTTP_LISTEN="+r.addr, "TMPDIR="+r.tmp)
	r.cmd.Stdout, r.cmd.Stderr = &r.out, &r.out
	r.started = time.Now()
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { r.cmd.Wait(); close(r.exited) }()
	t.Cleanup(func() {
		r.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.exited:
		case <-time.After(20 * time.Second):
			r.cmd.Process.Kill()
			<-r.exited
		}
		if t.Failed() {
			t.Logf("replica %s output:\n%s", r.name, r.out.String())
		}
	})
	return r
}

// TestTwoReplicas runs two `campaignbot serve` processes in Slack HTTP mode
// on one PostgreSQL schema and one S3 bucket against the fake Slack, as a
// load balancer would spread Slack's requests over them: a file shared
// through replica A is found by /kb search and exported by replica B with
// identical bytes; a job posting every 2 s is delivered once per
// occurrence across both; after A is killed (SIGKILL, no shutdown) B serves
// shares, searches and the job alone. It needs CAMPAIGNBOT_TEST_POSTGRES_DSN
// and CAMPAIGNBOT_TEST_S3_URL (.ci/run sets both) and skips without them.
// The figures it logs are the README's "Running several replicas" ones.
func TestTwoReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two serve processes for about a minute")
	}
	pg := storagetest.Backend{Driver: storage.DriverPostgres}.Options(t) // skips without PostgreSQL
	bucket := storagetest.S3Bucket(t)                                    // skips without S3
	dir := t.TempDir()

	fake := slackfake.New(t)
	fake.AddUser(slackfake.User{ID: "U0ALICE", Name: "alice", RealName: "Alice", TZ: "Asia/Shanghai"})
	fake.AddUser(slackfake.User{ID: "U0BOB", Name: "bob", RealName: "Bob", TZ: "Asia/Shanghai"})
	fake.AddChannel(slackfake.Channel{ID: "C0DESIGN", Name: "double11-design", IsMember: true})
	fake.AddChannel(slackfake.Channel{ID: "C0WAR", Name: "double11-war-room", IsMember: true})

	cfgPath := filepath.Join(dir, "campaignbot.yaml")
	cfg := `language: en
timezone: Asia/Shanghai
slack:
  mode: http
knowledge_base:
  folders:
    - path: Double 11/Design
  unfiled: Double 11/Design
scheduler:
  claim_lease: 15s
todos:
  digest: ""
jobs:
  - id: pulse
    cron: "@every 2s"
    channel: double11-war-room
    message: "pulse"
`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"CAMPAIGNBOT_CONFIG=" + cfgPath,
		"CAMPAIGNBOT_STORAGE_DRIVER=postgres",
		"CAMPAIGNBOT_STORAGE_DSN=" + pg.DSN,
		"CAMPAIGNBOT_STORAGE_FILES=" + bucket,
		"CAMPAIGNBOT_SLACK_MODE=http",
		"CAMPAIGNBOT_SLACK_API_URL=" + fake.APIURL(),
		"CAMPAIGNBOT_SLACK_BOT_TOKEN=" + slackfake.BotToken,
		"CAMPAIGNBOT_SLACK_APP_TOKEN=",
		"CAMPAIGNBOT_SLACK_SIGNING_SECRET=" + slackfake.Secret,
		"CAMPAIGNBOT_LOG_LEVEL=info",
	}

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	a := startReplica(t, "A", env)
	b := startReplica(t, "B", env)
	for _, r := range []*replica{a, b} {
		waitHTTP(t, ctx, "http://"+r.addr+"/readyz")
		t.Logf("replica %s ready in %s", r.name, time.Since(r.started).Round(10*time.Millisecond))
	}
	// seen is when each pulse (by its time) was first seen delivered:
	// every wait looks at the deliveries each time the fake records a call.
	seen := map[time.Time]time.Time{}
	observe := func() {
		for _, c := range fake.Delivered("chat.postMessage") {
			if m := regexp.MustCompile(`job:pulse:([0-9TZ:-]+)`).FindStringSubmatch(c.Params.Get("metadata")); m != nil {
				at, _ := time.Parse(time.RFC3339, m[1])
				if _, ok := seen[at]; !ok {
					seen[at] = time.Now()
				}
			}
		}
	}
	wait := func(what string, cond func() bool) time.Duration {
		t.Helper()
		start := time.Now()
		if err := fake.Wait(ctx, func() bool { observe(); return cond() }); err != nil {
			t.Fatalf("waiting for %s: %v\nA:\n%s\nB:\n%s", what, err, a.out.String(), b.out.String())
		}
		return time.Since(start)
	}
	command := func(r *replica, id, text string) {
		t.Helper()
		form := url.Values{"team_id": {slackfake.TeamID}, "channel_id": {"C0DESIGN"}, "channel_name": {"double11-design"},
			"user_id": {"U0ALICE"}, "user_name": {"alice"}, "command": {"/kb"}, "text": {text},
			"response_url": {fake.ResponseURL(id)}, "trigger_id": {"trigger-" + id}, "api_app_id": {slackfake.AppID}}
		post(t, ctx, "http://"+r.addr+"/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()))
	}
	response := func(id string) string {
		for _, r := range fake.Responses() {
			if r.ID == id {
				return fmt.Sprint(r.Body["text"], r.Body["blocks"])
			}
		}
		return ""
	}
	share := func(r *replica, n int, name string, data []byte) []byte {
		t.Helper()
		f := fake.AddFile(slackfake.File{ID: fmt.Sprintf("F0SHARE%d", n), Name: name, Mimetype: "application/octet-stream", Bytes: data, User: "U0ALICE", Channels: []string{"C0DESIGN"}})
		ts := fmt.Sprintf("17000001%02d.000200", n)
		event := map[string]any{
			"team_id": slackfake.TeamID, "api_app_id": slackfake.AppID, "type": "event_callback",
			"event_id": fmt.Sprintf("Ev0SHARE%d", n), "event_time": 1700000100 + n,
			"event": map[string]any{"type": "message", "subtype": "file_share", "text": "campaign video",
				"user": "U0ALICE", "channel": "C0DESIGN", "channel_type": "channel",
				"ts": ts, "event_ts": ts, "files": []any{f}},
		}
		body := mustJSON(t, event)
		post(t, ctx, "http://"+r.addr+"/slack/events", "application/json", body)
		return body
	}
	pulses := func() (keys map[string]int, times []time.Time) {
		keys = map[string]int{}
		for _, c := range fake.Delivered("chat.postMessage") {
			if c.Params.Get("text") != "pulse" {
				continue
			}
			m := regexp.MustCompile(`job:pulse:([0-9TZ:-]+)`).FindStringSubmatch(c.Params.Get("metadata"))
			if m == nil {
				t.Fatalf("a pulse without its key: %v", c.Params)
			}
			keys[m[1]]++
			at, _ := time.Parse(time.RFC3339, m[1])
			times = append(times, at)
		}
		return keys, times
	}

	// A file shared through A: 12 MiB, so that it goes to S3 as a
	// multipart upload of three parts.
	video := make([]byte, 12<<20)
	rand.Read(video)
	sum := sha256.Sum256(video)
	shareStart := time.Now()
	event := share(a, 1, "launch-video.mp4", video)
	wait("A's reply to the share", func() bool {
		for _, c := range fake.Delivered("chat.postMessage") {
			if strings.Contains(c.Params.Get("text")+c.Params.Get("blocks"), "launch-video.mp4") {
				return true
			}
		}
		return false
	})
	t.Logf("12 MiB file shared through A, stored in the bucket and answered in %s", time.Since(shareStart).Round(time.Millisecond))
	key := "sha256/" + hex.EncodeToString(sum[:1]) + "/" + hex.EncodeToString(sum[:])
	if keys := storagetest.BucketKeys(t, bucket); !slices.Contains(keys, key) {
		t.Fatalf("the bucket holds %q, not %s", keys, key)
	}

	// Slack retries the event (it thinks the ack came late) and the load
	// balancer sends the retry to B: the event log is in the shared
	// database, so B drops it.
	post(t, ctx, "http://"+b.addr+"/slack/events", "application/json", event)

	// B finds it: the search index is in the shared database.
	took := time.Now()
	command(b, "search", "search launch-video")
	wait("B's /kb search answer", func() bool { return response("search") != "" })
	t.Logf("/kb search on B answered in %s", time.Since(took).Round(time.Millisecond))
	if !strings.Contains(response("search"), "launch-video.mp4") {
		t.Fatalf("B's search did not find the file shared through A: %s", response("search"))
	}

	// B exports it: the bytes come from the bucket.
	took = time.Now()
	command(b, "export", "export Double 11")
	wait("B's /kb export answer", func() bool { return response("export") != "" })
	t.Logf("/kb export on B (12 MiB zip from the bucket) answered in %s", time.Since(took).Round(time.Millisecond))
	// The zip arrives in alice's direct messages as a Slack file.
	sent := fake.Files("U0ALICE")
	if len(sent) != 1 || !strings.HasSuffix(sent[0].Name, ".zip") {
		t.Fatalf("B's export sent %d files to alice's DM (%s)", len(sent), response("export"))
	}
	zipPath := filepath.Join(t.TempDir(), sent[0].Name)
	if err := os.WriteFile(zipPath, sent[0].Bytes, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := zipEntry(t, zipPath, "launch-video.mp4"); !bytes.Equal(got, video) {
		t.Fatalf("the export holds %d bytes that differ from the %d shared", len(got), len(video))
	}

	if n := fake.Downloads(); n != 1 {
		t.Errorf("the share was downloaded %d times; B should have dropped Slack's retry", n)
	}

	// The job, planned by both replicas, is delivered once per occurrence.
	wait("6 pulses", func() bool { k, _ := pulses(); return len(k) >= 6 })
	keys, _ := pulses()
	for k, n := range keys {
		if n != 1 {
			t.Errorf("pulse %s delivered %d times", k, n)
		}
	}
	t.Logf("both replicas up: %d pulses delivered, each once", len(keys))

	// A crashes. B goes on serving shares, searches and the job.
	a.cmd.Process.Kill()
	<-a.exited
	killed := time.Now()
	before := len(keys)
	doc := make([]byte, 12<<20)
	rand.Read(doc)
	shareStart = time.Now()
	share(b, 2, "after-crash.bin", doc)
	took = time.Now()
	wait("B's reply to the share after A died", func() bool {
		for _, c := range fake.Delivered("chat.postMessage") {
			if strings.Contains(c.Params.Get("text")+c.Params.Get("blocks"), "after-crash.bin") {
				return true
			}
		}
		return false
	})
	t.Logf("12 MiB file shared through B after A died, stored and answered in %s", time.Since(shareStart).Round(time.Millisecond))
	command(b, "search-after", "search launch-video")
	wait("B's search after A died", func() bool { return response("search-after") != "" })
	if !strings.Contains(response("search-after"), "launch-video.mp4") {
		t.Errorf("B's search after A died: %s", response("search-after"))
	}
	wait("pulses after A died", func() bool {
		_, times := pulses()
		for _, at := range times {
			if at.After(killed.Add(20 * time.Second)) {
				return true
			}
		}
		return false
	})
	keys, times := pulses()
	for k, n := range keys {
		if n != 1 {
			t.Errorf("pulse %s delivered %d times", k, n)
		}
	}
	// Every occurrence from the first to the last was delivered: the ones
	// A had claimed when it died were taken over by B once its claim
	// lapsed.
	first, last := times[0], times[0]
	for _, at := range times {
		first, last = minTime(first, at), maxTime(last, at)
	}
	want := int(last.Sub(first)/(2*time.Second)) + 1
	if len(keys) != want {
		t.Errorf("%d pulses delivered from %s to %s, want %d (one every 2 s)", len(keys), first.Format(time.TimeOnly), last.Format(time.TimeOnly), want)
	}
	// How late pulses were: at most a poll while both run; those A held
	// when it died wait for its claim to lapse (claim_lease, 15 s here).
	// When A died in the middle of a send, nobody knows whether Slack
	// posted it: B looks in the channel no sooner than 50 s after that
	// send started (the scheduler's unknownSettle), and the channel's
	// later pulses wait behind it in order. So the bound after the crash
	// is 50 s plus polling, not the lease.
	var lateBefore, lateAfter time.Duration
	for at, when := range seen {
		if late := when.Sub(at); at.Before(killed) {
			lateBefore = max(lateBefore, late)
		} else {
			lateAfter = max(lateAfter, late)
		}
	}
	if lateAfter > 50*time.Second+10*time.Second {
		t.Errorf("a pulse after the crash was delivered %s late; the claim lease is 15 s and a send of unknown outcome settles for 50 s", lateAfter)
	}
	t.Logf("after A was killed: B delivered %d more pulses, none doubled or lost (%d in all, %s to %s); latest delivery %s late with both up, %s after the crash (claim_lease 15s, unknown outcomes settle 50 s)",
		len(keys)-before, len(keys), first.Format(time.TimeOnly), last.Format(time.TimeOnly), lateBefore.Round(10*time.Millisecond), lateAfter.Round(10*time.Millisecond))
}

// zipEntry returns the bytes of the entry of the zip at path whose name
// ends in name.
func zipEntry(t *testing.T, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/"+name) {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no %s in the export", name)
	return nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
