package archive

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
)

var made = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestSafeName(t *testing.T) {
	for in, want := range map[string]string{
		"letter.pdf": "letter.pdf", "../../etc/passwd": "passwd", `C:\Users\a\scan 1.png`: "scan_1.png",
		"..": "file", "": "file", ".hidden": "hidden", "naïve résumé.txt": "na_ve_r_sum_.txt",
		strings.Repeat("a", 100) + ".pdf": strings.Repeat("a", 76) + ".pdf",
	} {
		if got := safeName(in); got != want {
			t.Errorf("safeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func params(files map[string][]byte) Params {
	var atts []record.Attachment
	var attached []Attached
	for id, b := range files {
		sum := sha256.Sum256(b)
		a := record.Attachment{ID: id, Name: id + ".bin", Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:])}
		atts, attached = append(atts, a), append(attached, Attached{EntryID: "cccccccccc", Attachment: a})
	}
	entries := []record.Entry{
		{ID: "aaaaaaaaaa", Category: record.Allergy, Title: "Penicillin", Value: "hives"},
		{ID: "bbbbbbbbbb", Category: record.Result, Title: "HbA1c", Date: "2026-01-01", Value: "7", Unit: "%"},
		{ID: "cccccccccc", Category: record.Document, Title: "Letter", Attachments: atts},
	}
	return Params{
		Profile:     record.Profile{Name: "Ada", Born: "1815-12-10"},
		Entries:     func() ([]record.Entry, error) { return entries, nil },
		Attachments: attached,
		Carers:      []record.Carer{{Name: "Sam", Relationship: "partner", Added: made}},
		Audit:       []audit.Row{{Seq: 1, At: made, Action: "init"}},
		Made:        made,
		Open: func(id string) (io.ReadCloser, error) {
			b, ok := files[id]
			if !ok {
				return nil, errors.New("no such attachment")
			}
			return io.NopCloser(bytes.NewReader(b)), nil
		},
	}
}

func TestWriteHoldsEverything(t *testing.T) {
	files := map[string][]byte{"f1": bytes.Repeat([]byte{1, 2, 3}, 100000), "f2": []byte("small")}
	var buf bytes.Buffer
	m, err := Write(&buf, params(files))
	if err != nil {
		t.Fatal(err)
	}
	if m.Entries != 3 || m.Attachments != 2 || m.Carers != 1 || m.AuditRows != 1 || m.Lines != 5 {
		t.Errorf("manifest %+v", m)
	}
	got := map[string][]byte{}
	tr := tar.NewReader(&buf)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h.Name, "phr-archive-2026-11-22/") || h.Mode != 0o600 {
			t.Errorf("member %s mode %o", h.Name, h.Mode)
		}
		b, _ := io.ReadAll(tr)
		got[strings.TrimPrefix(h.Name, "phr-archive-2026-11-22/")] = b
	}
	for _, name := range []string{"README.txt", "record.ndjson", "ips.json", "record.html", "audit.ndjson", "manifest.json",
		"attachments/cccccccccc/f1-f1.bin", "attachments/cccccccccc/f2-f2.bin"} {
		if _, ok := got[name]; !ok {
			t.Errorf("missing %s (have %d members)", name, len(got))
		}
	}
	if !bytes.Equal(got["attachments/cccccccccc/f1-f1.bin"], files["f1"]) {
		t.Error("attachment bytes differ")
	}
	sc := bufio.NewScanner(bytes.NewReader(got["record.ndjson"]))
	var types []string
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("ndjson line: %v", err)
		}
		types = append(types, r["resourceType"].(string)+"/"+r["id"].(string))
	}
	if want := "Patient/patient AllergyIntolerance/aaaaaaaaaa Observation/bbbbbbbbbb DocumentReference/cccccccccc RelatedPerson/carer-1"; strings.Join(types, " ") != want {
		t.Errorf("resources %v, want %s", types, want)
	}
	var man Manifest
	if err := json.Unmarshal(got["manifest.json"], &man); err != nil {
		t.Fatal(err)
	}
	for _, f := range man.Files {
		sum := sha256.Sum256(got[f.Path])
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(got[f.Path])) != f.Size {
			t.Errorf("manifest's checksum of %s does not match", f.Path)
		}
	}
	if len(man.Files) != len(got)-1 {
		t.Errorf("manifest lists %d files, the archive holds %d besides it", len(man.Files), len(got)-1)
	}
}

func TestWriteRefusesAnAttachmentThatIsNotWhatTheRecordSays(t *testing.T) {
	p := params(map[string][]byte{"f1": []byte("the real bytes")})
	p.Open = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("the fake bytes")), nil }
	if _, err := Write(io.Discard, p); err == nil || !strings.Contains(err.Error(), "not what the record says") {
		t.Errorf("same size, other bytes: %v", err)
	}
	p.Open = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("short")), nil }
	if _, err := Write(io.Discard, p); err == nil {
		t.Error("a short attachment was accepted")
	}
	p.Open = func(string) (io.ReadCloser, error) { return nil, errors.New("gone") }
	if _, err := Write(io.Discard, p); err == nil || !strings.Contains(err.Error(), "gone") {
		t.Errorf("a missing attachment: %v", err)
	}
}

