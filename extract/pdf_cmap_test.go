package extract_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/extract"
)

// The reportlab fixtures: a non-embedded CID font of each of Adobe's four
// CJK character collections, with a Unicode CMap and with a legacy one.
// testdata/README.md says how they were made.
func TestTextCJKFixtures(t *testing.T) {
	for _, tt := range []struct {
		file string
		want []string
	}{
		{"cjk-gb1.pdf", []string{"双11预热活动方案", "优惠券报名截止10月20日", "价保规则与券后价", "Double 11 campaign"}},
		{"cjk-cns1.pdf", []string{"雙11預熱活動方案", "優惠券報名截止"}},
		{"cjk-japan1.pdf", []string{"ダブル11セール準備", "クーポン配布の予定"}},
		{"cjk-korea1.pdf", []string{"광군제 할인 행사 계획", "쿠폰 신청 마감"}},
		{"cjk-gbk-euc.pdf", []string{"双11预热活动方案", "优惠券报名截止"}},
		{"cjk-b5pc.pdf", []string{"雙11預熱活動方案", "優惠券報名截止"}},
		{"cjk-90ms-rksj.pdf", []string{"ダブル11セール準備", "クーポン配布の予定"}},
		{"cjk-kscms-uhc.pdf", []string{"광군제 할인 행사 계획", "쿠폰 신청 마감"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			wantText(t, b, tt.want...)
		})
	}
}

// wantText extracts the text of PDF b and fails unless it is indexed and
// contains every one of want.
func wantText(t *testing.T, b []byte, want ...string) {
	t.Helper()
	text, status, err := extract.Text(context.Background(), bytes.NewReader(b), extract.KindPDF, "cjk.pdf")
	if status != campaignbot.TextIndexed {
		t.Fatalf("status %q (%v), want indexed; text %q", status, err, text)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("text %q lacks %q", text, w)
		}
	}
}

// The rest of the predefined CMaps, in PDFs written by cjkPDF.
func TestTextPredefinedCMaps(t *testing.T) {
	utf16be := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	const (
		zhs = "双11预热活动 优惠券"
		zht = "雙11預熱活動 優惠券"
		ja  = "ダブル11セール クーポン"
		ko  = "광군제 할인 쿠폰"
	)
	for _, tt := range []struct {
		cmap, ordering string
		enc            encoding.Encoding
		text           string
	}{
		{"UniGB-UCS2-H", "GB1", utf16be, zhs},
		{"UniGB-UCS2-V", "GB1", utf16be, zhs},
		{"UniGB-UTF16-H", "GB1", utf16be, zhs + " 𠀀𪚥"}, // surrogate pairs
		{"UniGB-UTF16-V", "GB1", utf16be, zhs},
		{"UniGB-UTF32-H", "GB1", utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), zhs},
		{"GBK-EUC-H", "GB1", simplifiedchinese.GBK, zhs},
		{"GBKp-EUC-H", "GB1", simplifiedchinese.GBK, zhs},
		{"GBK2K-H", "GB1", simplifiedchinese.GB18030, zhs + " 𠀀"},
		{"UniCNS-UCS2-H", "CNS1", utf16be, zht},
		{"UniCNS-UTF16-H", "CNS1", utf16be, zht},
		{"B5pc-H", "CNS1", traditionalchinese.Big5, zht},
		{"ETen-B5-H", "CNS1", traditionalchinese.Big5, zht},
		{"HKscs-B5-H", "CNS1", traditionalchinese.Big5, zht},
		{"UniJIS-UCS2-H", "Japan1", utf16be, ja},
		{"UniJIS-UCS2-HW-H", "Japan1", utf16be, ja},
		{"UniJIS-UTF16-V", "Japan1", utf16be, ja},
		{"90ms-RKSJ-H", "Japan1", japanese.ShiftJIS, ja},
		{"90msp-RKSJ-V", "Japan1", japanese.ShiftJIS, ja},
		{"EUC-H", "Japan1", japanese.EUCJP, ja},
		{"UniKS-UCS2-H", "Korea1", utf16be, ko},
		{"UniKS-UTF16-H", "Korea1", utf16be, ko},
		{"KSCms-UHC-H", "Korea1", korean.EUCKR, ko},
		{"KSC-EUC-H", "Korea1", korean.EUCKR, ko},
	} {
		t.Run(tt.cmap, func(t *testing.T) {
			code, err := tt.enc.NewEncoder().String(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			wantText(t, cjkPDF(tt.cmap, tt.ordering, code), tt.text, "Double 11")
		})
	}
	t.Run("GB-EUC-H", func(t *testing.T) {
		// EUC-CN is GB 2312, the subset of GBK with both bytes >= 0xA1.
		code, err := simplifiedchinese.GBK.NewEncoder().String("预热活动优惠券")
		if err != nil {
			t.Fatal(err)
		}
		wantText(t, cjkPDF("GB-EUC-H", "GB1", code), "预热活动优惠券")
	})
	t.Run("H", func(t *testing.T) {
		// The Japan1 H CMap takes JIS X 0208 row and cell, EUC-JP without
		// the high bits.
		code, err := japanese.EUCJP.NewEncoder().String("予約販売準備")
		if err != nil {
			t.Fatal(err)
		}
		b := []byte(code)
		for i := range b {
			b[i] &^= 0x80
		}
		wantText(t, cjkPDF("H", "Japan1", string(b)), "予約販売準備")
	})
}

