package campaignbot

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on search queries.
const (
	MaxSearchTerms   = 10
	MaxSearchTermLen = 100
)

// SearchQuery is a parsed `/kb search` query such as
// `coupon banner in:"Double 11/Design" from:@alice type:pdf after:2026-10-01`.
type SearchQuery struct {
	// Terms must all occur, as substrings, in the title, name, tags or text.
	Terms []string
	// In is the folder to search in, with its subfolders, as typed.
	In string
	// From is the uploader as typed: @name, a name or a mention.
	From string
	// Type is a file extension without the dot, lower case, e.g. "pdf".
	Type string
	// After and Before bound the time shared: After is the start of its
	// day, Before the end of its day, in the location given to the parser.
	After, Before time.Time
}

// IsZero reports whether the query has neither terms nor filters.
func (q SearchQuery) IsZero() bool {
	return len(q.Terms) == 0 && q.In == "" && q.From == "" && q.Type == "" && q.After.IsZero() && q.Before.IsZero()
}

// quotePairs are the quotes that group words: ASCII and full-width.
var quotePairs = map[rune]rune{'"': '"', '\'': '\'', '“': '”', '‘': '’', '「': '」'}

// SplitArgs splits s at white space, keeping quoted runs ("Double 11",
// “双11 方案”) together without their quotes. A quote opened inside a word
// (in:"Double 11") groups the rest of the word too. An unclosed quote runs
// to the end. An apostrophe between two letters of a word (O'Brien,
// O’Brien, don't) is part of the word, in or out of quotes: it neither
// opens nor closes a quoted run.
func SplitArgs(s string) []string {
	var (
		out   []string
		cur   strings.Builder
		inTok bool
		close rune
		prev  rune // the rune before r in s
	)
	rs := []rune(s)
	for i, r := range rs {
		if i > 0 {
			prev = rs[i-1]
		}
		switch {
		case IsApostrophe(r) && isWordRune(prev) && i+1 < len(rs) && isWordRune(rs[i+1]):
			cur.WriteRune(r)
			inTok = true
		case close != 0:
			if r == close {
				close = 0
			} else {
				cur.WriteRune(r)
			}
		case quotePairs[r] != 0:
			close = quotePairs[r]
			inTok = true
		case unicode.IsSpace(r):
			if inTok {
				out = append(out, cur.String())
				cur.Reset()
				inTok = false
			}
		default:
			cur.WriteRune(r)
			inTok = true
		}
	}
	if inTok {
		out = append(out, cur.String())
	}
	return out
}

// Apostrophes: ASCII, the right single quotation mark that word
// processors and phones type for one, its mirror typed by mistake, and
// the modifier letter.
const (
	apostrophe         = '\''
	curlyApostrophe    = '’'
	curlyOpenQuote     = '‘'
	modifierApostrophe = 'ʼ'
)

// IsApostrophe reports whether r is written as an apostrophe.
func IsApostrophe(r rune) bool {
	return r == apostrophe || r == curlyApostrophe || r == curlyOpenQuote || r == modifierApostrophe
}

// isWordRune reports whether r is a letter or digit of a script that
// writes apostrophes inside words. Chinese, Japanese and Korean do not: a
// quote next to 双11 opens or closes a quoted run as before.
func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// ApostropheVariants returns the spellings of a lower-cased search term
// that differ only in its apostrophes, the term first: text typed on a
// phone holds ’ where a keyboard types ', and the two should find each
// other. A term without an apostrophe has only itself.
func ApostropheVariants(term string) []string {
	if strings.IndexFunc(term, IsApostrophe) < 0 {
		return []string{term}
	}
	out := []string{term}
	for _, a := range []rune{apostrophe, curlyApostrophe} {
		v := strings.Map(func(r rune) rune {
			if IsApostrophe(r) {
				return a
			}
			return r
		}, term)
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// ParseSearchQuery parses a search query. Dates are YYYY-MM-DD in loc.
// Returns EINVALID for unknown filters, bad dates or types, too many or too
// long terms, and a query with nothing to search for.
func ParseSearchQuery(s string, loc *time.Location) (SearchQuery, error) {
	var q SearchQuery
	if !utf8.ValidString(s) {
		return q, NewError(EINVALID, T("campaignbot.the-search-is-not-valid-text"))
	}
	for _, word := range SplitArgs(s) {
		key, value, found := strings.Cut(word, ":")
		key = strings.ToLower(key)
		if found && value != "" && isFilterKey(key) {
			if err := q.setFilter(key, value, loc); err != nil {
				return q, err
			}
			continue
		}
		word = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, word)
		word = strings.TrimSpace(word)
		if word == "" {
			continue
		}
		if utf8.RuneCountInString(word) > MaxSearchTermLen {
			return q, NewError(EINVALID, Tn("campaignbot.search-words-are-at-most-characters", MaxSearchTermLen, MaxSearchTermLen))
		}
		q.Terms = append(q.Terms, word)
		if len(q.Terms) > MaxSearchTerms {
			return q, NewError(EINVALID, Tn("campaignbot.search-for-at-most-words-at", MaxSearchTerms, MaxSearchTerms))
		}
	}
	if q.IsZero() {
		return q, NewError(EINVALID, T("campaignbot.tell-me-what-to-search-for"))
	}
	if !q.After.IsZero() && !q.Before.IsZero() && !q.Before.After(q.After) {
		return q, NewError(EINVALID, T("campaignbot.before-is-earlier-than-after-so"))
	}
	return q, nil
}

// isFilterKey reports whether key names a search filter.
func isFilterKey(key string) bool {
	switch key {
	case "in", "from", "type", "after", "before":
		return true
	}
	return false
}

// setFilter sets one filter of q.
func (q *SearchQuery) setFilter(key, value string, loc *time.Location) error {
	switch key {
	case "in":
		q.In = value
	case "from":
		q.From = value
	case "type":
		t := strings.ToLower(strings.TrimPrefix(value, "."))
		if len(t) > 10 || strings.IndexFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
			return NewError(EINVALID, T("campaignbot.type-takes-a-file-extension-such"))
		}
		q.Type = t
	case "after", "before":
		d, err := time.ParseInLocation("2006-01-02", value, loc)
		if err != nil {
			return NewError(EINVALID, T("campaignbot.takes-a-date-like-2026-10", key, value))
		}
		if key == "after" {
			q.After = d
		} else {
			q.Before = d.AddDate(0, 0, 1)
		}
	}
	return nil
}

// SearchOptions is a search as storage runs it.
type SearchOptions struct {
	Workspace WorkspaceID
	// Terms must all occur, case-insensitively.
	Terms []string
	// Folders are the folders searched; nil means every folder. The caller
	// puts here only folders the asker may see.
	Folders []int64
	// Unfiled includes files not in any folder; of those held for someone
	// (File.HeldFor), only the ones held for Holder.
	Unfiled  bool
	Holder   UserID
	Uploader UserID
	// Ext keeps names ending in "." + Ext.
	Ext string
	// SharedAfter and SharedBefore bound SharedAt when not zero.
	SharedAfter, SharedBefore time.Time
	Limit                     int
}

// SearchHit is one search result: a file shown once, as its latest live
// version (File, with Versions set), whichever of its versions matched.
type SearchHit struct {
	File *File
	// Snippet is a short excerpt of the text around the first term found,
	// or "" when only the title or metadata matched.
	Snippet string
	// Matched is the version that matched: File.Version when the latest
	// did, else the newest older live version that did.
	Matched int
}
