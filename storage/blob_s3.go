package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/s3/transfermanager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
)

// S3's smallest part is 5 MiB. Two parts in flight keep a loopback or LAN
// upload near the speed of one connection, and the uploader holds three
// part buffers (15 MiB) whatever the file's size; the SDK's defaults (8 MiB
// parts, 5 in flight) hold 48 MiB per upload.
const (
	s3PartSize        = 5 << 20
	s3PartConcurrency = 2
)

// s3Uploads returns the BeforeWrite hook of an s3:// store's writes. The
// SDK's transfer manager reads the first 16 MiB of a stream with
// io.ReadAll to choose between one PUT and a multipart upload, which
// allocates some 36 MiB per file on top of the part buffers; gocloud
// exposes no option for that threshold, so the hook swaps in a transfer
// manager whose threshold is one part, keeping gocloud's part size,
// concurrency and checksum setting, and aborting a failed upload even
// when the write's context is canceled.
func s3Uploads(bucket *blob.Bucket) (func(as func(any) bool) error, error) {
	var client *s3.Client
	if !bucket.As(&client) {
		return nil, errors.New("the s3:// bucket has no S3 client")
	}
	checksums := client.Options().RequestChecksumCalculation
	return func(as func(any) bool) error {
		var tm *transfermanager.Client
		if !as(&tm) || tm == nil {
			return nil
		}
		*tm = *transfermanager.New(client, func(o *transfermanager.Options) {
			o.PartSizeBytes = s3PartSize
			o.Concurrency = s3PartConcurrency
			o.MultipartUploadThreshold = s3PartSize
			o.RequestChecksumCalculation = checksums
			// Abort a broken-off upload with a context of its own: the
			// write's is canceled by then, and without this the abort
			// fails and the parts stay stored, unseen but billed.
			o.FailTimeout = 30 * time.Second
		})
		return nil
	}, nil
}

// s3Reads is the BeforeRead hook of an s3:// store's reads. The SDK logs
// "Skipped validation of multipart checksum." to stderr on every read of
// an object uploaded in parts (its checksum is one of the parts'
// checksums, which a whole-object read cannot check): every download of a
// file over 5 MiB would print it.
func s3Reads(as func(any) bool) error {
	var opts *[]func(*s3.Options)
	if as(&opts) && opts != nil {
		*opts = append(*opts, func(o *s3.Options) { o.DisableLogOutputChecksumValidationSkipped = true })
	}
	return nil
}

// checkBucket lists one key of the bucket, so that a missing bucket, a
// wrong endpoint or refused credentials stop the bot at start with a clear
// error rather than at the first share.
func checkBucket(ctx context.Context, b *blob.Bucket) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ok, err := b.IsAccessible(ctx)
	switch {
	case err != nil:
		return fmt.Errorf("the bucket cannot be listed (check the endpoint, region and the AWS credentials in the environment): %w", err)
	case !ok:
		return errors.New("the bucket does not exist: create it first")
	}
	return nil
}
