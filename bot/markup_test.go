package bot_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/bot"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		plain    string
		users    []campaignbot.UserID
		groups   []string
		channels []campaignbot.ChannelID
	}{
		{"plain", "finish the banner", "finish the banner", nil, nil, nil},
		{"user ids", "<@U01BOT> <@U123> finish the banner", "finish the banner", []campaignbot.UserID{"U01BOT", "U123"}, nil, nil},
		{"user with label", "<@U123|alice> 明天下午6点 完成海报", "明天下午6点 完成海报", []campaignbot.UserID{"U123"}, nil, nil},
		{"duplicate user once", "<@U1> and <@U1>", "and", []campaignbot.UserID{"U1"}, nil, nil},
		{"group", "<!subteam^S0614TZR7|@design> review", "review", nil, []string{"S0614TZR7"}, nil},
		{"channel", "post in <#C024BE7LR|double11-design>", "post in", nil, nil, []campaignbot.ChannelID{"C024BE7LR"}},
		{"escaped", "R&amp;D &lt;draft&gt; banner", "R&D <draft> banner", nil, nil, nil},
		{"special", "<!here> stand-up now", "stand-up now", nil, nil, nil},
		{"link label", "see <https://example.com/a?b=1&amp;c=2|the plan>", "see the plan", nil, nil, nil},
		{"stray angle", "a < b and <notamention> <@> <@U1", "a < b and <notamention> <@> <@U1", nil, nil, nil},
		{"console names", "<@li.na> <@zhang.wei> 10/29 前提交", "10/29 前提交", []campaignbot.UserID{"li.na", "zhang.wei"}, nil, nil},
		{"empty", "", "", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := bot.ParseText(tt.in)
			if p.Plain != tt.plain {
				t.Errorf("Plain = %q, want %q", p.Plain, tt.plain)
			}
			if !reflect.DeepEqual(p.Users, tt.users) {
				t.Errorf("Users = %v, want %v", p.Users, tt.users)
			}
			if !reflect.DeepEqual(p.Groups, tt.groups) {
				t.Errorf("Groups = %v, want %v", p.Groups, tt.groups)
			}
			if !reflect.DeepEqual(p.Channels, tt.channels) {
				t.Errorf("Channels = %v, want %v", p.Channels, tt.channels)
			}
		})
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"a & b", "<@U1>", "R&amp;D", "x > y < z", "优惠券 & 海报"} {
		p := bot.ParseText(bot.Escape(s))
		if len(p.Users)+len(p.Groups)+len(p.Channels) != 0 {
			t.Errorf("escaped %q still parsed as a mention", s)
		}
		if got := bot.Unescape(bot.Escape(s)); got != s {
			t.Errorf("Unescape(Escape(%q)) = %q", s, got)
		}
	}
}

// FuzzParseText checks that any input parses without panicking, that the
// plain text never contains a well-formed mention and that the tokens
// account for the whole input.
func FuzzParseText(f *testing.F) {
	for _, s := range []string{"<@U1> hi", "<!subteam^S1|@x>", "<#C1|c>", "&amp;&lt;&gt;", "<<@U1>>", "<@U1|", "明天<@U1>下午"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := bot.ParseText(s)
		if utf8.ValidString(s) && !utf8.ValidString(p.Plain) {
			t.Fatalf("Plain of valid input is invalid UTF-8: %q", p.Plain)
		}
		var rebuilt strings.Builder
		for _, tok := range p.Tokens {
			if tok.Kind == bot.TokenText {
				rebuilt.WriteString(tok.Text)
			} else {
				rebuilt.WriteString(bot.Unescape(tok.Text))
			}
		}
		if got, want := rebuilt.String(), bot.Unescape(s); got != want {
			t.Fatalf("tokens rebuild %q, want %q", got, want)
		}
		for _, u := range p.Users {
			if u == "" {
				t.Fatal("empty user id")
			}
		}
	})
}
