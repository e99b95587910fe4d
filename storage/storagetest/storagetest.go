// Package storagetest gives tests real, isolated databases: a fresh SQLite
// file in the test's temporary directory, and, when the environment variable
// CAMPAIGNBOT_TEST_POSTGRES_DSN names a PostgreSQL database, a fresh schema
// in it that is dropped when the test ends.
//
// Typical use runs a test against every backend:
//
//	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
//		todos := storage.NewTodoService(db)
//		...
//	})
package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/storage"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PostgresEnv is the environment variable holding the DSN of a PostgreSQL
// database tests may create schemas in, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const PostgresEnv = "CAMPAIGNBOT_TEST_POSTGRES_DSN"

// Backend is a kind of database tests run against.
type Backend struct {
	// Driver is storage.DriverSQLite or storage.DriverPostgres.
	Driver string
}

// Backends returns every backend, SQLite first. PostgreSQL is listed even
// when PostgresEnv is unset; using it then skips the test.
func Backends() []Backend {
	return []Backend{{Driver: storage.DriverSQLite}, {Driver: storage.DriverPostgres}}
}

// Options returns the options of a new, empty database of b's kind, removed
// when t ends. Open may be called on them several times, even concurrently,
// to reach the same database. It skips t when b is unavailable.
func (b Backend) Options(t testing.TB) storage.Options {
	t.Helper()
	opts := storage.Options{Driver: b.Driver, Logger: testLogger(t)}
	switch b.Driver {
	case storage.DriverSQLite:
		opts.DSN = filepath.Join(t.TempDir(), "campaignbot.db")
	case storage.DriverPostgres:
		opts.DSN = postgresSchema(t)
	default:
		t.Fatalf("storagetest: unknown driver %q", b.Driver)
	}
	return opts
}

// Open returns a new, empty, migrated database of b's kind, closed and
// removed when t ends. It skips t when b is unavailable.
func (b Backend) Open(t testing.TB) *storage.DB {
	t.Helper()
	return Open(t, b.Options(t))
}

// Open opens the database of opts and closes it when t ends.
func Open(t testing.TB, opts storage.Options) *storage.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := storage.Open(ctx, opts)
	if err != nil {
		t.Fatalf("storagetest: open %s database: %v", opts.Driver, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storagetest: close %s database: %v", opts.Driver, err)
		}
	})
	return db
}

// OpenSQLite returns a new, empty, migrated SQLite database in a file of
// t.TempDir().
func OpenSQLite(t testing.TB) *storage.DB {
	t.Helper()
	return Backend{Driver: storage.DriverSQLite}.Open(t)
}

// OpenPostgres returns a new, empty, migrated PostgreSQL schema, or skips
// t when PostgresEnv is unset.
func OpenPostgres(t testing.TB) *storage.DB {
	t.Helper()
	return Backend{Driver: storage.DriverPostgres}.Open(t)
}

// ForEachBackend runs fn as a subtest named after each backend.
func ForEachBackend(t *testing.T, fn func(t *testing.T, b Backend)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(b.Driver, func(t *testing.T) { fn(t, b) })
	}
}

// ForEach runs fn as a subtest with a fresh database of each backend.
func ForEach(t *testing.T, fn func(t *testing.T, db *storage.DB)) {
	t.Helper()
	ForEachBackend(t, func(t *testing.T, b Backend) { fn(t, b.Open(t)) })
}

