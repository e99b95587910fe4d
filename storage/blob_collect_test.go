package storage_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gocloud.dev/blob"
	_ "gocloud.dev/blob/memblob" // mem:// buckets

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// trackedStore is a blob store counting references in a real database,
// with the knowledge base on that database.
type trackedStore struct {
	db    *storage.DB
	kb    *storage.KnowledgeBase
	blobs *storage.BlobStore
	// root is the directory holding a directory or file:// store's files;
	// "" for a bucket.
	root string
	// bucket is the s3:// URL of an S3 store, or "".
	bucket string
}

// forEachTrackedStore runs fn on SQLite and PostgreSQL with a directory
// store, a file:// bucket (gocloud's fileblob), a mem:// bucket (memblob)
// and, when storagetest.S3Env is set, a fresh bucket of that S3 service.
func forEachTrackedStore(t *testing.T, fn func(t *testing.T, s *trackedStore)) {
	storagetest.ForEachBackend(t, func(t *testing.T, backend storagetest.Backend) {
		for _, kind := range []string{"dir", "file", "mem", "s3"} {
			t.Run(kind, func(t *testing.T) {
				var bucket string
				if kind == "s3" {
					bucket = storagetest.S3Bucket(t) // skips before opening the database
				}
				db := backend.Open(t)
				root := filepath.Join(t.TempDir(), "files")
				location := map[string]string{"dir": root, "file": "file://" + filepath.ToSlash(root), "mem": "mem://", "s3": bucket}[kind]
				if kind == "mem" || kind == "s3" {
					root = ""
				}
				blobs, err := storage.OpenBlobStore(context.Background(), location, storage.WithReferences(db))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { blobs.Close() })
				fn(t, &trackedStore{db: db, kb: storage.NewKnowledgeBase(db), blobs: blobs, root: root, bucket: bucket})
			})
		}
	})
}

