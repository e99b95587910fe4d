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
)

// forEachBlobStore runs fn with a fresh directory store and a fresh file://
// URL store, and the directory holding each one's files.
func forEachBlobStore(t *testing.T, fn func(t *testing.T, s *storage.BlobStore, root string)) {
	for _, kind := range []string{"dir", "url"} {
		t.Run(kind, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "files", "blobs") // created by Open
			location := root
			if kind == "url" {
				location = "file://" + filepath.ToSlash(root)
			}
			s, err := storage.OpenBlobStore(context.Background(), location)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			fn(t, s, root)
		})
	}
}

// storedFiles returns the regular files under root, relative to it.
func storedFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func wantNothingStored(t *testing.T, root string) {
	t.Helper()
	if files := storedFiles(t, root); len(files) > 0 {
		t.Errorf("files left in the store: %q", files)
	}
}

func hexSum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestBlobPutOpen(t *testing.T) {
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, root string) {
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
		for _, f := range storedFiles(t, root) {
			found = found || f == "sha256/"+want.SHA256[:2]+"/"+want.SHA256
		}
		if !found {
			t.Errorf("blob not under sha256/%s/%s: %q", want.SHA256[:2], want.SHA256, storedFiles(t, root))
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
		before := storedFiles(t, root)
		again, err := s.Put(ctx, bytes.NewReader(data), 0)
		want.Existed = true
		if err != nil || again != want {
			t.Errorf("Put again = %+v, %v; want %+v", again, err, want)
		}
		if after := storedFiles(t, root); strings.Join(after, ",") != strings.Join(before, ",") {
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
			forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, root string) {
				r := &countingReader{r: io.LimitReader(zeros{}, int64(tt.size))}
				_, err := s.Put(context.Background(), r, tt.max)
				wantCode(t, err, tt.code)
				if msg := campaignbot.ErrorText(err).EN; !strings.Contains(msg, tt.message) {
					t.Errorf("message %q does not contain %q", msg, tt.message)
				}
				if tt.max > 0 && r.n > tt.max+64<<10 {
					t.Errorf("read %d bytes with a limit of %d: Put should stop early", r.n, tt.max)
				}
				wantNothingStored(t, root)
			})
		})
	}
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, root string) {
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, root string) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				r := &failingReader{after: 256 << 10, fail: func() error { return tt.fail(cancel) }}
				_, err := s.Put(ctx, r, 0)
				if !errors.Is(err, tt.want) {
					t.Fatalf("Put = %v, want %v", err, tt.want)
				}
				if campaignbot.ErrorCode(err) != campaignbot.EINTERNAL {
					t.Errorf("code %q, want internal", campaignbot.ErrorCode(err))
				}
				wantNothingStored(t, root)
			})
		})
	}
}

func TestBlobPutConcurrently(t *testing.T) {
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, root string) {
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
		for _, f := range storedFiles(t, root) {
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
	forEachBlobStore(t, func(t *testing.T, s *storage.BlobStore, root string) {
		const size = 64 << 20
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		if _, err := s.Put(context.Background(), io.LimitReader(zeros{}, size), 0); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("Put of %d MiB allocated %d KiB", size>>20, alloc>>10)
		if alloc > size/16 {
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