// TestWriteFailsWhenTheEntriesCannotBeListed: an error of the listing,
// made while the attachments stream, is Write's error.
func TestWriteFailsWhenTheEntriesCannotBeListed(t *testing.T) {
	p := params(map[string][]byte{"f1": []byte("bytes")})
	p.Entries = func() ([]record.Entry, error) { return nil, errors.New("the record is busy") }
	if _, err := Write(io.Discard, p); err == nil || !strings.Contains(err.Error(), "the record is busy") {
		t.Errorf("Write = %v, want the listing's error", err)
	}
}

func TestIPSLeavesOutOldReadings(t *testing.T) {
	all := []record.Entry{
		{ID: "r-old", Category: record.Result, Date: "2025-11-21"},
		{ID: "r-new", Category: record.Result, Date: "2025-11-22"},
		{ID: "m-old", Category: record.Measurement, Date: "2001-01-01T08:00:00Z"},
		{ID: "m-new", Category: record.Measurement, Date: "2026-11-01T08:00:00Z"},
		{ID: "c-old", Category: record.Condition, Date: "1990-01-01"},
		{ID: "p-old", Category: record.Procedure, Date: "1990-01-01"},
	}
	var got []string
	for _, e := range ipsEntries(all, made) {
		got = append(got, e.ID)
	}
	if want := "r-new m-new c-old p-old"; strings.Join(got, " ") != want {
		t.Errorf("ipsEntries = %v, want %s", got, want)
	}
}

// TestSpool: what a spool keeps is what was written, across its blocks,
// with the right size, SHA-256 and count of lines.
func TestSpool(t *testing.T) {
	for _, sizes := range [][]int{{}, {0}, {5}, {spoolBlock}, {spoolBlock - 1, 2}, {3, spoolBlock*2 + 7, 1}} {
		sp := newSpool()
		var want []byte
		for i, n := range sizes {
			p := bytes.Repeat([]byte{byte('a' + i), '\n'}, n/2+1)[:n]
			want = append(want, p...)
			if k, err := sp.Write(p); k != n || err != nil {
				t.Fatalf("Write(%d bytes) = %d, %v", n, k, err)
			}
		}
		var got bytes.Buffer
		if n, err := sp.WriteTo(&got); err != nil || n != int64(len(want)) {
			t.Fatalf("sizes %v: WriteTo = %d, %v", sizes, n, err)
		}
		sum := sha256.Sum256(want)
		if !bytes.Equal(got.Bytes(), want) || sp.n != int64(len(want)) || !bytes.Equal(sp.sum.Sum(nil), sum[:]) ||
			sp.lines != bytes.Count(want, []byte("\n")) {
			t.Fatalf("sizes %v: the spool does not give back what was written", sizes)
		}
	}
}

// TestWriteLabelsStoredKinds: record.ndjson and ips.json label each entry
// with the sensitive kinds the record keeps for it, and infer none again
// (the app stores the effective kinds whenever an entry is written and
// when the tables change): a "Depression" kept without kinds carries no
// label, which inferring would have given it.
func TestWriteLabelsStoredKinds(t *testing.T) {
	p := params(nil)
	entries := []record.Entry{
		{ID: "mmmmmmmmmm", Category: record.Note, Title: "Talking therapy", Date: "2026-10-01", Sensitive: []record.Kind{record.MentalHealth}},
		{ID: "rrrrrrrrrr", Category: record.Condition, Title: "Depression", Date: "2026-10-01", Sensitive: []record.Kind{}},
	}
	p.Entries = func() ([]record.Entry, error) { return entries, nil }
	var buf bytes.Buffer
	if _, err := Write(&buf, p); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	tr := tar.NewReader(&buf)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		got[strings.TrimPrefix(h.Name, "phr-archive-2026-11-22/")] = string(b)
	}
	for _, line := range strings.Split(got["record.ndjson"], "\n") {
		switch {
		case strings.Contains(line, `"id":"mmmmmmmmmm"`) && !strings.Contains(line, `"code":"MH"`):
			t.Errorf("the entry kept as mental health has no MH label: %s", line)
		case strings.Contains(line, `"id":"rrrrrrrrrr"`) && strings.Contains(line, `"security"`):
			t.Errorf("the entry kept without kinds has a label: %s", line)
		}
	}
	if n := strings.Count(got["ips.json"], `"code":"MH"`); n != 1 {
		t.Errorf("ips.json has %d MH labels, want the one entry's", n)
	}
}
