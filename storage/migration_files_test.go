package storage

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadMigrationsRefusesMalformedFiles checks that a migration file
// that would apply half of itself, or apply on one dialect only, is
// refused when the binary starts rather than when a database migrates.
func TestLoadMigrationsRefusesMalformedFiles(t *testing.T) {
	good := "-- name: first\nCREATE TABLE a (x INTEGER);\n"
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"no name line", fstest.MapFS{
			"migration/sqlite/0001_a.sql":   {Data: []byte("CREATE TABLE a (x INTEGER);\n")},
			"migration/postgres/0001_a.sql": {Data: []byte(good)},
		}, "-- name:"},
		{"unterminated statement", fstest.MapFS{
			"migration/sqlite/0001_a.sql":   {Data: []byte("-- name: first\nCREATE TABLE a (x INTEGER);\nCREATE TABLE b (y INTEGER)\n")},
			"migration/postgres/0001_a.sql": {Data: []byte(good)},
		}, "does not end with ';'"},
		{"gap", fstest.MapFS{
			"migration/sqlite/0001_a.sql":   {Data: []byte(good)},
			"migration/postgres/0001_a.sql": {Data: []byte(good)},
			"migration/sqlite/0003_c.sql":   {Data: []byte("-- name: third\nSELECT 1;\n")},
			"migration/postgres/0003_c.sql": {Data: []byte("-- name: third\nSELECT 1;\n")},
		}, "migration 2 is missing"},
		{"names differ", fstest.MapFS{
			"migration/sqlite/0001_a.sql":   {Data: []byte(good)},
			"migration/postgres/0001_a.sql": {Data: []byte("-- name: other\nSELECT 1;\n")},
		}, "is named"},
		{"two files with one number", fstest.MapFS{
			"migration/sqlite/0001_a.sql":   {Data: []byte(good)},
			"migration/sqlite/0001_b.sql":   {Data: []byte(good)},
			"migration/postgres/0001_a.sql": {Data: []byte(good)},
		}, "have the same number 1"},
		{"bad file name", fstest.MapFS{
			"migration/sqlite/first.sql":    {Data: []byte(good)},
			"migration/postgres/0001_a.sql": {Data: []byte(good)},
		}, "NNNN_name.sql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := loadMigrations(tt.files)
			if err == nil {
				err = checkMigrations(ms)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestParseMigrationKeepsCommentsAndSplitsStatements checks the statement
// splitter on the shapes the real files use.
func TestParseMigrationKeepsCommentsAndSplitsStatements(t *testing.T) {
	name, stmts, err := parseMigration("-- name: two tables\n\n-- a comment\nCREATE TABLE a (\n\tx INTEGER\n);\n\nCREATE INDEX a_x ON a (x);\n")
	if err != nil {
		t.Fatal(err)
	}
	if name != "two tables" || len(stmts) != 2 {
		t.Fatalf("name %q, %d statements: %q", name, len(stmts), stmts)
	}
	if !strings.HasPrefix(stmts[0], "-- a comment\nCREATE TABLE a") || strings.HasSuffix(stmts[0], ";") {
		t.Errorf("first statement = %q", stmts[0])
	}
}
