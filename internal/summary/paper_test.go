package summary

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

func TestLocalePaper(t *testing.T) {
	for locale, want := range map[string]string{
		"en_US.UTF-8": PaperLetter, "en_CA.UTF-8": PaperLetter, "fr_CA": PaperLetter, "es_MX.utf8": PaperLetter,
		"en_PH.UTF-8": PaperLetter, "es_US": PaperLetter, "en_us.UTF-8": PaperLetter,
		"en_GB.UTF-8": PaperA4, "de_DE.UTF-8@euro": PaperA4, "C": PaperA4, "C.UTF-8": PaperA4, "POSIX": PaperA4,
		"": PaperA4, "fr_FR": PaperA4, "ja_JP.UTF-8": PaperA4, "en_AU.UTF-8": PaperA4, "US": PaperA4,
	} {
		if got := LocalePaper(locale); got != want {
			t.Errorf("LocalePaper(%q) = %s, want %s", locale, got, want)
		}
	}
}

// TestEnvPaper: LC_ALL wins over LC_PAPER, which wins over LANG, as in the
// C library; nothing set is A4.
func TestEnvPaper(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{nil, PaperA4},
		{map[string]string{"LANG": "en_US.UTF-8"}, PaperLetter},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_PAPER": "en_GB.UTF-8"}, PaperA4},
		{map[string]string{"LANG": "en_GB.UTF-8", "LC_PAPER": "en_US.UTF-8"}, PaperLetter},
		{map[string]string{"LC_ALL": "C", "LC_PAPER": "en_US.UTF-8"}, PaperA4},
		{map[string]string{"LC_ALL": "en_CA.UTF-8", "LANG": "en_GB.UTF-8"}, PaperLetter},
	} {
		if got := EnvPaper(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("EnvPaper(%v) = %s, want %s", c.env, got, c.want)
		}
	}
}

func TestParsePaper(t *testing.T) {
	for in, want := range map[string]string{"": PaperLetter, "A4": PaperA4, " letter ": PaperLetter, "Letter": PaperLetter, "us-letter": PaperLetter} {
		if got, err := ParsePaper(in, PaperLetter); err != nil || got != want {
			t.Errorf("ParsePaper(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"a5", "legal", "tabloid"} {
		if _, err := ParsePaper(bad, PaperA4); err == nil || !strings.Contains(err.Error(), "a4 or letter") {
			t.Errorf("ParsePaper(%q): %v", bad, err)
		}
	}
}

// mediaBox matches a page's size in a PDF, in points.
var mediaBox = regexp.MustCompile(`/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]`)

// pageObj matches a page object of a PDF.
var pageObj = regexp.MustCompile(`/Type /Page\b[^s]`)

// TestPDFPaper checks every page of the summary and of both card layouts is
// A4 (595 × 842 points) or Letter (612 × 792) as asked, in the PDF's own
// page boxes, and with pdfinfo when it is installed (PHR_E2E requires it).
func TestPDFPaper(t *testing.T) {
	var entries []record.Entry
	for i := range 60 { // more than a page of results
		entries = append(entries, record.Entry{Category: record.Result, Title: fmt.Sprintf("Test %d", i), Date: "2026-06-01",
			Value: "7", Unit: "%"})
	}
	d := Build(Params{Profile: record.Profile{Name: "Ada"}, Made: now, Entries: entries})
	c := BuildCard(record.Profile{Name: "Ada"}, []record.Entry{{Category: record.Allergy, Title: "Penicillin"}}, now, nil)
	c.QR = true
	pdfinfo, err := exec.LookPath("pdfinfo")
	if err != nil && os.Getenv("PHR_E2E") == "1" {
		t.Fatalf("PHR_E2E=1 needs pdfinfo (poppler-utils): %v", err)
	}
	for _, paper := range []struct {
		name, w, h, info string
	}{{PaperA4, "595.28", "841.89", "595.28 x 841.89 pts (A4)"}, {PaperLetter, "612.00", "792.00", "612 x 792 pts (letter)"}} {
		docs := map[string]func(*bytes.Buffer) error{
			"summary":     func(b *bytes.Buffer) error { return PDF(b, d, paper.name) },
			"wallet card": func(b *bytes.Buffer) error { return CardPDF(b, c, LayoutWallet, paper.name) },
			"page card":   func(b *bytes.Buffer) error { return CardPDF(b, c, LayoutPage, paper.name) },
		}
		for what, write := range docs {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatalf("%s on %s: %v", what, paper.name, err)
			}
			pages := len(pageObj.FindAll(b.Bytes(), -1))
			boxes := mediaBox.FindAllSubmatch(b.Bytes(), -1)
			if len(boxes) == 0 {
				t.Fatalf("%s on %s: no /MediaBox", what, paper.name)
			}
			for _, m := range boxes {
				if string(m[1]) != paper.w || string(m[2]) != paper.h {
					t.Errorf("%s on %s: a page of %s × %s points, want %s × %s", what, paper.name, m[1], m[2], paper.w, paper.h)
				}
			}
			if what == "summary" && pages < 2 {
				t.Errorf("summary on %s has %d page(s), want more than one", paper.name, pages)
			}
			if pdfinfo == "" {
				continue
			}
			f := filepath.Join(t.TempDir(), "out.pdf")
			if err := os.WriteFile(f, b.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdfinfo, f).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo: %v\n%s", err, out)
			}
			if !strings.Contains(strings.Join(strings.Fields(string(out)), " "), "Page size: "+paper.info) {
				t.Errorf("%s on %s: pdfinfo says\n%s", what, paper.name, out)
			}
		}
	}
	if err := PDF(new(bytes.Buffer), d, "a5"); err == nil {
		t.Error("a PDF on paper a5 was made")
	}
}
