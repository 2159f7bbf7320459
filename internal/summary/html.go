package summary

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
)

// HTML writes the summary as one self-contained HTML file: no scripts, no
// fonts or images fetched from anywhere, print styles for A4 and Letter, and
// the person's name and the date repeated on every printed page.
func HTML(w io.Writer, d Doc) error {
	return pageTmpl.Execute(w, htmlData{Doc: d, PersonLine: personLine(d), MadeLine: madeLine(d)})
}

type htmlData struct {
	Doc
	PersonLine string
	MadeLine   string
}

// sparkline draws a series' values as a small inline SVG line, or nothing
// when there are fewer than three values.
func sparkline(pts []float64) template.HTML {
	if len(pts) < 3 {
		return ""
	}
	if len(pts) > 60 {
		pts = pts[len(pts)-60:]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range pts {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	const wd, ht, pad = 120.0, 28.0, 3.0
	span := hi - lo
	var b strings.Builder
	for i, v := range pts {
		x := pad + (wd-2*pad)*float64(i)/float64(len(pts)-1)
		y := ht / 2
		if span > 0 {
			y = ht - pad - (ht-2*pad)*(v-lo)/span
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f,%.1f", x, y)
	}
	// Only numbers go into the markup, so it is safe to mark as HTML.
	return template.HTML(fmt.Sprintf(`<svg class="spark" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" role="img" aria-label="trend of %d values"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="%s"/></svg>`,
		wd, ht, wd, ht, len(pts), b.String()))
}

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{"spark": sparkline, "dash": dash}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{{.Title}}{{with .Person.Name}}: {{.}}{{end}}</title>
<style>
` + pageCSS + `
</style>
</head>
<body>
<div class="runhead"><span>{{.Person.Name}}{{with .Person.Born}}, born {{.}}{{end}}</span><span>{{.Title}}, {{.Made.Format "2006-01-02"}}</span></div>
<header>
<h1>{{.Title}}{{with .Person.Name}}: {{.}}{{end}}</h1>
{{with .PersonLine}}<p class="person">{{.}}</p>{{end}}
{{with .Person.EmergencyContact}}<p>Emergency contact: {{.}}</p>{{end}}
{{with .Person.EmergencyNotes}}<p>Important: {{.}}</p>{{end}}
{{with .Person.Languages}}<p>Speaks: {{.}}</p>{{end}}
<p class="made">{{.MadeLine}}</p>
{{with .Sensitive}}<p class="sensitive">Includes sensitive entries, by the person's choice: {{range $i, $k := .}}{{if $i}}, {{end}}{{$k}}{{end}}.</p>{{end}}
</header>
<main>
{{if not .Sections}}<p>Nothing to show.</p>{{end}}
{{range .Sections}}<section>
<h2>{{.Heading}}</h2>
{{with .Items}}<ul>
{{range .}}<li><strong>{{.Title}}</strong>{{with .Date}} <span class="date">({{.}})</span>{{end}}{{with .Detail}}: {{.}}{{end}}</li>
{{end}}</ul>{{end}}
{{with .Series}}<table>
<thead><tr><th>What</th><th>Latest</th><th>Date</th><th>Before</th><th>Trend</th><th>Normal range</th><th></th></tr></thead>
<tbody>
{{range .}}<tr><td>{{.Title}}</td><td class="num">{{dash .Latest}}{{with .Flag}} <em>({{.}})</em>{{end}}</td><td>{{dash .Date}}</td><td class="num">{{dash .Previous}}</td><td>{{dash .Trend}}</td><td>{{dash .Range}}</td><td>{{spark .Points}}</td></tr>
{{end}}</tbody>
</table>{{end}}
</section>
{{end}}
</main>
<footer><p>Written by the person from their own health record. Check anything important with the records of the clinic that made it.</p></footer>
</body>
</html>
`))

// pageCSS is large type for screens and paper. @page sets margins only, so
// the same file prints on A4 and Letter; the running head is fixed, which
// browsers repeat on every printed page.
const pageCSS = `html { font-family: "DejaVu Sans", "Noto Sans", Arial, Helvetica, sans-serif; font-size: 13pt; line-height: 1.45; color: #000; background: #fff; }
body { max-width: 48em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 1.7em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #000; margin: 1.4em 0 .4em; padding-bottom: .1em; }
p { margin: .25em 0; }
.made, .date { color: #333; }
.sensitive { font-weight: bold; border: 2px solid #000; padding: .3em .5em; }
ul { padding-left: 1.2em; margin: .3em 0; }
li { margin: .25em 0; }
table { border-collapse: collapse; width: 100%; font-size: .95em; }
th, td { text-align: left; padding: .3em .5em; border-bottom: 1px solid #999; vertical-align: middle; }
td.num { white-space: nowrap; }
.spark { display: block; }
footer { margin-top: 2em; font-size: .9em; color: #333; }
.runhead { display: none; }
@page { margin: 20mm 15mm 15mm 15mm; }
@media print {
  html { font-size: 12pt; }
  body { margin: 0; padding: 10mm 0 0 0; max-width: none; }
  .runhead { display: flex; justify-content: space-between; position: fixed; top: 0; left: 0; right: 0; font-size: 9pt; border-bottom: 1px solid #000; }
  h2 { break-after: avoid; }
  tr, li { break-inside: avoid; }
}`
