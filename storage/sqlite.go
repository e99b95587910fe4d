package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

// SQLite connection settings, applied by the driver to every connection and
// verified at Open.
const (
	// sqliteBusyTimeout is how long a statement waits for another
	// connection's lock before failing with SQLITE_BUSY.
	sqliteBusyTimeout = 5 * time.Second
	// sqliteMinVersion is the oldest SQLite with RETURNING.
	sqliteMinVersion = "3.35.0"
)

// openSQLite opens the SQLite database at dsn with two pools: one
// connection for writes, whose transactions BEGIN IMMEDIATE so that they
// never fail upgrading a read lock, and several query-only connections that
// read concurrently thanks to the WAL journal.
func openSQLite(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	base, query, err := sqliteURI(dsn)
	if err != nil {
		return nil, err
	}
	common := map[string]string{
		"_journal_mode": "WAL",
		"_busy_timeout": strconv.FormatInt(sqliteBusyTimeout.Milliseconds(), 10),
		"_foreign_keys": "1",
		"_synchronous":  "NORMAL",
	}
	rwDSN := sqliteDSN(base, query, common, map[string]string{"_txlock": "immediate"})
	roDSN := sqliteDSN(base, query, common, map[string]string{"_txlock": "deferred", "_query_only": "1"})

	db := &DB{driver: DriverSQLite, logger: logger}
	// The write pool opens first: its first connection creates the file and
	// switches it to WAL before any query-only connection exists.
	rw, err := openSQLitePool(ctx, rwDSN, 1, logger)
	if err != nil {
		return nil, err
	}
	db.rw = rw
	db.pools = append(db.pools, mustSQLDB(rw))
	readers := max(4, runtime.GOMAXPROCS(0))
	ro, err := openSQLitePool(ctx, roDSN, readers, logger)
	if err != nil {
		db.Close()
		return nil, err
	}
	db.ro = ro
	db.pools = append(db.pools, mustSQLDB(ro))

	if err := checkSQLite(ctx, rw, false); err != nil {
		db.Close()
		return nil, err
	}
	if err := checkSQLite(ctx, ro, true); err != nil {
		db.Close()
		return nil, err
	}
	if err := checkFTS5(ctx, rw); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openSQLitePool opens a gorm session on a pool of at most n connections.
// A first connection can find the file locked by another process that is
// switching it to WAL, which SQLite answers at once rather than through
// the busy timeout: that is retried for up to the busy timeout.
func openSQLitePool(ctx context.Context, dsn string, n int, logger *slog.Logger) (*gorm.DB, error) {
	deadline := time.Now().Add(sqliteBusyTimeout)
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		g, err := openSQLitePoolOnce(dsn, n, logger)
		if err == nil || !isSQLiteBusy(err) || time.Now().After(deadline) {
			return g, err
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("storage: open sqlite: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// openSQLitePoolOnce makes one attempt of openSQLitePool.
func openSQLitePoolOnce(dsn string, n int, logger *slog.Logger) (*gorm.DB, error) {
	sqlDB, err := sql.Open(sqlite.DriverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("storage: open sqlite: %w", err)
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	sqlDB.SetConnMaxIdleTime(10 * time.Minute)
	g, err := gorm.Open(sqlite.New(sqlite.Config{Conn: sqlDB}), gormConfig(logger))
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: open sqlite: %w", err)
	}
	return g, nil
}

// isSQLiteBusy reports whether err is SQLite's "database is locked".
func isSQLiteBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// mustSQLDB returns the pool under g, which is always a *sql.DB here.
func mustSQLDB(g *gorm.DB) *sql.DB {
	sqlDB, err := g.DB()
	if err != nil {
		panic(err)
	}
	return sqlDB
}

// sqliteURI turns a file path or a file: URI into a file: URI without query
// and that query, creating the file's parent directories. In-memory
// databases are refused: every connection of the pools would get its own.
func sqliteURI(dsn string) (base string, query url.Values, err error) {
	var path string
	if strings.HasPrefix(dsn, "file:") {
		b, rawQuery, _ := strings.Cut(dsn, "?")
		if query, err = url.ParseQuery(rawQuery); err != nil {
			return "", nil, fmt.Errorf("storage: sqlite DSN %q: %w", dsn, err)
		}
		u, err := url.Parse(b)
		if err != nil {
			return "", nil, fmt.Errorf("storage: sqlite DSN %q: %w", dsn, err)
		}
		if path = u.Path; u.Opaque != "" {
			if path, err = url.PathUnescape(u.Opaque); err != nil {
				return "", nil, fmt.Errorf("storage: sqlite DSN %q: %w", dsn, err)
			}
		}
		base = b
	} else {
		if dsn == ":memory:" {
			path = dsn
		}
		abs, err := filepath.Abs(dsn)
		if err != nil {
			return "", nil, fmt.Errorf("storage: sqlite path %q: %w", dsn, err)
		}
		if path == "" {
			path = abs
		}
		query = url.Values{}
		base = "file:" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()
	}
	if path == "" || path == ":memory:" || query.Get("mode") == "memory" || query.Get("vfs") == "memdb" {
		return "", nil, fmt.Errorf("storage: sqlite DSN %q: in-memory databases are not supported; use a file (tests: storagetest.OpenSQLite)", dsn)
	}
	if err := os.MkdirAll(filepath.Dir(filepath.FromSlash(path)), 0o750); err != nil {
		return "", nil, fmt.Errorf("storage: create directory for sqlite database: %w", err)
	}
	return base, query, nil
}

// sqliteAliases are the driver's other names of the settings sqliteDSN
// sets; the driver prefers them, so they are dropped.
var sqliteAliases = []string{"_fk", "_journal", "_timeout", "_sync"}

// sqliteDSN returns base with query and the settings, which override the
// query's values.
func sqliteDSN(base string, query url.Values, settings ...map[string]string) string {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	for _, k := range sqliteAliases {
		q.Del(k)
	}
	for _, s := range settings {
		for k, v := range s {
			q.Set(k, v)
		}
	}
	return base + "?" + q.Encode()
}

// checkSQLite verifies that the connection settings took effect and that
// the SQLite library is recent enough.
func checkSQLite(ctx context.Context, g *gorm.DB, queryOnly bool) error {
	g = g.WithContext(ctx)
	var version string
	if err := g.Raw("SELECT sqlite_version()").Scan(&version).Error; err != nil {
		return fmt.Errorf("storage: sqlite: %w", err)
	}
	if compareVersions(version, sqliteMinVersion) < 0 {
		return fmt.Errorf("storage: sqlite %s is too old; campaignbot needs %s or later", version, sqliteMinVersion)
	}
	var (
		journal                 string
		foreignKeys, qo         int
		busyMillis, synchronous int
	)
	for _, p := range []struct {
		pragma string
		dest   any
	}{
		{"journal_mode", &journal},
		{"foreign_keys", &foreignKeys},
		{"busy_timeout", &busyMillis},
		{"synchronous", &synchronous},
		{"query_only", &qo},
	} {
		if err := g.Raw("PRAGMA " + p.pragma).Scan(p.dest).Error; err != nil {
			return fmt.Errorf("storage: sqlite: read PRAGMA %s: %w", p.pragma, err)
		}
	}
	switch {
	case !strings.EqualFold(journal, "wal"):
		return fmt.Errorf("storage: sqlite: journal_mode is %q, want wal (is the database on a file system without shared memory?)", journal)
	case foreignKeys != 1:
		return errors.New("storage: sqlite: foreign keys are off")
	case int64(busyMillis) != sqliteBusyTimeout.Milliseconds():
		return fmt.Errorf("storage: sqlite: busy_timeout is %dms, want %dms", busyMillis, sqliteBusyTimeout.Milliseconds())
	case synchronous != 1: // NORMAL
		return fmt.Errorf("storage: sqlite: synchronous is %d, want 1 (NORMAL)", synchronous)
	case (qo == 1) != queryOnly:
		return fmt.Errorf("storage: sqlite: query_only is %d on the wrong pool", qo)
	}
	return nil
}

// checkFTS5 fails with instructions when SQLite was built without FTS5.
func checkFTS5(ctx context.Context, g *gorm.DB) error {
	err := g.WithContext(ctx).Connection(func(c *gorm.DB) error {
		if err := c.Exec("CREATE VIRTUAL TABLE temp.campaignbot_fts5_probe USING fts5(a)").Error; err != nil {
			return err
		}
		return c.Exec("DROP TABLE temp.campaignbot_fts5_probe").Error
	})
	switch {
	case err != nil && strings.Contains(err.Error(), "no such module"):
		return fmt.Errorf("storage: sqlite was built without FTS5 (%v); rebuild with `go build -tags sqlite_fts5`, as the Makefile does", err)
	case err != nil:
		return fmt.Errorf("storage: sqlite: check FTS5: %w", err)
	}
	return nil
}

// compareVersions compares dotted version numbers such as "3.45.1".
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
