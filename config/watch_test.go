package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
)

// newTestWatcher writes the example config to a temporary file and returns
// a Watcher of it and the file's path. Log lines go to logs.
func newTestWatcher(t *testing.T, logs *syncBuffer) (*Watcher, string) {
	t.Helper()
	clearEnv(t)
	path := filepath.Join(t.TempDir(), "campaignbot.yaml")
	writeFile(t, path, campaignbot.ExampleConfig)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var log *slog.Logger
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, nil))
	}
	return NewWatcher(path, cfg, log), path
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestWatcherReload(t *testing.T) {
	var logs syncBuffer
	w, path := newTestWatcher(t, &logs)
	old := w.Current()
	sub := w.Subscribe()

	// A valid edit is published.
	writeFile(t, path, example(t, "language: en", "language: zh-CN"))
	cfg, err := w.Reload()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Language != campaignbot.Chinese || w.Current() != cfg {
		t.Errorf("after a valid edit: language %s, current is new: %v", cfg.Language, w.Current() == cfg)
	}
	select {
	case got := <-sub:
		if got != cfg {
			t.Error("subscriber got another config")
		}
	default:
		t.Error("subscriber got nothing")
	}
	if old.Language != campaignbot.English {
		t.Error("the old config changed")
	}

	// An invalid edit keeps the last good config and says where it is wrong.
	bad := example(t, "escalate_after: 24h", "escalate_after: 3x", "timezone: Asia/Shanghai\n", "timezone: Mars\n")
	writeFile(t, path, bad)
	cfg, err = w.Reload()
	var ps Problems
	if cfg != nil || !errors.As(err, &ps) {
		t.Fatalf("Reload of an invalid file = %v, %v; want Problems", cfg, err)
	}
	wantLines := []string{
		fmt.Sprintf(`%s:%d:11: timezone: unknown time zone "Mars"`, path, lineOf(bad, "timezone: Mars")),
		fmt.Sprintf(`%s:%d:19: todos.escalate_after: bad duration "3x"`, path, lineOf(bad, "escalate_after: 3x")),
	}
	for i, want := range wantLines {
		if i >= len(ps) || !strings.HasPrefix(ps[i].String(), want) {
			t.Errorf("problem %d = %v, want %s…", i, ps, want)
		}
		if !strings.Contains(logs.String(), strings.ReplaceAll(want, `"`, `\"`)) {
			t.Errorf("log does not show %s:\n%s", want, logs.String())
		}
	}
	if w.Current().Language != campaignbot.Chinese {
		t.Error("an invalid edit replaced the config")
	}
	select {
	case <-sub:
		t.Error("an invalid edit was published")
	default:
	}

	// A missing file keeps the last good config too.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Reload(); err == nil || w.Current().Language != campaignbot.Chinese {
		t.Errorf("Reload of a missing file = %v", err)
	}
}

// TestWatcherConcurrentReaders runs readers against reloads; run it with
// -race.
func TestWatcherConcurrentReaders(t *testing.T) {
	w, path := newTestWatcher(t, nil)
	versions := [][]byte{example(t, "language: en", "language: zh-CN"), campaignbot.ExampleConfig}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				cfg := w.Current()
				if !cfg.Language.Valid() || len(cfg.Campaigns) != 1 || cfg.Summary() == "" {
					t.Error("a reader saw a broken config")
					return
				}
			}
		}()
	}
	sub := w.Subscribe()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			select {
			case cfg := <-sub:
				_ = cfg.Language
			case <-ctx.Done():
			}
		}
	}()
	for i := range 20 {
		writeFile(t, path, versions[i%2])
		if _, err := w.Reload(); err != nil {
			t.Error(err)
		}
	}
	cancel()
	wg.Wait()
}

