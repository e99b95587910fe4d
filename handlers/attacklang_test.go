package handlers_test

import (
	"testing"

	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestAttackLang_GrantReplyInTaiwaneseAndJapanese: /kb grant answered a
// Traditional Chinese reader with a hard-coded Simplified Chinese
// sentence ("现在是"), and the zh-TW catalog's own order ("X 現在是 viewer
// 的 FOLDER") read backwards.
func TestAttackLang_GrantReplyInTaiwaneseAndJapanese(t *testing.T) {
	db := storagetest.OpenSQLite(t)
	e := newKBEnv(t, db)
	tw, jp, cn := alice, alice, alice
	tw.Locale, jp.Locale, cn.Locale = "zh-TW", "ja-JP", "zh-CN"
	want(t, e.cmd(alice, general, "", "mkdir Double 11/Supplier prices"), "Created the folder")
	tests := []struct {
		name string
		got  string
		want string
		not  string
	}{
		{"zh-TW", e.cmd(tw, general, "", "grant Double 11/Supplier prices @bob viewer"), "@bob 現在是 Double 11/Supplier prices 的 viewer。", "现在是"},
		{"zh-CN", e.cmd(cn, general, "", "grant Double 11/Supplier prices @bob editor"), "@bob 现在是 Double 11/Supplier prices 的 editor。", "現在是"},
		{"ja", e.cmd(jp, general, "", "grant Double 11/Supplier prices @bob viewer"), "Double 11/Supplier prices の viewer になりました", "现在是"},
	}
	for _, tt := range tests {
		want(t, tt.got, tt.want)
		wantNot(t, tt.got, tt.not)
	}
}
