package summary

import (
	"fmt"
	"html/template"
	"image"
	"strings"

	goqr "github.com/piglig/go-qr"
)

// qrQuiet is the white margin around a code, in modules; readers need it.
const qrQuiet = 4

// encodeQR encodes text (UTF-8, byte mode where it is not plain digits or
// capitals) at the lowest error correction the text's version allows, which
// keeps a 600-character card at version 19 or below: large modules, so a
// phone's camera reads it from a wallet card.
func encodeQR(text string) (*goqr.QrCode, error) {
	c, err := goqr.EncodeText(text, goqr.Low)
	if err != nil {
		return nil, fmt.Errorf("make the QR code: %w", err)
	}
	return c, nil
}

// qrDark reports whether module (x, y) of c is dark, counting the quiet zone
// around it (light), so callers draw from (0, 0) to the returned size.
func qrDark(c *goqr.QrCode) (dark func(x, y int) bool, n int) {
	return func(x, y int) bool { return c.Module(x-qrQuiet, y-qrQuiet) }, c.Size() + 2*qrQuiet
}

// QRText draws text's QR code with half blocks, two modules a line, light
// modules in the foreground colour as phr keygen does (a terminal's text is
// light on dark), and returns it with its width in columns, so the caller
// can draw it only where it fits.
func QRText(text string) (art string, cols int, err error) {
	c, err := encodeQR(text)
	if err != nil {
		return "", 0, err
	}
	dark, n := qrDark(c)
	var b strings.Builder
	for y := 0; y < n; y += 2 {
		for x := 0; x < n; x++ {
			top, bottom := !dark(x, y), y+1 >= n || !dark(x, y+1)
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String(), n, nil
}

// QRImage draws text's QR code as a black-on-white image, scale pixels a
// module, with its quiet zone: what a phone's camera sees on paper.
func QRImage(text string, scale int) (image.Image, error) {
	c, err := encodeQR(text)
	if err != nil {
		return nil, err
	}
	img, err := c.ToImage(goqr.NewQrCodeImgConfig(scale, qrQuiet))
	if err != nil {
		return nil, fmt.Errorf("draw the QR code: %w", err)
	}
	return img, nil
}

// qrSVG draws text's QR code as an inline SVG of dark squares on white, size
// wide (a CSS length); it holds only numbers, so it is safe to mark as HTML.
func qrSVG(text string, size string) (template.HTML, error) {
	c, err := encodeQR(text)
	if err != nil {
		return "", err
	}
	dark, n := qrDark(c)
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
