package summary

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/phrhealth/phr/internal/qrcode"
	"github.com/phrhealth/phr/internal/safetext"
)

// The PDFs embed the Go fonts (golang.org/x/image/font/gofont): Latin,
// Greek and Cyrillic scripts with the usual symbols (WGL4). Text in another
// script is refused by name rather than printed as empty boxes; the HTML
// form, which the browser draws with the computer's own fonts, covers it.
const pdfFont = "go"

// pdfDoc is an fpdf document with phr's fonts, fixed dates (the same
// summary gives the same bytes) and a record of characters the font lacks.
type pdfDoc struct {
	*fpdf.Fpdf
	font    *sfnt.Font
	buf     sfnt.Buffer
	missing map[rune]bool
}

func newPDF(title string, made time.Time, paper string) (*pdfDoc, error) {
	size, err := pageSize(paper)
	if err != nil {
		return nil, err
	}
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("read the PDF font: %w", err)
	}
	p := &pdfDoc{Fpdf: fpdf.New("P", "mm", size, ""), font: f, missing: map[rune]bool{}}
	p.AddUTF8FontFromBytes(pdfFont, "", goregular.TTF)
	p.AddUTF8FontFromBytes(pdfFont, "B", gobold.TTF)
	p.SetCreationDate(made)
	p.SetModificationDate(made)
	p.SetCatalogSort(true)
	p.SetTitle(p.t(title), true)
	p.SetCreator("phr", true)
	p.SetProducer("phr", true)
	return p, p.Error()
}

// pdfMarks draws the marks internal/safetext puts into a one-line field
// with a character the font has: its line-break mark (U+23CE, which the Go
// fonts lack) as a pilcrow, so that an imported title holding a newline
// still prints, its line break still visible.
var pdfMarks = strings.NewReplacer(safetext.NewlineMark, "¶")

// t returns s for drawing, the sanitiser's marks drawn as [pdfMarks] says,
// noting any character the font has no glyph for. Every text drawn goes
// through t.
func (p *pdfDoc) t(s string) string {
	s = pdfMarks.Replace(s)
	for _, r := range s {
		if r < 0x20 || p.missing[r] {
			continue
		}
		if i, err := p.font.GlyphIndex(&p.buf, r); err != nil || i == 0 {
			p.missing[r] = true
		}
	}
	return s
}

// finish writes the PDF, or says which characters it cannot show.
func (p *pdfDoc) finish(w io.Writer) error {
	if len(p.missing) > 0 {
		var rs []string
		for r := range p.missing {
			rs = append(rs, fmt.Sprintf("%q (U+%04X)", r, r))
		}
		sort.Strings(rs)
		if len(rs) > 5 {
			rs = append(rs[:5], "…")
		}
		return fmt.Errorf("the PDF's font has no letters for %s: use --format html, which the browser draws with this computer's fonts", strings.Join(rs, ", "))
	}
	if err := p.Error(); err != nil {
		return fmt.Errorf("lay out the PDF: %w", err)
	}
	return p.Output(w)
}

