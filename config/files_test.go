package config

import (
	"strings"
	"testing"
)

// TestFilesLocations: directories, file:// and credential-free s3:// URLs
// load; no problem about storage.files ever repeats a credential.
func TestFilesLocations(t *testing.T) {
	clearEnv(t)
	for _, files := range []string{
		"data/files",
		"/var/lib/campaignbot/files",
		"file:///var/lib/campaignbot/files",
		"s3://campaign-files?region=eu-west-1",
		"s3://campaign-files?endpoint=http://127.0.0.1:8333&region=us-east-1&use_path_style=true",
		"s3://campaign-files?endpoint=https://minio.internal:9000&region=us-east-1&use_path_style=true&profile=campaignbot&ssetype=aws:kms&kmskeyid=alias/files",
	} {
		cfg := mustParse(t, "t.yaml", []byte("storage:\n  files: "+files+"\n"))
		if cfg.Storage.Files != files {
			t.Errorf("storage.files = %q, want %q", cfg.Storage.Files, files)
		}
	}
	const secret = "wJalrXUtnFEMIK7MDENG"
	for _, files := range []string{
		"s3://AKIAEXAMPLE:" + secret + "@b?region=us-east-1",
		"s3://" + secret + "@b",
		"s3://b?endpoint=http://AKIAEXAMPLE:" + secret + "@minio:9000",
		"s3://b?aws_secret_access_key=" + secret,
		"s3://b?AWS_SESSION_TOKEN=" + secret,
		"s3://b?X-Amz-Signature=" + secret,
		"gs://AKIAEXAMPLE:" + secret + "@b",
		"s3://b/" + secret,
		"s3://b?" + secret + "=1",
		"s3://b?endpoint=" + secret,
	} {
		problems := problemsOf(t, "t.yaml", []byte("storage:\n  files: "+files+"\n")).Error()
		if !strings.Contains(problems, "storage.files") {
			t.Errorf("%s: no storage.files problem in %s", files, problems)
		}
		if strings.Contains(problems, secret) {
			t.Errorf("a problem repeats the credential: %s", problems)
		}
	}
}
