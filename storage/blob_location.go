package storage

import (
	"errors"
	"net/url"
	"strings"
)

// Blob store URLs name where the bytes live, never who may reach them:
// credentials come from the environment (for s3://, the AWS SDK's default
// chain). config validates storage.files with friendlier messages; these
// checks keep a store opened directly from ever using, or printing, a
// credential written into its URL.

// errCredentialsInURL is CheckBlobLocation's answer for a URL with a
// user, a password or a credential parameter.
var errCredentialsInURL = errors.New("the URL carries credentials; give them through the environment instead (for s3://: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with the shared credentials file)")

// CheckBlobLocation returns an error when the blob store location is a URL
// carrying credentials: a user or password in the URL or in its endpoint
// parameter, or a query parameter named like a secret. Its messages never
// quote the location.
func CheckBlobLocation(location string) error {
	if !strings.Contains(location, "://") {
		return nil
	}
	u, err := url.Parse(location)
	if err != nil {
		return errors.New("the URL does not parse")
	}
	if u.User != nil {
		return errCredentialsInURL
	}
	for k, vs := range u.Query() {
		if SecretParam(k) {
			return errCredentialsInURL
		}
		if k == "endpoint" {
			for _, v := range vs {
				if e, err := url.Parse(v); err != nil {
					return errors.New("the endpoint parameter does not parse")
				} else if e.User != nil {
					return errCredentialsInURL
				}
			}
		}
	}
	return nil
}

// SecretParam reports whether a URL query parameter is named like a
// credential: access_key, secret, token, password, X-Amz-Signature...
func SecretParam(name string) bool {
	n := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(name))
	for _, w := range []string{"secret", "password", "passwd", "token", "accesskey", "keyid", "signature", "credential", "sessionkey"} {
		if strings.Contains(n, w) && n != "kmskeyid" {
			return true
		}
	}
	return false
}

// RedactBlobLocation returns location fit for logs and error messages: a
// URL loses any user and password, in itself and in its endpoint, and
// the values of parameters named like secrets.
func RedactBlobLocation(location string) string {
	if !strings.Contains(location, "://") {
		return location
	}
	u, err := url.Parse(location)
	if err != nil {
		return "(a blob store URL that does not parse)"
	}
	u.User = nil
	q := u.Query()
	for k, vs := range q {
		for i, v := range vs {
			switch {
			case SecretParam(k):
				vs[i] = "REDACTED"
			case k == "endpoint":
				if e, err := url.Parse(v); err == nil {
					e.User = nil
					vs[i] = e.String()
				} else {
					vs[i] = "REDACTED"
				}
			}
		}
	}
	if u.RawQuery != "" {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
