package storage

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Internals exported to the tests of package storage_test.

// LatestVersion is the version of the last migration.
var LatestVersion = migrations[len(migrations)-1].version

// CheckMigrations checks the migrations slice.
func CheckMigrations() error { return checkMigrations(migrations) }

// S3UploadBuffers is what one multipart upload to an s3:// store allocates
// whatever the file's size: its part buffers, and the first part, which
// the SDK reads with io.ReadAll (growing a slice to about twice a part).
const S3UploadBuffers = s3PartSize*(s3PartConcurrency+1) + 2*s3PartSize

// Mebibytes formats a size limit.
var Mebibytes = mebibytes

// AppliedVersions returns every row of schema_migrations, oldest first.
func (db *DB) AppliedVersions(ctx context.Context) ([]int, error) {
	var vs []int
	err := db.rw.WithContext(ctx).Raw("SELECT version FROM schema_migrations ORDER BY version").Scan(&vs).Error
	return vs, err
}

// Pragma reads a SQLite pragma through the write or the read pool.
func (db *DB) Pragma(ctx context.Context, name string, write bool) (string, error) {
	g := db.ro
	if write {
		g = db.rw
	}
	var v string
	err := g.WithContext(ctx).Raw("PRAGMA " + name).Scan(&v).Error
	return v, err
}

// Exec runs a statement on the write pool.
func (db *DB) Exec(ctx context.Context, sql string, args ...any) error {
	return db.rw.WithContext(ctx).Exec(sql, args...).Error
}

// InWriteTx runs fn while a write transaction, in which no statement ran
// yet, is open.
func (db *DB) InWriteTx(ctx context.Context, fn func() error) error {
	return db.write(ctx, func(*gorm.DB) error { return fn() })
}

// SetHooks sets the functions the store calls just before Put claims bytes
// and, in Collect, just before it deletes bytes under the row lock.
func (s *BlobStore) SetHooks(beforeClaim, beforeDelete func(sha256 string)) {
	s.beforeClaim, s.beforeDelete = beforeClaim, beforeDelete
}

// OpenBefore opens the database of opts with only the migrations before
// the one named name applied, to test what that migration does to data.
func OpenBefore(ctx context.Context, opts Options, name string) (*DB, error) {
	all := migrations
	defer func() { migrations = all }()
	i := slices.IndexFunc(all, func(m migration) bool { return m.name == name })
	if i < 0 {
		return nil, fmt.Errorf("no migration named %q", name)
	}
	migrations = all[:i]
	return Open(ctx, opts)
}

// Migrate applies the pending migrations.
func (db *DB) Migrate(ctx context.Context) error { return db.migrate(ctx) }

// BlobReferences returns the reference count of every blob row.
func (db *DB) BlobReferences(ctx context.Context) (map[string]int64, error) {
	var rows []blobRow
	if err := db.ro.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.SHA256] = r.Refs
	}
	return out, nil
}

// SetSearchFewMatches sets how many title matches a to-do search sorts at
// most, and returns a function restoring it.
func SetSearchFewMatches(n int) func() {
	old := searchFewMatches
	searchFewMatches = n
	return func() { searchFewMatches = old }
}

// SetBigrams turns the bigram indexes on or off (the scan they replace),
// returning what restores the setting.
func SetBigrams(on bool) func() {
	old := useBigrams
	useBigrams = on
	return func() { useBigrams = old }
}

// SetLatestByMarker sets whether search on the driver's databases finds
// each matched file's latest version by the marker of migration 18,
// returning what restores the setting.
func SetLatestByMarker(driver string, on bool) func() {
	old := latestByMarker[driver]
	latestByMarker[driver] = on
	return func() { latestByMarker[driver] = old }
}

// SetBackfillBatch sets how many documents one batch of the bigram
// backfill indexes, returning what restores it.
func SetBackfillBatch(n int) func() {
	old := backfillBatch
	backfillBatch = n
	return func() { backfillBatch = old }
}

// Count runs a query that returns one number on the write pool.
func (db *DB) Count(ctx context.Context, sql string, args ...any) (int64, error) {
	var n int64
	err := db.rw.WithContext(ctx).Raw(sql, args...).Scan(&n).Error
	return n, err
}
