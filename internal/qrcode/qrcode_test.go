package qrcode

import (
	"image"
	"image/color"
	"strings"
	"testing"

	goqr "github.com/piglig/go-qr"
)

// TestTextDecodes draws codes as text, turns the half blocks back into an
// image and decodes it: the drawing must hold the text, at the size the
// docs promise.
func TestTextDecodes(t *testing.T) {
	cases := []struct {
		name string
		text string
		size int // modules a side without the quiet zone; 0: not checked
	}{
		{"alphanumeric", "AGE1" + strings.Repeat("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 2), 29},
		{"utf-8", "Zoë Ångström · allergies: penicillin", 0},
		{"long capitals", strings.Repeat("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 50), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Encode(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if tc.size != 0 && c.Size() != tc.size+2*Quiet {
				t.Errorf("size %d, want %d", c.Size(), tc.size+2*Quiet)
			}
			lines := strings.Split(strings.TrimSuffix(c.Text(), "\n"), "\n")
			if len(lines) != (c.Size()+1)/2 {
				t.Fatalf("%d lines, want %d", len(lines), (c.Size()+1)/2)
			}
			img := image.NewGray(image.Rect(0, 0, c.Size()*3, c.Size()*3))
			for y := 0; y < c.Size(); y++ {
				row := []rune(lines[y/2])
				if len(row) != c.Size() {
					t.Fatalf("line %d has %d columns, want %d", y/2, len(row), c.Size())
				}
				for x := 0; x < c.Size(); x++ {
					ch := row[x]
					light := ch == '█' || (y%2 == 0 && ch == '▀') || (y%2 == 1 && ch == '▄')
					if light == c.Dark(x, y) {
						t.Fatalf("module (%d,%d) drawn %q", x, y, ch)
					}
					v := color.Gray{Y: 0}
					if light {
						v.Y = 255
					}
					for dy := range 3 {
						for dx := range 3 {
							img.SetGray(x*3+dx, y*3+dy, v)
						}
					}
				}
			}
			got, err := goqr.Decode(img)
			if err != nil {
				t.Fatalf("decode the drawing: %v", err)
			}
			if got != tc.text {
				t.Errorf("drawing holds %q, want %q", got, tc.text)
			}
			pic, err := c.Image(2)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := goqr.Decode(pic); err != nil || got != tc.text {
				t.Errorf("image holds %q (%v), want %q", got, err, tc.text)
			}
		})
	}
	if _, err := Encode(strings.Repeat("é", 4000)); err == nil {
		t.Error("a text too long for any QR code was encoded")
	}
}
