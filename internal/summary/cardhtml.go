package summary

import (
	"fmt"
	"html/template"
	"io"
)

// CardHTML writes the card as one self-contained HTML file in the given
// layout (LayoutWallet or LayoutPage): no scripts, nothing fetched, the QR
// code (with c.QR) drawn inline as SVG.
func CardHTML(w io.Writer, c Card, layout string) error {
	if layout != LayoutWallet && layout != LayoutPage {
		return fmt.Errorf("unknown card layout %q", layout)
	}
	d := cardHTMLData{Card: c, Head: "In an emergency", Wallet: layout == LayoutWallet, Text: CardText(c)}
	if d.Wallet {
		d.Lists = c.Fit()
	} else {
		d.Lists = c.Lists()
	}
	if c.QR {
		size := "60mm"
		if d.Wallet {
			size = "46mm"
		}
		svg, err := qrSVG(d.Text, size)
		if err != nil {
			return err
		}
		d.QRCode = svg
	}
	return cardTmpl.Execute(w, d)
}

type cardHTMLData struct {
	Card
	Head   string
	Wallet bool
	Lists  []CardList
	Text   string
	QRCode template.HTML
}

var cardTmpl = template.Must(template.New("card").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Emergency card{{with .Name}}: {{.}}{{end}}</title>
<style>
` + cardCSS + `
</style>
</head>
<body class="{{if .Wallet}}wallet{{else}}page{{end}}">
{{if .Wallet}}<p class="howto">Cut along the dashed lines, fold in the middle, and keep it with your bank cards.</p>
<div class="sheet">
<section class="side front">
<h1>{{.Head}}</h1>
<p class="who">{{.Who}}</p>
{{with .KnowFirst}}<p><strong>{{.}}</strong></p>{{end}}
{{range .Lists}}{{with .Line}}<p>{{.}}</p>{{end}}{{end}}
{{with .Speaks}}<p>{{.}}</p>{{end}}
</section>
<section class="side back">
{{if .QRCode}}{{.QRCode}}<p class="small">Scan for the same text.</p>{{else}}<p class="small">Emergency card of {{.Who}}.</p>{{end}}
<p class="small">Made {{.Made.Format "2006-01-02"}} by the person from their own record.{{with .Sensitive}} Includes sensitive entries by their choice: {{range $i, $k := .}}{{if $i}}, {{end}}{{$k}}{{end}}.{{end}}</p>
</section>
</div>
{{else}}<header>
<h1>{{.Head}}</h1>
<p class="who">{{.Who}}</p>
{{with .Notes}}<p class="notes"><strong>Know first:</strong> {{.}}</p>{{end}}
</header>
{{range .Lists}}{{if or .Items .Cut}}<section>
<h2>{{.Label}}</h2>
<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>
</section>{{end}}{{end}}
{{with .Languages}}<section><h2>Speaks</h2><p>{{.}}</p></section>{{end}}
{{if .QRCode}}<div class="qrbox">{{.QRCode}}<p>Scan with a phone's camera for this card as text.</p></div>{{end}}
<footer><p>Made {{.Made.Format "2006-01-02"}} by the person from their own health record.{{with .Sensitive}} Includes sensitive entries by their choice: {{range $i, $k := .}}{{if $i}}, {{end}}{{$k}}{{end}}.{{end}}</p></footer>
{{end}}</body>
</html>
`))

// cardCSS: the wallet card is ISO/IEC 7810 ID-1 (85.6 by 54 mm), front and
// back side by side with a fold between them; the page is large type.
const cardCSS = `html { font-family: "DejaVu Sans", "Noto Sans", Arial, Helvetica, sans-serif; color: #000; background: #fff; }
body { margin: 1em; }
h1 { margin: 0 0 .2em; }
.who { font-weight: bold; }
.howto { font-size: 10pt; }
.sheet { display: flex; width: 171.2mm; }
.side { box-sizing: border-box; width: 85.6mm; height: 54mm; overflow: hidden; padding: 2.5mm 3mm; border: 0.3mm dashed #000; font-size: 6.6pt; line-height: 1.25; }
.side p { margin: 0 0 .45mm; }
.wallet h1 { font-size: 9pt; color: #fff; background: #000; padding: .4mm 1.5mm; }
.wallet .who { font-size: 8pt; }
.back { display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; }
.small { font-size: 6pt; }
.page { font-size: 16pt; line-height: 1.4; max-width: 40em; }
.page h1 { font-size: 2em; border: 3px solid #000; padding: .2em .4em; }
.page h2 { font-size: 1.1em; margin: .8em 0 .2em; border-bottom: 2px solid #000; }
.page ul { margin: .2em 0; padding-left: 1.2em; }
.qrbox { margin-top: 1em; text-align: center; font-size: .8em; }
footer { margin-top: 1.5em; font-size: .75em; }
@page { margin: 12mm; }
@media print { body { margin: 0; } .howto { margin-top: 0; } }`
