package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/campaignbot/campaignbot"
	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob" // file:// bucket URLs
	_ "gocloud.dev/blob/s3blob"   // s3:// bucket URLs (AWS SDK v2)
	"gocloud.dev/gcerrors"
)

// BlobStore keeps file bytes content-addressed by SHA-256, under keys like
// "sha256/ab/abcdef...". A plain directory is handled with direct file
// operations; URLs open a gocloud.dev/blob bucket (file:// and s3:// are
// registered; tests add mem://). Either way Put stages the bytes first and publishes them
// under their key only once complete, so readers never see a partial blob.
// Opened WithReferences, it claims what it stores in the database and can
// delete the bytes no entry references (see blob_refs.go).
type BlobStore struct {
	// dir is the root of a directory store, or "".
	dir string
	// bucket is the bucket of a URL store, or nil.
	bucket *blob.Bucket
	// beforeWrite, when set, adjusts each write of the bucket: for s3://,
	// the multipart uploads' part size, concurrency and threshold (see
	// blob_s3.go).
	beforeWrite func(as func(any) bool) error
	// beforeRead, when set, adjusts each read of the bucket.
	beforeRead func(as func(any) bool) error
	// refs is the database counting references to blobs, or nil.
	refs *DB
	// beforeClaim and beforeDelete, when set, run just before Put claims
	// bytes and while Collect holds a blob's row lock just before it
	// deletes the bytes; tests use them to race shares with Collect.
	beforeClaim, beforeDelete func(sha256 string)
}

// BlobOption configures a BlobStore.
type BlobOption func(*BlobStore)

// WithReferences makes the store claim the bytes it stores in db, whose
// knowledge base counts the entries referencing them, so that Collect and
// Sweep can delete unreferenced bytes without racing shares. The bot
// always opens its store this way; a store opened without it only reads
// and writes.
func WithReferences(db *DB) BlobOption { return func(s *BlobStore) { s.refs = db } }

var _ campaignbot.BlobStore = (*BlobStore)(nil)

// stagingPrefix is where Put writes bytes whose digest is not known yet.
const stagingPrefix = "tmp/"

// OpenBlobStore opens the blob store at location: a directory, created if
// missing, or a gocloud.dev/blob URL such as file:///var/lib/campaignbot/files
// or s3://BUCKET?endpoint=https://s3.example.com&region=us-east-1&use_path_style=true.
//
// An s3:// store takes its credentials from the AWS SDK's default chain
// only (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with the
// shared files, web identity, instance roles); a URL that carries
// credentials is refused (see CheckBlobLocation). The bucket must exist.
// For file:// URLs, create_dir=true, no_tmp_dir=true and metadata=skip are
// the defaults: a missing directory is created, fileblob's own temporary
// files stay on the bucket's file system (rename across file systems
// fails), and no ".attrs" sidecar files are written (they are rewritten in
// place, so concurrent writers and readers of one key could see them torn).
func OpenBlobStore(ctx context.Context, location string, opts ...BlobOption) (*BlobStore, error) {
	s, err := openBlobStore(ctx, location)
	if err != nil {
		return nil, err
	}
	for _, o := range opts {
		o(s)
	}
	return s, nil
}

// openBlobStore opens the directory or bucket at location.
func openBlobStore(ctx context.Context, location string) (*BlobStore, error) {
	if location == "" {
		return nil, errors.New("storage: blob store location is empty")
	}
	if !strings.Contains(location, "://") {
		return openDirBlobStore(location)
	}
	if err := CheckBlobLocation(location); err != nil {
		return nil, fmt.Errorf("storage: blob store URL: %w", err)
	}
	u, err := url.Parse(location)
	if err != nil {
		return nil, errors.New("storage: blob store URL does not parse")
	}
	s := &BlobStore{}
	if u.Scheme == "file" {
		q := u.Query()
		for k, v := range map[string]string{"create_dir": "true", "no_tmp_dir": "true", "metadata": "skip"} {
			if !q.Has(k) {
				q.Set(k, v)
			}
		}
		u.RawQuery = q.Encode()
	}
	b, err := blob.OpenBucket(ctx, u.String())
	if err != nil {
		return nil, fmt.Errorf("storage: open blob store %s: %w", RedactBlobLocation(location), err)
	}
	if u.Scheme == "s3" {
		s.beforeRead = s3Reads
		if s.beforeWrite, err = s3Uploads(b); err == nil {
			err = checkBucket(ctx, b)
		}
		if err != nil {
			b.Close()
			return nil, fmt.Errorf("storage: open blob store %s: %w", RedactBlobLocation(location), err)
		}
	}
	s.bucket = b
	return s, nil
}

// Close releases the store.
func (s *BlobStore) Close() error {
	if s.bucket != nil {
		return s.bucket.Close()
	}
	return nil
}

// stagedBlob is bytes written aside under a temporary name, with their
// digest and size.
type stagedBlob struct {
	sum  string
	size int64
	// name is the staging file of a directory store, or the staging key
	// of a bucket.
	name string
}

