package cli

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWrapLine: help lines wrap between words under their description,
// escape sequences take no width, and a word is never split.
func TestWrapLine(t *testing.T) {
	cases := []struct {
		line  string
		width int
		want  string
	}{
		{"  add   Add an entry", 40, "  add   Add an entry"},
		{"  import      Import FHIR (JSON, XML, NDJSON), C-CDA XML or CSV", 40,
			"  import      Import FHIR (JSON, XML,\n              NDJSON), C-CDA XML or CSV"},
		{"\x1b[1mimport\x1b[0m  Import the files", 17, "\x1b[1mimport\x1b[0m  Import\n        the files"},
		{"averyveryverylongword and more", 10, "averyveryverylongword\nand more"},
		{"no wrap wanted here", 0, "no wrap wanted here"},
		// fang pads every command to the longest: the description moves
		// under it.
		{"    rm ID [--flags]" + strings.Repeat(" ", 50) + "Remove an entry (backups keep it)", 42,
			"    rm ID [--flags]\n        Remove an entry (backups keep it)"},
	}
	for _, c := range cases {
		got := wrapLine(c.line, c.width)
		if got != c.want {
			t.Errorf("wrapLine(%q, %d) =\n%q\nwant\n%q", c.line, c.width, got, c.want)
		}
		words := strings.Fields(stripEscapes(c.line))
		if strings.Join(strings.Fields(stripEscapes(got)), " ") != strings.Join(words, " ") {
			t.Errorf("wrapLine(%q) changed or split a word: %q", c.line, got)
		}
		for _, l := range strings.Split(got, "\n") {
			if n := utf8.RuneCountInString(stripEscapes(l)); c.width > 0 && n > c.width && !strings.Contains(l, "averyvery") {
				t.Errorf("wrapLine(%q): %q is %d wide", c.line, l, n)
			}
		}
	}
}

func TestAsksHelp(t *testing.T) {
	for args, want := range map[string]bool{"--help": true, "list -h": true, "help list": true,
		"list": false, "add -- --help": false, "completion bash": false} {
		if got := asksHelp(strings.Fields(args)); got != want {
			t.Errorf("asksHelp(%q) = %v", args, got)
		}
	}
}
