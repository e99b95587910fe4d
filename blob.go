package campaignbot

import (
	"context"
	"io"
	"time"
)

// Blob describes bytes held in a BlobStore.
type Blob struct {
	// SHA256 is the lower-case hex digest, which is also the blob's key.
	SHA256 string
	Size   int64
	// Existed is true when the store already held these bytes.
	Existed bool
}

// BlobClaimGrace is how long a Put protects the bytes it stored from
// BlobStore.Collect while the entry that will reference them is being
// added. A share adds its entry within seconds of storing its bytes; the
// grace is far longer so that no share, however slow, loses its bytes.
const BlobClaimGrace = time.Hour

// FreedBlobs is what BlobStore.Collect deleted.
type FreedBlobs struct {
	Blobs int
	Bytes int64
}

// BlobStore keeps file bytes, content-addressed by SHA-256. Writes stream:
// no implementation may hold a whole file in memory, and a blob becomes
// visible only once its bytes are complete and verified.
type BlobStore interface {
	// Put streams r into the store and claims the bytes, so that Collect
	// leaves them alone until the claim is BlobClaimGrace old. It returns
	// EINVALID when r yields more than maxSize bytes (maxSize <= 0 means no
	// limit) or no bytes at all; nothing is kept in that case.
	Put(ctx context.Context, r io.Reader, maxSize int64) (Blob, error)
	// Open returns the bytes stored under sha256. Returns ENOTFOUND.
	Open(ctx context.Context, sha256 string) (io.ReadCloser, error)
	// Exists reports whether bytes are stored under sha256.
	Exists(ctx context.Context, sha256 string) (bool, error)
	// Collect deletes the bytes that no knowledge-base entry references
	// and that no Put claimed since claimedBefore. It is safe while shares
	// run: bytes a Put stored are never deleted under the entry it adds.
	Collect(ctx context.Context, claimedBefore time.Time) (FreedBlobs, error)
}
