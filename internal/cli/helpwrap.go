package cli

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// helpWidth is the width --help is wrapped to: $COLUMNS when set, else the
// terminal's, else 0 (no wrapping, as for a pipe).
func (r *runner) helpWidth() int {
	if n, err := strconv.Atoi(strings.TrimSpace(r.env.Getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	if r.env.StdoutIsTerminal && r.env.TerminalSize != nil {
		if cols, _ := r.env.TerminalSize(); cols > 0 {
			return cols
		}
	}
	return 0
}

// asksHelp reports whether args ask for help (--help, -h, or the help
// command), the only output phr wraps: data, completion scripts and the
// man page are never touched.
func asksHelp(args []string) bool {
	for i, a := range args {
		switch {
		case a == "--":
			return false
		case a == "--help", a == "-h", i == 0 && a == "help":
			return true
		}
	}
	return false
}

// wrapWriter wraps every line longer than width between words, never
// inside one, and indents the rest of a line under its description (the
// text after the first gap of two spaces), as help lists commands and
// flags. Escape sequences (fang's colours) take no width.
type wrapWriter struct {
	w     io.Writer
	width int
	buf   []byte
}

func (ww *wrapWriter) Write(p []byte) (int, error) {
	ww.buf = append(ww.buf, p...)
	for {
		i := bytes.IndexByte(ww.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(ww.buf[:i])
		ww.buf = ww.buf[i+1:]
		if _, err := io.WriteString(ww.w, wrapLine(line, ww.width)+"\n"); err != nil {
			return 0, err
		}
	}
}

// Flush writes what is left after the last newline.
func (ww *wrapWriter) Flush() error {
	if len(ww.buf) == 0 {
		return nil
	}
	_, err := io.WriteString(ww.w, wrapLine(string(ww.buf), ww.width))
	ww.buf = nil
	return err
}

// wrapLine wraps one line to width cells.
func wrapLine(line string, width int) string {
	plain := stripEscapes(line)
	if width <= 0 || utf8.RuneCountInString(plain) <= width {
		return line
	}
	lead := len(plain) - len(strings.TrimLeft(plain, " "))
	hang := lead
	words := strings.Split(line, " ")
	// The description starts after the line's last gap of two spaces or
	// more. Where that is too far right (fang pads every command to the
	// longest), the description goes on its own lines, a step in.
	if i := strings.LastIndex(strings.TrimRight(plain, " "), "  "); i > lead {
		col := utf8.RuneCountInString(plain[:i+2])
		if col <= width/2 {
			hang = col
		} else if k := descStart(words); k > 0 {
			j := k
			for j > 0 && words[j-1] == "" {
				j--
			}
			return wrapLine(strings.Join(words[:j], " "), width) + "\n" +
				wrapLine(strings.Repeat(" ", lead+4)+strings.Join(words[k:], " "), width)
		}
	}
	var out, cur strings.Builder
	curW := 0
	for i, word := range words {
		ww := utf8.RuneCountInString(stripEscapes(word))
		if i > 0 && curW+1+ww > width && strings.TrimSpace(stripEscapes(cur.String())) != "" {
			out.WriteString(strings.TrimRight(cur.String(), " ") + "\n")
			cur.Reset()
			cur.WriteString(strings.Repeat(" ", hang))
			curW = hang
			if ww > 0 {
				cur.WriteString(word)
				curW += ww
			}
			continue
		}
		fresh := i > 0 && curW == hang && strings.TrimSpace(stripEscapes(cur.String())) == ""
		if fresh && ww == 0 {
			continue // no gap at the start of a wrapped line
		}
		if i > 0 && !fresh {
			cur.WriteString(" ")
			curW++
		}
		cur.WriteString(word)
		curW += ww
	}
	out.WriteString(strings.TrimRight(cur.String(), " "))
	return out.String()
}

// descStart is the index of the first word after the last gap of two
// spaces or more between words (0 when there is none).
func descStart(words []string) int {
	last := 0
	for k := 1; k < len(words); k++ {
		if words[k] != "" && words[k-1] == "" && k >= 2 && strings.TrimSpace(strings.Join(words[:k], "")) != "" {
			last = k
		}
	}
	return last
}

// stripEscapes drops ANSI escape sequences (CSI and OSC), which take no
// width on screen.
func stripEscapes(s string) string {
	if !strings.Contains(s, "\x1b") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != 0x1b || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '[':
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			i = j
		case ']':
			j := i + 2
			for j < len(s) && s[j] != 0x07 && !(s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\') {
				j++
			}
			if j < len(s) && s[j] == 0x1b {
				j++
			}
			i = j
		default:
			i++
		}
	}
	return b.String()
}
