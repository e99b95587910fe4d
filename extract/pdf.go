package extract

import (
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"
)

// pdfText returns the plain text of a PDF. The parser panics on some
// malformed files; a panic is reported as a damaged file.
func pdfText(r io.ReaderAt, size int64) (text string, err error) {
	defer func() {
		if p := recover(); p != nil {
			text, err = "", errCorrupt("PDF")
		}
	}()
	doc, err := pdf.NewReader(r, size)
	if err != nil || doc == nil {
		return "", errCorrupt("PDF")
	}
	tr, err := doc.GetPlainText()
	if err != nil {
		return "", errCorrupt("PDF")
	}
	var b strings.Builder
	if _, err := io.Copy(&b, io.LimitReader(tr, MaxText)); err != nil {
		return "", fmt.Errorf("extract: pdf: %w", err)
	}
	return strings.TrimSpace(b.String()), nil
}
