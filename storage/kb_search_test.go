package storage_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/storage"
	"github.com/campaignbot/campaignbot/storage/storagetest"
)

func TestSearch(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		plan, _ := kb.EnsureFolder(ctx, "T1", "Double 11/Planning")
		data, _ := kb.EnsureFolder(ctx, "T1", "Double 11/Data")
		day := func(d int) func(*campaignbot.File) {
			return func(f *campaignbot.File) { f.SharedAt = time.Date(2026, 10, d, 2, 0, 0, 0, time.UTC) }
		}
		coupon := put(t, kb, plan, "双11优惠券方案.docx", "a", day(1))
		banner := put(t, kb, plan, "hero.psd", "b", day(5), func(f *campaignbot.File) { f.Title = "Coupon banner 主视觉"; f.Uploader = "alice" })
		conv := put(t, kb, data, "conversion.csv", "c", day(20))
		deploy := put(t, kb, nil, "notes.txt", "d", day(25))
		if err := kb.SetFileText(ctx, "T1", coupon.ID, campaignbot.TextIndexed, "满300减40的优惠券在10-10发放。Coupons go live on 10-10."); err != nil {
			t.Fatal(err)
		}
		if err := kb.SetFileText(ctx, "T1", conv.ID, campaignbot.TextIndexed, "优惠券转化率 conversion rate 3.2%"); err != nil {
			t.Fatal(err)
		}
		if err := kb.SetFileText(ctx, "T1", deploy.ID, campaignbot.TextIndexed, `run deploy-bot then C++ "quoted" 50% off_day`); err != nil {
			t.Fatal(err)
		}
		obrien := put(t, kb, data, "brief.txt", "e", day(26))
		if err := kb.SetFileText(ctx, "T1", obrien.ID, campaignbot.TextIndexed, "Signed off by O'Brien."); err != nil {
			t.Fatal(err)
		}
		phone := put(t, kb, data, "phone.txt", "f", day(27))
		if err := kb.SetFileText(ctx, "T1", phone.ID, campaignbot.TextIndexed, "Don’t ship before O’Neill approves."); err != nil {
			t.Fatal(err)
		}
		wantCode(t, kb.SetFileText(ctx, "T1", 999, campaignbot.TextIndexed, "x"), campaignbot.ENOTFOUND)
		if text, _ := kb.FileText(ctx, "T1", conv.ID); !strings.Contains(text, "转化率") {
			t.Errorf("FileText = %q", text)
		}
		all := []int64{plan.ID, data.ID}
		tests := []struct {
			name string
			opts campaignbot.SearchOptions
			want []int64
		}{
			{"chinese substring in contents", campaignbot.SearchOptions{Terms: []string{"优惠券"}, Folders: all}, []int64{coupon.ID, conv.ID}},
			{"permission filter", campaignbot.SearchOptions{Terms: []string{"优惠券"}, Folders: []int64{plan.ID}}, []int64{coupon.ID}},
			{"english, case-insensitive, in title", campaignbot.SearchOptions{Terms: []string{"COUPON", "banner"}, Folders: all}, []int64{banner.ID}},
			{"two-character chinese (bigram index)", campaignbot.SearchOptions{Terms: []string{"方案"}, Folders: all}, []int64{coupon.ID}},
			{"one character", campaignbot.SearchOptions{Terms: []string{"减"}, Folders: all}, []int64{coupon.ID}},
			{"hyphen is plain text", campaignbot.SearchOptions{Terms: []string{"deploy-bot"}, Unfiled: true, Folders: []int64{}}, []int64{deploy.ID}},
			{"plus signs", campaignbot.SearchOptions{Terms: []string{"C++"}, Unfiled: true}, []int64{deploy.ID}},
			{"quotes", campaignbot.SearchOptions{Terms: []string{`"quoted"`}, Unfiled: true}, []int64{deploy.ID}},
			{"like wildcards are literal", campaignbot.SearchOptions{Terms: []string{"0%"}, Unfiled: true}, []int64{deploy.ID}},
			{"underscore literal", campaignbot.SearchOptions{Terms: []string{"f_d"}, Unfiled: true}, []int64{deploy.ID}},
			{"fts syntax is inert", campaignbot.SearchOptions{Terms: []string{"coupon OR NOT*"}, Folders: all, Unfiled: true}, nil},
			{"unfiled hidden unless asked", campaignbot.SearchOptions{Terms: []string{"deploy"}, Folders: all}, nil},
			{"uploader", campaignbot.SearchOptions{Terms: []string{"coupon"}, Folders: all, Uploader: "alice"}, []int64{banner.ID}},
			{"type", campaignbot.SearchOptions{Terms: []string{"优惠券"}, Folders: all, Ext: "csv"}, []int64{conv.ID}},
			{"after", campaignbot.SearchOptions{Terms: []string{"优惠券"}, Folders: all, SharedAfter: time.Date(2026, 10, 10, 0, 0, 0, 0, time.UTC)}, []int64{conv.ID}},
			{"before", campaignbot.SearchOptions{Folders: all, SharedBefore: time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC)}, []int64{coupon.ID}},
			{"apostrophe in a word", campaignbot.SearchOptions{Terms: []string{"o'brien"}, Folders: all}, []int64{obrien.ID}},
			{"curly apostrophe finds straight", campaignbot.SearchOptions{Terms: []string{"O’Brien"}, Folders: all}, []int64{obrien.ID}},
			{"straight apostrophe finds curly", campaignbot.SearchOptions{Terms: []string{"don't", "O'Neill"}, Folders: all}, []int64{phone.ID}},
			{"modifier apostrophe", campaignbot.SearchOptions{Terms: []string{"oʼneill"}, Folders: all}, []int64{phone.ID}},
			{"short pieces around an apostrophe", campaignbot.SearchOptions{Terms: []string{"n't"}, Folders: all}, []int64{phone.ID}},
			{"apostrophe is not dropped", campaignbot.SearchOptions{Terms: []string{"obrien"}, Folders: all}, nil},
			{"no visible folders", campaignbot.SearchOptions{Terms: []string{"优惠券"}, Folders: []int64{}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.opts.Workspace = "T1"
				hits, err := kb.Search(ctx, tt.opts)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, h := range hits {
					got = append(got, h.File.ID)
				}
				slices.Sort(got)
				if !slices.Equal(got, tt.want) {
					t.Errorf("Search(%+v) = %v, want %v", tt.opts, got, tt.want)
				}
			})
		}
		hits, _ := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"转化率"}, Folders: all})
		if len(hits) != 1 || hits[0].Snippet != "优惠券转化率 conversion rate 3.2%" {
			t.Errorf("snippet = %+v", hits)
		}
		// Renaming, tagging and trashing keep the index in step.
		if _, err := kb.RenameFile(ctx, "T1", banner.ID, "kv-final.psd"); err != nil {
			t.Fatal(err)
		}
		tags := []string{"预热"}
		kb.UpdateFile(ctx, "T1", banner.ID, campaignbot.FileUpdate{Tags: &tags})
		for _, term := range []string{"kv-final", "预热"} {
			if hits, _ := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{term}}); len(hits) != 1 {
				t.Errorf("%s: %d hits", term, len(hits))
			}
		}
		kb.TrashFile(ctx, "T1", banner.ID, "alice")
		if hits, _ := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"kv-final"}}); len(hits) != 0 {
			t.Errorf("trashed file found")
		}
		_, err := kb.Search(ctx, campaignbot.SearchOptions{})
		wantCode(t, err, campaignbot.EINVALID)
	})
}

