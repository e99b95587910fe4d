package config

import (
	"bytes"
	"io"
	"os"
	"strings"
)

// Charts configures the progress charts.
type Charts struct {
	// Font is a TrueType or OpenType font file the charts are drawn
	// with; "" means the embedded CJK font (see package chart).
	Font string
}

// fontMagics are the first bytes of a TrueType or OpenType font file.
var fontMagics = [][]byte{{0, 1, 0, 0}, []byte("OTTO"), []byte("true")}

// charts reads charts:, checking that charts.font names a readable
// TrueType or OpenType file (not a .ttc collection).
func (b *builder) charts() {
	path := strings.TrimSpace(b.raw.Charts.Font)
	if path == "" {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		b.r.at("charts.font", "cannot read the font %s: %v; name a .ttf or .otf file, or leave charts.font out for the embedded font", quote(path), err)
		return
	}
	defer f.Close()
	head := make([]byte, 4)
	if _, err := io.ReadFull(f, head); err != nil {
		head = nil
	}
	switch {
	case bytes.Equal(head, []byte("ttcf")):
		b.r.at("charts.font", "%s is a font collection (.ttc), which the charts cannot use: name a .ttf or .otf file", quote(path))
		return
	case !isFont(head):
		b.r.at("charts.font", "%s is not a TrueType or OpenType font: name a .ttf or .otf file", quote(path))
		return
	}
	b.cfg.Charts.Font = path
}

// isFont reports whether head starts a TrueType or OpenType font.
func isFont(head []byte) bool {
	for _, m := range fontMagics {
		if bytes.Equal(head, m) {
			return true
		}
	}
	return false
}
