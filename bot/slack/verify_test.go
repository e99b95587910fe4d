package slack

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot/internal/slackfake"
)

func TestVerify(t *testing.T) {
	secret := []byte("8f742231b10e8888abcd99yyyzzz85a5")
	body := []byte("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c")
	docTS := time.Unix(1531420618, 0)
	header := func(ts, sig string) http.Header {
		h := http.Header{}
		if ts != "" {
			h.Set("X-Slack-Request-Timestamp", ts)
		}
		if sig != "" {
			h.Set("X-Slack-Signature", sig)
		}
		return h
	}
	const docSig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
	for _, tt := range []struct {
		name string
		h    http.Header
		body []byte
		now  time.Time
		want error
	}{
		{"slack's worked example", header("1531420618", docSig), body, docTS.Add(time.Minute), nil},
		{"4m59s old", header("1531420618", docSig), body, docTS.Add(4*time.Minute + 59*time.Second), nil},
		{"stale", header("1531420618", docSig), body, docTS.Add(5*time.Minute + time.Second), errStale},
		{"future", header("1531420618", docSig), body, docTS.Add(-6 * time.Minute), errStale},
		{"tampered body", header("1531420618", docSig), append([]byte("x"), body...), docTS, errForged},
		{"other timestamp", header("1531420619", docSig), body, docTS, errForged},
		{"upper-case hex", header("1531420618", "v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503"), body, docTS, errForged},
		{"no signature", header("1531420618", ""), body, docTS, errUnsigned},
		{"no timestamp", header("", docSig), body, docTS, errUnsigned},
		{"junk timestamp", header("12ab", docSig), body, docTS, errStale},
		{"fake signer", header(strconv.FormatInt(docTS.Unix(), 10), slackfake.Sign(string(secret), "1531420618", body)), body, docTS, nil},
	} {
		if got := verify(secret, tt.h, tt.body, tt.now); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if err := verify(nil, header("1531420618", docSig), body, docTS); err != errUnsigned {
		t.Errorf("no secret configured: %v", err)
	}
}
