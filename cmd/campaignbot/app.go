package main

import (
	"context"

	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
	"github.com/campaignbot/campaignbot/config"
	"github.com/campaignbot/campaignbot/handlers"
	"github.com/campaignbot/campaignbot/monitor"
	"github.com/campaignbot/campaignbot/progress"
	"github.com/campaignbot/campaignbot/scheduler"
	"github.com/campaignbot/campaignbot/storage"
)

// app is the wired bot: config, storage, router and handlers.
type app struct {
	log *slog.Logger
	// logLevel is the logger's level, lowered for an interactive console.
	logLevel *slog.LevelVar
	watcher  *config.Watcher
	db       *storage.DB
	blobs    *storage.BlobStore
	router   *bot.Router
	metrics  *monitor.Metrics
	// nudges plans to-do reminders; handlers re-plan through it.
	nudges *scheduler.TodoNudges
	// overrides keeps milestones changed in chat; replanner re-plans
	// after such a change, once the scheduler exists.
	overrides *storage.MilestoneOverrides
	replanner *replanner
	// users is the user directory the Slack adapter keeps.
	users *storage.UserStore
	// languages keeps the languages people chose for themselves;
	// readers tells the handlers' composers each reader's language once
	// the scheduler exists.
	languages *storage.LanguageChoices
	readers   *readerLanguages
	// progress writes /campaign progress and the weekly progress posts.
	progress progress.Reporter
	// indexer extracts shared files' text in the background until
	// stopIndexer; close stops it and waits for it before closing what it
	// writes to (what it did not finish is resumed at the next start).
	indexer     *handlers.Indexer
	stopIndexer context.CancelFunc

	// ready is what /readyz answers; planned marks the first plan done.
	ready   *monitor.Readiness
	planned func()
	// mux is the HTTP listener's, at httpAddr, until stopHTTP (nil when
	// http.listen is off or the command serves no HTTP).
	mux      *http.ServeMux
	httpAddr string
	stopHTTP func()
}

// appUse says what an app is opened for.
type appUse int

// What an app is opened for: a command run to its end, the console chat,
// or serve (the console chat when Slack is not configured).
const (
	forCommand appUse = iota
	forConsole
	forServe
)

// openStorage opens and migrates the database; tests hold it up.
var openStorage = storage.Open

// readinessOptions configure /readyz's database ping; tests shorten them.
var readinessOptions = monitor.ReadinessOptions{}

// openApp loads the config and opens everything the bot needs. Config
// problems are printed one per line as FILE:LINE:COL: message. For the
// commands that run the bot (forConsole, forServe) it starts the HTTP
// listener (when http.listen is set) before the database is opened and
// migrated, so /healthz answers and /readyz says what start-up waits for
// while migrations run.
func openApp(ctx context.Context, s streams, configPath string, use appUse) (a *app, err error) {
	cfg, err := config.Load(configPath)
	if err != nil {
		return nil, reportConfigError(s, err)
	}
	log, level := newLogger(s.err, cfg.Log)
	chat := use == forConsole || use == forServe && !cfg.Slack.Configured()
	if chat && isTerminal(s.in) && isTerminal(s.err) && level.Level() == slog.LevelInfo {
		// Someone is about to chat in this terminal: routine info lines
		// (migrations, planning) would interleave with the conversation.
		// Warnings and errors still show; log.level: debug shows all.
		level.Set(slog.LevelWarn)
	}
	if use != forCommand {
		cfg.LogWarnings(log)
	}
	a = &app{log: log, logLevel: level, metrics: monitor.NewMetrics(), stopHTTP: func() {}}
	a.ready = monitor.NewReadiness(readinessOptions)
	migrated := a.ready.Pending("migrations")
	a.planned = a.ready.Pending("first plan")
	if use != forCommand {
		if err := a.startHTTP(ctx, cfg.HTTP.Listen); err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				a.stopHTTP()
			}
		}()
	}
	a.db, err = openStorage(ctx, storage.Options{Driver: cfg.Storage.Driver, DSN: cfg.Storage.DSN.Reveal(), Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open the %s database: %w", cfg.Storage.Driver, err)
	}
	a.ready.SetPing(a.db.Ping)
	migrated()
	a.blobs, err = storage.OpenBlobStore(ctx, cfg.Storage.Files, storage.WithReferences(a.db))
	if err != nil {
		a.db.Close()
		return nil, fmt.Errorf("open the file store %s: %w", storage.RedactBlobLocation(cfg.Storage.Files), err)
	}
	a.watcher = config.NewWatcher(cfg.Source, cfg, log)
	todos := storage.NewTodoService(a.db)
	a.nudges = &scheduler.TodoNudges{Todos: todos, Store: storage.NewReminderStore(a.db), Config: a.watcher.Current}
	a.overrides = storage.NewMilestoneOverrides(a.db)
	a.users = storage.NewUserStore(a.db)
	a.replanner = &replanner{}
	a.progress = progress.Reporter{Todos: todos, Charts: newCharts(cfg, log)}
	a.languages = storage.NewLanguageChoices(a.db)
	a.readers = &readerLanguages{}
	a.router = bot.NewRouter(bot.RouterOptions{
		Config:    a.watcher.Current,
		Events:    storage.NewEventLog(a.db),
		Logger:    log,
		Observer:  a.metrics,
		Languages: a.languages,
	})
	indexing, stop := context.WithCancel(ctx)
	a.indexer, a.stopIndexer = newIndexer(indexing, a, log), stop
	handlers.Register(a.router, handlers.Deps{
		KnowledgeBase: storage.NewKnowledgeBase(a.db),
		Blobs:         a.blobs,
		ExportDir:     exportDir(cfg),
		Indexer:       a.indexer,
		Todos:         todos,
		Nudges:        a.nudges,
		Reminders:     storage.NewReminderStore(a.db),
		Overrides:     a.overrides,
		Replanner:     a.replanner,
		Progress:      &a.progress,
		Acks: &scheduler.Acks{Reminders: storage.NewReminderStore(a.db), Store: storage.NewAckStore(a.db),
			Composers: map[campaignbot.ReminderKind]scheduler.Composer{
				campaignbot.ReminderTodo: scheduler.TodoComposer{Todos: todos, Config: a.watcher.Current, Languages: a.readers},
			},
			Config: a.watcher.Current},
		ImportPreviews: storage.NewImportPreviewStore(a.db),
		Languages:      a.languages,
		Logger:         log,
	})
	log.Debug("campaignbot ready", "config", cfg.Source, "storage", cfg.Storage.Driver, "language", cfg.Language)
	return a, nil
}