// put stores content and fails the test on error.
func (s *trackedStore) put(t *testing.T, content string) campaignbot.Blob {
	t.Helper()
	b, err := s.blobs.Put(context.Background(), strings.NewReader(content), 0)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// add adds an unfiled entry for b in workspace ws.
func (s *trackedStore) add(t *testing.T, ws campaignbot.WorkspaceID, name string, b campaignbot.Blob) *campaignbot.File {
	t.Helper()
	f := &campaignbot.File{Workspace: ws, Name: name, Size: b.Size, SHA256: b.SHA256}
	if err := s.kb.AddFile(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	return f
}

// share stores content and adds an entry for it in T1, as a share does,
// from any goroutine: it reports failures with t.Error and returns nil.
func (s *trackedStore) share(t *testing.T, name, content string) *campaignbot.File {
	b, err := s.blobs.Put(context.Background(), strings.NewReader(content), 0)
	if err != nil {
		t.Error(err)
		return nil
	}
	f := &campaignbot.File{Workspace: "T1", Name: name, Size: b.Size, SHA256: b.SHA256}
	if err := s.kb.AddFile(context.Background(), f); err != nil {
		t.Error(err)
		return nil
	}
	return f
}

// purge trashes the entries and purges them for good.
func (s *trackedStore) purge(t *testing.T, files ...*campaignbot.File) {
	t.Helper()
	ctx := context.Background()
	for _, f := range files {
		if _, err := s.kb.TrashFile(ctx, f.Workspace, f.ID, "alice"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.kb.PurgeTrash(ctx, "", time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
}

// collect runs Collect as if at the given time: claims younger than
// campaignbot.BlobClaimGrace then are kept.
func (s *trackedStore) collect(t *testing.T, at time.Time) campaignbot.FreedBlobs {
	t.Helper()
	freed, err := s.blobs.Collect(context.Background(), at.Add(-campaignbot.BlobClaimGrace))
	if err != nil {
		t.Fatal(err)
	}
	return freed
}

// stored reports whether the bytes of b are in the store, and checks the
// disk agrees for stores with a directory.
func (s *trackedStore) stored(t *testing.T, b campaignbot.Blob) bool {
	t.Helper()
	ok, err := s.blobs.Exists(context.Background(), b.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if s.root != "" {
		_, statErr := os.Stat(filepath.Join(s.root, "sha256", b.SHA256[:2], b.SHA256))
		if (statErr == nil) != ok {
			t.Fatalf("Exists says %v but the file system says %v", ok, statErr)
		}
	}
	if s.bucket != "" {
		listed := slices.Contains(storagetest.BucketKeys(t, s.bucket), "sha256/"+b.SHA256[:2]+"/"+b.SHA256)
		if listed != ok {
			t.Fatalf("Exists says %v but the bucket's listing says %v", ok, listed)
		}
	}
	return ok
}

// backdateClaims makes every claim look older than any grace period.
func (s *trackedStore) backdateClaims(t *testing.T) {
	t.Helper()
	if err := s.db.Exec(context.Background(), "UPDATE blobs SET claimed_at = ?", time.Unix(0, 0).UTC()); err != nil {
		t.Fatal(err)
	}
}

func TestCollectDeletesUnreferencedBytes(t *testing.T) {
	forEachTrackedStore(t, func(t *testing.T, s *trackedStore) {
		shared := s.put(t, "bytes two entries share")
		alone := s.put(t, "bytes of one entry")
		refused := s.put(t, "bytes whose share was refused")
		a1, a2 := s.add(t, "T1", "a.txt", shared), s.add(t, "T2", "a.txt", shared)
		b := s.add(t, "T1", "b.txt", alone)
		now := time.Now()

		steps := []struct {
			name  string
			do    func()
			at    time.Time
			freed campaignbot.FreedBlobs
			kept  []campaignbot.Blob
			gone  []campaignbot.Blob
		}{
			{"fresh claims keep even unreferenced bytes", func() {}, now, campaignbot.FreedBlobs{}, []campaignbot.Blob{shared, alone, refused}, nil},
			{"an hour on, the refused share's bytes go", func() {}, now.Add(2 * campaignbot.BlobClaimGrace), campaignbot.FreedBlobs{Blobs: 1, Bytes: refused.Size}, []campaignbot.Blob{shared, alone}, []campaignbot.Blob{refused}},
			{"purged entries free bytes nobody else uses", func() { s.purge(t, a1, b) }, now.Add(2 * campaignbot.BlobClaimGrace), campaignbot.FreedBlobs{Blobs: 1, Bytes: alone.Size}, []campaignbot.Blob{shared}, []campaignbot.Blob{alone}},
			{"trashed entries still hold their bytes", func() {
				if _, err := s.kb.TrashFile(context.Background(), "T2", a2.ID, "bob"); err != nil {
					t.Fatal(err)
				}
			}, now.Add(2 * campaignbot.BlobClaimGrace), campaignbot.FreedBlobs{}, []campaignbot.Blob{shared}, nil},
			{"the last reference of another workspace too", func() { s.purge(t) }, now.Add(2 * campaignbot.BlobClaimGrace), campaignbot.FreedBlobs{Blobs: 1, Bytes: shared.Size}, nil, []campaignbot.Blob{shared}},
		}
		for _, st := range steps {
			st.do()
			if got := s.collect(t, st.at); got != st.freed {
				t.Errorf("%s: freed %+v, want %+v", st.name, got, st.freed)
			}
			for _, b := range st.kept {
				if !s.stored(t, b) {
					t.Errorf("%s: %s was deleted", st.name, b.SHA256[:8])
				}
			}
			for _, b := range st.gone {
				if s.stored(t, b) {
					t.Errorf("%s: %s is still stored", st.name, b.SHA256[:8])
				}
			}
		}
		// The same bytes shared again are stored again.
		if again := s.put(t, "bytes of one entry"); again.Existed || !s.stored(t, again) {
			t.Errorf("re-put after collection: %+v", again)
		}
	})
}

func TestCollectTrustsEntriesOverCounts(t *testing.T) {
	forEachTrackedStore(t, func(t *testing.T, s *trackedStore) {
		b := s.put(t, "bytes with a count that drifted")
		f := s.add(t, "T1", "drift.txt", b)
		if err := s.db.Exec(context.Background(), "UPDATE blobs SET refs = 0"); err != nil {
			t.Fatal(err)
		}
		if got := s.collect(t, time.Now().Add(2*campaignbot.BlobClaimGrace)); got.Blobs != 0 || !s.stored(t, b) {
			t.Fatalf("deleted bytes an entry references: %+v", got)
		}
		// The count was repaired: purging the entry frees the bytes.
		s.purge(t, f)
		if got := s.collect(t, time.Now().Add(2*campaignbot.BlobClaimGrace)); got.Blobs != 1 || s.stored(t, b) {
			t.Errorf("after the purge: freed %+v, stored %v", got, s.stored(t, b))
		}
	})
}

func TestSweepDeletesBytesTheDatabaseDoesNotKnow(t *testing.T) {
	forEachTrackedStore(t, func(t *testing.T, s *trackedStore) {
		ctx := context.Background()
		legacy := s.put(t, "bytes stored before references were counted")
		kept := s.put(t, "referenced bytes stored before references were counted")
		s.add(t, "T1", "kept.txt", kept)
		if err := s.db.Exec(ctx, "DELETE FROM blobs"); err != nil {
			t.Fatal(err)
		}
		var leftover string
		switch {
		case s.root != "":
			leftover = filepath.Join(s.root, "tmp", "put-crashed")
			if err := os.WriteFile(leftover, []byte("half a blob"), 0o600); err != nil {
				t.Fatal(err)
			}
		case s.bucket != "":
			leftover = "tmp/put-crashed"
			writeKey(t, s.bucket, leftover, "half a blob")
		}
		freed, err := s.blobs.Sweep(ctx, time.Now().Add(-time.Hour))
		if err != nil || freed.Blobs != 0 || !s.stored(t, legacy) {
			t.Fatalf("a sweep deleted recent bytes: %+v, %v", freed, err)
		}
		freed, err = s.blobs.Sweep(ctx, time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if freed != (campaignbot.FreedBlobs{Blobs: 1, Bytes: legacy.Size}) || s.stored(t, legacy) || !s.stored(t, kept) {
			t.Errorf("sweep freed %+v; legacy stored %v, referenced stored %v", freed, s.stored(t, legacy), s.stored(t, kept))
		}
		switch {
		case s.root != "":
			if _, err := os.Stat(leftover); !os.IsNotExist(err) {
				t.Errorf("the staging leftover is still there: %v", err)
			}
		case s.bucket != "":
			if keys := storagetest.BucketKeys(t, s.bucket); slices.Contains(keys, leftover) {
				t.Errorf("the staging leftover is still there: %q", keys)
			}
		}
	})
}

func TestCollectNeedsReferenceCounts(t *testing.T) {
	blobs, err := storage.OpenBlobStore(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer blobs.Close()
	if _, err := blobs.Collect(context.Background(), time.Now()); err == nil {
		t.Error("Collect on a store that counts no references succeeded")
	}
}

// TestCollectWaitsForNoShare: a share claiming the very bytes Collect is
// deleting waits for it, then stores its own copy.
func TestCollectWaitsForNoShare(t *testing.T) {
	forEachTrackedStore(t, func(t *testing.T, s *trackedStore) {
		const content = "bytes purged and shared again at once"
		old := s.add(t, "T1", "old.txt", s.put(t, content))
		s.purge(t, old)
		s.backdateClaims(t)

		claiming := make(chan struct{})
		var share sync.WaitGroup
		var added *campaignbot.File
		s.blobs.SetHooks(func(string) { close(claiming) }, func(string) {
			share.Go(func() { added = s.share(t, "new.txt", content) })
			<-claiming // the share claims now, while the bytes are being deleted
		})
		freed := s.collect(t, time.Now())
		share.Wait()
		s.blobs.SetHooks(nil, nil)
		if freed.Blobs != 1 {
			t.Errorf("freed %+v, want the purged blob", freed)
		}
		if added == nil || !s.stored(t, campaignbot.Blob{SHA256: added.SHA256}) {
			t.Fatalf("the share's entry %+v has no bytes", added)
		}
		if got := s.collect(t, time.Now()); got.Blobs != 0 {
			t.Errorf("a second collection freed %+v", got)
		}
	})
}

// TestCollectRacesShares runs shares of bytes whose last entry was just
// purged concurrently with collections, many times: no entry ever loses
// its bytes.
func TestCollectRacesShares(t *testing.T) {
	forEachTrackedStore(t, func(t *testing.T, s *trackedStore) {
		const rounds = 20
		for i := range rounds {
			content := fmt.Sprintf("round %d bytes", i)
			s.purge(t, s.add(t, "T1", "r.txt", s.put(t, content)))
			s.backdateClaims(t)
			var wg sync.WaitGroup
			var added *campaignbot.File
			wg.Go(func() { added = s.share(t, "r.txt", content) })
			wg.Go(func() {
				if _, err := s.blobs.Collect(context.Background(), time.Now().Add(-campaignbot.BlobClaimGrace)); err != nil {
					t.Error(err)
				}
			})
			wg.Wait()
			if added == nil || !s.stored(t, campaignbot.Blob{SHA256: added.SHA256}) {
				t.Fatalf("round %d: the share's entry lost its bytes", i)
			}
		}
	})
}

// writeKey writes content under key in the bucket at location, through a
// client of its own.
func writeKey(t *testing.T, location, key, content string) {
	t.Helper()
	b, err := blob.OpenBucket(context.Background(), location)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.WriteAll(context.Background(), key, []byte(content), nil); err != nil {
		t.Fatal(err)
	}
}
