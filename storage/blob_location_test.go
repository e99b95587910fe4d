package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestBlobLocationCredentials: a store URL carrying credentials is refused
// before anything is opened, and neither the refusal nor the redacted
// form repeats them.
func TestBlobLocationCredentials(t *testing.T) {
	const secret = "wJalrXUtnFEMIK7MDENG"
	for _, loc := range []string{
		"s3://AKIAEXAMPLE:" + secret + "@bucket?region=us-east-1",
		"s3://bucket?endpoint=http://AKIAEXAMPLE:" + secret + "@127.0.0.1:8333&region=us-east-1",
		"s3://bucket?aws_secret_access_key=" + secret,
		"s3://bucket?X-Amz-Security-Token=" + secret,
		"file://u:" + secret + "@/tmp/files",
	} {
		if err := storage.CheckBlobLocation(loc); err == nil {
			t.Errorf("CheckBlobLocation accepted a URL with credentials")
		}
		_, err := storage.OpenBlobStore(context.Background(), loc)
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("OpenBlobStore = %v; want a refusal without the credential", err)
		}
		if r := storage.RedactBlobLocation(loc); strings.Contains(r, secret) {
			t.Errorf("RedactBlobLocation kept the credential: %s", r)
		}
	}
	for _, loc := range []string{
		"data/files",
		"file:///var/lib/campaignbot/files",
		"s3://bucket?endpoint=http://127.0.0.1:8333&region=us-east-1&use_path_style=true",
		"s3://bucket?region=us-east-1&ssetype=aws:kms&kmskeyid=alias/files",
	} {
		if err := storage.CheckBlobLocation(loc); err != nil {
			t.Errorf("CheckBlobLocation(%s) = %v", loc, err)
		}
		if r := storage.RedactBlobLocation(loc); !strings.Contains(r, "files") && !strings.Contains(r, "bucket") {
			t.Errorf("RedactBlobLocation(%s) = %s", loc, r)
		}
	}
}

// TestBlobStoreS3Unreachable: a missing bucket or refused credentials stop
// OpenBlobStore with a clear error, not the first share.
func TestBlobStoreS3Unreachable(t *testing.T) {
	bucket := storagetest.S3Bucket(t)
	ctx := context.Background()
	missing := strings.Replace(bucket, "s3://", "s3://missing-", 1)
	if _, err := storage.OpenBlobStore(ctx, missing); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("OpenBlobStore on a missing bucket = %v", err)
	}
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
	_, err := storage.OpenBlobStore(ctx, bucket)
	if err == nil || !strings.Contains(err.Error(), "cannot be listed") || strings.Contains(err.Error(), "not-the-secret") {
		t.Errorf("OpenBlobStore with a wrong secret = %v", err)
	}
}
