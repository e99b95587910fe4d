package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// forEachBlobStore runs fn with a fresh directory store, a fresh file://
// URL store and, when storagetest.S3Env is set, a store in a fresh bucket
// of that S3 service, and a view of what each one holds.
func forEachBlobStore(t *testing.T, fn func(t *testing.T, s *storage.BlobStore, held storeContents)) {
	for _, kind := range []string{"dir", "url", "s3"} {
		t.Run(kind, func(t *testing.T) {
			var held storeContents
			location := filepath.Join(t.TempDir(), "files", "blobs") // created by Open
			switch kind {
			case "dir":
				held.root = location
			case "url":
				held.root = location
				location = "file://" + filepath.ToSlash(location)
			case "s3":
				location = storagetest.S3Bucket(t)
				held.bucket = location
			}
			s, err := storage.OpenBlobStore(context.Background(), location)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			fn(t, s, held)
		})
	}
}

// storeContents is where to look at what a store holds: the directory of
// a directory or file:// store, or the URL of an s3:// bucket, listed
// through a client of its own.
type storeContents struct {
	root, bucket string
}

// storedFiles returns the regular files under the store's directory,
// relative to it, or the keys of its bucket.
func storedFiles(t *testing.T, held storeContents) []string {
	t.Helper()
	if held.bucket != "" {
		return storagetest.BucketKeys(t, held.bucket)
	}
	var files []string
	err := filepath.WalkDir(held.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(held.root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// wantNothingStored fails t when the store holds any file or object, or,
// on S3, a multipart upload neither completed nor aborted.
func wantNothingStored(t *testing.T, held storeContents) {
	t.Helper()
	if files := storedFiles(t, held); len(files) > 0 {
		t.Errorf("files left in the store: %q", files)
	}
	if held.bucket != "" {
		if n := storagetest.PendingUploads(t, held.bucket); n > 0 {
			t.Errorf("%d multipart uploads left pending", n)
		}
	}
}

func hexSum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestBlobPutOpen(t *testing.T) {
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, held storeContents) {
		ctx := context.Background()
		data := bytes.Repeat([]byte("campaign banner "), 10000)
		b, err := s.Put(ctx, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		want := campaignbot.Blob{SHA256: hexSum(data), Size: int64(len(data))}
		if b != want {
			t.Errorf("Put = %+v, want %+v", b, want)
		}
		var found bool
		for _, f := range storedFiles(t, held) {
			found = found || f == "sha256/"+want.SHA256[:2]+"/"+want.SHA256
		}
		if !found {
			t.Errorf("blob not under sha256/%s/%s: %q", want.SHA256[:2], want.SHA256, storedFiles(t, held))
		}

		rc, err := s.Open(ctx, b.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("Open read %d bytes, %v; want the %d bytes put", len(got), err, len(data))
		}
		if ok, err := s.Exists(ctx, b.SHA256); !ok || err != nil {
			t.Errorf("Exists = %v, %v", ok, err)
		}

		// The same bytes again: no rewrite.
		before := storedFiles(t, held)
		again, err := s.Put(ctx, bytes.NewReader(data), 0)
		want.Existed = true
		if err != nil || again != want {
			t.Errorf("Put again = %+v, %v; want %+v", again, err, want)
		}
		if after := storedFiles(t, held); strings.Join(after, ",") != strings.Join(before, ",") {
			t.Errorf("files after second Put = %q, want %q", after, before)
		}

		for _, missing := range []string{hexSum([]byte("nope")), "../../etc/passwd", "", strings.ToUpper(b.SHA256)} {
			_, err := s.Open(ctx, missing)
			wantCode(t, err, campaignbot.ENOTFOUND)
			if ok, err := s.Exists(ctx, missing); ok || err != nil {
				t.Errorf("Exists(%q) = %v, %v", missing, ok, err)
			}
		}
	})
}

func TestBlobPutRejects(t *testing.T) {
	tests := []struct {
		name    string
		size    int
		max     int64
		code    string
		message string
	}{
		{"over the limit", 3<<20 + 1, 3 << 20, campaignbot.EINVALID, "larger than the 3 MiB limit, so nothing was kept"},
		{"far over the limit", 10 << 20, 1 << 20, campaignbot.EINVALID, "1 MiB limit"},
		{"empty", 0, 0, campaignbot.EINVALID, "empty"},
		{"empty with limit", 0, 10, campaignbot.EINVALID, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, held storeContents) {
				r := &countingReader{r: io.LimitReader(zeros{}, int64(tt.size))}
				_, err := s.Put(context.Background(), r, tt.max)
				wantCode(t, err, tt.code)
				if msg := campaignbot.ErrorText(err).In(campaignbot.English); !strings.Contains(msg, tt.message) {
					t.Errorf("message %q does not contain %q", msg, tt.message)
				}
				if tt.max > 0 && r.n > tt.max+64<<10 {
					t.Errorf("read %d bytes with a limit of %d: Put should stop early", r.n, tt.max)
				}
				wantNothingStored(t, held)
			})
		})
	}
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, held storeContents) {
		// Exactly at the limit is fine.
		if _, err := s.Put(context.Background(), io.LimitReader(zeros{}, 1000), 1000); err != nil {
			t.Errorf("Put of exactly maxSize bytes: %v", err)
		}
	})
}