// close stops the HTTP listener if run did not, stops the text extractions
// and waits for them, then releases the file store and the database.
func (a *app) close() {
	a.stopHTTP()
	a.stopIndexer()
	a.indexer.Wait()
	if err := a.blobs.Close(); err != nil {
		a.log.Warn("closing the file store", "err", err)
	}
	if err := a.db.Close(); err != nil {
		a.log.Warn("closing the database", "err", err)
	}
}

// run serves HTTP, watches the config and runs the adapter until the
// adapter ends or ctx is done, then shuts everything down gracefully: input
// stops first, in-flight work finishes, then the listener closes.
func (a *app) run(ctx context.Context, adapter bot.Adapter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if a.mux != nil {
		if m, ok := adapter.(interface{ Mount(*http.ServeMux) }); ok {
			m.Mount(a.mux) // safe while serving: ServeMux locks
		}
	}
	defer a.stopHTTP()

	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		if err := a.watcher.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.log.Warn("config hot reload stopped", "err", err)
		}
	}()
	sched := a.scheduler(adapter)
	go func() {
		select {
		case <-sched.Planned():
			a.planned()
		case <-ctx.Done():
		}
	}()
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		if err := sched.Run(ctx); err != nil {
			a.log.Error("the scheduler stopped", "err", err)
		}
	}()
	err := adapter.Run(ctx, a.router)
	cancel()
	<-watchDone
	<-schedDone
	return err
}

// startHTTP starts the health, readiness and metrics listener on addr,
// unless addr is empty, and sets a.stopHTTP to the function that stops it
// (once). The adapter's endpoints (Slack HTTP mode) are mounted by run.
func (a *app) startHTTP(ctx context.Context, addr string) error {
	if addr == "" {
		return nil
	}
	mux := http.NewServeMux()
	monitor.Mount(mux, a.metrics, a.ready)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s (http.listen; set CAMPAIGNBOT_HTTP_LISTEN to another address, or to \"\" to turn the listener off): %w", addr, err)
	}
	srv := newHTTPServer(mux, defaultHTTPLimits)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(limitListener(ln, defaultHTTPLimits)); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("http listener failed", "err", err)
		}
	}()
	a.mux, a.httpAddr = mux, ln.Addr().String()
	a.log.Debug("http listening", "addr", a.httpAddr)
	a.stopHTTP = sync.OnceFunc(func() {
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			a.log.Warn("http shutdown", "err", err)
		}
		<-done
	})
	return nil
}

// reportConfigError prints config problems one per line as
// FILE:LINE:COL: message and returns exit status 1; other errors are
// returned as they are.
func reportConfigError(s streams, err error) error {
	var problems config.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(s.err, p.String())
		}
		return exitError{code: 1}
	}
	return err
}
