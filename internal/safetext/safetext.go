// Package safetext makes text that came from outside phr (an extract, an
// imported file, a carer's name, a command-line argument quoted back) safe
// to put on a terminal. It is the one sanitiser every display edge uses:
// the commands' text output, the interface and the extract viewer.
//
// Start with [Line] for a one-line field (a title, a value, a name) and
// [Text] for a field that may hold several lines (notes). Both remove every
// escape sequence (CSI, OSC, DCS, APC, PM, SOS, in their 7-bit ESC forms and
// their 8-bit C1 forms), every other C0 and C1 control, the bidirectional
// controls and the other default-ignorable format characters, so that no
// text can move the cursor, erase or redraw lines, write the clipboard,
// make hyperlinks, or reorder what is around it. The stored data is never
// changed: sanitise only what is shown, never what is kept or what --json
// prints.
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NewlineMark is what [Line] shows in place of a line break inside a
// one-line field, so a title cannot draw a fake row under itself.
const NewlineMark = "⏎"

// Line returns s fit for one line of a terminal: escape sequences and
// controls removed, each line break (LF, CR LF, VT, FF, NEL, U+2028,
// U+2029) shown as [NewlineMark], a tab as a space, a bare CR removed.
func Line(s string) string {
	if plain(s) {
		return s
	}
	var b strings.Builder
	clean(&b, s, NewlineMark)
	return b.String()
}

// Text returns s fit for a terminal as several lines: as [Line], but line
// breaks are kept as "\n" and each line is cleaned on its own; a tab becomes
// four spaces.
func Text(s string) string {
	if plain(s) {
		return s
	}
	var b strings.Builder
	clean(&b, s, "\n")
	return b.String()
}

// plain reports whether s is printable ASCII only, which needs no work.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// C0 and C1 controls the parser treats specially.
const (
	esc = 0x1b
	bel = 0x07
	can = 0x18
	sub = 0x1a
	dcs = 0x90 // 8-bit forms, as code points U+0080-U+009F
	sos = 0x98
	csi = 0x9b
	st  = 0x9c
	osc = 0x9d
	pm  = 0x9e
	apc = 0x9f
	nel = 0x85
)

// clean writes s to b without its escape sequences and unsafe characters,
// writing nl for each line break.
//
// The parser follows ECMA-48 as xterm applies it: terminals in UTF-8 mode
// act on the C1 controls as code points (U+009B is a CSI), so they are
// parsed as runes. charmbracelet/x/ansi's decoder reads 8-bit controls only
// as raw bytes, which a UTF-8 string never holds, so it is not used here.
func clean(b *strings.Builder, s string, nl string) {
	b.Grow(len(s))
	emojiBefore := false // for keeping ZWJ and emoji variation selectors
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Not UTF-8: shown as the replacement character, never passed on.
			b.WriteRune(unicode.ReplacementChar)
			i++
			emojiBefore = false
			continue
		}
		i += size
		switch {
		case r == esc:
			i = skipEscape(s, i)
			continue
		case r == csi:
			i = skipControlSequence(s, i, false)
			continue
		case r == dcs:
			i = skipControlSequence(s, i, true)
			continue
		case r == osc || r == sos || r == pm || r == apc:
			i = skipString(s, i)
			continue
		case r == '\n' || r == '\v' || r == '\f' || r == nel || r == '\u2028' || r == '\u2029':
			b.WriteString(nl)
			emojiBefore = false
			continue
		case r == '\t':
			if nl == "\n" {
				b.WriteString("    ")
			} else {
				b.WriteByte(' ')
			}
			emojiBefore = false
			continue
		case r == '\u200d' || unicode.Is(unicode.Variation_Selector, r):
			// Joiners and variation selectors shape emoji; alone they
			// only hide, so they are kept only after an emoji.
			if emojiBefore {
				b.WriteRune(r)
			}
			continue
		case Unsafe(r):
			continue
		}
		b.WriteRune(r)
		emojiBefore = r >= 0x2000 && (unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r))
	}
}

// Unsafe reports whether r is never shown: a C0 or C1 control (a line
// break and a tab are handled by [Line] and [Text]), DEL, a bidirectional
// control, or another default-ignorable or format character (zero-width
// spaces and joiners, soft hyphen, word joiner, invisible operators,
// interlinear annotations, variation selectors, tags, the BOM).
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r < 0xa0:
		return false
	case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Bidi_Control, r),
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r),
		unicode.Is(unicode.Variation_Selector, r),
		r >= 0xfff0 && r <= 0xfff8, r >= 0xe0000 && r <= 0xe0fff:
		return true
	}
	return false
}

// skipEscape skips what follows an ESC at s[i:] and returns where the text
// resumes. ESC [ and ESC P open a control sequence, ESC ] X ^ _ a string;
// otherwise intermediates (0x20-0x2F) and one final byte (0x30-0x7E).
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipControlSequence(s, i+1, false)
	case 'P':
		return skipControlSequence(s, i+1, true)
	case ']', 'X', '^', '_':
		return skipString(s, i+1)
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipControlSequence skips a CSI's or DCS's parameters (0x30-0x3F),
// intermediates (0x20-0x2F) and final byte (0x40-0x7E); a DCS then carries
// a string up to its terminator. Anything else ends the sequence where it
// stands, and is then cleaned as text.
func skipControlSequence(s string, i int, isDCS bool) int {
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
		if isDCS {
			return skipString(s, i)
		}
	}
	return i
}

// skipString skips a control string (OSC, DCS data, SOS, PM, APC) up to and
// including its terminator: ST as ESC \ or U+009C, BEL, or CAN or SUB, which
// cancel it; any other ESC cancels it and begins a new sequence. An unterminated string runs to the end, as a terminal would
// swallow it.
func skipString(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case bel, st, can, sub:
			return i + size
		case esc:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // another escape cancels the string and starts anew
		}
		i += size
	}
	return i
}
