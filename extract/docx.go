package extract

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/campaignbot/campaignbot"
)

// errCorrupt is the EINVALID error of a file that is not what its name says.
func errCorrupt(kind string) error {
	return campaignbot.NewError(campaignbot.EINVALID, campaignbot.T("extract.the-file-is-damaged-or-not", kind, kind))
}

// docx returns the text of word/document.xml in a DOCX archive, one line
// per paragraph.
func docx(r io.ReaderAt, size int64) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", errCorrupt("DOCX")
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", errCorrupt("DOCX")
		}
		defer rc.Close()
		return docxText(io.LimitReader(rc, 64<<20))
	}
	return "", errCorrupt("DOCX")
}

// docxText collects the w:t runs of WordprocessingML, breaking lines at
// paragraphs, w:br and w:tab. A table row is one line, its cells (and the
// paragraphs in them) separated by spaces, so that a row of minutes'
// action items ("完成预热页 | @alice | 10月28日") stays one line as it does
// in Markdown.
func docxText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	var b strings.Builder
	inText := false
	cells := 0 // how many table cells the text is in
	for b.Len() < MaxText {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return "", errCorrupt("DOCX")
			}
			return "", fmt.Errorf("extract: docx: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tc":
				cells++
			case "tab":
				b.WriteByte('\t')
			case "br":
				b.WriteByte('\n')
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "tc":
				cells--
				b.WriteByte(' ')
			case "tr":
				b.WriteByte('\n')
			case "p":
				if cells > 0 {
					b.WriteByte(' ')
				} else {
					b.WriteByte('\n')
				}
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	return strings.TrimSpace(b.String()), nil
}