// An Identity-H font without a ToUnicode map shows glyph numbers, which
// only the font program could map back to text: such a file is reported
// unreadable, not indexed as garbage, and not damaged.
func TestTextIdentityWithoutToUnicode(t *testing.T) {
	b := cjkPDF("Identity-H", "GB1", "\x0d\x4a\x11\x7e\x20\x31\x0f\x02")
	text, status, err := extract.Text(context.Background(), bytes.NewReader(b), extract.KindPDF, "glyphs.pdf")
	if status != campaignbot.TextUnreadable || !strings.Contains(fmt.Sprint(err), "could not read meaningful text") {
		t.Errorf("status %q (%v), text %q; want unreadable text, not a damaged file", status, err, text)
	}
}

// A page tree that claims a million pages is read for the one it has, not
// walked a million times.
func TestTextPageCountLies(t *testing.T) {
	b := bytes.Replace(cjkPDF("UniGB-UCS2-H", "GB1", "\x4f\x18\x60\xe0\x52\x38"),
		[]byte("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
		[]byte("<</Type/Pages/Kids [3 0 R]/Count 999999>>"), 1) // same length: the xref stays right
	start := time.Now()
	wantText(t, b, "优惠券", "Double 11")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

// cjkPDF returns a one-page PDF showing code, a string of character codes,
// in a Type0 font with the predefined CMap cmap as its /Encoding and a
// non-embedded CIDFontType0 descendant of the Adobe-ordering character
// collection: the font structure reportlab writes for its CID fonts, less
// the metrics. The bytes of code are written as a hex string, followed by
// a line in Helvetica.
func cjkPDF(cmap, ordering string, code string) []byte {
	content := fmt.Sprintf("BT /F1 12 Tf 72 720 Td <%x> Tj T* /F2 12 Tf (Double 11) ' ET", code)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 7 0 R >> >> /Contents 6 0 R >>",
		fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /%s /DescendantFonts [5 0 R] >>", cmap),
		fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (%s) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>", ordering),
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// FuzzPDFText checks that no PDF, however broken, panics the extraction or
// yields indexed text that is not valid UTF-8.
func FuzzPDFText(f *testing.F) {
	for _, name := range []string{"plan.pdf", "corrupt.pdf", "cjk-gb1.pdf", "cjk-90ms-rksj.pdf"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(cjkPDF("UniGB-UTF16-H", "GB1", "\x4f\x18\xd8"))
	f.Fuzz(func(t *testing.T, b []byte) {
		text, status, _ := extract.Text(context.Background(), bytes.NewReader(b), extract.KindPDF, "f.pdf")
		if status == campaignbot.TextIndexed && !utf8.ValidString(text) {
			t.Errorf("indexed invalid UTF-8: %q", text)
		}
	})
}