func TestBlobPutFailsMidway(t *testing.T) {
	boom := errors.New("connection reset")
	tests := []struct {
		name string
		// fail is called after the first chunk was read; it returns the
		// error the next read gets.
		fail func(cancel context.CancelFunc) error
		want error
	}{
		{"canceled", func(cancel context.CancelFunc) error { cancel(); return nil }, context.Canceled},
		{"read error", func(context.CancelFunc) error { return boom }, boom},
		// On S3 this breaks off a multipart upload after two parts
		// were sent; the upload must be aborted, not left pending.
		{"read error after 12 MiB", func(context.CancelFunc) error { return boom }, boom},
		{"canceled after 12 MiB", func(cancel context.CancelFunc) error { cancel(); return nil }, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, held storeContents) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				after := 256 << 10
				if strings.HasSuffix(tt.name, "12 MiB") {
					after = 12 << 20
				}
				r := &failingReader{after: after, fail: func() error { return tt.fail(cancel) }}
				_, err := s.Put(ctx, r, 0)
				if !errors.Is(err, tt.want) {
					t.Fatalf("Put = %v, want %v", err, tt.want)
				}
				if campaignbot.ErrorCode(err) != campaignbot.EINTERNAL {
					t.Errorf("code %q, want internal", campaignbot.ErrorCode(err))
				}
				wantNothingStored(t, held)
			})
		})
	}
}

func TestBlobPutConcurrently(t *testing.T) {
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, held storeContents) {
		data := bytes.Repeat([]byte("x"), 100000)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				b, err := s.Put(context.Background(), bytes.NewReader(data), 0)
				if err != nil || b.SHA256 != hexSum(data) {
					t.Errorf("Put = %+v, %v", b, err)
				}
			})
		}
		wg.Wait()
		var blobs int
		for _, f := range storedFiles(t, held) {
			if strings.HasPrefix(f, "sha256/") && !strings.HasSuffix(f, ".attrs") {
				blobs++
			} else if !strings.HasSuffix(f, ".attrs") {
				t.Errorf("unexpected file %q", f)
			}
		}
		if blobs != 1 {
			t.Errorf("%d blobs stored, want 1", blobs)
		}
	})
}

func TestBlobPutStreams(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("memory measurement needs a normal build")
	}
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, held storeContents) {
		put := func(size int64) uint64 {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			if _, err := s.Put(context.Background(), io.LimitReader(zeros{}, size), 0); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("Put of %d MiB allocated %d KiB", size>>20, alloc>>10)
			return alloc
		}
		const size = 64 << 20
		alloc := put(size)
		limit := uint64(size / 16)
		if held.bucket != "" {
			// A multipart upload allocates its part buffers (3 of 5 MiB)
			// and reads its first part once per upload, whatever the
			// file's size: twice the bytes allocate about the same.
			limit += storage.S3UploadBuffers
			if more := put(2 * size); more > alloc+size/16 {
				t.Errorf("Put of %d MiB allocated %d KiB, of %d MiB %d KiB: it should stream", size>>20, alloc>>10, size>>19, more>>10)
			}
		}
		if alloc > limit {
			t.Errorf("Put of %d MiB allocated %d KiB; it should stream", size>>20, alloc>>10)
		}
	})
}

func TestMebibytes(t *testing.T) {
	for n, want := range map[int64]string{25 << 20: "25", 3<<19 + 1: "1.5", 1000: "0.001", 1 << 30: "1024"} {
		if got := storage.Mebibytes(n); got != want {
			t.Errorf("Mebibytes(%d) = %q, want %q", n, got, want)
		}
	}
}

// zeros yields zero bytes forever.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// failingReader yields after bytes, then calls fail once and returns its
// error, or keeps yielding bytes when it returns nil.
type failingReader struct {
	after  int
	fail   func() error
	failed bool
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		if !f.failed {
			f.failed = true
			if err := f.fail(); err != nil {
				return 0, err
			}
		}
		return zeros{}.Read(p)
	}
	n := min(len(p), f.after)
	clear(p[:n])
	f.after -= n
	return n, nil
}