// Put implements campaignbot.BlobStore. It streams r through a fixed-size
// buffer while hashing and counting, and stops reading as soon as r yields
// more than maxSize bytes. The bytes are staged first; once their digest is
// known they are claimed (WithReferences), and only then published under
// their key, or dropped when the key holds them already: a claim committed
// before that check keeps Collect from deleting them meanwhile.
func (s *BlobStore) Put(ctx context.Context, r io.Reader, maxSize int64) (campaignbot.Blob, error) {
	b, err := s.put(ctx, r, maxSize)
	return b, wrapErr("put blob", err)
}

func (s *BlobStore) put(ctx context.Context, r io.Reader, maxSize int64) (campaignbot.Blob, error) {
	var (
		st  stagedBlob
		err error
	)
	if s.bucket != nil {
		st, err = s.stageBucket(ctx, r, maxSize)
	} else {
		st, err = s.stageDir(ctx, r, maxSize)
	}
	if err != nil {
		return campaignbot.Blob{}, err
	}
	defer s.discard(ctx, st)
	if s.refs != nil {
		if s.beforeClaim != nil {
			s.beforeClaim(st.sum)
		}
		if err := s.claim(ctx, st.sum, st.size); err != nil {
			return campaignbot.Blob{}, err
		}
	}
	b := campaignbot.Blob{SHA256: st.sum, Size: st.size}
	if s.bucket != nil {
		b.Existed, err = s.publishBucket(ctx, st)
	} else {
		b.Existed, err = s.publishDir(ctx, st)
	}
	if err != nil {
		return campaignbot.Blob{}, err
	}
	return b, nil
}

// discard removes what is left of a staged blob.
func (s *BlobStore) discard(ctx context.Context, st stagedBlob) {
	if s.bucket != nil {
		s.bucket.Delete(context.WithoutCancel(ctx), st.name)
		return
	}
	os.Remove(st.name) // fails harmlessly once renamed
}

// deleteBlob removes the bytes stored under sum; missing bytes are fine.
func (s *BlobStore) deleteBlob(ctx context.Context, sum string) error {
	if s.bucket != nil {
		if err := s.bucket.Delete(ctx, blobKey(sum)); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
			return err
		}
		return nil
	}
	if err := os.Remove(blobPath(s.dir, sum)); err != nil && !os.IsNotExist(err) {
		return err
	}
	return nil
}

// Open implements campaignbot.BlobStore.
func (s *BlobStore) Open(ctx context.Context, sum string) (io.ReadCloser, error) {
	if !validSHA256(sum) {
		return nil, errBlobNotFound()
	}
	var (
		rc  io.ReadCloser
		err error
	)
	if s.bucket != nil {
		rc, err = s.openBucket(ctx, sum)
	} else {
		rc, err = s.openDir(sum)
	}
	return rc, wrapErr("open blob", err)
}

// Exists implements campaignbot.BlobStore.
func (s *BlobStore) Exists(ctx context.Context, sum string) (bool, error) {
	if !validSHA256(sum) {
		return false, nil
	}
	var (
		ok  bool
		err error
	)
	if s.bucket != nil {
		ok, err = s.bucket.Exists(ctx, blobKey(sum))
	} else {
		ok, err = s.existsDir(sum)
	}
	return ok, wrapErr("check blob", err)
}

// blobKey returns the key of the blob with the given digest.
func blobKey(sum string) string { return blobPrefix + sum[:2] + "/" + sum }

// blobPrefix is where published blobs live.
const blobPrefix = "sha256/"

// blobPath returns the file of the blob with the given digest under dir.
func blobPath(dir, sum string) string { return filepath.Join(dir, filepath.FromSlash(blobKey(sum))) }

// errBlobNotFound returns the ENOTFOUND error of a missing blob.
func errBlobNotFound() error {
	return campaignbot.NewError(campaignbot.ENOTFOUND, campaignbot.T("storage.the-file-s-contents-are-no"))
}

// copyBuffers holds the buffers of stream, so that Put allocates nothing
// proportional to the blob's size.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// stream copies r to w, returning the SHA-256 and size of what was copied.
// It fails with EINVALID after copying at most maxSize+1 bytes when r holds
// more than maxSize (maxSize <= 0 means no limit), or when r is empty, and
// with ctx's error once ctx is done.
func stream(ctx context.Context, w io.Writer, r io.Reader, maxSize int64) (string, int64, error) {
	src := io.Reader(ctxReader{ctx: ctx, r: r})
	if maxSize > 0 {
		src = io.LimitReader(src, maxSize+1)
	}
	h := sha256.New()
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	n, err := io.CopyBuffer(io.MultiWriter(w, h), src, *buf)
	switch {
	case err != nil:
		return "", n, err
	case maxSize > 0 && n > maxSize:
		return "", n, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-file-is-larger-than-the", mebibytes(maxSize)))
	case n == 0:
		return "", 0, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("storage.the-file-is-empty-so-nothing"))
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// ctxReader is a reader that fails once its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// mebibytes formats n bytes in MiB for people: "25", "1.5", "0.001".
func mebibytes(n int64) string {
	v := float64(n) / (1 << 20)
	if v >= 1 {
		v = math.Round(v*10) / 10
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 1, 64)
}