func TestSnippet(t *testing.T) {
	body := strings.Repeat("前言 ", 30) + "满300减40的优惠券在10-10发放" + strings.Repeat(" 结尾", 30)
	got := storage.Snippet(body, []string{"优惠券"})
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "优惠券") {
		t.Errorf("Snippet = %q", got)
	}
	if got := storage.Snippet("Coupon Banner", []string{"banner"}); got != "Coupon Banner" {
		t.Errorf("Snippet = %q", got)
	}
	if got := storage.Snippet("abc", []string{"x"}); got != "" {
		t.Errorf("Snippet = %q", got)
	}
}

// TestSearchRanksEachDocumentAlone: results come by how many terms their
// title or name holds, then newest first, on both databases, whatever
// documents the asker may not see (other folders, other workspaces) say.
func TestSearchRanksEachDocumentAlone(t *testing.T) {
	storagetest.ForEach(t, func(t *testing.T, db *storage.DB) {
		ctx := context.Background()
		kb := storage.NewKnowledgeBase(db)
		open, _ := kb.EnsureFolder(ctx, "T1", "Open")
		hidden, _ := kb.EnsureFolder(ctx, "T1", "Hidden")
		other, _ := kb.EnsureFolder(ctx, "T2", "Open")
		day := func(d int) func(*campaignbot.File) {
			return func(f *campaignbot.File) { f.SharedAt = time.Date(2026, 10, d, 2, 0, 0, 0, time.UTC) }
		}
		text := func(f *campaignbot.File, body string) {
			t.Helper()
			if err := kb.SetFileText(ctx, f.Workspace, f.ID, campaignbot.TextIndexed, body); err != nil {
				t.Fatal(err)
			}
		}
		both := put(t, kb, open, "zeta kappa.txt", "1", day(1))
		title := put(t, kb, open, "notes.txt", "2", day(2), func(f *campaignbot.File) { f.Title = "Zeta plan" })
		text(title, "kappa")
		old := put(t, kb, open, "a.txt", "3", day(3))
		text(old, "kappa zeta zeta zeta zeta")
		recent := put(t, kb, open, "b.txt", "4", day(4))
		text(recent, "kappa kappa kappa kappa zeta")
		want := []string{both.Name, title.Name, recent.Name, old.Name}
		search := func() []string {
			t.Helper()
			hits, err := kb.Search(ctx, campaignbot.SearchOptions{Workspace: "T1", Terms: []string{"zeta", "kappa"}, Folders: []int64{open.ID}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.File.Name)
			}
			return got
		}
		if got := search(); !slices.Equal(got, want) {
			t.Fatalf("ranking = %q, want %q", got, want)
		}
		// Many documents the asker may not see, saying one term often.
		for i := range 20 {
			f := put(t, kb, hidden, "zeta.csv", strings.Repeat("h", i+1))
			text(f, strings.Repeat("zeta ", 50))
			g := put(t, kb, other, "kappa.csv", strings.Repeat("o", i+1), func(f *campaignbot.File) { f.Workspace = "T2" })
			text(g, strings.Repeat("zeta kappa ", 50))
		}
		if got := search(); !slices.Equal(got, want) {
			t.Errorf("with hidden documents the ranking is %q, want %q", got, want)
		}
	})
}
