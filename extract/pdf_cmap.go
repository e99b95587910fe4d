package extract

import (
	"encoding/binary"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// A textDecoder turns the bytes of a PDF string shown in a font into text.
type textDecoder interface {
	decode(raw string) string
}

// fontDecoder returns the decoder for a font dictionary.
//
// Type0 (composite) fonts whose /Encoding is one of Adobe's predefined CMaps
// are decoded from the CMap's name, without the CMap files and whether or
// not the font is embedded: the Unicode CMaps (UniGB-UCS2-H,
// UniJIS-UTF16-H, ...) take UTF-16BE codes, and the legacy ones
// (GBK-EUC-H, B5pc-H, 90ms-RKSJ-H, KSCms-UHC-H, ...) take the codes of a
// national character set, which golang.org/x/text decodes. Only the glyph
// a code selects differs between the H and V (vertical) forms.
//
// Other fonts go through github.com/ledongthuc/pdf: simple fonts by their
// encoding, Identity-H and Identity-V fonts by their ToUnicode map. A
// composite font the text cannot be recovered from (Identity-H without a
// ToUnicode map: its codes are glyph numbers) shows as U+FFFD per code, so
// that a file made of such text is reported unreadable rather than indexed
// as garbage.
func fontDecoder(f pdf.Value) textDecoder {
	if f.Key("Subtype").Name() != "Type0" {
		return libDecoder{&pdf.Font{V: f}}
	}
	enc := f.Key("Encoding")
	name := enc.Name()
	if enc.Kind() == pdf.Stream {
		// An embedded CMap: when it is a copy of, or builds on, a
		// predefined one, decode as that one.
		name = enc.Key("CMapName").Name()
		if predefinedCMap(name) == nil {
			name = enc.Key("UseCMap").Name()
		}
	}
	if d := predefinedCMap(name); d != nil {
		return d
	}
	if (name == "Identity-H" || name == "Identity-V" || enc.Kind() == pdf.Null) && f.Key("ToUnicode").Kind() == pdf.Stream {
		return libDecoder{&pdf.Font{V: f}}
	}
	return unknownCIDDecoder{}
}

// predefinedCMap returns the decoder for a predefined CMap, nil when name
// is none that can be decoded without Adobe's CMap files.
func predefinedCMap(name string) textDecoder {
	if strings.HasPrefix(name, "Uni") {
		switch {
		case strings.Contains(name, "-UCS2-"), strings.Contains(name, "-UTF16-"):
			return utf16Decoder{}
		case strings.Contains(name, "-UTF8-"):
			return utf8Decoder{}
		case strings.Contains(name, "-UTF32-"):
			return utf32Decoder{}
		}
		return nil
	}
	if e, ok := legacyCMaps[strings.TrimSuffix(strings.TrimSuffix(name, "-H"), "-V")]; ok {
		return charsetDecoder{e}
	}
	if name == "H" || name == "V" {
		return jisDecoder{}
	}
	return nil
}

// legacyCMaps are the predefined CMaps whose codes are those of a national
// character set, by name without the -H or -V suffix. The decoders are
// supersets of the CMaps' character sets: GBK of GB 2312 (EUC-CN), Windows
// code page 932 of Shift-JIS, and code page 949 (UHC) of EUC-KR.
var legacyCMaps = map[string]encoding.Encoding{
	// Adobe-GB1
	"GB-EUC":   simplifiedchinese.GBK,
	"GBpc-EUC": simplifiedchinese.GBK,
	"GBK-EUC":  simplifiedchinese.GBK,
	"GBKp-EUC": simplifiedchinese.GBK,
	"GBK2K":    simplifiedchinese.GB18030,
	// Adobe-CNS1
	"B5":        traditionalchinese.Big5,
	"B5pc":      traditionalchinese.Big5,
	"ETen-B5":   traditionalchinese.Big5,
	"ETenms-B5": traditionalchinese.Big5,
	"HKscs-B5":  traditionalchinese.Big5,
	// Adobe-Japan1
	"83pv-RKSJ":  japanese.ShiftJIS,
	"90ms-RKSJ":  japanese.ShiftJIS,
	"90msp-RKSJ": japanese.ShiftJIS,
	"90pv-RKSJ":  japanese.ShiftJIS,
	"Add-RKSJ":   japanese.ShiftJIS,
	"Ext-RKSJ":   japanese.ShiftJIS,
	"EUC":        japanese.EUCJP,
	// Adobe-Korea1
	"KSC-EUC":      korean.EUCKR,
	"KSCpc-EUC":    korean.EUCKR,
	"KSCms-UHC":    korean.EUCKR,
	"KSCms-UHC-HW": korean.EUCKR,
}

// utf16Decoder decodes big-endian UTF-16 (UCS-2 being its subset).
type utf16Decoder struct{}

func (utf16Decoder) decode(raw string) string {
	u := make([]uint16, 0, len(raw)/2)
	for i := 0; i+1 < len(raw); i += 2 {
		u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
	}
	s := string(utf16.Decode(u))
	if len(raw)%2 == 1 {
		s += string(utf8.RuneError)
	}
	return s
}

type utf8Decoder struct{}

func (utf8Decoder) decode(raw string) string { return strings.ToValidUTF8(raw, string(utf8.RuneError)) }

type utf32Decoder struct{}

func (utf32Decoder) decode(raw string) string {
	var b strings.Builder
	for ; len(raw) >= 4; raw = raw[4:] {
		b.WriteRune(rune(binary.BigEndian.Uint32([]byte(raw[:4]))))
	}
	if raw != "" {
		b.WriteRune(utf8.RuneError)
	}
	return b.String()
}

// charsetDecoder decodes the codes of a legacy CMap with the character
// set's decoder; invalid codes become U+FFFD.
type charsetDecoder struct{ e encoding.Encoding }

func (d charsetDecoder) decode(raw string) string {
	s, err := d.e.NewDecoder().String(raw)
	if err != nil {
		return strings.Repeat(string(utf8.RuneError), (len(raw)+1)/2)
	}
	return s
}

// jisDecoder decodes the H and V CMaps of Adobe-Japan1, whose codes are
// JIS X 0208 row and cell bytes (0x21-0x7E each): EUC-JP is the same with
// the high bits set.
type jisDecoder struct{}

func (jisDecoder) decode(raw string) string {
	b := []byte(raw)
	for i := range b {
		b[i] |= 0x80
	}
	return charsetDecoder{japanese.EUCJP}.decode(string(b))
}

// unknownCIDDecoder stands for text in a composite font that cannot be
// decoded: one U+FFFD per 2-byte code.
type unknownCIDDecoder struct{}

func (unknownCIDDecoder) decode(raw string) string {
	return strings.Repeat(string(utf8.RuneError), (len(raw)+1)/2)
}

// libDecoder decodes with github.com/ledongthuc/pdf's encoding of a font.
// Its decoders panic on some malformed strings (an odd number of bytes
// for a 2-byte encoding); such a string becomes U+FFFD.
type libDecoder struct{ f *pdf.Font }

func (d libDecoder) decode(raw string) (s string) {
	defer func() {
		if recover() != nil {
			s = string(utf8.RuneError)
		}
	}()
	return d.f.Encoder().Decode(raw)
}

// rawDecoder shows the bytes of strings drawn before any font is set, as
// github.com/ledongthuc/pdf does.
type rawDecoder struct{}

func (rawDecoder) decode(raw string) string { return raw }
