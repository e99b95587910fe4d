package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"gocloud.dev/blob"
	_ "gocloud.dev/blob/s3blob" // s3:// bucket URLs
)

// S3Env is the environment variable naming an S3-compatible service tests
// may create buckets in, as an s3:// URL whose host is the prefix of the
// buckets' names, e.g.
// s3://cbtest?endpoint=http://127.0.0.1:8333&region=us-east-1&use_path_style=true.
// Credentials come from the standard AWS environment variables or files,
// as the bot's do. .ci/run starts SeaweedFS and sets it; see `make s3`.
const S3Env = "CAMPAIGNBOT_TEST_S3_URL"

// S3Bucket creates a fresh, empty bucket on the service of S3Env and
// returns its s3:// URL, the storage.files value of a store in it. The
// bucket and everything in it are deleted when t ends. It skips t when
// S3Env is unset, and fails it when the service does not answer.
func S3Bucket(t testing.TB) string {
	t.Helper()
	base := os.Getenv(S3Env)
	if base == "" {
		t.Skipf("storagetest: S3 tests skipped: set %s to an s3:// URL with an endpoint, e.g. s3://cbtest?endpoint=http://127.0.0.1:8333&region=us-east-1&use_path_style=true, and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (`make test-s3` or .ci/with-s3 starts SeaweedFS and sets them)", S3Env)
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "s3" {
		t.Fatalf("storagetest: %s is not an s3:// URL", S3Env)
	}
	prefix := u.Host
	if prefix == "" {
		prefix = "cbtest"
	}
	var b [6]byte
	rand.Read(b[:])
	u.Host = strings.ToLower(prefix) + "-" + hex.EncodeToString(b[:])
	u.Path = ""
	location := u.String()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bucket, client := openS3(t, location)
	defer bucket.Close()
	in := &s3.CreateBucketInput{Bucket: aws.String(u.Host)}
	if r := u.Query().Get("region"); r != "" && r != "us-east-1" {
		in.CreateBucketConfiguration = &types.CreateBucketConfiguration{LocationConstraint: types.BucketLocationConstraint(r)}
	}
	if _, err := client.CreateBucket(ctx, in); err != nil {
		t.Fatalf("storagetest: create bucket %s on the S3 service of %s: %v", u.Host, S3Env, err)
	}
	t.Cleanup(func() { removeBucket(t, location, u.Host) })
	return location
}

// openS3 opens the bucket at location and its S3 client.
func openS3(t testing.TB, location string) (*blob.Bucket, *s3.Client) {
	t.Helper()
	bucket, err := blob.OpenBucket(context.Background(), location)
	if err != nil {
		t.Fatalf("storagetest: open %s: %v", S3Env, err)
	}
	var client *s3.Client
	if !bucket.As(&client) {
		bucket.Close()
		t.Fatal("storagetest: the s3:// bucket has no *s3.Client")
	}
	return bucket, client
}

// BucketKeys returns every key of the bucket at location (an s3:// URL),
// sorted, read through a client of its own.
func BucketKeys(t testing.TB, location string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bucket, err := blob.OpenBucket(ctx, location)
	if err != nil {
		t.Fatalf("storagetest: open bucket: %v", err)
	}
	defer bucket.Close()
	var keys []string
	it := bucket.List(nil)
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("storagetest: list bucket: %v", err)
		}
		keys = append(keys, obj.Key)
	}
	sort.Strings(keys)
	return keys
}

// PendingUploads returns how many multipart uploads were started in the
// bucket at location and neither completed nor aborted.
func PendingUploads(t testing.TB, location string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bucket, client := openS3(t, location)
	defer bucket.Close()
	name := bucketName(location)
	out, err := client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(name)})
	if err != nil {
		t.Fatalf("storagetest: list multipart uploads: %v", err)
	}
	return len(out.Uploads)
}

// bucketName returns the host of an s3:// URL.
func bucketName(location string) string {
	u, _ := url.Parse(location)
	return u.Host
}

// removeBucket deletes every object and pending upload of the bucket,
// then the bucket.
func removeBucket(t testing.TB, location, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	bucket, client := openS3(t, location)
	defer bucket.Close()
	for _, key := range BucketKeys(t, location) {
		if err := bucket.Delete(ctx, key); err != nil {
			t.Errorf("storagetest: delete %s: %v", key, err)
		}
	}
	if out, err := client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(name)}); err == nil {
		for _, up := range out.Uploads {
			client.AbortMultipartUpload(ctx, &s3.AbortMultipartUploadInput{Bucket: aws.String(name), Key: up.Key, UploadId: up.UploadId})
		}
	}
	if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Errorf("storagetest: delete bucket %s: %v", name, err)
	}
}
