package firstrun

import (
	"strings"
	"testing"
)

// TestWrapWords: a suggested passphrase breaks only after a hyphen, and
// every line fits when its words do.
func TestWrapWords(t *testing.T) {
	p := "lantern-meadow-violin-orchard-pebble"
	for _, w := range []int{16, 20, 30, 60} {
		got := wrapWords(p, w)
		if strings.ReplaceAll(got, "\n", "") != p {
			t.Fatalf("wrapWords(%d) changed the passphrase: %q", w, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if len(line) > w {
				t.Errorf("wrapWords(%d): %q is wider than %d", w, line, w)
			}
			if !strings.HasSuffix(line, "-") && !strings.HasSuffix(p, line) {
				t.Errorf("wrapWords(%d): %q breaks inside a word", w, line)
			}
		}
	}
	if got := wrapWords("extraordinarily-long", 8); got != "extraordinarily-\nlong" {
		t.Errorf("a long word: %q", got)
	}
}
