package campaignbot_test

import (
	"regexp"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
)

func TestParseSearchQuery(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	tests := []struct {
		in   string
		want campaignbot.SearchQuery
		code string
	}{
		{in: "优惠券", want: campaignbot.SearchQuery{Terms: []string{"优惠券"}}},
		{in: "coupon banner", want: campaignbot.SearchQuery{Terms: []string{"coupon", "banner"}}},
		{in: `"coupon banner" in:"Double 11/Design" from:<@alice> type:.PDF after:2026-10-01 before:2026-10-31`, want: campaignbot.SearchQuery{
			Terms: []string{"coupon banner"}, In: "Double 11/Design", From: "<@alice>", Type: "pdf",
			After: time.Date(2026, 10, 1, 0, 0, 0, 0, sh), Before: time.Date(2026, 11, 1, 0, 0, 0, 0, sh)}},
		{in: "“双11 方案” deploy-bot C++", want: campaignbot.SearchQuery{Terms: []string{"双11 方案", "deploy-bot", "C++"}}},
		{in: "in:", want: campaignbot.SearchQuery{Terms: []string{"in:"}}},
		{in: "http://x", want: campaignbot.SearchQuery{Terms: []string{"http://x"}}},
		{in: "O'Brien", want: campaignbot.SearchQuery{Terms: []string{"O'Brien"}}},
		{in: "O’Brien don't", want: campaignbot.SearchQuery{Terms: []string{"O’Brien", "don't"}}},
		{in: "O‘Brien", want: campaignbot.SearchQuery{Terms: []string{"O‘Brien"}}},
		{in: "rock'n'roll in:'Double 11'", want: campaignbot.SearchQuery{Terms: []string{"rock'n'roll"}, In: "Double 11"}},
		{in: `'O'Brien report' 'x`, want: campaignbot.SearchQuery{Terms: []string{"O'Brien report", "x"}}},
		{in: "‘O’Brien’s plan’ x", want: campaignbot.SearchQuery{Terms: []string{"O’Brien’s plan", "x"}}},
		{in: "\"O'Brien\"", want: campaignbot.SearchQuery{Terms: []string{"O'Brien"}}},
		{in: "活动'双11 方案'", want: campaignbot.SearchQuery{Terms: []string{"活动双11 方案"}}},
		{in: "'90s plan'", want: campaignbot.SearchQuery{Terms: []string{"90s plan"}}},
		{in: "type:pdf", want: campaignbot.SearchQuery{Type: "pdf"}},
		{in: "", code: campaignbot.EINVALID},
		{in: `""`, code: campaignbot.EINVALID},
		{in: "after:yesterday x", code: campaignbot.EINVALID},
		{in: "type:p/d x", code: campaignbot.EINVALID},
		{in: "after:2026-10-02 before:2026-10-01", code: campaignbot.EINVALID},
		{in: "a b c d e f g h i j k", code: campaignbot.EINVALID},
		{in: string(make([]byte, 101)), code: campaignbot.EINVALID},
	}
	for _, tt := range tests {
		got, err := campaignbot.ParseSearchQuery(tt.in, sh)
		if code := campaignbot.ErrorCode(err); code != tt.code {
			t.Errorf("ParseSearchQuery(%q) error %v, want code %q", tt.in, err, tt.code)
			continue
		}
		if tt.code != "" {
			continue
		}
		if !slices.Equal(got.Terms, tt.want.Terms) || got.In != tt.want.In || got.From != tt.want.From || got.Type != tt.want.Type ||
			!got.After.Equal(tt.want.After) || !got.Before.Equal(tt.want.Before) {
			t.Errorf("ParseSearchQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestApostropheVariants(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"obrien", []string{"obrien"}},
		{"o'brien", []string{"o'brien", "o’brien"}},
		{"o’brien", []string{"o’brien", "o'brien"}},
		{"oʼbrien’s", []string{"oʼbrien’s", "o'brien's", "o’brien’s"}},
	}
	for _, tt := range tests {
		if got := campaignbot.ApostropheVariants(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ApostropheVariants(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// apostropheWord matches words such as O'Brien, rock'n'roll and O’Brien’s
// in Latin letters, where every apostrophe is between two letters.
var apostropheWord = regexp.MustCompile(`^[A-Za-z]+(['’ʼ‘][A-Za-z]+)+$`)

func FuzzParseSearchQuery(f *testing.F) {
	for _, s := range []string{"优惠券", `coupon in:"Double 11" from:@alice type:pdf after:2026-10-01`, `"unclosed`, "C++ deploy-bot", "“双11”", "O'Brien", "‘O’Brien’s plan’", "in:'O'Brien'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := campaignbot.ParseSearchQuery(s, time.UTC)
		if err != nil {
			if campaignbot.ErrorCode(err) != campaignbot.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if q.IsZero() {
			t.Fatal("accepted an empty query")
		}
		if len(q.Terms) > campaignbot.MaxSearchTerms {
			t.Fatalf("%d terms", len(q.Terms))
		}
		for _, term := range q.Terms {
			if term == "" || !utf8.ValidString(term) || utf8.RuneCountInString(term) > campaignbot.MaxSearchTermLen {
				t.Fatalf("bad term %q", term)
			}
		}
		// A word with an apostrophe between letters and no other quote
		// or space is one term, apostrophe and all.
		if utf8.ValidString(s) && apostropheWord.MatchString(s) && len(s) <= campaignbot.MaxSearchTermLen {
			if len(q.Terms) != 1 || q.Terms[0] != s {
				t.Fatalf("%q parsed as %q", s, q.Terms)
			}
		}
	})
}
