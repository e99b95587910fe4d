package kbexport

import (
	"cmp"
	"fmt"
	"html"
	"html/template"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/campaignbot/campaignbot"
)

// index.html is the archive people open after the campaign, from the
// unzipped folder, often years later and offline: everything it needs
// (styles, the filter script, thumbnails, which are the images themselves
// scaled by the browser) is inside the page or the zip, and every link is
// relative to it. Labels are in both languages, the configured one first;
// times are in the configured zone, which the page names.

// labels are the page's fixed texts.
var labels = map[string]campaignbot.Text{
	"title":        campaignbot.T("kbexport.knowledge-base-export"),
	"exported":     campaignbot.T("kbexport.exported"),
	"times":        campaignbot.T("kbexport.time-zone"),
	"files":        campaignbot.T("kbexport.files"),
	"versions":     campaignbot.T("kbexport.versions"),
	"folders":      campaignbot.T("kbexport.folders"),
	"filter":       campaignbot.T("kbexport.filter-by-name-title-tag-type"),
	"shown":        campaignbot.T("kbexport.shown"),
	"nomatch":      campaignbot.T("kbexport.no-file-matches-the-filter"),
	"empty":        campaignbot.T("kbexport.no-files-in-this-folder"),
	"open":         campaignbot.T("kbexport.open-folder"),
	"file":         campaignbot.T("kbexport.file"),
	"titlecol":     campaignbot.T("kbexport.title"),
	"type":         campaignbot.T("kbexport.type"),
	"size":         campaignbot.T("kbexport.size"),
	"version":      campaignbot.T("kbexport.version"),
	"uploader":     campaignbot.T("kbexport.uploader"),
	"shared":       campaignbot.T("kbexport.shared"),
	"tags":         campaignbot.T("kbexport.tags"),
	"source":       campaignbot.T("kbexport.source"),
	"older":        campaignbot.T("kbexport.older-version"),
	"json":         campaignbot.T("kbexport.index-json-lists-the-same-files"),
	"kind.image":   campaignbot.T("kbexport.image"),
	"kind.video":   campaignbot.T("kbexport.video"),
	"kind.audio":   campaignbot.T("kbexport.audio"),
	"kind.pdf":     campaignbot.T("kbexport.pdf"),
	"kind.doc":     campaignbot.T("kbexport.document"),
	"kind.sheet":   campaignbot.T("kbexport.spreadsheet"),
	"kind.slides":  campaignbot.T("kbexport.slides"),
	"kind.text":    campaignbot.T("kbexport.text"),
	"kind.archive": campaignbot.T("kbexport.archive"),
	"kind.other":   campaignbot.T("kbexport.file"),
}

// pageData is what the template renders.
type pageData struct {
	Lang      string // the html element's language: the configured one
	Root      string
	Exported  string
	Zone      string // "Asia/Shanghai (UTC+08:00)"
	Files     int    // files, each counted once whatever its versions
	Versions  int    // every version, as in the zip
	TotalSize string
	Folders   []pageFolder
}

type pageFolder struct {
	Anchor string // the section's id
	Name   string // last segment
	Path   string // full knowledge-base path
	Href   string // the folder in the unzipped archive
	Depth  int    // below the exported root
	Groups []pageGroup
	Total  int // files here and in the subfolders
}

// pageGroup is one file with its versions, latest first.
type pageGroup struct {
	Latest pageFile
	Older  []pageFile
	Search string // lowercased text the filter matches
}

type pageFile struct {
	Number              int64
	Name, Title, Href   string
	ZipName             string // the name in the zip: "plan (v2).txt" for an older version
	Kind, Ext, MIME     string
	Size                string
	Bytes               int64
	Version             int
	Uploader, SavedBy   string
	Shared, SharedISO   string
	Tags                []string
	Channel, Permalink  string
	Thumb               bool
	VersionsOfThisGroup int
}

