// Package archive lays out phr archive: the whole record as a tar file that
// opens without phr. It holds README.txt (how to open and read it),
// record.ndjson (FHIR R4, one resource a line), ips.json (an International
// Patient Summary document of every entry but readings older than a year),
// record.html (the record to read in a browser),
// audit.ndjson (the audit log), manifest.json (counts and checksums) and
// attachments/ENTRY/ID-NAME (every attached file).
//
// It writes to the writer it is given and knows nothing of the vault, the
// terminal or encryption: the caller wraps the writer in age.
package archive

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/summary"
	"github.com/phrhealth/phr/internal/when"
)

// Params is what goes into an archive.
type Params struct {
	Profile record.Profile
	// Entries lists every entry, oldest first. It is called on the
	// goroutine that makes the texts, while the attachments stream, so
	// that listing a long record overlaps the attachments' crypto.
	Entries func() ([]record.Entry, error)
	// Attachments are the files to put in the archive, each with its
	// entry's id, in the order they are written.
	Attachments []Attached
	Carers      []record.Carer
	Audit       []audit.Row
	// Made is when the archive is made (the injectable clock's now).
	Made time.Time
	// Open returns an attachment's decrypted bytes.
	Open func(id string) (io.ReadCloser, error)
	// Passphrase is set when the archive is encrypted to a passphrase rather
	// than the vault key; the README then says how to open it.
	Passphrase bool
	// Version is phr's version, for the manifest.
	Version string
}

// Manifest is manifest.json: what the archive holds.
type Manifest struct {
	Format      string         `json:"format"`
	Made        time.Time      `json:"made"`
	PHR         string         `json:"phr_version,omitempty"`
	Entries     int            `json:"entries"`
	Carers      int            `json:"carers"`
	Resources   map[string]int `json:"resources"`
	Lines       int            `json:"ndjson_lines"`
	AuditRows   int            `json:"audit_rows"`
	Attachments int            `json:"attachments"`
	Files       []File         `json:"files"`
}

// Attached is an attachment with the id of its entry.
type Attached struct {
	EntryID string
	record.Attachment
}

// File is one member of the archive with its size and SHA-256.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Format names this layout in manifest.json.
const Format = "phr-archive-1"

// Write writes the archive as a tar stream to w and returns its manifest.
// Attachments are streamed: one is read (decrypted) by a second goroutine
// while the one before is written, so the reading and the caller's
// encryption use both cores, and no attachment is held whole in memory.
// The record's texts (record.ndjson, ips.json, record.html, audit.ndjson)
// are made by a third goroutine meanwhile and written after the attachments:
// a tar member's size comes before its bytes, so each text is made whole
// first (in a spool of blocks, never copied as it grows).
func Write(w io.Writer, p Params) (*Manifest, error) {
	tw := tar.NewWriter(w)
	dir := "phr-archive-" + p.Made.UTC().Format("2006-01-02")
	m := &Manifest{Format: Format, Made: p.Made.UTC(), PHR: p.Version, Carers: len(p.Carers),
		AuditRows: len(p.Audit)}
	put := func(name string, sp *spool) error {
		m.Files = append(m.Files, File{Path: name, Size: sp.n, SHA256: hex.EncodeToString(sp.sum.Sum(nil))})
		if err := tw.WriteHeader(header(dir+"/"+name, sp.n, p.Made)); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if _, err := sp.WriteTo(tw); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		return nil
	}
	about := newSpool()
	about.Write([]byte(readme(p)))
	if err := put("README.txt", about); err != nil {
		return nil, err
	}

	made := make(chan texts, 1)
	go func() { made <- makeTexts(p) }()
	err := writeAttachments(tw, dir, p, m)
	t := <-made // waited for even after an error, so no goroutine outlives Write
	if err != nil {
		return nil, err
	}
	if t.err != nil {
		return nil, t.err
	}
	m.Entries, m.Resources, m.Lines = t.entries, t.resources, t.lines
	for _, f := range t.files {
		if err := put(f.name, f.data); err != nil {
			return nil, err
		}
	}

	man, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	// The manifest lists every other file; it is written last.
	if err := tw.WriteHeader(header(dir+"/manifest.json", int64(len(man)+1), p.Made)); err != nil {
		return nil, err
	}
	if _, err := tw.Write(append(man, '\n')); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("finish the archive: %w", err)
	}
	return m, nil
}

// texts are the archive's members made from the record, in the order they
// are written, with record.ndjson's counts.
type texts struct {
	files []struct {
		name string
		data *spool
	}
	entries   int
	resources map[string]int
	lines     int
	err       error
}

// makeTexts makes record.ndjson, ips.json, record.html and audit.ndjson;
// the NDJSON, the largest, on a goroutine of its own beside the others.
func makeTexts(p Params) (t texts) {
	add := func(name string) *spool {
		sp := newSpool()
		t.files = append(t.files, struct {
			name string
			data *spool
		}{name, sp})
		return sp
	}
	nd, ips, page, al := add("record.ndjson"), add("ips.json"), add("record.html"), add("audit.ndjson")
	entries, err := p.Entries()
	if err != nil {
		t.err = err
		return t
	}
	t.entries = len(entries)
	ndErr := make(chan error, 1)
	go func() {
		counts, err := share.WriteNDJSON(nd, fhir.NDJSONParams{Created: p.Made, Profile: p.Profile, Entries: entries,
			Carers: p.Carers, FileURL: func(e *record.Entry, a record.Attachment) string { return attachmentPath(e.ID, a) }})
		if err != nil {
			err = fmt.Errorf("make record.ndjson: %w", err)
		}
		t.resources = counts
		ndErr <- err
	}()
	err = makeOthers(p, entries, ips, page, al)
	if nerr := <-ndErr; nerr != nil {
		err = nerr
	}
	t.lines, t.err = nd.lines, err
	return t
}

