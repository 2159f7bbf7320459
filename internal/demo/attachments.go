package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
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
// no AttachmentBytes they are the plain-text letters and a small PNG of an
// ECG tracing (a few kilobytes, held in memory); otherwise the total is
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
		if sizes == nil && d.letter.Image {
			img := ecgPNG(55+g.r.IntN(30), g.r.Uint64())
			it.Attachments = append(it.Attachments, Blob{
				Name: fmt.Sprintf("ecg-%s%s.png", day, suffix),
				Type: "image/png",
				Size: int64(len(img)),
				Open: func() io.Reader { return bytes.NewReader(img) },
			})
			continue
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

// ecgPNG draws ten seconds of a normal ECG rhythm strip (lead II at 25 mm/s
// and 10 mm/mV on the usual pink grid, 4 pixels to the millimetre) at the
// heart rate, with a little baseline wander and beat-to-beat variation drawn
// from seed, and returns it as PNG.
func ecgPNG(rate int, seed uint64) []byte {
	const (
		mm     = 4
		width  = 250 * mm // 10 s at 25 mm/s
		height = 40 * mm  // 4 mV
	)
	r := rand.New(rand.NewPCG(seed, uint64(rate)))
	pal := color.Palette{
		color.RGBA{0xff, 0xff, 0xff, 0xff}, // paper
		color.RGBA{0xf6, 0xc8, 0xc8, 0xff}, // millimetre lines
		color.RGBA{0xe0, 0x80, 0x80, 0xff}, // 5 mm lines
		color.RGBA{0x10, 0x10, 0x30, 0xff}, // trace
	}
	img := image.NewPaletted(image.Rect(0, 0, width, height), pal)
	for y := range height {
		for x := range width {
			switch {
			case x%(5*mm) == 0 || y%(5*mm) == 0:
				img.SetColorIndex(x, y, 2)
			case x%mm == 0 || y%mm == 0:
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	// One beat as a sum of Gaussian waves: P, Q, R, S and T, in seconds
	// from the beat's start and millivolts.
	type wave struct{ at, amp, width float64 }
	beat := []wave{{0.16, 0.15, 0.025}, {0.26, -0.10, 0.010}, {0.29, 1.30, 0.012}, {0.32, -0.25, 0.010}, {0.55, 0.30, 0.045}}
	period := 60 / float64(rate)
	var starts []float64
	for t := -period * r.Float64(); t < 10; t += period * (1 + 0.04*r.NormFloat64()) {
		starts = append(starts, t)
	}
	wander := r.Float64() * 2 * math.Pi
	mv := func(t float64) float64 {
		v := 0.05 * math.Sin(2*math.Pi*0.25*t+wander)
		for _, s := range starts {
			if d := t - s; d > -0.2 && d < 1 {
				for _, w := range beat {
					v += w.amp * math.Exp(-(d-w.at)*(d-w.at)/(2*w.width*w.width))
				}
			}
		}
		return v
	}
	base := float64(height) * 0.6
	prev := -1
	for x := range width {
		y := int(math.Round(base - mv(float64(x)/(25*mm))*10*mm))
		y = min(max(y, 1), height-2)
		lo, hi := y, y
		if prev >= 0 {
			lo, hi = min(y, prev), max(y, prev)
		}
		for yy := lo; yy <= hi; yy++ {
			img.SetColorIndex(x, yy, 3)
			img.SetColorIndex(x, yy+1, 3)
		}
		prev = y
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		panic(err) // writing to memory cannot fail
	}
	return buf.Bytes()
}
