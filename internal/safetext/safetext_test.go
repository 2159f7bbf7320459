package safetext

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every family of escape sequence and every kind of invisible or
// reordering character, one row each.
func TestLine(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "Metformin 500 mg", "Metformin 500 mg"},
		{"unicode kept", "Ibuprofène 200 mg, 头痛, 🙂", "Ibuprofène 200 mg, 头痛, 🙂"},
		{"emoji with joiner and selector kept", "👩‍⚕️ nurse", "👩‍⚕️ nurse"},
		{"CSI colour", "\x1b[31mred\x1b[0m", "red"},
		{"CSI erase line and cursor up", "real\x1b[2K\x1b[1A\x1b[2Kfake", "realfake"},
		{"CSI private mode", "a\x1b[?1049hb", "ab"},
		{"CSI with intermediate", "a\x1b[0 qb", "ab"},
		{"8-bit CSI", "a\u009b2Jb", "ab"},
		{"OSC 52 clipboard, BEL", "a\x1b]52;c;ZXZpbA==\x07b", "ab"},
		{"OSC 52 clipboard, ST", "a\x1b]52;c;ZXZpbA==\x1b\\b", "ab"},
		{"OSC 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"OSC title", "a\x1b]0;pwned\x07b", "ab"},
		{"8-bit OSC with 8-bit ST", "a\u009d52;c;ZXZpbA==\u009cb", "ab"},
		{"DCS", "a\x1bP1$qm\x1b\\b", "ab"},
		{"DCS sixel", "a\x1bPq#0;2;0;0;0#0~~\x1b\\b", "ab"},
		{"8-bit DCS", "a\u0090qdata\u009cb", "ab"},
		{"APC", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"8-bit APC", "a\u009fdata\u009cb", "ab"},
		{"PM", "a\x1b^private\x1b\\b", "ab"},
		{"8-bit PM", "a\u009eprivate\u009cb", "ab"},
		{"SOS", "a\x1bXstring\x1b\\b", "ab"},
		{"8-bit SOS", "a\u0098string\u009cb", "ab"},
		{"string cancelled by CAN", "a\x1b]52;c;x\x18b", "ab"},
		{"string cut by another escape", "a\x1b]0;t\x1b[2Jb", "ab"},
		{"unterminated string swallows the rest", "a\x1b]52;c;ZXZpbA==", "a"},
		{"ESC alone at the end", "a\x1b", "a"},
		{"two-byte escape: index, reset", "a\x1bDb\x1bcc", "abc"},
		{"charset designation", "a\x1b(0b", "ab"},
		{"save and restore cursor", "a\x1b7b\x1b8c", "abc"},
		{"C0 controls", "a\x00\x01\x07\x08\x7fb", "ab"},
		{"C1 controls", "a\u0080\u0084\u008db", "ab"},
		{"bare CR removed", "real\rfake", "realfake"},
		{"newline shown", "Take 2\nTake 20", "Take 2" + NewlineMark + "Take 20"},
		{"CR LF one mark", "a\r\nb", "a" + NewlineMark + "b"},
		{"VT FF NEL LS PS as breaks", "a\vb\fc\u0085d\u2028e\u2029f", "a⏎b⏎c⏎d⏎e⏎f"},
		{"tab a space", "a\tb", "a b"},
		{"bidi embedding and override", "a\u202a\u202b\u202c\u202d\u202eb", "ab"},
		{"bidi isolates", "a\u2066\u2067\u2068\u2069b", "ab"},
		{"bidi marks", "a\u200e\u200f\u061cb", "ab"},
		{"zero width space, joiner alone, word joiner, BOM", "a\u200b\u200c\u200d\u2060\ufeffb", "ab"},
		{"soft hyphen, invisible operators", "a\u00ad\u2061\u2062\u2063\u2064b", "ab"},
		{"interlinear annotation", "a\ufff9hidden\ufffbb", "ahiddenb"},
		{"tags", "a\U000e0041\U000e007fb", "ab"},
		{"variation selector after a letter", "a\ufe0fb", "ab"},
		{"Hangul filler", "a\u3164b", "ab"},
		{"invalid UTF-8", "a\xff\x9bb", "a\ufffd\ufffdb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Line(tc.in); got != tc.want {
				t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"lines kept", "one\ntwo\n", "one\ntwo\n"},
		{"CR LF", "one\r\ntwo", "one\ntwo"},
		{"each line cleaned", "one\x1b[1A\x1b[2K\nt\u202ewo", "one\ntwo"},
		{"tab four spaces", "\tdose", "    dose"},
		{"string across lines removed whole", "a\x1b]52;c;x\ny\x07b", "ab"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Text(tc.in); got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// forbidden reports the first rune of out that must never reach a
// terminal: ESC, any other C0 control but the newlines allowed, a C1
// control, a bidi control, a default-ignorable format character, or bytes
// that are not UTF-8.
func forbidden(out string, newlines bool) (rune, bool) {
	if !utf8.ValidString(out) {
		return utf8.RuneError, true
	}
	for i, r := range out {
		if r == '\n' && newlines {
			continue
		}
		if r == '\u200d' || (r >= 0xfe00 && r <= 0xfe0f) {
			// Kept only after an emoji.
			prev, _ := utf8.DecodeLastRuneInString(out[:i])
			if prev >= 0x2000 && prev != '\u200d' && !Unsafe(prev) {
				continue
			}
			return r, true
		}
		if Unsafe(r) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) ||
			r == 0x200e || r == 0x200f || r == 0x061c || r == 0x2028 || r == 0x2029 {
			return r, true
		}
	}
	return 0, false
}

