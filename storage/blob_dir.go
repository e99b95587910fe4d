package storage

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
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

// stageDir writes the bytes to a temporary file of the store's directory.
func (s *BlobStore) stageDir(ctx context.Context, r io.Reader, maxSize int64) (stagedBlob, error) {
	tmp, err := os.CreateTemp(filepath.Join(s.dir, filepath.FromSlash(stagingPrefix)), "put-*")
	if err != nil {
		return stagedBlob{}, err
	}
	st := stagedBlob{name: tmp.Name()}
	st.sum, st.size, err = stream(ctx, tmp, r, maxSize)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return stagedBlob{}, err
	}
	return st, nil
}

// publishDir renames the staged file to the blob's final name, atomically
// on the same file system, unless the bytes are there already.
func (s *BlobStore) publishDir(ctx context.Context, st stagedBlob) (existed bool, err error) {
	final := blobPath(s.dir, st.sum)
	if _, err := os.Stat(final); err == nil {
		return true, nil
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return false, err
	}
	if err := os.Chmod(st.name, 0o640); err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	return false, os.Rename(st.name, final)
}

// listDir calls fn for each blob and each staging file of the store.
func (s *BlobStore) listDir(fn func(stored storedObject) error) error {
	for _, prefix := range []string{blobPrefix, stagingPrefix} {
		root := filepath.Join(s.dir, filepath.FromSlash(prefix))
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if !d.Type().IsRegular() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil // removed meanwhile
			}
			rel, err := filepath.Rel(s.dir, p)
			if err != nil {
				return err
			}
			return fn(storedObject{key: filepath.ToSlash(rel), size: info.Size(), modTime: info.ModTime()})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// deleteStagingDir removes a staging file; a missing one is fine.
func (s *BlobStore) deleteStagingDir(key string) error {
	if err := os.Remove(filepath.Join(s.dir, filepath.FromSlash(key))); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
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
