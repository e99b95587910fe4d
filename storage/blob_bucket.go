package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// stageBucket streams the bytes to a staging key, aborting the write on
// any failure so that the staging key never appears.
func (s *BlobStore) stageBucket(ctx context.Context, r io.Reader, maxSize int64) (stagedBlob, error) {
	var nonce [16]byte
	rand.Read(nonce[:])
	st := stagedBlob{name: stagingPrefix + hex.EncodeToString(nonce[:])}

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := s.bucket.NewWriter(wctx, st.name, &blob.WriterOptions{
		ContentType: "application/octet-stream",
		BeforeWrite: s.beforeWrite,
	})
	if err != nil {
		return stagedBlob{}, err
	}
	st.sum, st.size, err = stream(ctx, w, r, maxSize)
	if err != nil {
		cancel() // abort: Close discards what was written
		w.Close()
		return stagedBlob{}, err
	}
	if err := w.Close(); err != nil {
		return stagedBlob{}, err
	}
	return st, nil
}

// publishBucket copies the complete staged blob to its final key, unless
// the bytes are there already; the staging key is deleted afterwards.
func (s *BlobStore) publishBucket(ctx context.Context, st stagedBlob) (existed bool, err error) {
	key := blobKey(st.sum)
	if existed, err = s.bucket.Exists(ctx, key); err != nil || existed {
		return existed, err
	}
	return false, s.bucket.Copy(ctx, key, st.name, nil)
}

// listBucket calls fn for each blob and each staging object of the bucket.
func (s *BlobStore) listBucket(ctx context.Context, fn func(stored storedObject) error) error {
	for _, prefix := range []string{blobPrefix, stagingPrefix} {
		it := s.bucket.List(&blob.ListOptions{Prefix: prefix})
		for {
			obj, err := it.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			if obj.IsDir {
				continue
			}
			if err := fn(storedObject{key: obj.Key, size: obj.Size, modTime: obj.ModTime}); err != nil {
				return err
			}
		}
	}
	return nil
}

// openBucket opens the reader of a blob.
func (s *BlobStore) openBucket(ctx context.Context, sum string) (io.ReadCloser, error) {
	rd, err := s.bucket.NewReader(ctx, blobKey(sum), &blob.ReaderOptions{BeforeRead: s.beforeRead})
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, errBlobNotFound()
	}
	if err != nil {
		return nil, err
	}
	return rd, nil
}