func FuzzSanitise(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b[31mred", "\x1b]52;c;ZXZpbA==\x07", "\u009b2J", "\u009d8;;x\u009c", "\x1bP1$q\x1b\\",
		"\x1b_G\x1b\\", "\x1b^p\x1b\\", "\x1bXs\x1b\\", "a\rb\nc", "\u202eevil\u202c", "\u2066x\u2069",
		"👩‍⚕️", "\xff\xfe", "\x1b", "\u200d\ufe0f", "a\x1b\x1b[", "🙂\u200d\u202e",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := Line(s)
		if r, bad := forbidden(line, false); bad {
			t.Fatalf("Line(%q) = %q holds %U", s, line, r)
		}
		if strings.ContainsRune(line, '\n') {
			t.Fatalf("Line(%q) = %q holds a newline", s, line)
		}
		text := Text(s)
		if r, bad := forbidden(text, true); bad {
			t.Fatalf("Text(%q) = %q holds %U", s, text, r)
		}
		// Cleaning twice changes nothing more: what is shown is stable.
		if again := Line(line); again != line {
			t.Fatalf("Line is not stable on %q: %q then %q", s, line, again)
		}
		if again := Text(text); again != text {
			t.Fatalf("Text is not stable on %q: %q then %q", s, text, again)
		}
	})
}

func TestPlainIsUntouched(t *testing.T) {
	s := "Blood pressure 142/91 mmHg"
	if Line(s) != s || Text(s) != s {
		t.Fatal("printable ASCII must pass unchanged")
	}
}

// --json keeps the exact text: the escaped document decodes to the same
// strings, and holds none of the characters raw.
func TestEscapeJSON(t *testing.T) {
	in := map[string]string{"title": "a\x1b]52;c;x\x07b\u009b2J\u202eevil\u2066\U000e0041\u00ad\x7fé🙂"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	esc := EscapeJSON(raw)
	for _, r := range string(esc) {
		if r == 0x1b || (r >= 0x7f && r <= 0x9f) || Unsafe(r) {
			t.Fatalf("EscapeJSON left %U raw in %s", r, esc)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(esc, &back); err != nil {
		t.Fatalf("escaped JSON does not parse: %v\n%s", err, esc)
	}
	if back["title"] != in["title"] {
		t.Fatalf("escaped JSON decodes to %q, want %q", back["title"], in["title"])
	}
	if !strings.Contains(string(esc), `\u202e`) || !strings.Contains(string(esc), `\udb40\udc41`) {
		t.Fatalf("escapes missing: %s", esc)
	}
	plain := []byte(`{"title":"Asthma"}`)
	if got := EscapeJSON(plain); string(got) != string(plain) {
		t.Fatalf("plain JSON changed: %s", got)
	}
}
