package chart

import (
	_ "embed"
	"fmt"
	"os"

	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
)

// embeddedFont is WenQuanYi Micro Hei cut down to the common characters
// of Simplified and Traditional Chinese and Japanese; see
// fonts/README.md.
//
//go:embed fonts/wqy-microhei-cjk.ttf
var embeddedFont []byte

// typeface names the one face a Renderer's font cache holds.
const typeface font.Typeface = "campaignbot"

// loadFont parses the TrueType or OpenType font at path, or the embedded
// one when path is "", into a text handler whose every lookup finds it.
func loadFont(path string) (text.Handler, *opentype.Font, error) {
	data := embeddedFont
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, fmt.Errorf("chart font: %w", err)
		}
		data = b
	}
	f, err := opentype.Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("chart font %s: %w", fontName(path), err)
	}
	cache := font.NewCache(font.Collection{{Font: font.Font{Typeface: typeface}, Face: f}})
	return text.Plain{Fonts: cache}, f, nil
}

// fontName names the font in errors.
func fontName(path string) string {
	if path == "" {
		return "(embedded)"
	}
	return path
}
