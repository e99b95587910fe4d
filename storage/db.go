// Package storage implements campaignbot's services on a SQL database through
// gorm, and its BlobStore on a directory or a gocloud.dev/blob bucket.
//
// It is the only package that knows gorm, SQL and the database drivers. Open
// connects to SQLite (the default, a single file) or PostgreSQL and brings the
// schema up to date with the versioned migrations in migrations.go; the
// services (NewTodoService, NewKnowledgeBase, NewEventLog) are thin types on
// top of the returned *DB. All times are stored and returned in UTC.
//
// SQLite needs FTS5: build with `-tags sqlite_fts5`, as the Makefile does.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
)

// The supported database drivers.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Options says which database Open connects to.
type Options struct {
	// Driver is DriverSQLite or DriverPostgres.
	Driver string
	// DSN is a file path or a file: URI for SQLite, and a connection URL or
	// key=value string for PostgreSQL.
	DSN string
	// Logger receives warnings such as slow queries; nil discards them.
	Logger *slog.Logger
}

// DB is an open, migrated database. It is safe for concurrent use.
type DB struct {
	driver string
	logger *slog.Logger
	// rw runs writes and write transactions. For SQLite it is a pool of one
	// connection whose transactions BEGIN IMMEDIATE, so writes of this
	// process queue in Go instead of contending for the file lock.
	rw *gorm.DB
	// ro runs reads outside write transactions. For SQLite it is a pool of
	// query-only connections reading concurrently thanks to WAL; for
	// PostgreSQL it is rw.
	ro *gorm.DB
	// pools are the connection pools to close, rw's first.
	pools []*sql.DB
}

// Open connects to the database described by opts, checks that it is
// usable, and applies every pending migration.
func Open(ctx context.Context, opts Options) (*DB, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if opts.DSN == "" {
		return nil, fmt.Errorf("storage: open %s: empty DSN", opts.Driver)
	}
	var (
		db  *DB
		err error
	)
	switch opts.Driver {
	case DriverSQLite:
		db, err = openSQLite(ctx, opts.DSN, logger)
	case DriverPostgres:
		db, err = openPostgres(ctx, opts.DSN, logger)
	default:
		return nil, fmt.Errorf("storage: unknown driver %q; use %q or %q", opts.Driver, DriverSQLite, DriverPostgres)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("storage: migrate %s database: %w", opts.Driver, err)
	}
	return db, nil
}

// Close closes every connection of the database.
func (db *DB) Close() error {
	var errs []error
	for _, p := range db.pools {
		errs = append(errs, p.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers queries, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	for _, g := range []*gorm.DB{db.ro, db.rw} {
		var one int
		if err := g.WithContext(ctx).Raw("SELECT 1").Scan(&one).Error; err != nil {
			return fmt.Errorf("storage: ping %s: %w", db.driver, err)
		}
		if db.ro == db.rw {
			break
		}
	}
	return nil
}

// Driver returns DriverSQLite or DriverPostgres.
func (db *DB) Driver() string { return db.driver }

// write runs fn in a write transaction, committed when fn returns nil. On
// PostgreSQL it is READ COMMITTED whatever the server's default, which the
// INSERT ... ON CONFLICT then SELECT patterns rely on; on SQLite it is
// serializable and holds the write lock from its start.
func (db *DB) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return db.rw.WithContext(ctx).Transaction(fn, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
}

// read runs fn in a read transaction, so that its queries see one snapshot.
func (db *DB) read(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return db.ro.WithContext(ctx).Transaction(fn, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
}

// reader returns a session for single-statement reads.
func (db *DB) reader(ctx context.Context) *gorm.DB { return db.ro.WithContext(ctx) }

// isPostgres reports whether the database is PostgreSQL.
func (db *DB) isPostgres() bool { return db.driver == DriverPostgres }

// now returns the current time as the database stores it: UTC, to the
// microsecond (PostgreSQL's precision), so both drivers return equal values.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// dbTime converts t to the form stored in the database.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullTime converts t to a nullable column value; the zero time is NULL.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = dbTime(t)
	return &t
}

// fromNullTime converts a nullable column value back; NULL is the zero time.
func fromNullTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// gormConfig returns the gorm configuration shared by both drivers.
func gormConfig(logger *slog.Logger) *gorm.Config {
	return &gorm.Config{
		Logger:                 newGormLogger(logger),
		NowFunc:                now,
		SkipDefaultTransaction: true,
		// Migrations create the foreign keys; gorm never migrates.
		DisableForeignKeyConstraintWhenMigrating: true,
	}
}
