package storage

import (
	"context"

	"gorm.io/gorm"
)

// Internals exported to the tests of package storage_test.

// LatestVersion is the version of the last migration.
var LatestVersion = migrations[len(migrations)-1].version

// CheckMigrations checks the migrations slice.
func CheckMigrations() error { return checkMigrations(migrations) }

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
