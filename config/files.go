package config

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// s3Params are the query parameters of an s3:// storage.files URL, as
// gocloud.dev/blob/s3blob reads them; any other parameter is refused
// when the config loads rather than when the bot first opens the bucket.
var s3Params = []string{
	"endpoint", "region", "use_path_style", "s3ForcePathStyle", "disable_https", "profile",
	"anonymous", "hostname_immutable", "dualstack", "fips", "rate_limiter_capacity",
	"request_checksum_calculation", "response_checksum_validation", "ssetype", "kmskeyid", "accelerate",
}

// s3Bools are the parameters of s3Params that take true or false.
var s3Bools = []string{"use_path_style", "s3ForcePathStyle", "disable_https", "anonymous", "hostname_immutable", "dualstack", "fips", "accelerate"}

// credentialsHint says where file-store credentials go instead.
const credentialsHint = "put the key in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with the shared credentials file) in campaignbot's environment instead"

// filesProblem returns what is wrong with storage.files, or "". Its
// messages never quote a URL, which could hold a credential.
func filesProblem(files string) string {
	if !strings.Contains(files, "://") {
		return "" // a directory
	}
	u, err := url.Parse(files)
	if err != nil {
		return "the URL does not parse: use a directory like data/files, file:///var/lib/campaignbot/files or s3://BUCKET?endpoint=…&region=…"
	}
	if u.User != nil {
		return "the URL holds credentials: remove them from the config and " + credentialsHint
	}
	switch u.Scheme {
	case "file":
		return ""
	case "s3":
	default:
		return fmt.Sprintf("unknown scheme %s: use a directory like data/files, file:///var/lib/campaignbot/files or s3://BUCKET?endpoint=…&region=…", quote(u.Scheme+"://"))
	}
	if u.Host == "" {
		return "the s3:// URL names no bucket: use s3://BUCKET?region=…, with endpoint=https://HOST&use_path_style=true for S3-compatible stores"
	}
	if u.Path != "" && u.Path != "/" {
		return "the s3:// URL has a path: name only the bucket, like s3://campaignbot-files?region=…; the bucket is campaignbot's own"
	}
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := q.Get(k)
		switch {
		case looksLikeSecretParam(k):
			return fmt.Sprintf("the URL holds credentials (parameter %s): remove them from the config and %s", quote(k), credentialsHint)
		case !slices.Contains(s3Params, k):
			name := "an unknown parameter" // a name that could be a key is not repeated
			if plainParamName(k) {
				name = quote(k)
			}
			return fmt.Sprintf("unknown s3:// parameter %s: use %s", name, strings.Join(s3Params, ", "))
		case slices.Contains(s3Bools, k):
			if _, err := strconv.ParseBool(v); err != nil {
				return fmt.Sprintf("s3:// parameter %s must be true or false", k)
			}
		case k == "endpoint":
			e, err := url.Parse(v)
			switch {
			case err != nil || e.Host == "" || (e.Scheme != "http" && e.Scheme != "https"):
				return "the endpoint parameter must be an http:// or https:// URL of the S3 service, like endpoint=https://s3.example.com"
			case e.User != nil:
				return "the endpoint holds credentials: remove them from the config and " + credentialsHint
			}
		}
	}
	return ""
}

// looksLikeSecretParam reports whether a query parameter is named like a
// credential (access_key, secret, token, X-Amz-Signature…); kmskeyid, a
// key's name, is not one.
func looksLikeSecretParam(name string) bool {
	n := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(name))
	if n == "kmskeyid" {
		return false
	}
	for _, w := range []string{"secret", "password", "passwd", "token", "accesskey", "keyid", "signature", "credential", "sessionkey"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// plainParamName reports whether an unknown parameter name looks like a
// misspelt parameter (short, lower case) rather than a pasted key.
func plainParamName(name string) bool {
	if len(name) > 32 {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