// writePage renders index.html for idx, times in loc, labels in lang first.
func writePage(w io.Writer, idx Index, loc *time.Location, lang campaignbot.Language) error {
	if loc == nil {
		loc = time.UTC
	}
	if !lang.Valid() {
		lang = campaignbot.English
	}
	now := idx.ExportedAt.In(loc)
	d := pageData{
		Lang: string(lang), Root: idx.Root,
		Exported: now.Format("2006-01-02 15:04"),
		Zone:     fmt.Sprintf("%s (UTC%s)", loc.String(), now.Format("-07:00")),
		Versions: len(idx.Files),
	}
	var total int64
	byFolder := map[string][]Entry{}
	for _, e := range idx.Files {
		byFolder[e.Folder] = append(byFolder[e.Folder], e)
		total += e.Size
	}
	d.TotalSize = campaignbot.FormatSize(total)
	folders := slices.Clone(idx.Folders)
	slices.SortFunc(folders, func(a, b string) int {
		return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/"))
	})
	base := idx.Root[strings.LastIndex(idx.Root, "/")+1:]
	for i, f := range folders {
		rel := strings.TrimPrefix(f, idx.Root)
		pf := pageFolder{
			Anchor: fmt.Sprintf("f%d", i+1), Name: f[strings.LastIndex(f, "/")+1:], Path: f,
			Href: fileHref(base+rel) + "/", Depth: strings.Count(rel, "/"),
		}
		pf.Groups = groups(byFolder[f], loc)
		d.Files += len(pf.Groups)
		d.Folders = append(d.Folders, pf)
	}
	for i := range d.Folders {
		for _, sub := range d.Folders {
			if sub.Path == d.Folders[i].Path || strings.HasPrefix(sub.Path, d.Folders[i].Path+"/") {
				d.Folders[i].Total += len(sub.Groups)
			}
		}
	}
	return newPage(lang).Execute(w, d)
}

// groups gathers a folder's entries into files with their versions, by
// name, the latest version first.
func groups(entries []Entry, loc *time.Location) []pageGroup {
	byName := map[string][]Entry{}
	var names []string
	for _, e := range entries {
		if _, ok := byName[e.Name]; !ok {
			names = append(names, e.Name)
		}
		byName[e.Name] = append(byName[e.Name], e)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a), strings.ToLower(b)), cmp.Compare(a, b))
	})
	out := make([]pageGroup, 0, len(names))
	for _, n := range names {
		vs := byName[n]
		slices.SortFunc(vs, func(a, b Entry) int { return cmp.Compare(b.Version, a.Version) })
		var g pageGroup
		var search []string
		for i, e := range vs {
			pf := pageFileOf(e, loc)
			pf.VersionsOfThisGroup = len(vs)
			if i == 0 {
				g.Latest = pf
			} else {
				g.Older = append(g.Older, pf)
			}
			k := labels["kind."+pf.Kind]
			search = append(search, e.Name, e.Title, e.Uploader, e.SavedBy, e.Folder, pf.Ext, k.In(campaignbot.English), k.In(campaignbot.Chinese), strings.Join(e.Tags, " "), fmt.Sprintf("#%d", e.Number))
		}
		g.Search = strings.ToLower(strings.Join(search, " "))
		out = append(out, g)
	}
	return out
}

func pageFileOf(e Entry, loc *time.Location) pageFile {
	kind, ext := fileKind(e.MIME, e.Name)
	return pageFile{
		Number: e.Number, Name: e.Name, ZipName: path.Base(e.Path), Title: e.Title, Href: fileHref(e.Path),
		Kind: kind, Ext: ext, MIME: e.MIME, Size: campaignbot.FormatSize(e.Size), Bytes: e.Size,
		Version: e.Version, Uploader: e.Uploader, SavedBy: e.SavedBy,
		Shared: e.SharedAt.In(loc).Format("2006-01-02 15:04"), SharedISO: e.SharedAt.UTC().Format(time.RFC3339),
		Tags: e.Tags, Channel: e.Channel, Permalink: e.Permalink,
		Thumb: kind == "image" && thumbable[ext],
	}
}

// fileHref is the relative URL of a path inside the zip: each segment
// percent-encoded (spaces, #, ?, %, Chinese), and "./" first so a colon
// in the first segment is not read as a URL scheme.
func fileHref(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "./" + strings.Join(segs, "/")
}

// thumbable are the image formats every current browser shows in <img>.
var thumbable = map[string]bool{"PNG": true, "JPG": true, "JPEG": true, "GIF": true, "WEBP": true, "BMP": true, "SVG": true, "AVIF": true, "ICO": true}

