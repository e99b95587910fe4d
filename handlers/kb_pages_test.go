package handlers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

// TestListShowsEachFileOnceAndPages: /kb ls shows a file of three
// versions once, as its latest, with "3 versions"; a folder of 54 files
// shows 50 and says how to see the other 4, in both languages; the tree
// counts the same files.
func TestListShowsEachFileOnceAndPages(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		var files []string
		for i := range 54 {
			files = append(files, fmt.Sprintf("kv-%02d.png", i), fmt.Sprintf("pixels %d", i))
		}
		e.share(bob, design, "", files...)
		e.share(bob, design, "", "kv-00.png", "pixels 0, second cut")
		e.share(bob, design, "", "kv-00.png", "pixels 0, final cut")

		tests := []struct {
			lang     campaignbot.Language
			args     string
			want     []string
			wantNot  []string
			rowCount int
		}{
			{campaignbot.English, "ls Double 11/Design", []string{"*kv-00.png* v3 (3 versions)", "Files 1–50 of 54. 4 more: /kb ls \"Double 11/Design\" page 2"},
				[]string{"v2", "kv-00.png* —", "kv-04.png"}, 50},
			{campaignbot.English, `ls "Double 11/Design" page 2`, []string{"kv-01.png", "kv-04.png", "Files 51–54 of 54."}, []string{"more", "kv-00", "kv-05"}, 4},
			{campaignbot.English, "ls Double 11/design PAGE 2", []string{"Files 51–54 of 54."}, nil, 4},
			{campaignbot.English, "ls Double 11/Design page 3", []string{"There is no page 3: 54 files make 2 pages."}, nil, 0},
			{campaignbot.Chinese, "ls Double 11/Design", []string{"*kv-00.png* v3（共 3 个版本）", "第 1–50 个文件，共 54 个。 还有 4 个：/kb ls \"Double 11/Design\" page 2"}, nil, 50},
			{campaignbot.Chinese, "ls Double 11/Design 第 2 页", []string{"第 51–54 个文件，共 54 个。"}, []string{"还有"}, 4},
			{campaignbot.English, "ls Double 11/Planning page 2", []string{"*Double 11/Planning*\n(empty)"}, []string{"page"}, 0},
			{campaignbot.English, "tree", []string{"Design (54)"}, nil, 0},
		}
		for _, tt := range tests {
			e.cfg = withLanguage(e.cfg, tt.lang)
			got := e.cmd(alice, general, "", tt.args)
			want(t, got, tt.want...)
			wantNot(t, got, tt.wantNot...)
			if n := strings.Count(got, "\n#"); n != tt.rowCount {
				t.Errorf("/kb %s (%s): %d file rows, want %d:\n%s", tt.args, tt.lang, n, tt.rowCount, got)
			}
		}
	})
}

// TestSearchShowsEachFileOnce: search shows a file once, as its latest
// version with how many there are, and finds it by an older version's
// contents, saying which version matched.
func TestSearchShowsEachFileOnce(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		e := newKBEnv(t, db)
		e.share(bob, general, "", "brief.txt", "zebra campaign brief")
		e.share(bob, general, "", "brief.txt", "campaign brief, second draft")
		e.share(bob, general, "", "brief.txt", "campaign brief, final")
		tests := []struct {
			lang          campaignbot.Language
			query         string
			want, wantNot []string
		}{
			{campaignbot.English, "search campaign", []string{"(1):", "#3 *brief.txt*", "v3 of 3 versions", "campaign brief, final"}, []string{"found in", "#1 ", "#2 "}},
			{campaignbot.English, "search zebra", []string{"(1):", "#3 *brief.txt*", "v3 of 3 versions · found in version 1", "zebra campaign brief"}, nil},
			{campaignbot.Chinese, "search zebra", []string{"（1 条）", "第 3 版（共 3 个版本） · 匹配内容在第 1 版"}, nil},
		}
		for _, tt := range tests {
			e.cfg = withLanguage(e.cfg, tt.lang)
			got := e.cmd(alice, general, "", tt.query)
			want(t, got, tt.want...)
			wantNot(t, got, tt.wantNot...)
		}
	})
}
