package summary

import (
	"fmt"
	"html/template"
	"image"
	"strings"

	"github.com/phrhealth/phr/internal/qrcode"
)

// QRText draws text's QR code with half blocks (qrcode.Code.Text, as phr
// keygen does) and returns it with its width in columns, so the caller can
// draw it only where it fits.
func QRText(text string) (art string, cols int, err error) {
	c, err := qrcode.Encode(text)
	if err != nil {
		return "", 0, err
	}
	return c.Text(), c.Size(), nil
}

// QRImage draws text's QR code as a black-on-white image, scale pixels a
// module, with its quiet zone: what a phone's camera sees on paper.
func QRImage(text string, scale int) (image.Image, error) {
	c, err := qrcode.Encode(text)
	if err != nil {
		return nil, err
	}
	return c.Image(scale)
}

// qrSVG draws text's QR code as an inline SVG of dark squares on white, size
// wide (a CSS length); it holds only numbers, so it is safe to mark as HTML.
func qrSVG(text string, size string) (template.HTML, error) {
	c, err := qrcode.Encode(text)
	if err != nil {
		return "", err
	}
	dark, n := c.Dark, c.Size()
	var path strings.Builder
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if dark(x, y) {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	return template.HTML(fmt.Sprintf(`<svg class="qr" width="%s" height="%s" viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img" aria-label="QR code of the card's text"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		template.HTMLEscapeString(size), template.HTMLEscapeString(size), n, n, n, n, path.String())), nil
}
