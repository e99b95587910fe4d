package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"

	"github.com/campaignbot/campaignbot"
	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"
)

// putBucket streams the bytes to a staging key, aborting the write on any
// failure so that the staging key never appears, then copies the complete
// blob to its final key and deletes the staging key.
func (s *BlobStore) putBucket(ctx context.Context, r io.Reader, maxSize int64) (campaignbot.Blob, error) {
	var nonce [16]byte
	rand.Read(nonce[:])
	staging := stagingPrefix + hex.EncodeToString(nonce[:])

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := s.bucket.NewWriter(wctx, staging, &blob.WriterOptions{ContentType: "application/octet-stream"})
	if err != nil {
		return campaignbot.Blob{}, err
	}
	sum, n, err := stream(ctx, w, r, maxSize)
	if err != nil {
		cancel() // abort: Close discards what was written
		w.Close()
		return campaignbot.Blob{}, err
	}
	if err := w.Close(); err != nil {
		return campaignbot.Blob{}, err
	}
	defer s.bucket.Delete(context.WithoutCancel(ctx), staging)

	b := campaignbot.Blob{SHA256: sum, Size: n}
	key := blobKey(sum)
	if b.Existed, err = s.bucket.Exists(ctx, key); err != nil || b.Existed {
		return b, err
	}
	if err := s.bucket.Copy(ctx, key, staging, nil); err != nil {
		return campaignbot.Blob{}, err
	}
	return b, nil
}

// openBucket opens the reader of a blob.
func (s *BlobStore) openBucket(ctx context.Context, sum string) (io.ReadCloser, error) {
	rd, err := s.bucket.NewReader(ctx, blobKey(sum), nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, errBlobNotFound()
	}
	if err != nil {
		return nil, err
	}
	return rd, nil
}
