package storage_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestMigrationsWellFormed(t *testing.T) {
	if err := storage.CheckMigrations(); err != nil {
		t.Fatal(err)
	}
}

// wantVersions is every migration version, each once.
func wantVersions() []int {
	var vs []int
	for v := 1; v <= storage.LatestVersion; v++ {
		vs = append(vs, v)
	}
	return vs
}

func checkVersions(t *testing.T, db *storage.DB) {
	t.Helper()
	ctx := context.Background()
	got, err := db.AppliedVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, wantVersions()) {
		t.Errorf("applied versions = %v, want %v", got, wantVersions())
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != storage.LatestVersion {
		t.Errorf("SchemaVersion() = %d, %v; want %d", v, err, storage.LatestVersion)
	}
}

func TestMigrateTwice(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		opts := b.Options(t)
		for range 2 {
			db, err := storage.Open(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			checkVersions(t, db)
			db.Close()
		}
	})
}

func TestMigrateConcurrently(t *testing.T) {
	storagetest.ForEachBackend(t, func(t *testing.T, b storagetest.Backend) {
		opts := b.Options(t)
		const n = 8
		dbs := make([]*storage.DB, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				dbs[i], errs[i] = storage.Open(context.Background(), opts)
			})
		}
		close(start)
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Errorf("Open #%d: %v", i, errs[i])
				continue
			}
			defer dbs[i].Close()
		}
		if t.Failed() {
			return
		}
		checkVersions(t, dbs[0])
		// Every process can use the schema.
		for i, db := range dbs {
			ok, err := storage.NewEventLog(db).FirstDelivery(context.Background(), "test", "e")
			if err != nil || ok != (i == 0) {
				t.Errorf("FirstDelivery on connection %d = %v, %v", i, ok, err)
			}
		}
	})
}
