package storage_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
	_ "github.com/mattn/go-sqlite3"
)

func TestSQLiteSettings(t *testing.T) {
	ctx := context.Background()
	opts := storagetest.Backend{Driver: storage.DriverSQLite}.Options(t)
	db := storagetest.Open(t, opts)
	for _, write := range []bool{true, false} {
		for pragma, want := range map[string]string{
			"journal_mode": "wal",
			"foreign_keys": "1",
			"busy_timeout": "5000",
			"synchronous":  "1",
		} {
			got, err := db.Pragma(ctx, pragma, write)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("write pool %v: PRAGMA %s = %q, want %q", write, pragma, got, want)
			}
		}
	}
	if qo, _ := db.Pragma(ctx, "query_only", false); qo != "1" {
		t.Errorf("read pool query_only = %q, want 1", qo)
	}

	// Foreign keys are enforced.
	err := db.Exec(ctx, "INSERT INTO todo_assignees (todo_id, user_id) VALUES (12345, 'U1')")
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("insert with dangling foreign key: err = %v, want FOREIGN KEY constraint failure", err)
	}

	// Write transactions BEGIN IMMEDIATE: an open one, even before its
	// first statement, holds the write lock.
	other, err := sql.Open("sqlite3", opts.DSN+"?_busy_timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	err = db.InWriteTx(ctx, func() error {
		_, err := other.Exec("BEGIN IMMEDIATE")
		if err == nil {
			other.Exec("ROLLBACK")
			t.Error("a second writer began while a write transaction was open")
		} else if !strings.Contains(err.Error(), "locked") {
			t.Errorf("second writer: %v, want database is locked", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	tests := []struct {
		name    string
		opts    storage.Options
		wantErr string
	}{
		{"path with missing parents", storage.Options{Driver: "sqlite", DSN: filepath.Join(dir, "a", "b", "bot.db")}, ""},
		{"file URI", storage.Options{Driver: "sqlite", DSN: "file:" + filepath.Join(dir, "c", "bot.db") + "?cache=private"}, ""},
		{"file URI overriding settings", storage.Options{Driver: "sqlite", DSN: "file:" + filepath.Join(dir, "d.db") + "?_journal_mode=DELETE&_fk=0"}, ""},
		{"unknown driver", storage.Options{Driver: "mysql", DSN: "x"}, "unknown driver"},
		{"empty DSN", storage.Options{Driver: "sqlite"}, "empty DSN"},
		{"memory", storage.Options{Driver: "sqlite", DSN: ":memory:"}, "in-memory"},
		{"memory URI", storage.Options{Driver: "sqlite", DSN: "file:x?mode=memory&cache=shared"}, "in-memory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := storage.Open(ctx, tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Open: err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			if db.Driver() != storage.DriverSQLite {
				t.Errorf("Driver() = %q", db.Driver())
			}
			if v, _ := db.Pragma(ctx, "journal_mode", true); v != "wal" {
				t.Errorf("journal_mode = %q", v)
			}
			if v, _ := db.Pragma(ctx, "foreign_keys", false); v != "1" {
				t.Errorf("foreign_keys = %q", v)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "a", "b", "bot.db")); err != nil {
		t.Error(err)
	}
}

func TestPing(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		if err := db.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}
