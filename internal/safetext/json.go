package safetext

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// EscapeJSON returns the JSON document b with every character [Unsafe]
// reports (C1 controls, bidirectional and other invisible format
// characters; encoding/json already escapes C0) written as a \u escape, so
// that --json keeps the exact text, which any JSON reader decodes back,
// while the terminal it may be printed on never sees those characters raw.
// Outside strings JSON holds only ASCII, so only strings change.
func EscapeJSON(b []byte) []byte {
	clean := true
	for _, r := range string(b) {
		if r >= 0x7f && Unsafe(r) {
			clean = false
			break
		}
	}
	if clean {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r >= 0x7f && Unsafe(r) {
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
			} else {
				out = fmt.Appendf(out, `\u%04x`, r)
			}
		} else {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	return out
}