// TestWatcherRun checks that writing the file, or replacing it the way
// editors do, reloads it.
func TestWatcherRun(t *testing.T) {
	w, path := newTestWatcher(t, nil)
	sub := w.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
	}()
	select {
	case <-w.ready:
	case err := <-done:
		t.Fatalf("Run = %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not start")
	}

	await := func(want campaignbot.Language) {
		t.Helper()
		select {
		case cfg := <-sub:
			if cfg.Language != want || w.Current() != cfg {
				t.Errorf("reloaded language %s, want %s", cfg.Language, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no reload with language %s", want)
		}
	}

	// Written in place.
	writeFile(t, path, example(t, "language: en", "language: zh-CN"))
	await(campaignbot.Chinese)

	// Replaced: written elsewhere and renamed over it.
	tmp := path + ".tmp"
	writeFile(t, tmp, campaignbot.ExampleConfig)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	await(campaignbot.English)
}

// TestWatcherEmbedded checks that the embedded config is neither watched
// nor reloaded.
func TestWatcherEmbedded(t *testing.T) {
	clearEnv(t)
	cfg, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Source != campaignbot.ExampleConfigName {
		t.Skip("a campaignbot.yaml exists in the package directory")
	}
	w := NewWatcher(cfg.Source, cfg, nil)
	if got, err := w.Reload(); got != cfg || err != nil {
		t.Errorf("Reload = %v, %v", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := w.Run(ctx); err != nil {
		t.Errorf("Run = %v", err)
	}
}

// lineOf returns the 1-based line of the first occurrence of s in data.
func lineOf(data []byte, s string) int {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}

// configMapDir lays out dir the way the kubelet mounts a ConfigMap with
// the key c.yaml: the data in a timestamped directory, ..data a link to
// it, and c.yaml a link to ..data/c.yaml. It returns the path of c.yaml.
func configMapDir(t *testing.T, dir string, data []byte) string {
	t.Helper()
	stamp := "..2026_12_02_13_00_00.000000001"
	if err := os.Mkdir(filepath.Join(dir, stamp), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, stamp, "c.yaml"), data)
	for link, to := range map[string]string{"..data": stamp, "c.yaml": filepath.Join("..data", "c.yaml")} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "c.yaml")
}

// swapConfigMap updates the ConfigMap in dir as the kubelet does: the new
// data goes to a new timestamped directory, a new link ..data_tmp to it
// is renamed over ..data in one step, and the old directory is removed.
func swapConfigMap(t *testing.T, dir, stamp string, data []byte) {
	t.Helper()
	old, err := os.Readlink(filepath.Join(dir, "..data"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, stamp), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, stamp, "c.yaml"), data)
	if err := os.Symlink(stamp, filepath.Join(dir, "..data_tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, old)); err != nil {
		t.Fatal(err)
	}
}

// TestWatcherConfigMap checks that a config mounted from a Kubernetes
// ConfigMap is reloaded when the kubelet swaps the ..data link, an event
// that never names the config file, and again at the next update.
func TestWatcherConfigMap(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	path := configMapDir(t, dir, campaignbot.ExampleConfig)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWatcher(path, cfg, nil)
	sub := w.Subscribe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run = %v", err)
		}
	}()
	select {
	case <-w.ready:
	case err := <-done:
		t.Fatalf("Run = %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher did not start")
	}
	await := func(want campaignbot.Language) {
		t.Helper()
		select {
		case cfg := <-sub:
			if cfg.Language != want || w.Current() != cfg {
				t.Errorf("published language %s (current is it: %v), want %s", cfg.Language, w.Current() == cfg, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no config with language %s was published", want)
		}
	}

	swapConfigMap(t, dir, "..2026_12_02_13_05_00.000000002", example(t, "language: en", "language: zh-CN"))
	await(campaignbot.Chinese)
	// The old timestamped directory is gone; the next update is seen too.
	swapConfigMap(t, dir, "..2026_12_02_13_10_00.000000003", campaignbot.ExampleConfig)
	await(campaignbot.English)
}

// TestWatcherUnchangedContent checks that an event that leaves the
// content as it was (another file in the directory, a link swapped to the
// same data) publishes nothing, and that a changed content is published.
func TestWatcherUnchangedContent(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	path := configMapDir(t, dir, campaignbot.ExampleConfig)
	cfg, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWatcher(path, cfg, nil)
	sub := w.Subscribe()

	// Another file in the directory, then a swap to the same content.
	writeFile(t, filepath.Join(dir, "notes.txt"), []byte("not the config"))
	w.reloadIfChanged()
	swapConfigMap(t, dir, "..2026_12_02_13_05_00.000000002", campaignbot.ExampleConfig)
	w.reloadIfChanged()
	select {
	case <-sub:
		t.Error("the same content was published again")
	default:
	}
	if w.Current() != cfg {
		t.Error("the same content replaced the config")
	}

	swapConfigMap(t, dir, "..2026_12_02_13_10_00.000000003", example(t, "language: en", "language: zh-CN"))
	w.reloadIfChanged()
	select {
	case got := <-sub:
		if got.Language != campaignbot.Chinese {
			t.Errorf("published language %s", got.Language)
		}
	default:
		t.Error("the changed content was not published")
	}
}
