package extract

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// pdfText returns the plain text of a PDF, at most MaxText bytes of it.
//
// github.com/ledongthuc/pdf parses the file and its content streams, but
// its GetPlainText is not used: it decodes the line breaks it inserts for
// T* through the current font, which panics for the 2-byte UniGB-UCS2-H
// fonts reportlab and many Chinese tools write, and it shows every other
// predefined CJK CMap (UniJIS-UCS2-H, GBK-EUC-H, B5pc-H, ...) as raw bytes.
// So the text operators are walked here, with pdf.Interpret, and each font
// is decoded by fontDecoder, which knows the predefined CMaps.
//
// The parser panics on some malformed files. A page that panics is skipped;
// the file is reported damaged when no page could be read.
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
	w := &pdfWriter{fonts: map[string]textDecoder{}}
	pages, failed := 0, 0
	budget := maxPDFNodes
	walkPages(doc.Trailer().Key("Root").Key("Pages"), 0, &budget, func(p pdf.Page) bool {
		pages++
		if !w.page(p) {
			failed++
		}
		return !w.full()
	})
	if failed > 0 && failed == pages {
		return "", errCorrupt("PDF")
	}
	// Strings shown before a font is set, or in a font without an
	// encoding, come through as their bytes: keep the text valid UTF-8 for
	// the index (PostgreSQL rejects anything else).
	return strings.TrimSpace(strings.ToValidUTF8(w.String(), string(utf8.RuneError))), nil
}

// maxPDFNodes bounds the page-tree nodes walked, and maxPDFDepth its
// depth: the tree of a hostile file may claim a billion pages or loop.
const (
	maxPDFNodes = 100_000
	maxPDFDepth = 64
)

// walkPages calls page for each page under the page-tree node v, in order,
// until it returns false or the budget of nodes is spent. It reads the
// tree itself rather than calling pdf.Reader.Page for 1..NumPage, which
// walks the tree from the root for every page and trusts /Count.
func walkPages(v pdf.Value, depth int, budget *int, page func(pdf.Page) bool) bool {
	if *budget <= 0 || depth > maxPDFDepth {
		return false
	}
	*budget--
	// Some writers leave out /Type; tell the nodes apart by their keys.
	typ := v.Key("Type").Name()
	switch {
	case typ == "Page" || typ == "" && v.Key("Kids").Kind() == pdf.Null:
		return page(pdf.Page{V: v})
	case typ == "Pages" || typ == "":
		kids := v.Key("Kids")
		for i := 0; i < kids.Len(); i++ {
			if !walkPages(kids.Index(i), depth+1, budget, page) {
				return false
			}
		}
	}
	return true
}

// pdfWriter collects the text of a PDF's pages.
type pdfWriter struct {
	strings.Builder
	// fonts caches the decoder of each font dictionary, keyed by its
	// printed form (which names its streams by object number), so that a
	// ToUnicode map is parsed once per file rather than once per page.
	fonts map[string]textDecoder
}

// full reports whether MaxText bytes have been collected.
func (w *pdfWriter) full() bool { return w.Len() >= MaxText }

// write appends s, cutting it at MaxText on a character boundary.
func (w *pdfWriter) write(s string) {
	if room := MaxText - w.Len(); len(s) > room {
		s = s[:room]
		for len(s) > 0 && !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	w.WriteString(s)
}

// page appends the text of p and reports whether its content could be read.
func (w *pdfWriter) page(p pdf.Page) (ok bool) {
	mark := w.Len()
	defer func() {
		if recover() != nil {
			// Drop the page's partial text: a panic mid-page usually follows
			// garbage.
			s := w.String()[:mark]
			w.Reset()
			w.WriteString(s)
			ok = false
		}
	}()
	if p.V.IsNull() || p.V.Key("Contents").Kind() == pdf.Null {
		return true
	}
	fonts := p.Resources().Key("Font")
	var dec textDecoder = rawDecoder{}
	show := func(v pdf.Value) {
		if v.Kind() == pdf.String {
			w.write(dec.decode(v.RawString()))
		}
	}
	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		if w.full() {
			return
		}
		switch op {
		case "BT", "T*":
			w.write("\n")
		case "Tf":
			if n == 2 {
				dec = w.decoder(fonts.Key(args[0].Name()))
			}
		case "Tj":
			if n == 1 {
				show(args[0])
			}
		case "'":
			if n == 1 {
				w.write("\n")
				show(args[0])
			}
		case "\"":
			if n == 3 {
				w.write("\n")
				show(args[2])
			}
		case "TJ":
			if n == 1 {
				for i := 0; i < args[0].Len(); i++ {
					show(args[0].Index(i))
				}
			}
		}
	})
	return true
}

// decoder returns the (cached) decoder of font dictionary f.
func (w *pdfWriter) decoder(f pdf.Value) textDecoder {
	if f.Kind() != pdf.Dict {
		return rawDecoder{}
	}
	key := f.String()
	d, ok := w.fonts[key]
	if !ok {
		d = fontDecoder(f)
		w.fonts[key] = d
	}
	return d
}
