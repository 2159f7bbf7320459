// Package qrcode is phr's one QR code: text encoded at the lowest error
// correction (the largest modules for the text, so a phone reads it from a
// terminal or a wallet card), with its quiet zone, drawn as terminal half
// blocks or as an image. The carer's key (phr keygen) and the emergency card
// both use it.
package qrcode

import (
	"fmt"
	"image"
	"strings"

	goqr "github.com/piglig/go-qr"
)

// Quiet is the light margin around a code, in modules; readers need four.
const Quiet = 4

// Code is an encoded QR code.
type Code struct {
	c *goqr.QrCode
}

// Encode encodes text: alphanumeric mode where the text is only digits,
// capitals and " $%*+-./:", byte mode (UTF-8) otherwise, at error correction
// L (7%). It fails only when the text is too long for a QR code.
func Encode(text string) (*Code, error) {
	c, err := goqr.EncodeText(text, goqr.Low)
	if err != nil {
		return nil, fmt.Errorf("make the QR code: %w", err)
	}
	return &Code{c: c}, nil
}

// Size is the number of modules a side, quiet zone included.
func (c *Code) Size() int { return c.c.Size() + 2*Quiet }

// Dark reports whether module (x, y) is dark, counting the quiet zone
// (light) from (0, 0) to Size()-1.
func (c *Code) Dark(x, y int) bool { return c.c.Module(x-Quiet, y-Quiet) }

// Text draws the code with Unicode half blocks, two rows of modules a line
// and one column a module, ending each line with a newline. Light modules
// are drawn (in the foreground colour) and dark ones left blank, so the code
// reads right on a terminal with light text on a dark background, the usual
// default; on a light theme it shows inverted, which many but not all
// scanners accept. The drawing is Size() columns wide and (Size()+1)/2 lines.
func (c *Code) Text() string {
	n := c.Size()
	var b strings.Builder
	b.Grow((n + 1) / 2 * (3*n + 1))
	for y := 0; y < n; y += 2 {
		for x := 0; x < n; x++ {
			top, bottom := !c.Dark(x, y), y+1 >= n || !c.Dark(x, y+1)
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
	return b.String()
}

// Image draws the code black on white, scale pixels a module, quiet zone
// included: what a phone's camera sees on paper.
func (c *Code) Image(scale int) (image.Image, error) {
	img, err := c.c.ToImage(goqr.NewQrCodeImgConfig(scale, Quiet))
	if err != nil {
		return nil, fmt.Errorf("draw the QR code: %w", err)
	}
	return img, nil
}
