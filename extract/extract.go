// Package extract pulls searchable text out of shared files: plain text,
// Markdown and CSV as they are, DOCX from its document XML (stdlib only),
// and PDF through github.com/ledongthuc/pdf, with the predefined CJK CMaps
// of non-embedded Chinese, Japanese and Korean fonts decoded here (see
// fontDecoder). Output that looks like garbage
// (as scanned or oddly encoded PDFs give) is reported as unreadable, so the
// knowledge base indexes only the title and metadata of such files.
package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/campaignbot/campaignbot"
)

// MaxText is the most text Text returns, in bytes; the search index keeps
// less.
const MaxText = 1 << 20

// Kind is how a file's text is extracted.
type Kind string

// Extractable kinds.
const (
	KindNone  Kind = ""
	KindPlain Kind = "plain"
	KindDOCX  Kind = "docx"
	KindPDF   Kind = "pdf"
)

// KindOf returns how the text of a file with the given name and MIME type
// is extracted, KindNone when it has no extractable text.
func KindOf(name, mimeType string) Kind {
	switch strings.ToLower(path.Ext(name)) {
	case ".txt", ".md", ".markdown", ".csv", ".tsv", ".log":
		return KindPlain
	case ".docx":
		return KindDOCX
	case ".pdf":
		return KindPDF
	}
	switch mt, _, _ := strings.Cut(mimeType, ";"); strings.TrimSpace(mt) {
	case "text/plain", "text/markdown", "text/csv":
		return KindPlain
	case "application/pdf":
		return KindPDF
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return KindDOCX
	}
	return KindNone
}

// Text extracts the text of a file of the given kind from r. It returns
// TextIndexed with the text, TextNone for KindNone, and TextUnreadable with
// a coded EINVALID error saying why when the file is corrupt or its text
// looks like garbage. Other errors are failures to read r.
func Text(ctx context.Context, r io.Reader, kind Kind, name string) (string, campaignbot.TextStatus, error) {
	var (
		text string
		err  error
	)
	switch kind {
	case KindNone:
		return "", campaignbot.TextNone, nil
	case KindPlain:
		text, err = plain(r)
	case KindDOCX, KindPDF:
		text, err = viaTempFile(ctx, r, kind)
	default:
		return "", campaignbot.TextNone, nil
	}
	var ce *campaignbot.Error
	switch {
	case errors.As(err, &ce):
		return "", campaignbot.TextUnreadable, err
	case err != nil:
		return "", campaignbot.TextPending, err
	}
	if !Readable(text) {
		return "", campaignbot.TextUnreadable, campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("extract.i-could-not-read-meaningful-text", name))
	}
	return text, campaignbot.TextIndexed, nil
}

// plain reads UTF-8 text, dropping a byte-order mark.
func plain(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxText))
	if err != nil {
		return "", fmt.Errorf("extract: read text: %w", err)
	}
	s := strings.TrimPrefix(string(b), "\ufeff")
	// A cut at MaxText may split the last character.
	if len(b) == MaxText {
		s = strings.ToValidUTF8(s, "")
	}
	return s, nil
}

// viaTempFile copies r to a temporary file, streaming, and extracts the
// text of a DOCX or PDF from it: both formats need random access.
func viaTempFile(ctx context.Context, r io.Reader, kind Kind) (string, error) {
	f, err := os.CreateTemp("", "campaignbot-extract-*")
	if err != nil {
		return "", fmt.Errorf("extract: temporary file: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	n, err := io.Copy(f, r)
	if err != nil {
		return "", fmt.Errorf("extract: copy: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if kind == KindDOCX {
		return docx(f, n)
	}
	return pdfText(f, n)
}

// Readable reports whether text looks like words rather than garbage:
// mostly letters, digits, spaces and punctuation, with no replacement
// characters, private-use or control characters to speak of.
func Readable(text string) bool {
	var good, bad, letters int
	for _, r := range text {
		switch {
		case r == utf8.RuneError || unicode.Is(unicode.Co, r) || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'):
			bad++
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			good++
			letters++
		case unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			good++
		default:
			bad++
		}
	}
	total := good + bad
	if letters < 3 || total == 0 {
		return false
	}
	return float64(bad)/float64(total) < 0.05 && float64(letters)/float64(total) > 0.3
}