// makeOthers makes ips.json, record.html and audit.ndjson.
func makeOthers(p Params, entries []record.Entry, ips, page, al io.Writer) error {
	doc, err := share.IPSDocument(p.Profile, ipsEntries(entries, p.Made), p.Made)
	if err != nil {
		return fmt.Errorf("make ips.json: %w", err)
	}
	ips.Write(doc)

	sum := summary.Build(summary.Params{Profile: p.Profile, Entries: entries, Made: p.Made,
		From: "phr archive, the whole record"})
	sum.Title = "Health record"
	if err := summary.HTML(page, sum); err != nil {
		return fmt.Errorf("make record.html: %w", err)
	}

	enc := json.NewEncoder(al)
	for _, r := range p.Audit {
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("make audit.ndjson: %w", err)
		}
	}
	return nil
}

// spool holds a member's bytes in blocks, with their SHA-256 and how many
// lines they are, as they are written: a text of a hundred megabytes is
// neither copied as it grows nor read again to be summed.
type spool struct {
	blocks [][]byte
	n      int64
	lines  int
	sum    hash.Hash
}

const spoolBlock = 1 << 20

func newSpool() *spool { return &spool{sum: sha256.New()} }

// Write keeps p; it never fails.
func (s *spool) Write(p []byte) (int, error) {
	s.sum.Write(p)
	s.n += int64(len(p))
	s.lines += bytes.Count(p, []byte("\n"))
	n := len(p)
	for len(p) > 0 {
		if len(s.blocks) == 0 || len(s.blocks[len(s.blocks)-1]) == cap(s.blocks[len(s.blocks)-1]) {
			s.blocks = append(s.blocks, make([]byte, 0, spoolBlock))
		}
		last := &s.blocks[len(s.blocks)-1]
		k := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	return n, nil
}

// WriteTo writes the bytes kept, in order.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	var n int64
	for _, b := range s.blocks {
		k, err := w.Write(b)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// writeAttachments streams every attachment into the tar, checking each
// one's size and SHA-256 against the record.
func writeAttachments(tw *tar.Writer, dir string, p Params, m *Manifest) error {
	for _, a := range p.Attachments {
		j := struct {
			a    record.Attachment
			name string
		}{a.Attachment, attachmentPath(a.EntryID, a.Attachment)}
		rc, err := p.Open(j.a.ID)
		if err != nil {
			return fmt.Errorf("read attachment %s of entry %s: %w", j.a.ID, a.EntryID, err)
		}
		pr, pw := io.Pipe()
		h := sha256.New()
		go func() {
			_, err := io.Copy(pw, rc)
			rc.Close()
			pw.CloseWithError(err)
		}()
		if err := tw.WriteHeader(header(dir+"/"+j.name, j.a.Size, p.Made)); err != nil {
			pr.CloseWithError(err)
			return fmt.Errorf("write %s: %w", j.name, err)
		}
		n, err := io.Copy(io.MultiWriter(tw, hashWriter{h}), pr)
		pr.CloseWithError(io.ErrClosedPipe)
		if err != nil {
			return fmt.Errorf("write %s: %w", j.name, err)
		}
		sum := hex.EncodeToString(h.Sum(nil))
		if n != j.a.Size || (j.a.SHA256 != "" && sum != j.a.SHA256) {
			return fmt.Errorf("attachment %s of entry %s is not what the record says (%d bytes, want %d): run phr doctor --read-data", j.a.ID, a.EntryID, n, j.a.Size)
		}
		m.Files = append(m.Files, File{Path: j.name, Size: n, SHA256: sum})
		m.Attachments++
	}
	return nil
}

// hashWriter hides the hash's other methods so io.Copy takes the plain path.
type hashWriter struct{ h hash.Hash }

func (w hashWriter) Write(p []byte) (int, error) { return w.h.Write(p) }

// ipsEntries are the entries of ips.json: a patient summary, so every entry
// but the results and measurements older than a year (a lifetime's 100,000
// readings are all in record.ndjson; in the summary they would only make it
// slow to write and to read).
func ipsEntries(all []record.Entry, made time.Time) []record.Entry {
	yearAgo := made.AddDate(-1, 0, 0).UTC().Format("2006-01-02")
	keep := func(e *record.Entry) bool {
		return (e.Category != record.Result && e.Category != record.Measurement) || when.DateOf(e.Date) >= yearAgo
	}
	// Counted first: room for all 110,000 would be cleared and left
	// nine-tenths unused.
	n := 0
	for i := range all {
		if keep(&all[i]) {
			n++
		}
	}
	out := make([]record.Entry, 0, n)
	for i := range all {
		if keep(&all[i]) {
			out = append(out, all[i])
		}
	}
	return out
}

// attachmentPath is where an attachment lies in the archive, relative to
// record.ndjson: attachments/ENTRY/ID-NAME.
func attachmentPath(entryID string, a record.Attachment) string {
	return "attachments/" + safeName(entryID) + "/" + safeName(a.ID) + "-" + safeName(a.Name)
}

func header(name string, size int64, made time.Time) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: made.UTC(), Format: tar.FormatPAX}
}

// safeName keeps a file name readable and harmless in any file system: its
// base name, letters, digits, dot, dash and underscore, at most 80
// characters, never "." or "..".
func safeName(s string) string {
	s = path.Base(strings.ReplaceAll(s, "\\", "/"))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_'):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.TrimLeft(b.String(), ".")
	if r := []rune(out); len(r) > 80 {
		out = string(r[len(r)-80:])
	}
	if out == "" {
		out = "file"
	}
	return out
}
