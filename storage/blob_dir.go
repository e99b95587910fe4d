package storage

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/campaignbot/campaignbot"
)

// staleStaging is the age after which an abandoned staging file (left by a
// crash) is removed when a directory store opens.
const staleStaging = 24 * time.Hour

// openDirBlobStore opens a directory store, creating dir when missing.
func openDirBlobStore(dir string) (*BlobStore, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("storage: blob store directory: %w", err)
	}
	staging := filepath.Join(dir, filepath.FromSlash(stagingPrefix))
	if err := os.MkdirAll(staging, 0o750); err != nil {
		return nil, fmt.Errorf("storage: create blob store directory: %w", err)
	}
	if entries, err := os.ReadDir(staging); err == nil {
		for _, e := range entries {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleStaging {
				os.Remove(filepath.Join(staging, e.Name()))
			}
		}
	}
	return &BlobStore{dir: dir}, nil
}

// putDir stages the bytes in a temporary file of the store's directory,
// then renames it to its final name, atomically on the same file system.
func (s *BlobStore) putDir(ctx context.Context, r io.Reader, maxSize int64) (campaignbot.Blob, error) {
	tmp, err := os.CreateTemp(filepath.Join(s.dir, filepath.FromSlash(stagingPrefix)), "put-*")
	if err != nil {
		return campaignbot.Blob{}, err
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name()) // fails harmlessly once renamed
	}()
	sum, n, err := stream(ctx, tmp, r, maxSize)
	if err != nil {
		return campaignbot.Blob{}, err
	}
	if err := tmp.Sync(); err != nil {
		return campaignbot.Blob{}, err
	}
	if err := tmp.Close(); err != nil {
		return campaignbot.Blob{}, err
	}
	b := campaignbot.Blob{SHA256: sum, Size: n}
	final := blobPath(s.dir, sum)
	if _, err := os.Stat(final); err == nil {
		b.Existed = true
		return b, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return campaignbot.Blob{}, err
	}
	if err := os.Chmod(tmp.Name(), 0o640); err != nil {
		return campaignbot.Blob{}, err
	}
	if err := ctx.Err(); err != nil {
		return campaignbot.Blob{}, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return campaignbot.Blob{}, err
	}
	return b, nil
}

// openDir opens the file of a blob.
func (s *BlobStore) openDir(sum string) (io.ReadCloser, error) {
	f, err := os.Open(blobPath(s.dir, sum))
	if os.IsNotExist(err) {
		return nil, errBlobNotFound()
	}
	return f, err
}

// existsDir reports whether the file of a blob exists.
func (s *BlobStore) existsDir(sum string) (bool, error) {
	_, err := os.Stat(blobPath(s.dir, sum))
	if os.IsNotExist(err) {
		return false, nil
	}
	return err == nil, err
}
