package bot

import (
	"strings"

	"github.com/campaignbot/campaignbot"
)

// TokenKind is the kind of a piece of canonical text.
type TokenKind int

// Kinds of token.
const (
	// TokenText is plain text, unescaped.
	TokenText TokenKind = iota
	// TokenUser is a user mention <@U123> or <@U123|name>.
	TokenUser
	// TokenGroup is a user-group mention <!subteam^S123|@design>.
	TokenGroup
	// TokenChannel is a channel mention <#C123|name>.
	TokenChannel
	// TokenSpecial is <!here>, <!channel> or <!everyone>.
	TokenSpecial
	// TokenLink is a link <https://...|label>.
	TokenLink
)

// Token is one piece of canonical text.
type Token struct {
	Kind TokenKind
	// Text is the plain text for TokenText, or the token as written.
	Text string
	// ID is the user, group or channel id, the special word or the URL.
	ID string
	// Label is the optional part after '|', unescaped.
	Label string
}

// Parsed is canonical text split into mentions and plain words.
type Parsed struct {
	Tokens []Token
	// Users, Groups and Channels are the mentioned ids, in order, without
	// duplicates.
	Users    []campaignbot.UserID
	Groups   []string
	Channels []campaignbot.ChannelID
	// Plain is the text without mentions, unescaped, with runs of white
	// space collapsed to one space and trimmed.
	Plain string
}

// ParseText splits canonical text into tokens. It never fails: anything
// that is not a well-formed mention is kept as plain text.
func ParseText(s string) Parsed {
	var p Parsed
	seenU := map[campaignbot.UserID]bool{}
	seenG := map[string]bool{}
	seenC := map[campaignbot.ChannelID]bool{}
	var plain strings.Builder
	addText := func(t string) {
		if t == "" {
			return
		}
		u := Unescape(t)
		if n := len(p.Tokens); n > 0 && p.Tokens[n-1].Kind == TokenText {
			p.Tokens[n-1].Text += u
		} else {
			p.Tokens = append(p.Tokens, Token{Kind: TokenText, Text: u})
		}
		plain.WriteString(u)
	}
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			addText(s)
			break
		}
		addText(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			addText(s)
			break
		}
		tok, ok := parseAngle(s[1:j])
		if !ok {
			// Not a mention: keep the '<' as text and go on after it.
			addText(s[:1])
			s = s[1:]
			continue
		}
		tok.Text = s[:j+1]
		p.Tokens = append(p.Tokens, tok)
		switch tok.Kind {
		case TokenUser:
			if id := campaignbot.UserID(tok.ID); !seenU[id] {
				seenU[id] = true
				p.Users = append(p.Users, id)
			}
		case TokenGroup:
			if !seenG[tok.ID] {
				seenG[tok.ID] = true
				p.Groups = append(p.Groups, tok.ID)
			}
		case TokenChannel:
			if id := campaignbot.ChannelID(tok.ID); !seenC[id] {
				seenC[id] = true
				p.Channels = append(p.Channels, id)
			}
		case TokenLink:
			label := tok.Label
			if label == "" {
				label = tok.ID
			}
			plain.WriteString(label)
		}
		plain.WriteByte(' ')
		s = s[j+1:]
	}
	p.Plain = strings.Join(strings.Fields(plain.String()), " ")
	return p
}

// parseAngle parses what stands between '<' and '>'.
func parseAngle(inner string) (Token, bool) {
	id, label, _ := strings.Cut(inner, "|")
	label = Unescape(label)
	switch {
	case strings.HasPrefix(id, "@"):
		id = id[1:]
		if !validID(id) {
			return Token{}, false
		}
		return Token{Kind: TokenUser, ID: id, Label: label}, true
	case strings.HasPrefix(id, "#"):
		id = id[1:]
		if !validID(id) {
			return Token{}, false
		}
		return Token{Kind: TokenChannel, ID: id, Label: label}, true
	case strings.HasPrefix(id, "!subteam^"):
		id = strings.TrimPrefix(id, "!subteam^")
		if !validID(id) {
			return Token{}, false
		}
		return Token{Kind: TokenGroup, ID: id, Label: strings.TrimPrefix(label, "@")}, true
	case id == "!here" || id == "!channel" || id == "!everyone":
		return Token{Kind: TokenSpecial, ID: id[1:], Label: label}, true
	case strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") || strings.HasPrefix(id, "mailto:"):
		return Token{Kind: TokenLink, ID: Unescape(id), Label: label}, true
	}
	return Token{}, false
}

// validID accepts platform ids (U123ABC) and console names (li.na).
func validID(id string) bool {
	if id == "" || len(id) > 80 {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r == '.' || r == '_' || r == '-':
		default:
			return false
		}
	}
	return true
}

var (
	unescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")
	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
)

// Unescape turns &amp;, &lt; and &gt; back into &, < and >.
func Unescape(s string) string { return unescaper.Replace(s) }

// Escape turns &, < and > into &amp;, &lt; and &gt;, so plain text cannot be
// read as a mention.
func Escape(s string) string { return escaper.Replace(s) }

// MentionUser returns the canonical mention of a user.
func MentionUser(id campaignbot.UserID) string { return "<@" + string(id) + ">" }

// MentionChannel returns the canonical mention of a channel.
func MentionChannel(id campaignbot.ChannelID) string { return "<#" + string(id) + ">" }
