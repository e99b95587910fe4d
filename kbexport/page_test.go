package kbexport_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/campaignbot/campaignbot"
	"github.com/campaignbot/campaignbot/kbexport"
)

// TestIndexHTML reads the exported index.html as markup: times in the
// configured zone, labels in both languages (the configured one first),
// versions grouped under the latest, thumbnails, the folder tree, and no
// reference to anything outside the zip except the Slack permalinks a
// person may click; every relative link resolves to an extracted file.
func TestIndexHTML(t *testing.T) {
	for _, lang := range []campaignbot.Language{campaignbot.English, campaignbot.Chinese} {
		t.Run(string(lang), func(t *testing.T) {
			dir := t.TempDir()
			unzip(t, exportZip(t, shanghai(t), lang), dir)
			raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(strings.NewReader(string(raw)))
			if err != nil {
				t.Fatal(err)
			}
			text := textOf(doc)

			// The configured zone, named, and times converted into it.
			for _, want := range []string{"Asia/Shanghai (UTC+08:00)", "2026-11-11 00:00", "2026-11-11 02:30", "2026-10-01 10:00"} {
				if !strings.Contains(text, want) {
					t.Errorf("page text lacks %q", want)
				}
			}
			for _, utc := range []string{"2026-11-10 16:00", "2026-11-10 18:30", "2026-10-01 02:00"} {
				if strings.Contains(text, utc) {
					t.Errorf("page shows the UTC time %q", utc)
				}
			}

			// Both languages, the configured one first.
			for _, pair := range [][2]string{{"Folders", "文件夹"}, {"Size", "大小"}, {"Type", "类型"}, {"Shared", "分享时间"}, {"versions", "个版本"}, {"No files in this folder.", "此文件夹中没有文件。"}} {
				en, zh := strings.Index(text, pair[0]), strings.Index(text, pair[1])
				if en < 0 || zh < 0 {
					t.Errorf("label %q / %q missing (at %d, %d)", pair[0], pair[1], en, zh)
					continue
				}
				if first := lang == campaignbot.English; (en < zh) != first {
					t.Errorf("%s page: %q at %d, %q at %d: the configured language should come first", lang, pair[0], en, pair[1], zh)
				}
			}
			if got := attr(find(doc, func(n *html.Node) bool { return n.Data == "html" })[0], "lang"); got != string(lang) {
				t.Errorf("html lang = %q, want %q", got, lang)
			}
			if ph := attr(byID(t, doc, "q"), "placeholder"); !strings.Contains(ph, "Filter") || !strings.Contains(ph, "筛选") {
				t.Errorf("filter placeholder %q is not in both languages", ph)
			}

			// The folder tree: every folder, in tree order, indented by depth.
			var tree []string
			for _, li := range find(doc, func(n *html.Node) bool { return n.Data == "li" && attr(n, "data-for") != "" }) {
				tree = append(tree, attr(li, "data-path")+" "+attr(li, "style")+" "+textOf(find(li, hasClassFn("n"))[0]))
			}
			wantTree := []string{
				"Double 11 padding-left:0.4em 6", "Double 11/Design padding-left:1.5em 2", "Double 11/Design/KV padding-left:2.6em 2",
				"Double 11/Empty padding-left:1.5em 0", "Double 11/Planning padding-left:1.5em 3",
			}
			if !slices.Equal(tree, wantTree) {
				t.Errorf("folder tree:\n%s\nwant\n%s", strings.Join(tree, "\n"), strings.Join(wantTree, "\n"))
			}

			// Versions grouped: one group for plan.txt, latest first, with a count.
			groups := find(doc, func(n *html.Node) bool { return n.Data == "tbody" && hasClass(n, "group") })
			if len(groups) != 6 {
				t.Errorf("%d file groups, want 6 (8 versions of 6 files)", len(groups))
			}
			var plan *html.Node
			for _, g := range groups {
				if strings.Contains(attr(g, "data-search"), "plan.txt") {
					plan = g
				}
			}
			if plan == nil {
				t.Fatal("no group for plan.txt")
			}
			var hrefs []string
			for _, a := range find(plan, func(n *html.Node) bool { return n.Data == "a" && hasClass(n, "file") }) {
				hrefs = append(hrefs, attr(a, "href"))
			}
			wantHrefs := []string{"./Double%2011/Planning/plan.txt", "./Double%2011/Planning/plan%20%28v2%29.txt", "./Double%2011/Planning/plan%20%28v1%29.txt"}
			if !slices.Equal(hrefs, wantHrefs) {
				t.Errorf("plan.txt versions %q, want %q", hrefs, wantHrefs)
			}
			if pt := textOf(plan); !regexp.MustCompile(`v3\s*3 versions|v3\s*3 个版本`).MatchString(pt) || !strings.Contains(pt, "plan (v2).txt") || !strings.Contains(pt, "plan (v1).txt") {
				t.Errorf("plan.txt group text %q: want v3 with 3 versions, then v2 and v1", pt)
			}
			if rows := find(plan, isTag("tr")); len(rows) != 3 || !hasClass(rows[0], "latest") || !hasClass(rows[1], "older") {
				t.Errorf("plan.txt group has %d rows, want the latest and 2 older", len(rows))
			}

			// Sizes and types.
			for _, want := range []string{"Image", "图片", "PNG", "PDF", "Text", "文本", "24 B", "Campaign brief"} {
				if !strings.Contains(text, want) {
					t.Errorf("page text lacks %q", want)
				}
			}

			// A thumbnail for the image: the image itself, scaled.
			imgs := find(doc, isTag("img"))
			if len(imgs) != 1 || attr(imgs[0], "src") != "./Double%2011/Design/KV/banner.png" || attr(imgs[0], "width") != "64" {
				t.Errorf("thumbnails: %d imgs, first %v", len(imgs), imgs)
			}

			// Nothing from outside the zip; every relative link resolves.
			for _, n := range find(doc, func(*html.Node) bool { return true }) {
				if n.Type != html.ElementNode {
					continue
				}
				switch n.Data {
				case "link", "iframe", "object", "embed", "base", "video", "audio", "source":
					t.Errorf("<%s> on the page", n.Data)
				case "script":
					if attr(n, "src") != "" {
						t.Errorf("script with src %q", attr(n, "src"))
					}
				}
				for _, a := range n.Attr {
					if a.Key != "href" && a.Key != "src" {
						continue
					}
					u, err := url.Parse(a.Val)
					switch {
					case err != nil:
						t.Errorf("%s=%q does not parse: %v", a.Key, a.Val, err)
					case u.Scheme != "" || u.Host != "":
						if n.Data != "a" || a.Val != permalink {
							t.Errorf("<%s %s=%q> points outside the export", n.Data, a.Key, a.Val)
						}
					case u.Path == "" && u.Fragment != "":
						if byIDOrNil(doc, u.Fragment) == nil {
							t.Errorf("link to #%s, which is not on the page", u.Fragment)
						}
					default:
						if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(u.Path))); err != nil {
							t.Errorf("%s=%q: %v", a.Key, a.Val, err)
						}
					}
				}
			}
			for _, style := range find(doc, isTag("style")) {
				if s := style.FirstChild.Data; strings.Contains(s, "url(") || strings.Contains(s, "@import") {
					t.Errorf("the style sheet loads something: %q", s)
				}
			}
			if strings.Contains(string(raw), "http://") || strings.Count(string(raw), "https://") != 1 {
				t.Errorf("the page names URLs other than the one permalink")
			}

			// index.json is as it was: UTC times, every version its own entry.
			b, err := os.ReadFile(filepath.Join(dir, "index.json"))
			if err != nil {
				t.Fatal(err)
			}
			var idx kbexport.Index
			if err := json.Unmarshal(b, &idx); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), `"exported_at": "2026-11-10T16:00:00Z"`) || len(idx.Files) != 8 || len(idx.Folders) != 5 {
				t.Errorf("index.json: exported_at %v, %d files, %d folders", idx.ExportedAt, len(idx.Files), len(idx.Folders))
			}
		})
	}
}

// TestIndexHTMLDefaults: no zone means UTC, said so; no language means
// English first.
func TestIndexHTMLDefaults(t *testing.T) {
	dir := t.TempDir()
	unzip(t, exportZip(t, nil, ""), dir)
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw) + textOf(doc)
	for _, want := range []string{`<html lang="en">`, "UTC (UTC+00:00)", "2026-11-10 18:30"} {
		if !strings.Contains(s, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
}

func find(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func isTag(tag string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == tag }
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func hasClassFn(class string) func(*html.Node) bool {
	return func(n *html.Node) bool { return hasClass(n, class) }
}

func byIDOrNil(doc *html.Node, id string) *html.Node {
	if ns := find(doc, func(n *html.Node) bool { return attr(n, "id") == id }); len(ns) > 0 {
		return ns[0]
	}
	return nil
}

func byID(t *testing.T, doc *html.Node, id string) *html.Node {
	t.Helper()
	n := byIDOrNil(doc, id)
	if n == nil {
		t.Fatalf("no element #%s", id)
	}
	return n
}

// textOf is the text a reader sees, scripts and styles aside.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || (n.Data == "style" && n.Parent != nil && n.Parent.Data == "head")) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