// PDF writes the summary as a PDF on A4 or US Letter paper (PaperA4,
// PaperLetter) with the same content as HTML: the person's name and the
// date at the top of every page, page numbers at the bottom, results as
// tables with a small chart of each series.
func PDF(w io.Writer, d Doc, paper string) error {
	p, err := newPDF(d.Title, d.Made, paper)
	if err != nil {
		return err
	}
	const left, top, right = 18.0, 22.0, 18.0
	p.SetMargins(left, top, right)
	p.SetAutoPageBreak(true, 18)
	p.AliasNbPages("{nb}")
	pw, ph := p.GetPageSize()
	width := pw - left - right
	who := d.Person.Name
	if d.Person.Born != "" {
		who += ", born " + d.Person.Born
	}
	runhead := d.Title + ", " + d.Made.Format("2006-01-02")
	p.SetHeaderFunc(func() {
		p.SetFont(pdfFont, "", 9)
		p.SetXY(left, 10)
		p.CellFormat(width/2, 5, p.t(who), "", 0, "L", false, 0, "")
		p.CellFormat(width/2, 5, p.t(runhead), "", 1, "R", false, 0, "")
		p.Line(left, 15.5, pw-right, 15.5)
		p.SetY(top)
	})
	p.SetFooterFunc(func() {
		p.SetY(ph - 12)
		p.SetFont(pdfFont, "", 9)
		p.CellFormat(width, 5, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()

	title := d.Title
	if d.Person.Name != "" {
		title += ": " + d.Person.Name
	}
	p.SetFont(pdfFont, "B", 20)
	p.MultiCell(width, 9, p.t(title), "", "L", false)
	p.SetFont(pdfFont, "", 12)
	if line := personLine(d); line != "" {
		p.MultiCell(width, 6, p.t(line), "", "L", false)
	}
	if d.Person.EmergencyContact != "" {
		p.MultiCell(width, 6, p.t("Emergency contact: "+d.Person.EmergencyContact), "", "L", false)
	}
	p.SetFont(pdfFont, "", 10)
	p.MultiCell(width, 5, p.t(madeLine(d)), "", "L", false)
	if len(d.Sensitive) > 0 {
		p.Ln(1)
		p.SetFont(pdfFont, "B", 11)
		p.MultiCell(width, 6, p.t("Includes sensitive entries, by the person's choice: "+strings.Join(d.Sensitive, ", ")+"."), "1", "L", false)
	}
	if len(d.Sections) == 0 {
		p.Ln(4)
		p.SetFont(pdfFont, "", 12)
		p.MultiCell(width, 6, "Nothing to show.", "", "L", false)
	}
	for _, s := range d.Sections {
		p.Ln(4)
		// Keep a heading with at least two lines of what follows.
		if p.GetY() > ph-18-24 {
			p.AddPage()
		}
		p.SetFont(pdfFont, "B", 14)
		p.CellFormat(width, 8, p.t(s.Heading), "B", 1, "L", false, 0, "")
		p.Ln(1)
		p.SetFont(pdfFont, "", 12)
		for _, it := range s.Items {
			line := "•  " + it.Title
			if it.Date != "" {
				line += " (" + it.Date + ")"
			}
			if it.Detail != "" {
				line += ": " + it.Detail
			}
			p.MultiCell(width, 6, p.t(line), "", "L", false)
		}
		if len(s.Series) > 0 {
			pdfSeries(p, s.Series, left, width, ph)
		}
	}
	p.Ln(6)
	p.SetFont(pdfFont, "", 10)
	p.MultiCell(width, 5, "Written by the person from their own health record. Check anything important with the records of the clinic that made it.", "", "L", false)
	return p.finish(w)
}

// pdfSeries draws a results table: what, latest, date, before, trend, range
// and a chart of the series' values.
func pdfSeries(p *pdfDoc, series []Series, left, width, ph float64) {
	cols := []struct {
		head string
		w    float64
	}{{"What", 0.25}, {"Latest", 0.17}, {"Date", 0.14}, {"Before", 0.13}, {"Trend", 0.08}, {"Normal range", 0.12}, {"", 0.11}}
	const rowH = 6.0
	header := func() {
		p.SetFont(pdfFont, "B", 10)
		for _, c := range cols {
			p.CellFormat(width*c.w, rowH, c.head, "B", 0, "L", false, 0, "")
		}
		p.Ln(rowH)
		p.SetFont(pdfFont, "", 10)
	}
	header()
	for _, r := range series {
		latest := r.Latest
		if r.Flag != "" {
			latest += " (" + r.Flag + ")"
		}
		cells := []string{r.Title, dash(latest), dash(r.Date), dash(r.Previous), dash(r.Trend), dash(r.Range), ""}
		// A row is as tall as its tallest wrapped cell.
		lines := 1
		for i, c := range cells {
			cells[i] = p.t(c)
			if n := len(p.SplitText(cells[i], width*cols[i].w-2)); n > lines {
				lines = n
			}
		}
		h := float64(lines) * 5
		if h < rowH {
			h = rowH
		}
		if p.GetY()+h > ph-18 {
			p.AddPage()
			header()
		}
		y, x := p.GetY(), left
		for i, c := range cells {
			p.SetXY(x, y)
			p.MultiCell(width*cols[i].w, 5, c, "", "L", false)
			x += width * cols[i].w
		}
		chartX := x - width*cols[len(cols)-1].w
		pdfSpark(p, r.Points, chartX+1, y+0.5, width*cols[len(cols)-1].w-2, h-1)
		p.SetDrawColor(150, 150, 150)
		p.Line(left, y+h, left+width, y+h)
		p.SetDrawColor(0, 0, 0)
		p.SetXY(left, y+h)
	}
}

// pdfSpark draws a series' values as a small line, as the HTML's sparkline:
// nothing for fewer than three values, the last 60 at most.
func pdfSpark(p *pdfDoc, pts []float64, x, y, w, h float64) {
	if len(pts) < 3 {
		return
	}
	if len(pts) > 60 {
		pts = pts[len(pts)-60:]
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range pts {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	ps := make([]fpdf.PointType, len(pts))
	for i, v := range pts {
		py := y + h/2
		if hi > lo {
			py = y + h - h*(v-lo)/(hi-lo)
		}
		ps[i] = fpdf.PointType{X: x + w*float64(i)/float64(len(pts)-1), Y: py}
	}
	p.SetLineWidth(0.3)
	for i := 1; i < len(ps); i++ {
		p.Line(ps[i-1].X, ps[i-1].Y, ps[i].X, ps[i].Y)
	}
	p.SetLineWidth(0.2)
}

// CardPDF writes the card as a PDF on A4 or US Letter paper in the given
// layout: LayoutWallet
// puts a credit-card-sized front and back side by side at the top of the
// page, with dashed lines to cut along; LayoutPage fills the page in large
// type. With c.QR the back (or the page's foot) holds the QR code of
// CardText.
func CardPDF(w io.Writer, c Card, layout, paper string) error {
	if layout != LayoutWallet && layout != LayoutPage {
		return fmt.Errorf("unknown card layout %q", layout)
	}
	p, err := newPDF("Emergency card", c.Made, paper)
	if err != nil {
		return err
	}
	text := CardText(c)
	const left = 15.0
	p.SetMargins(left, 15, left)
	p.SetAutoPageBreak(false, 0)
	p.AddPage()
	pw, _ := p.GetPageSize()
	made := "Made " + c.Made.Format("2006-01-02") + " by the person from their own record."
	if len(c.Sensitive) > 0 {
		made += " Includes sensitive entries by their choice: " + strings.Join(c.Sensitive, ", ") + "."
	}
	if layout == LayoutWallet {
		const cw, ch, pad = 85.6, 54.0, 3.0
		x0, y0 := left, 22.0
		p.SetFont(pdfFont, "", 10)
		p.SetXY(left, 12)
		p.CellFormat(pw-2*left, 5, "Cut along the dashed lines, fold in the middle, and keep it with your bank cards.", "", 1, "L", false, 0, "")
		p.SetLineWidth(0.3)
		p.SetDashPattern([]float64{1.5, 1}, 0)
		p.Rect(x0, y0, 2*cw, ch, "D")
		p.Line(x0+cw, y0, x0+cw, y0+ch)
		p.SetDashPattern(nil, 0)
		// Front: the text, shrunk until it fits the card.
		lists := c.Fit()
		size := 9.0
		for size > 4.5 && cardFront(p, c, lists, x0+pad, y0+pad, cw-2*pad, size, false) > ch-2*pad {
			size -= 0.25
		}
		cardFront(p, c, lists, x0+pad, y0+pad, cw-2*pad, size, true)
		// Back: the QR code, or who it belongs to, and when it was made.
		bx := x0 + cw + pad
		p.SetFont(pdfFont, "", 6)
		if c.QR {
			side := ch - 2*pad - 9
			if err := pdfQR(p, text, bx+(cw-2*pad-side)/2, y0+pad, side); err != nil {
				return err
			}
			p.SetXY(bx, y0+pad+side+0.5)
			p.CellFormat(cw-2*pad, 3, "Scan for the same text.", "", 1, "C", false, 0, "")
		} else {
			p.SetXY(bx, y0+ch/2-8)
			p.SetFont(pdfFont, "B", 8)
			p.MultiCell(cw-2*pad, 4, p.t("Emergency card of "+c.Who()), "", "C", false)
			p.SetFont(pdfFont, "", 6)
		}
		p.SetX(bx)
		p.MultiCell(cw-2*pad, 2.8, p.t(made), "", "C", false)
		return p.finish(w)
	}
	width := pw - 2*left
	p.SetFillColor(0, 0, 0)
	p.SetTextColor(255, 255, 255)
	p.SetFont(pdfFont, "B", 26)
	p.CellFormat(width, 14, "In an emergency", "", 1, "L", true, 0, "")
	p.SetTextColor(0, 0, 0)
	p.Ln(3)
	p.SetFont(pdfFont, "B", 18)
	p.MultiCell(width, 9, p.t(c.Who()), "", "L", false)
	if c.Notes != "" {
		p.Ln(2)
		p.SetFont(pdfFont, "B", 15)
		p.MultiCell(width, 7.5, p.t(c.KnowFirst()), "1", "L", false)
	}
	lists := c.Lists()
	if c.Languages != "" {
		lists = append(lists, CardList{Label: "Speaks", Items: []string{c.Languages}})
	}
	for _, l := range lists {
		if len(l.Items) == 0 {
			continue
		}
		p.Ln(3)
		p.SetFont(pdfFont, "B", 15)
		p.CellFormat(width, 8, p.t(l.Label), "B", 1, "L", false, 0, "")
		p.SetFont(pdfFont, "", 15)
		for _, it := range l.Items {
			p.MultiCell(width, 7.5, p.t("•  "+it), "", "L", false)
		}
	}
	_, ph := p.GetPageSize()
	if c.QR {
		const side = 55.0
		y := math.Max(p.GetY()+6, ph-15-side-14)
		if y+side+14 > ph-10 {
			p.AddPage()
			y = 20
		}
		if err := pdfQR(p, text, (pw-side)/2, y, side); err != nil {
			return err
		}
		p.SetXY(left, y+side+1)
		p.SetFont(pdfFont, "", 10)
		p.CellFormat(width, 5, "Scan with a phone's camera for this card as text.", "", 1, "C", false, 0, "")
	}
	p.SetFont(pdfFont, "", 10)
	p.Ln(2)
	p.MultiCell(width, 5, p.t(made), "", "L", false)
	return p.finish(w)
}

// cardFront lays out the wallet card's front at font size pt and returns
// its height; draw false only measures.
func cardFront(p *pdfDoc, c Card, lists []CardList, x, y, w, pt float64, draw bool) float64 {
	lh := pt * 0.3528 * 1.2 // points to millimetres, with leading
	h := 0.0
	line := func(s, style string, size float64, fill bool) {
		p.SetFont(pdfFont, style, size)
		s = p.t(s)
		lines := p.SplitText(s, w-1)
		if draw {
			p.SetXY(x, y+h)
			if fill {
				p.SetFillColor(0, 0, 0)
				p.SetTextColor(255, 255, 255)
			}
			p.MultiCell(w, size*0.3528*1.2, s, "", "L", fill)
			p.SetTextColor(0, 0, 0)
		}
		h += float64(len(lines)) * size * 0.3528 * 1.2
	}
	line("In an emergency", "B", pt+1.5, true)
	h += lh * 0.2
	line(c.Who(), "B", pt+0.5, false)
	if s := c.KnowFirst(); s != "" {
		line(s, "B", pt, false)
	}
	for _, l := range lists {
		if s := l.Line(); s != "" {
			line(s, "", pt, false)
		}
	}
	if s := c.Speaks(); s != "" {
		line(s, "", pt, false)
	}
	p.SetFont(pdfFont, "", pt)
	return h
}

// pdfQR draws text's QR code as black squares, side millimetres wide with
// its quiet zone.
func pdfQR(p *pdfDoc, text string, x, y, side float64) error {
	c, err := qrcode.Encode(text)
	if err != nil {
		return err
	}
	dark, n := c.Dark, c.Size()
	m := side / float64(n)
	p.SetFillColor(0, 0, 0)
	for yy := 0; yy < n; yy++ {
		// One rectangle per run of dark modules keeps the file small.
		for xx := 0; xx < n; {
			if !dark(xx, yy) {
				xx++
				continue
			}
			start := xx
			for xx < n && dark(xx, yy) {
				xx++
			}
			p.Rect(x+float64(start)*m, y+float64(yy)*m, float64(xx-start)*m, m, "F")
		}
	}
	return nil
}
