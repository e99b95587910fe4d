package config

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/campaignbot/campaignbot"
)

// debounce is how long the watcher waits after a file event for more
// events before reloading, so that an editor's burst of writes, renames and
// creates causes one reload.
const debounce = 250 * time.Millisecond

// Watcher holds the current configuration and replaces it when the file
// changes and the new version is valid. Current is safe to call from any
// goroutine at any time.
type Watcher struct {
	path string
	log  *slog.Logger
	cur  atomic.Pointer[Config]

	// mu serializes reloads and guards subs and sum.
	mu   sync.Mutex
	subs []chan *Config
	// sum is the SHA-256 of the content last read by a reload (valid or
	// not), so that directory events that leave the content as it was do
	// not reload or log the same problems again.
	sum [sha256.Size]byte

	// ready is closed once Run watches the directory.
	ready     chan struct{}
	readyOnce sync.Once
}

// NewWatcher returns a Watcher of the file at path whose current
// configuration is initial. A path of campaignbot.ExampleConfigName (the
// embedded config) is never watched. A nil log discards messages.
func NewWatcher(path string, initial *Config, log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{path: path, log: log, ready: make(chan struct{})}
	w.cur.Store(initial)
	if !w.embedded() {
		// initial was read from this content a moment ago; a difference
		// seen at the first event means the file changed since.
		if data, err := os.ReadFile(path); err == nil {
			w.sum = sha256.Sum256(data)
		}
	}
	return w
}

// Current returns the last valid configuration. Never modify it.
func (w *Watcher) Current() *Config { return w.cur.Load() }

// Subscribe returns a channel that receives each new configuration after a
// successful reload. The channel holds only the latest one: a slow reader
// skips versions it had no time to see, never blocking reloads. It is never
// closed.
func (w *Watcher) Subscribe() <-chan *Config {
	ch := make(chan *Config, 1)
	w.mu.Lock()
	w.subs = append(w.subs, ch)
	w.mu.Unlock()
	return ch
}

// embedded reports whether the watcher holds the embedded config.
func (w *Watcher) embedded() bool {
	return w.path == "" || w.path == campaignbot.ExampleConfigName
}

// Reload reads and parses the file again. When it is valid, Reload makes it
// current, tells subscribers and returns it; otherwise it logs every
// problem, keeps the last good configuration and returns the error (Problems
// when the file is invalid). The embedded config is not reloaded.
func (w *Watcher) Reload() (*Config, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.embedded() {
		return w.cur.Load(), nil
	}
	data, err := w.read()
	if err != nil {
		return nil, err
	}
	return w.reload(data)
}

// read reads the file, following symbolic links afresh each time, and
// logs a failure.
func (w *Watcher) read() ([]byte, error) {
	data, err := os.ReadFile(w.path)
	if err != nil {
		err = fmt.Errorf("reload config: %w", err)
		w.log.Error("config reload failed; keeping the last good config", "path", w.path, "err", err)
		return nil, err
	}
	return data, nil
}

// reloadIfChanged reloads the file when its content differs from what the
// last reload read. Run calls it after every event in the watched
// directories: a Kubernetes ConfigMap update swaps a symbolic link and
// names no event after the file itself.
func (w *Watcher) reloadIfChanged() {
	w.mu.Lock()
	defer w.mu.Unlock()
	data, err := os.ReadFile(w.path)
	if err != nil {
		// Mid-swap or removed: the next event, or the next edit, tries
		// again. Say so once per content change only.
		if w.sum != ([sha256.Size]byte{}) {
			w.log.Error("config reload failed; keeping the last good config", "path", w.path, "err", fmt.Errorf("reload config: %w", err))
			w.sum = [sha256.Size]byte{}
		}
		return
	}
	if sha256.Sum256(data) == w.sum {
		return
	}
	// Errors are logged by reload; the last good config stays.
	_, _ = w.reload(data)
}

// reload parses data, the file's content, and publishes it when it is
// valid. w.mu must be held.
func (w *Watcher) reload(data []byte) (*Config, error) {
	w.sum = sha256.Sum256(data)
	cfg, err := Parse(w.path, data)
	if err != nil {
		var ps Problems
		if errors.As(err, &ps) {
			for _, p := range ps {
				w.log.Error("config problem", "problem", p.String())
			}
		}
		w.log.Error("config reload failed; keeping the last good config", "path", w.path, "problems", len(ps))
		return nil, err
	}
	w.cur.Store(cfg)
	for _, ch := range w.subs {
		// Keep only the newest config in the channel.
		select {
		case <-ch:
		default:
		}
		ch <- cfg
	}
	w.log.Info("config reloaded", "summary", cfg.Summary())
	cfg.LogWarnings(w.log)
	return cfg, nil
}

// Run watches the file and reloads it when its content changes, until ctx
// is done; it then returns nil. It watches the file's directory rather than
// the file, and after every event there reads the file again through its
// symbolic links and compares the content with the last one read, so that
// these are all seen: a write in place; an editor's replacement (write a
// temporary file, rename it over); and a Kubernetes ConfigMap update, where
// the file is a link c.yaml -> ..data/c.yaml and ..data, a link to a
// timestamped directory, is atomically replaced by a rename. When the file
// resolves into another directory, that directory is watched too, so an
// edit of the link's target is seen. With the embedded config it just
// waits.
func (w *Watcher) Run(ctx context.Context) error {
	if w.embedded() {
		<-ctx.Done()
		return nil
	}
	target, err := filepath.Abs(w.path)
	if err != nil {
		return fmt.Errorf("watch config: %w", err)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch config: %w", err)
	}
	defer fw.Close()
	dir := filepath.Dir(target)
	if err := fw.Add(dir); err != nil {
		return fmt.Errorf("watch config directory %s: %w", dir, err)
	}
	// The real directory: that of the file the links lead to, when it is
	// not dir.
	var realDir string
	follow := func() {
		resolved, err := filepath.EvalSymlinks(target)
		next := ""
		if err == nil && filepath.Dir(resolved) != dir {
			next = filepath.Dir(resolved)
		}
		if next == realDir {
			return
		}
		if realDir != "" {
			_ = fw.Remove(realDir) // gone already when it was deleted
		}
		realDir = ""
		if next != "" {
			if err := fw.Add(next); err != nil {
				w.log.Debug("not watching the config's link target directory", "dir", next, "err", err)
				return
			}
			realDir = next
		}
	}
	follow()
	w.readyOnce.Do(func() { close(w.ready) })

	timer := time.NewTimer(debounce)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-fw.Events:
			if !ok {
				return nil
			}
			// Any event may have changed what the path resolves to.
			timer.Reset(debounce)
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.log.Warn("config watcher error", "err", err)
		case <-timer.C:
			w.reloadIfChanged()
			follow()
		}
	}
}