// postgresSchema creates a schema with a random name in the database of
// PostgresEnv, drops it when t ends, and returns a DSN whose search_path is
// that schema. It skips t when PostgresEnv is unset.
func postgresSchema(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skipf("storagetest: PostgreSQL tests skipped: set %s to a database DSN, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable", PostgresEnv)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "cbtest_" + hex.EncodeToString(b[:])
	exec(t, dsn, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize())
	t.Cleanup(func() { exec(t, dsn, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE") })
	return withSearchPath(dsn, schema)
}

// exec runs one statement on a new connection to dsn.
func exec(t testing.TB, dsn, stmt string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("storagetest: connect to %s: %v", PostgresEnv, err)
	}
	defer conn.Close(ctx)
	// Dropping a schema takes locks in the shared catalog; when tests of
	// other packages create and drop their schemas at the same moment,
	// PostgreSQL may pick this statement as a deadlock victim. It is safe
	// to run again.
	for attempt := 1; ; attempt++ {
		_, err := conn.Exec(ctx, stmt)
		var pgErr *pgconn.PgError
		if err != nil && errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001") && attempt < 5 {
			continue
		}
		if err != nil {
			t.Fatalf("storagetest: %s: %v", stmt, err)
		}
		return
	}
}

// testLogger returns a logger writing warnings and errors to t's output.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// ErrUnavailable is returned by OpenShared for PostgreSQL when PostgresEnv
// is unset.
var ErrUnavailable = errors.New("storagetest: PostgreSQL unavailable: set " + PostgresEnv)

// OpenShared returns a new, empty, migrated database of b's kind that
// outlives the test or benchmark asking for it, for fixtures too costly to
// build more than once a run (a million to-dos) that several benchmarks
// reuse, and a function that closes and removes it; the caller calls it
// when the run ends (in TestMain). It returns ErrUnavailable when b is
// PostgreSQL and PostgresEnv is unset.
func (b Backend) OpenShared(ctx context.Context) (*storage.DB, func() error, error) {
	opts := storage.Options{Driver: b.Driver, Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	var remove func() error
	switch b.Driver {
	case storage.DriverSQLite:
		dir, err := os.MkdirTemp("", "campaignbot-shared-")
		if err != nil {
			return nil, nil, fmt.Errorf("storagetest: shared database: %w", err)
		}
		opts.DSN = filepath.Join(dir, "campaignbot.db")
		remove = func() error { return os.RemoveAll(dir) }
	case storage.DriverPostgres:
		dsn := os.Getenv(PostgresEnv)
		if dsn == "" {
			return nil, nil, ErrUnavailable
		}
		var r [6]byte
		rand.Read(r[:])
		schema := pgx.Identifier{"cbshared_" + hex.EncodeToString(r[:])}.Sanitize()
		if err := execDSN(ctx, dsn, "CREATE SCHEMA "+schema); err != nil {
			return nil, nil, err
		}
		opts.DSN = withSearchPath(dsn, strings.Trim(schema, `"`))
		remove = func() error { return execDSN(context.Background(), dsn, "DROP SCHEMA "+schema+" CASCADE") }
	default:
		return nil, nil, fmt.Errorf("storagetest: unknown driver %q", b.Driver)
	}
	db, err := storage.Open(ctx, opts)
	if err != nil {
		return nil, nil, errors.Join(fmt.Errorf("storagetest: open shared %s database: %w", b.Driver, err), remove())
	}
	if b.Driver == storage.DriverPostgres {
		sharedDSNs.Store(db, opts.DSN)
	}
	return db, func() error { sharedDSNs.Delete(db); return errors.Join(db.Close(), remove()) }, nil
}

// sharedDSNs maps the PostgreSQL databases of OpenShared to their DSNs.
var sharedDSNs sync.Map

// Analyze updates the planner's statistics of a PostgreSQL database from
// OpenShared, as autovacuum does after a bulk load, so that a benchmark
// plans as production would; it does nothing on SQLite, whose databases
// the bot never analyzes.
func Analyze(ctx context.Context, db *storage.DB) error {
	dsn, ok := sharedDSNs.Load(db)
	if !ok {
		return nil
	}
	return execDSN(ctx, dsn.(string), "ANALYZE")
}

// execDSN runs one statement on a new connection to dsn.
func execDSN(ctx context.Context, dsn, stmt string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("storagetest: connect to %s: %w", PostgresEnv, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("storagetest: %s: %w", stmt, err)
	}
	return nil
}

// withSearchPath returns dsn with its search_path set to schema.
func withSearchPath(dsn, schema string) string {
	if strings.Contains(dsn, "://") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return dsn + sep + "search_path=" + schema
	}
	return dsn + " search_path=" + schema
}
