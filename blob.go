package campaignbot

import (
	"context"
	"io"
)

// Blob describes bytes held in a BlobStore.
type Blob struct {
	// SHA256 is the lower-case hex digest, which is also the blob's key.
	SHA256 string
	Size   int64
	// Existed is true when the store already held these bytes.
	Existed bool
}

// BlobStore keeps file bytes, content-addressed by SHA-256. Writes stream:
// no implementation may hold a whole file in memory, and a blob becomes
// visible only once its bytes are complete and verified.
type BlobStore interface {
	// Put streams r into the store. It returns EINVALID when r yields more
	// than maxSize bytes (maxSize <= 0 means no limit) or no bytes at all;
	// nothing is kept in that case.
	Put(ctx context.Context, r io.Reader, maxSize int64) (Blob, error)
	// Open returns the bytes stored under sha256. Returns ENOTFOUND.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
	// Exists reports whether bytes are stored under sha256.
	Exists(ctx context.Context, sha256 string) (bool, error)
}
