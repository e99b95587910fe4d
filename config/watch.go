package config

import (
	"context"
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

	// mu serializes reloads and guards subs.
	mu   sync.Mutex
	subs []chan *Config

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
	data, err := os.ReadFile(w.path)
	if err != nil {
		err = fmt.Errorf("reload config: %w", err)
		w.log.Error("config reload failed; keeping the last good config", "path", w.path, "err", err)
		return nil, err
	}
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
	return cfg, nil
}

// Run watches the file and reloads it after it is written, created or
// renamed, until ctx is done; it then returns nil. It watches the file's
// directory, so that editors that replace the file (write a temporary file,
// rename it over) are seen too. With the embedded config it just waits.
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
	if err := fw.Add(filepath.Dir(target)); err != nil {
		return fmt.Errorf("watch config directory %s: %w", filepath.Dir(target), err)
	}
	w.readyOnce.Do(func() { close(w.ready) })

	timer := time.NewTimer(debounce)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			name, err := filepath.Abs(ev.Name)
			if err != nil || name != target {
				continue
			}
			if ev.Has(fsnotify.Write) || ev.Has(fsnotify.Create) || ev.Has(fsnotify.Rename) {
				timer.Reset(debounce)
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.log.Warn("config watcher error", "err", err)
		case <-timer.C:
			// Errors are logged by Reload; the last good config stays.
			_, _ = w.Reload()
		}
	}
}
