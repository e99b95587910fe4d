package campaignbot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// FolderPath is a cleaned, slash-separated knowledge-base folder path such as
// "Double 11/Design". It has no leading or trailing slash, no empty, "." or
// ".." segments and no control characters.
type FolderPath string

// Limits on folder paths.
const (
	MaxFolderSegment = 100
	MaxFolderDepth   = 10
)

// ParseFolderPath cleans s into a FolderPath: it trims spaces around every
// segment and drops leading and trailing slashes. Returns EINVALID when a
// segment is empty, "." or "..", holds control characters, or the path is
// too deep or too long.
func ParseFolderPath(s string) (FolderPath, error) {
	s = strings.Trim(strings.TrimSpace(s), "/")
	if s == "" {
		return "", NewError(EINVALID, T("campaignbot.a-folder-path-cannot-be-empty"))
	}
	if !utf8.ValidString(s) {
		return "", NewError(EINVALID, T("campaignbot.the-folder-path-is-not-valid"))
	}
	s = strings.Map(visibleSpace, s)
	parts := strings.Split(s, "/")
	if len(parts) > MaxFolderDepth {
		return "", NewError(EINVALID, Tn("campaignbot.folders-nest-at-most-levels-deep", MaxFolderDepth, MaxFolderDepth))
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			return "", NewError(EINVALID, T("campaignbot.the-folder-path-has-an-empty", s))
		case p == "." || p == "..":
			return "", NewError(EINVALID, T("campaignbot.folder-names-cannot-be", p))
		case utf8.RuneCountInString(p) > MaxFolderSegment:
			return "", NewError(EINVALID, Tn("campaignbot.folder-names-are-at-most-characters", MaxFolderSegment, MaxFolderSegment))
		case strings.IndexFunc(p, unicode.IsControl) >= 0:
			return "", NewError(EINVALID, T("campaignbot.folder-names-cannot-contain-control"))
		case strings.IndexFunc(p, invisible) >= 0:
			return "", NewError(EINVALID, T("campaignbot.folder-names-cannot-contain-invisible"))
		}
		parts[i] = strings.Join(strings.Fields(p), " ")
	}
	return FolderPath(strings.Join(parts, "/")), nil
}

// Parent returns the parent path and false when p is a top-level folder.
func (p FolderPath) Parent() (FolderPath, bool) {
	i := strings.LastIndexByte(string(p), '/')
	if i < 0 {
		return "", false
	}
	return p[:i], true
}

// Name returns the last segment of p.
func (p FolderPath) Name() string {
	return string(p[strings.LastIndexByte(string(p), '/')+1:])
}

// Depth returns the number of segments in p.
func (p FolderPath) Depth() int {
	if p == "" {
		return 0
	}
	return strings.Count(string(p), "/") + 1
}

// visibleSpace turns every Unicode space (no-break, ideographic, …) into a
// plain space, so two names that look alike are alike.
func visibleSpace(r rune) rune {
	if unicode.IsSpace(r) && !unicode.IsControl(r) {
		return ' '
	}
	return r
}

// invisible reports whether r draws nothing but changes what a name is:
// format characters such as zero-width spaces and joiners, and direction
// marks. A folder "Data" and a folder "Data" with a zero-width space would
// otherwise look the same in every list.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r)
}
