package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migration is one versioned step of the schema, read from the embedded
// .sql files (see migrationFiles). Released migrations are never edited.
type migration struct {
	// version numbers migrations 1, 2, 3... in order.
	version int
	name    string
	// sqlite and postgres are the statements for each dialect. Each
	// migration runs in one transaction.
	sqlite, postgres []string
}

// statements returns the statements of m for driver, in order.
func (m migration) statements(driver string) []string {
	if driver == DriverPostgres {
		return m.postgres
	}
	return m.sqlite
}

// migrationLock is the PostgreSQL advisory lock key that serializes
// migrations; its second half is the hash of the current schema, so that
// databases in different schemas migrate independently.
const migrationLock = 0x63626f74 // "cbot"

// schemaMigrations creates the table recording applied migrations.
var schemaMigrations = map[string]string{
	DriverSQLite: `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at DATETIME NOT NULL
)`,
	DriverPostgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TIMESTAMPTZ NOT NULL
)`,
}

// migrate applies the pending migrations, each in its own transaction. It
// is safe to run concurrently from several processes: on PostgreSQL every
// transaction takes an advisory lock and checks again whether the version
// is applied; on SQLite the transactions BEGIN IMMEDIATE, which serializes
// them on the database file.
func (db *DB) migrate(ctx context.Context) error {
	if err := checkMigrations(migrations); err != nil {
		return err
	}
	// A lone CREATE TABLE IF NOT EXISTS races on PostgreSQL (two creators
	// collide on the catalog's unique index), so it runs under the lock too.
	err := db.write(ctx, func(tx *gorm.DB) error {
		if err := db.lockMigrations(tx); err != nil {
			return err
		}
		return tx.Exec(schemaMigrations[db.driver]).Error
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if applied[m.version] {
			continue
		}
		var ran bool
		err := db.write(ctx, func(tx *gorm.DB) error {
			if err := db.lockMigrations(tx); err != nil {
				return err
			}
			var n int64
			if err := tx.Raw("SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil // another process applied it meanwhile
			}
			for _, stmt := range m.statements(db.driver) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%w\n%s", err, stmt)
				}
			}
			ran = true
			return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.version, m.name, now()).Error
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
		if ran {
			db.logger.InfoContext(ctx, "applied database migration", "driver", db.driver, "version", m.version, "name", m.name)
		}
	}
	if err := db.backfillSearch(ctx); err != nil {
		return fmt.Errorf("index existing documents for search: %w", err)
	}
	latest := migrations[len(migrations)-1].version
	for v := range applied {
		if v > latest {
			db.logger.WarnContext(ctx, "database schema is newer than this campaignbot; upgrade campaignbot",
				"driver", db.driver, "schema_version", v, "known_version", latest)
			break
		}
	}
	return nil
}

// lockMigrations takes the migration lock for the rest of tx on
// PostgreSQL. SQLite needs none: tx already holds the database's write lock.
func (db *DB) lockMigrations(tx *gorm.DB) error {
	if !db.isPostgres() {
		return nil
	}
	return tx.Exec("SELECT pg_advisory_xact_lock(?, hashtext(coalesce(current_schema(), '')))", migrationLock).Error
}

// appliedMigrations returns the set of applied migration versions.
func (db *DB) appliedMigrations(ctx context.Context) (map[int]bool, error) {
	var versions []int
	if err := db.rw.WithContext(ctx).Raw("SELECT version FROM schema_migrations").Scan(&versions).Error; err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	applied := make(map[int]bool, len(versions))
	for _, v := range versions {
		applied[v] = true
	}
	return applied, nil
}

// SchemaVersion returns the highest applied migration version.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v *int
	if err := db.reader(ctx).Raw("SELECT MAX(version) FROM schema_migrations").Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("storage: schema version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// checkMigrations verifies that ms are numbered 1, 2, 3... and complete.
func checkMigrations(ms []migration) error {
	for i, m := range ms {
		switch {
		case m.version != i+1:
			return fmt.Errorf("storage: migration %q has version %d, want %d", m.name, m.version, i+1)
		case m.name == "":
			return fmt.Errorf("storage: migration %d has no name", m.version)
		case len(m.statements(DriverSQLite)) == 0 || len(m.statements(DriverPostgres)) == 0:
			return fmt.Errorf("storage: migration %d (%s) has no statements for a driver", m.version, m.name)
		}
	}
	if len(ms) == 0 {
		return fmt.Errorf("storage: no migrations")
	}
	return nil
}

// backfillBatch is how many documents one transaction of backfillSearch
// indexes (a variable for tests).
var backfillBatch = 500

// backfillSources are the search tables whose documents SQLite's bigram
// tables index, by bigram table.
var backfillSources = map[string]string{"file_bigrams": "file_search", "todo_bigrams": "todo_search"}

// backfillSearch fills the search indexes that SQL cannot fill in one
// pass: SQLite's bigram tables for the documents stored before migration
// 12, and on both databases the search rows of the files stored before
// migration 20 (file_index, one per file, written as markLatest writes
// them). Each pending index has a row in search_backfill with the last
// rowid (file id) done; each batch indexes the next ones in order and
// moves that mark in the same write transaction, so a start that stops
// halfway resumes where it stopped, and what the bot indexed meanwhile is
// only written again the same. An index's row goes when it is done, after
// which this costs one query. Search needs the whole index, so Open
// returns only when it is done.
func (db *DB) backfillSearch(ctx context.Context) error {
	exists := "SELECT count(*) FROM sqlite_master WHERE name = 'search_backfill'"
	if db.isPostgres() {
		exists = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'search_backfill'"
	}
	var n int64
	if err := db.rw.WithContext(ctx).Raw(exists).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return nil // a database before migration 12 (20 on PostgreSQL); tests open those
	}
	var pending []string
	if err := db.rw.WithContext(ctx).Raw("SELECT name FROM search_backfill ORDER BY name").Scan(&pending).Error; err != nil {
		return err
	}
	kb := &KnowledgeBase{db: db}
	for _, table := range pending {
		source, ok := backfillSources[table]
		if !ok && table != "file_index" {
			return fmt.Errorf("unknown search index %q in search_backfill", table)
		}
		done, total := 0, time.Now()
		for more := true; more; {
			err := db.write(ctx, func(tx *gorm.DB) error {
				// Processes opening the database at once take turns by
				// the index's row (on SQLite the write lock does), each
				// batch after the one before; once the row is gone,
				// another process finished the index.
				mark := "SELECT last_rowid FROM search_backfill WHERE name = ?"
				if db.isPostgres() {
					mark += " FOR UPDATE"
				}
				var marks []int64
				if err := tx.Raw(mark, table).Scan(&marks).Error; err != nil {
					return err
				}
				if len(marks) == 0 {
					more = false
					return nil
				}
				after := marks[0]
				var last int64
				var k int
				if table == "file_index" {
					var rows []fileRow
					if err := tx.Raw("SELECT id, workspace, name, held_for, folder_id FROM files WHERE is_latest AND id > ? ORDER BY id LIMIT ?", after, backfillBatch).Scan(&rows).Error; err != nil {
						return err
					}
					// markLatest writes the rows under the files' locks,
					// as the bot writing files meanwhile does.
					keys := make([]fileKey, len(rows))
					for i := range rows {
						keys[i] = keyOf(&rows[i])
						last = rows[i].ID
					}
					if err := kb.markLatest(tx, keys...); err != nil {
						return err
					}
					k = len(rows)
				} else {
					var docs []struct {
						Rowid int64
						Doc   string
					}
					if err := tx.Raw("SELECT rowid, doc FROM "+source+" WHERE rowid > ? ORDER BY rowid LIMIT ?", after, backfillBatch).Scan(&docs).Error; err != nil {
						return err
					}
					for _, d := range docs {
						if err := putBigrams(tx, table, d.Rowid, d.Doc); err != nil {
							return err
						}
						last = d.Rowid
					}
					k = len(docs)
				}
				if k == 0 {
					more = false
					return tx.Exec("DELETE FROM search_backfill WHERE name = ?", table).Error
				}
				done += k
				return tx.Exec("UPDATE search_backfill SET last_rowid = ? WHERE name = ?", last, table).Error
			})
			if err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
		}
		if done == 0 {
			continue
		}
		db.logger.InfoContext(ctx, "indexed existing documents for search", "index", table, "documents", done, "took", time.Since(total).Round(time.Millisecond))
	}
	return nil
}
