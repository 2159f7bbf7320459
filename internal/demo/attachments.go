package demo

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/when"
)

// docRef is a document entry waiting for its attachments: its position in
// the others list and the letter it stands for.
type docRef struct {
	index  int
	letter letter
}

// attach hangs size.Attachments blobs on the document entries, in turn. With
// no AttachmentBytes they are the plain-text letters; otherwise the total is
// split between them (each within half and one and a half of the mean) and
// filled with deterministic random bytes, produced only when read.
func (g *gen) attach(items []Item, size Size, name string) {
	n := size.Attachments
	if n <= 0 || len(items) == 0 {
		return
	}
	docs := g.docs
	if len(docs) == 0 { // too few entries for a letter: use any entry
		docs = []docRef{{index: 0, letter: letters[0]}}
	}
	var sizes []int64
	if size.AttachmentBytes > 0 {
		sizes = g.split(size.AttachmentBytes, n)
	}
	for i := range n {
		d := docs[i%len(docs)]
		it := &items[d.index]
		day := when.DateOf(it.Entry.Date)
		suffix := ""
		if k := len(it.Attachments); k > 0 {
			suffix = fmt.Sprintf("-%d", k+1)
		}
		if sizes == nil {
			text := letterText(d.letter, it.Entry, name)
			it.Attachments = append(it.Attachments, Blob{
				Name: fmt.Sprintf("letter-%s%s.txt", day, suffix),
				Type: "text/plain; charset=utf-8",
				Size: int64(len(text)),
				Open: func() io.Reader { return strings.NewReader(text) },
			})
			continue
		}
		var seed [32]byte
		for j := 0; j < len(seed); j += 8 {
			v := g.r.Uint64()
			for k := range 8 {
				seed[j+k] = byte(v >> (8 * k))
			}
		}
		n := sizes[i]
		it.Attachments = append(it.Attachments, Blob{
			Name: fmt.Sprintf("scan-%s%s.bin", day, suffix),
			Type: "application/octet-stream",
			Size: n,
			Open: func() io.Reader { return io.LimitReader(rand.NewChaCha8(seed), n) },
		})
	}
}

// split divides total into n positive parts that sum to total exactly.
func (g *gen) split(total int64, n int) []int64 {
	w := make([]float64, n)
	var sum float64
	for i := range w {
		w[i] = 0.5 + g.r.Float64()
		sum += w[i]
	}
	out := make([]int64, n)
	var used int64
	for i := range out {
		out[i] = max(1, int64(float64(total)*w[i]/sum))
		used += out[i]
	}
	out[n-1] += total - used
	return out
}

// letterText writes a short clinic letter to the patient.
func letterText(l letter, e record.Entry, name string) string {
	date := e.Date
	if t, err := time.Parse(when.DateLayout, when.DateOf(e.Date)); err == nil {
		date = t.Format("2 January 2006")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n\nRe: %s\n\nDear %s,\n\n", l.From, date, l.Title, name)
	for _, line := range wrap(l.Body, 72) {
		b.WriteString(line + "\n")
	}
	fmt.Fprintf(&b, "\nYours sincerely,\n\n%s\n\nThis letter is synthetic demo data.\n", strings.SplitN(l.From, ",", 2)[0])
	return b.String()
}

// wrap breaks text into lines of at most width characters.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
