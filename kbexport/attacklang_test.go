package kbexport_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
)

// TestAttackLang_ExportPageInTheReadersLanguage: the export page of a
// Japanese reader was labelled in English and Simplified Chinese, with no
// Japanese at all; a Taiwanese reader's pairs its Traditional labels with
// English, not the mainland Simplified ones.
func TestAttackLang_ExportPageInTheReadersLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang campaignbot.Language
		want []string
		not  []string
	}{
		{campaignbot.Japanese, []string{"エクスポート日時", campaignbot.T("kbexport.exported").In(campaignbot.English)}, []string{campaignbot.T("kbexport.exported").In(campaignbot.Chinese)}},
		{campaignbot.TraditionalChinese, []string{campaignbot.T("kbexport.exported").In(campaignbot.TraditionalChinese), campaignbot.T("kbexport.exported").In(campaignbot.English)}, nil},
	} {
		dir := t.TempDir()
		unzip(t, exportZip(t, shanghai(t), tt.lang), dir)
		raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		page := string(raw)
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s page lacks %q", tt.lang, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(page, n) {
				t.Errorf("%s page holds %q", tt.lang, n)
			}
		}
	}
}
