package review

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"strings"
)

// Markdown writes the review as Markdown; the chart is referenced as
// chartName, saved beside it.
func (r *Report) Markdown(chartName string) []byte {
	d := layout(r)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdText(d.Title))
	for _, s := range d.Summary {
		fmt.Fprintf(&b, "%s\n\n", mdText(s))
	}
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "## %s\n\n", mdText(s.Heading))
		if len(s.Rows) > 0 {
			b.WriteString(mdRow(s.Head))
			seps := make([]string, len(s.Head))
			for i := range seps {
				seps[i] = "---"
			}
			b.WriteString("|" + strings.Join(seps, "|") + "|\n")
			for _, row := range s.Rows {
				b.WriteString(mdRow(row))
			}
			b.WriteString("\n")
		}
		for _, l := range s.Lines {
			fmt.Fprintf(&b, "- %s\n", mdText(l))
		}
		if len(s.Lines) > 0 {
			b.WriteString("\n")
		}
	}
	if r.Chart != nil && chartName != "" {
		fmt.Fprintf(&b, "## %s\n\n![%s](%s)\n", mdText(d.ChartTitle), mdText(d.ChartTitle), strings.ReplaceAll(chartName, " ", "%20"))
	}
	return []byte(b.String())
}

// mdRow writes one table row.
func mdRow(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.ReplaceAll(mdText(c), "|", `\|`)
	}
	return "| " + strings.Join(out, " | ") + " |\n"
}

// mdText keeps user text from turning into Markdown markup or HTML.
func mdText(s string) string {
	r := strings.NewReplacer("\\", `\\`, "\r", " ", "\n", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}

// page is the HTML template of a review: self-contained, with the chart
// inline.
var page = template.Must(template.New("review").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Doc.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f5f5f5}img{max-width:100%;border:1px solid #eee}
</style></head><body>
<h1>{{.Doc.Title}}</h1>
{{range .Doc.Summary}}<p>{{.}}</p>
{{end}}{{range .Doc.Sections}}<h2>{{.Heading}}</h2>
{{if .Rows}}<table><thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead><tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{end}}{{if .Lines}}<ul>{{range .Lines}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{end}}{{if .Chart}}<h2>{{.Doc.ChartTitle}}</h2>
<img alt="{{.Doc.ChartTitle}}" src="{{.Chart}}">
{{end}}</body></html>
`))

// HTML writes the review as one self-contained HTML page, the chart
// embedded.
func (r *Report) HTML() ([]byte, error) {
	var chart template.URL
	if r.Chart != nil {
		chart = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(r.Chart))
	}
	lang := "en"
	if strings.HasPrefix(string(r.Language), "zh") {
		lang = "zh-CN"
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, struct {
		Lang  string
		Doc   document
		Chart template.URL
	}{lang, layout(r), chart}); err != nil {
		return nil, fmt.Errorf("review %s: html: %w", r.Campaign.ID, err)
	}
	return buf.Bytes(), nil
}
