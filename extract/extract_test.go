package extract_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/extract"
)

func TestText(t *testing.T) {
	tests := []struct {
		file   string
		status campaignbot.TextStatus
		want   []string
	}{
		{"plan.pdf", campaignbot.TextIndexed, []string{"coupon banner", "Budget review"}},
		{"shifts.docx", campaignbot.TextIndexed, []string{"双11 客服排班表", "优惠券 话术与应急预案", "Customer service"}},
		{"报名表.csv", campaignbot.TextIndexed, []string{"保温杯,59,1200"}},
		{"notes.md", campaignbot.TextIndexed, []string{"预热页面"}},
		{"scanned.pdf", campaignbot.TextUnreadable, nil},
		{"corrupt.pdf", campaignbot.TextUnreadable, nil},
		{"broken.docx", campaignbot.TextUnreadable, nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			text, status, err := extract.Text(context.Background(), f, extract.KindOf(tt.file, ""), tt.file)
			if status != tt.status {
				t.Fatalf("status %q (err %v), want %q; text %q", status, err, tt.status, text)
			}
			if status == campaignbot.TextUnreadable && campaignbot.ErrorCode(err) != campaignbot.EINVALID {
				t.Errorf("unreadable without a coded reason: %v", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("text %q lacks %q", text, w)
				}
			}
		})
	}
}

func TestKindOf(t *testing.T) {
	for _, tt := range []struct {
		name, mime string
		want       extract.Kind
	}{
		{"a.PDF", "", extract.KindPDF},
		{"a", "application/pdf", extract.KindPDF},
		{"a.docx", "", extract.KindDOCX},
		{"a.csv", "", extract.KindPlain},
		{"a.psd", "image/vnd.adobe.photoshop", extract.KindNone},
		{"a", "text/plain; charset=utf-8", extract.KindPlain},
	} {
		if got := extract.KindOf(tt.name, tt.mime); got != tt.want {
			t.Errorf("KindOf(%q, %q) = %q, want %q", tt.name, tt.mime, got, tt.want)
		}
	}
}

func TestReadable(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"Double 11 plan", true},
		{"双11活动方案", true},
		{"", false},
		{"\x01\x02\x03abc\x04\x05", false},
		{"\ufffd\ufffd\ufffdab", false},
		{"... --- ,,, 12", false},
	} {
		if got := extract.Readable(tt.text); got != tt.want {
			t.Errorf("Readable(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
