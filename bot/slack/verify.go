package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// signatureWindow is how old (or how far ahead) a request's timestamp may
// be; older requests may be replays.
const signatureWindow = 5 * time.Minute

// Errors of verify. They never carry the secret or the signatures.
var (
	errUnsigned = errors.New("request without X-Slack-Signature or X-Slack-Request-Timestamp")
	errStale    = errors.New("request timestamp outside the 5-minute window")
	errForged   = errors.New("request signature does not match")
)

// verify checks Slack's v0 signature of body: HMAC-SHA256 keyed with the
// signing secret over "v0:" + timestamp + ":" + body, compared in
// constant time, with a timestamp within signatureWindow of now.
func verify(secret []byte, h http.Header, body []byte, now time.Time) error {
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if ts == "" || sig == "" || len(secret) == 0 {
		return errUnsigned
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errStale
	}
	if d := now.Sub(time.Unix(sec, 0)); d > signatureWindow || d < -signatureWindow {
		return errStale
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	want := "v0=" + hex.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return errForged
	}
	return nil
}
