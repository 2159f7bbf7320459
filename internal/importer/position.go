package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
)

// lineCounter passes bytes through and remembers where lines start, so an
// error at a byte offset can be reported as a line and column. Offsets the
// reader has moved past for good are forgotten (see forget), so a large file
// does not keep one number per line.
type lineCounter struct {
	r        io.Reader
	off      int64   // bytes passed through so far
	dropped  int64   // newlines forgotten
	lastDrop int64   // offset of the last forgotten newline, -1 if none
	nl       []int64 // offsets of remembered newlines, ascending
	buf      []byte  // bytes from bufStart on, to find the place of an error
	bufStart int64
	// limit, when set, bounds the bytes read since the last forget (one
	// resource and what the decoder read ahead): beyond it Read fails with
	// ErrResourceTooLarge, so a huge resource is refused before it is
	// held whole several times over.
	limit int64
}

func newLineCounter(r io.Reader) *lineCounter {
	return &lineCounter{r: r, lastDrop: -1}
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	b := p[:n]
	base := c.off
	for {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		c.nl = append(c.nl, base+int64(i))
		base += int64(i) + 1
		b = b[i+1:]
	}
	c.buf = append(c.buf, p[:n]...)
	c.off += int64(n)
	if c.limit > 0 && c.off-c.bufStart > c.limit {
		return n, ErrResourceTooLarge
	}
	return n, err
}

// forget drops newlines before off: no later error can lie before it.
func (c *lineCounter) forget(off int64) {
	if drop := off - c.bufStart; drop > 0 && drop <= int64(len(c.buf)) {
		c.buf = append(c.buf[:0], c.buf[drop:]...)
		c.bufStart = off
	}
	k := sort.Search(len(c.nl), func(i int) bool { return c.nl[i] >= off })
	if k == 0 {
		return
	}
	c.dropped += int64(k)
	c.lastDrop = c.nl[k-1]
	c.nl = append(c.nl[:0], c.nl[k:]...)
}

// pos returns the 1-based line and column (in bytes) of the byte at off.
func (c *lineCounter) pos(off int64) (line, col int64) {
	if off < 0 {
		off = 0
	}
	k := sort.Search(len(c.nl), func(i int) bool { return c.nl[i] >= off })
	last := c.lastDrop
	if k > 0 {
		last = c.nl[k-1]
	}
	return c.dropped + int64(k) + 1, off - last
}

// syntaxPlace finds the exact offset of a syntax error in the value that
// starts after the last forgotten offset (json.Decoder reports offsets
// relative to its own buffer). It returns -1 when it cannot.
func (c *lineCounter) syntaxPlace() int64 {
	b := c.buf
	i := 0
	skip := func() {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
			i++
		}
	}
	skip()
	if i < len(b) && (b[i] == ',' || b[i] == ':') {
		i++
		skip()
	}
	var v json.RawMessage
	var se *json.SyntaxError
	if err := json.Unmarshal(b[i:], &v); errors.As(err, &se) {
		return c.bufStart + int64(i) + se.Offset - 1
	}
	return -1
}