// fileKind sorts a file by its MIME type, or its extension when the MIME
// type says nothing, into the kinds the page names; ext is the upper-case
// extension without the dot.
func fileKind(mime, name string) (kind, ext string) {
	ext = strings.ToUpper(strings.TrimPrefix(path.Ext(name), "."))
	mime = strings.ToLower(strings.TrimSpace(strings.SplitN(mime, ";", 2)[0]))
	switch {
	case strings.HasPrefix(mime, "image/"):
		return "image", ext
	case strings.HasPrefix(mime, "video/"):
		return "video", ext
	case strings.HasPrefix(mime, "audio/"):
		return "audio", ext
	case mime == "application/pdf":
		return "pdf", ext
	case strings.Contains(mime, "spreadsheet") || strings.Contains(mime, "excel") || mime == "text/csv":
		return "sheet", ext
	case strings.Contains(mime, "presentation") || strings.Contains(mime, "powerpoint"):
		return "slides", ext
	case strings.Contains(mime, "wordprocessing") || mime == "application/msword" || mime == "application/rtf":
		return "doc", ext
	case mime == "application/zip" || strings.Contains(mime, "compressed") || mime == "application/x-tar" || mime == "application/gzip":
		return "archive", ext
	case strings.HasPrefix(mime, "text/"):
		return "text", ext
	}
	switch ext {
	case "PNG", "JPG", "JPEG", "GIF", "WEBP", "BMP", "SVG", "AVIF", "ICO", "TIF", "TIFF", "HEIC", "PSD":
		return "image", ext
	case "MP4", "MOV", "AVI", "MKV", "WEBM":
		return "video", ext
	case "MP3", "WAV", "M4A", "AAC", "OGG", "FLAC":
		return "audio", ext
	case "PDF":
		return "pdf", ext
	case "XLS", "XLSX", "CSV", "NUMBERS", "ET":
		return "sheet", ext
	case "PPT", "PPTX", "KEY", "DPS":
		return "slides", ext
	case "DOC", "DOCX", "RTF", "PAGES", "WPS", "ODT":
		return "doc", ext
	case "TXT", "MD", "JSON", "XML", "HTML", "HTM", "YAML", "YML", "LOG":
		return "text", ext
	case "ZIP", "RAR", "7Z", "GZ", "TGZ", "TAR":
		return "archive", ext
	}
	return "other", ext
}

// pageFuncs are the template's helpers; lang picks the label order.
func pageFuncs(lang func() campaignbot.Language) template.FuncMap {
	order := func(t campaignbot.Text) (first, second, secondLang string) {
		if l := lang(); l != campaignbot.English {
			return t.In(l), t.In(campaignbot.English), "en"
		}
		return t.In(campaignbot.English), t.In(campaignbot.Chinese), "zh-CN"
	}
	return template.FuncMap{
		// l renders a label in both languages, the configured one first.
		"l": func(key string) template.HTML {
			a, b, bl := order(labels[key])
			if a == b {
				return template.HTML(html.EscapeString(a))
			}
			return template.HTML(fmt.Sprintf(`<span class="l1">%s</span> <span class="l2" lang="%s">%s</span>`,
				html.EscapeString(a), bl, html.EscapeString(b)))
		},
		// la is a label for an attribute: both languages, plain text.
		"la": func(key string) string {
			a, b, _ := order(labels[key])
			if a == b {
				return a
			}
			return a + " / " + b
		},
		"indent": func(depth int) string { return fmt.Sprintf("%.1fem", 0.4+1.1*float64(depth)) },
	}
}

// page is parsed once per export: its helpers read the export's language.
func newPage(lang campaignbot.Language) *template.Template {
	return template.Must(template.New("index").Funcs(pageFuncs(func() campaignbot.Language { return lang })).Parse(pageHTML))
}

