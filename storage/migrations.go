package storage

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// migrationFiles is the schema's history: one .sql file per migration and
// dialect, migration/DIALECT/NNNN_slug.sql, oldest first. To change the
// schema, add a file with the next number to both dialect folders. Never
// edit or renumber a released migration, and do not use gorm's AutoMigrate:
// the models change, migrations must not.
//
// A file starts with a "-- name: …" line; its statements end with a ';' at
// the end of a line. Conventions: SQLite ids are INTEGER PRIMARY KEY
// AUTOINCREMENT and times DATETIME (the driver stores UTC text and scans it
// back to time.Time); PostgreSQL ids are BIGINT identities and times
// TIMESTAMPTZ.
//
//go:embed migration/sqlite/*.sql migration/postgres/*.sql
var migrationFiles embed.FS

// migrations is the schema's history read from migrationFiles.
var migrations = mustLoadMigrations(migrationFiles)

// mustLoadMigrations reads the embedded migrations; a malformed file is a
// build mistake, caught by every test that opens a database.
func mustLoadMigrations(fsys fs.FS) []migration {
	ms, err := loadMigrations(fsys)
	if err != nil {
		panic(err)
	}
	return ms
}

// loadMigrations reads migration/sqlite and migration/postgres into
// migrations ordered by version. Both dialects must have the same versions
// and names.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	byVersion := map[int]*migration{}
	for _, driver := range []string{DriverSQLite, DriverPostgres} {
		dir := path.Join("migration", driver)
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, fmt.Errorf("storage: read migrations of %s: %w", driver, err)
		}
		seen := map[int]string{}
		for _, e := range entries {
			num, _, ok := strings.Cut(e.Name(), "_")
			version, err := strconv.Atoi(num)
			if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
				return nil, fmt.Errorf("storage: migration file %s/%s: want NNNN_name.sql", dir, e.Name())
			}
			if other, dup := seen[version]; dup {
				return nil, fmt.Errorf("storage: migrations %s and %s in %s have the same number %d", other, e.Name(), dir, version)
			}
			seen[version] = e.Name()
			raw, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
			if err != nil {
				return nil, fmt.Errorf("storage: read migration %s: %w", e.Name(), err)
			}
			name, stmts, err := parseMigration(string(raw))
			if err != nil {
				return nil, fmt.Errorf("storage: migration %s/%s: %w", dir, e.Name(), err)
			}
			m := byVersion[version]
			if m == nil {
				m = &migration{version: version, name: name}
				byVersion[version] = m
			} else if m.name != name {
				return nil, fmt.Errorf("storage: migration %d is named %q for sqlite and %q for postgres", version, m.name, name)
			}
			if driver == DriverPostgres {
				m.postgres = stmts
			} else {
				m.sqlite = stmts
			}
		}
	}
	out := make([]migration, 0, len(byVersion))
	for v := 1; v <= len(byVersion); v++ {
		m, ok := byVersion[v]
		if !ok {
			return nil, fmt.Errorf("storage: migration %d is missing", v)
		}
		out = append(out, *m)
	}
	return out, nil
}

// parseMigration splits a migration file into its name and statements.
func parseMigration(src string) (string, []string, error) {
	first, rest, _ := strings.Cut(src, "\n")
	name, ok := strings.CutPrefix(strings.TrimSpace(first), "-- name:")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return "", nil, fmt.Errorf(`the first line must be "-- name: …"`)
	}
	var stmts []string
	var cur []string
	code := false // whether cur holds more than comments
	for _, line := range strings.Split(rest, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" && len(cur) == 0 {
			continue
		}
		cur = append(cur, line)
		if trimmed != "" && !strings.HasPrefix(trimmed, "--") {
			code = true
		}
		if strings.HasSuffix(trimmed, ";") && !strings.HasPrefix(trimmed, "--") {
			stmt := strings.TrimSuffix(strings.TrimSpace(strings.Join(cur, "\n")), ";")
			stmts = append(stmts, stmt)
			cur, code = nil, false
		}
	}
	if code {
		return "", nil, fmt.Errorf("the last statement does not end with ';'")
	}
	if len(stmts) == 0 {
		return "", nil, fmt.Errorf("no statements")
	}
	return name, stmts, nil
}