const pageHTML = `<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Root}} — {{la "title"}}</title>
<style>
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#fff}
header{padding:16px 24px;border-bottom:1px solid #d0d7de;background:#f6f8fa;position:sticky;top:0;z-index:2}
h1{margin:0 0 4px;font-size:22px}
.meta{color:#57606a}
.l2{color:#6e7781;font-size:.9em}
#q{margin-top:10px;width:min(100%,560px);padding:7px 10px;font-size:15px;border:1px solid #8c959f;border-radius:6px}
#count{margin-left:10px;color:#57606a}
.layout{display:flex;align-items:flex-start}
nav{flex:0 0 260px;padding:12px 8px 24px 16px;position:sticky;top:130px;max-height:calc(100vh - 130px);overflow:auto;border-right:1px solid #d0d7de}
nav h2{font-size:13px;text-transform:uppercase;color:#57606a;margin:0 0 6px}
nav ul{list-style:none;margin:0;padding:0}
nav li a::before{content:"";display:inline-block;width:13px;height:9px;margin-right:6px;border:1.5px solid currentColor;border-radius:1px 3px 2px 2px;vertical-align:-1px;opacity:.7}
nav li a{display:block;padding:2px 6px;border-radius:4px;color:#0969da;text-decoration:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav li a:hover{background:#eaeef2}
nav li.none a{color:#8c959f}
nav .n{color:#6e7781;font-size:12px;margin-left:4px}
main{flex:1;min-width:0;padding:8px 24px 40px}
section{margin:18px 0 26px}
h2.path{font-size:17px;margin:0 0 8px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
h2.path a.anchor{color:inherit;text-decoration:none}
h2.path a.open{font-size:12px;font-weight:normal}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #eaeef2;padding:6px 8px;text-align:left;vertical-align:top}
th{font-size:12px;color:#57606a;font-weight:600;background:#f6f8fa;white-space:nowrap}
tbody.group{border-top:2px solid #d0d7de}
td.thumb{width:76px}
td.thumb img{width:64px;height:64px;object-fit:cover;border:1px solid #d0d7de;border-radius:4px;background:#f6f8fa;display:block}
td.size,td.when{white-space:nowrap}
td.size{text-align:right}
tr.older td{color:#57606a;font-size:13px;background:#fbfbfc}
tr.older td.name{padding-left:22px}
.tag{display:inline-block;background:#ddf4ff;color:#0550ae;border-radius:10px;padding:0 7px;margin:0 3px 2px 0;font-size:12px}
.badge{display:inline-block;background:#eaeef2;border-radius:10px;padding:0 7px;font-size:12px;margin-left:4px}
.ext{color:#6e7781;font-size:12px}
.num{color:#6e7781;font-size:12px}
.empty,#none{color:#6e7781;font-style:italic}
footer{padding:16px 24px;color:#6e7781;border-top:1px solid #d0d7de}
@media (max-width:800px){nav{display:none}header{position:static}}
</style></head>
<body>
<header>
<h1>{{.Root}}</h1>
<div class="meta">{{l "exported"}} <time>{{.Exported}}</time> · {{l "times"}} {{.Zone}} · {{.Files}} {{l "files"}}, {{.Versions}} {{l "versions"}} · {{.TotalSize}}</div>
<input id="q" type="search" autocomplete="off" placeholder="{{la "filter"}}" aria-label="{{la "filter"}}">
<span id="count"><b id="shown">{{.Files}}</b> / {{.Files}} {{l "files"}} {{l "shown"}}</span>
</header>
<div class="layout">
<nav aria-label="{{la "folders"}}"><h2>{{l "folders"}}</h2><ul>
{{- range .Folders}}
<li data-for="{{.Anchor}}" data-path="{{.Path}}" style="padding-left:{{indent .Depth}}"{{if not .Total}} class="none"{{end}}><a href="#{{.Anchor}}" title="{{.Path}}">{{.Name}}<span class="n">{{.Total}}</span></a></li>
{{- end}}
</ul></nav>
<main>
<p id="none" hidden>{{l "nomatch"}}</p>
{{- range .Folders}}
<section class="folder" id="{{.Anchor}}" data-path="{{.Path}}">
<h2 class="path"><a class="anchor" href="#{{.Anchor}}">{{.Path}}</a><a class="open" href="{{.Href}}">{{l "open"}}</a></h2>
{{- if not .Groups}}
<p class="empty">{{l "empty"}}</p>
{{- else}}
<table>
<thead><tr><th></th><th>{{l "file"}}</th><th>{{l "titlecol"}}</th><th>{{l "type"}}</th><th>{{l "size"}}</th><th>{{l "version"}}</th><th>{{l "uploader"}}</th><th>{{l "shared"}}</th><th>{{l "tags"}}</th><th>{{l "source"}}</th></tr></thead>
{{- range .Groups}}
<tbody class="group" data-search="{{.Search}}">
{{- with .Latest}}
<tr class="latest"><td class="thumb">{{if .Thumb}}<a href="{{.Href}}"><img src="{{.Href}}" alt="{{.Name}}" width="64" height="64" loading="lazy"></a>{{end}}</td>
<td class="name"><a class="file" href="{{.Href}}">{{.Name}}</a> <span class="num">#{{.Number}}</span></td>
<td>{{.Title}}</td>
<td title="{{.MIME}}">{{l (print "kind." .Kind)}}{{if .Ext}} <span class="ext">{{.Ext}}</span>{{end}}</td>
<td class="size" title="{{.Bytes}} B">{{.Size}}</td>
<td>v{{.Version}}{{if gt .VersionsOfThisGroup 1}}<span class="badge">{{.VersionsOfThisGroup}} {{l "versions"}}</span>{{end}}</td>
<td>{{.Uploader}}</td>
<td class="when"><time datetime="{{.SharedISO}}">{{.Shared}}</time></td>
<td>{{range .Tags}}<span class="tag">{{.}}</span>{{end}}</td>
<td>{{if .Permalink}}<a href="{{.Permalink}}" rel="noopener noreferrer">{{or .Channel .Permalink}}</a>{{else}}{{.Channel}}{{end}}</td></tr>
{{- end}}
{{- range .Older}}
<tr class="older"><td></td>
<td class="name">↳ <a class="file" href="{{.Href}}">{{.ZipName}}</a> <span class="num">#{{.Number}}</span></td>
<td>{{.Title}}</td>
<td title="{{.MIME}}">{{l "older"}}</td>
<td class="size" title="{{.Bytes}} B">{{.Size}}</td>
<td>v{{.Version}}</td>
<td>{{.Uploader}}</td>
<td class="when"><time datetime="{{.SharedISO}}">{{.Shared}}</time></td>
<td>{{range .Tags}}<span class="tag">{{.}}</span>{{end}}</td>
<td>{{if .Permalink}}<a href="{{.Permalink}}" rel="noopener noreferrer">{{or .Channel .Permalink}}</a>{{else}}{{.Channel}}{{end}}</td></tr>
{{- end}}
</tbody>
{{- end}}
</table>
{{- end}}
</section>
{{- end}}
</main>
</div>
<footer>campaignbot · {{l "json"}}</footer>
<script>
(function () {
  "use strict";
  var q = document.getElementById("q");
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody.group"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.folder"));
  var trees = Array.prototype.slice.call(document.querySelectorAll("nav li[data-path]"));
  function apply() {
    var terms = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    var n = 0;
    groups.forEach(function (g) {
      var text = g.getAttribute("data-search");
      var ok = terms.every(function (t) { return text.indexOf(t) >= 0; });
      g.hidden = !ok;
      if (ok) { n++; }
    });
    var visible = {};
    sections.forEach(function (s) {
      var v = s.querySelectorAll("tbody.group:not([hidden])").length;
      visible[s.getAttribute("data-path")] = v;
      s.hidden = terms.length > 0 && v === 0;
    });
    // A folder in the tree counts what shows in it and below it.
    trees.forEach(function (li) {
      var p = li.getAttribute("data-path"), v = 0;
      Object.keys(visible).forEach(function (q) {
        if (q === p || q.indexOf(p + "/") === 0) { v += visible[q]; }
      });
      li.querySelector(".n").textContent = v;
      li.className = v === 0 ? "none" : "";
    });
    shown.textContent = n;
    none.hidden = n > 0 || terms.length === 0;
  }
  q.addEventListener("input", apply);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== q) { e.preventDefault(); q.focus(); }
    if (e.key === "Escape" && document.activeElement === q) { q.value = ""; apply(); }
  });
  // A filter the browser restored (going back from a file) applies at once.
  apply();
})();
</script>
</body></html>
`
