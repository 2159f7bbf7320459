package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	goqr "github.com/piglig/go-qr"
)

// tool finds a command the test needs; it is one of the tests PHR_E2E
// requires, so a missing tool fails it (.ci/run installs them).
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("PHR_E2E=1 needs %s (.ci/run installs it): %v", name, err)
	}
	return p
}

// runTool runs a command that must succeed and returns its stdout.
func runTool(t *testing.T, env []string, name string, args ...string) []byte {
	t.Helper()
	c := exec.Command(tool(t, name), args...)
	c.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	return out.Bytes()
}

// printoutVault fills a vault with what a summary and a card show, one
// sensitive medicine among them, an attachment and a carer.
func printoutVault(t *testing.T) (runner, []byte) {
	r := newRunner(t)
	r.must("profile", "set", "--name", "Ada Lovelace", "--born", "1815-12-10", "--blood-type", "O+",
		"--emergency-contact", "Sam Lovelace 020 7946 0000", "--languages", "English, Welsh")
	r.must("add", "allergy", "--title", "Penicillin allergy", "--date", "2001-05-01", "--value", "hives")
	r.must("add", "medication", "--title", "Metformin 500 mg", "--date", "2024-03-01", "--value", "1", "--unit", "tablet twice a day")
	r.must("add", "medication", "--title", "Escitalopram 10 mg", "--date", "2024-06-01")
	r.must("add", "condition", "--title", "Type 2 diabetes", "--date", "2024-02-20", "--tag", "important")
	r.must("add", "procedure", "--title", "Pacemaker", "--date", "2022-01-01", "--tag", "implant")
	for i, v := range []string{"8.1", "7.4", "7.0", "6.8"} {
		r.must("add", "result", "--title", "HbA1c", "--date", "2026-0"+strconv.Itoa(i+1)+"-01", "--value", v, "--unit", "%")
	}
	scan := bytes.Repeat([]byte("scan bytes \x00\xff"), 50000)
	scanFile := filepath.Join(filepath.Dir(r.dir), "letter scan.pdf")
	if err := os.WriteFile(scanFile, scan, 0o600); err != nil {
		t.Fatal(err)
	}
	r.must("add", "document", "--title", "Clinic letter", "--date", "2026-02-01", "--attach", scanFile)
	r.must("carer", "add", "Sam", "--recipient", "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p", "--relationship", "partner")
	return r, scan
}

// TestPrintoutsInChromiumAndPdftotext renders the summary and the card's
// HTML in headless Chromium (a screenshot and a PDF), reads those PDFs and
// phr's own with pdftotext, and checks the expected content is there and the
// sensitive entry left out is not; the card's printed QR code is read back
// from a rendering of the PDF.
func TestPrintoutsInChromiumAndPdftotext(t *testing.T) {
	requireE2E(t)
	r, _ := printoutVault(t)
	// A4 by default whatever this computer's locale: a locale of the
	// United States would print on Letter.
	r.extraEnv = append(r.extraEnv, "LC_ALL=", "LC_PAPER=en_GB.UTF-8")
	dir := t.TempDir()
	out := func(n string) string { return filepath.Join(dir, n) }
	r.must("summary", "--exclude-sensitive", "--format", "html", "--out", out("summary.html"))
	r.must("summary", "--exclude-sensitive", "--format", "pdf", "--out", out("summary.pdf"))
	r.must("card", "--exclude-sensitive", "--format", "html", "--qr", "--out", out("card.html"))
	r.must("card", "--exclude-sensitive", "--format", "pdf", "--qr", "--out", out("card.pdf"))
	r.must("card", "--exclude-sensitive", "--format", "pdf", "--layout", "page", "--qr", "--out", out("card-page.pdf"))
	r.must("summary", "--exclude-sensitive", "--format", "pdf", "--paper", "letter", "--out", out("summary-letter.pdf"))
	cardText := strings.TrimSuffix(r.must("card", "--exclude-sensitive", "--out", "-"), "\n")

	// The paper as pdfinfo reads it: A4 by default, US Letter when asked.
	for name, size := range map[string]string{"summary.pdf": "595.28 x 841.89 pts (A4)", "card.pdf": "595.28 x 841.89 pts (A4)",
		"summary-letter.pdf": "612 x 792 pts (letter)"} {
		info := strings.Join(strings.Fields(string(runTool(t, nil, "pdfinfo", out(name)))), " ")
		if !strings.Contains(info, "Page size: "+size) {
			t.Errorf("%s: pdfinfo says %s, want page size %s", name, info, size)
		}
	}

	// Chromium prints the HTML as a browser would; it must fetch nothing,
	// so it runs with networking pointed nowhere.
	chrome := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
		"--disable-background-networking", "--proxy-server=127.0.0.1:9", "--user-data-dir=" + out("chromium")}
	env := []string{"DBUS_SESSION_BUS_ADDRESS=disabled:"}
	for _, n := range []string{"summary", "card"} {
		url := "file://" + out(n+".html")
		runTool(t, env, "chromium", append(chrome, "--no-pdf-header-footer", "--print-to-pdf="+out(n+"-chromium.pdf"), url)...)
		if n == "summary" {
			runTool(t, env, "chromium", append(chrome, "--hide-scrollbars", "--window-size=1000,1400", "--screenshot="+out(n+".png"), url)...)
			f, err := os.Open(out(n + ".png"))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatalf("chromium's screenshot: %v", err)
			}
			if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 1400 {
				t.Errorf("screenshot is %v", b)
			}
		}
	}

	want := map[string][]string{
		"summary-chromium.pdf": {"Health summary: Ada Lovelace", "Penicillin allergy", "Metformin 500 mg", "Type 2 diabetes", "HbA1c", "6.8 %"},
		"summary.pdf":          {"Health summary: Ada Lovelace", "Penicillin allergy", "Metformin 500 mg", "Type 2 diabetes", "HbA1c", "6.8 %", "Page 1 of"},
		"card-chromium.pdf":    {"In an emergency", "Ada Lovelace, born 1815-12-10, blood type O+", "Penicillin allergy (hives)", "Implants: Pacemaker", "Speaks: English, Welsh"},
		"card.pdf":             {"In an emergency", "Ada Lovelace, born 1815-12-10, blood type O+", "Penicillin allergy (hives)", "Implants: Pacemaker", "Speaks: English, Welsh"},
		"card-page.pdf":        {"In an emergency", "Penicillin allergy (hives)", "Pacemaker", "Sam Lovelace 020 7946 0000"},
	}
	for name, words := range want {
		text := string(runTool(t, nil, "pdftotext", "-layout", out(name), "-"))
		flat := strings.Join(strings.Fields(text), " ")
		for _, w := range words {
			if !strings.Contains(flat, w) {
				t.Errorf("%s lacks %q:\n%s", name, w, text)
			}
		}
		if strings.Contains(flat, "Escitalopram") {
			t.Errorf("%s holds the sensitive entry left out:\n%s", name, text)
		}
	}

	// The QR code printed on the wallet card reads back as the card's text.
	runTool(t, nil, "pdftoppm", "-r", "200", "-png", "-singlefile", out("card.pdf"), out("card-page"))
	f, err := os.Open(out("card-page.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	got, err := goqr.Decode(img)
	if err != nil {
		t.Fatalf("read the QR code off the printed card: %v", err)
	}
	if got != cardText {
		t.Errorf("printed QR code holds %q, want the card's text %q", got, cardText)
	}
}

// TestArchiveOpensWithStandardTools opens archives with the age command and
// tar alone (no phr code): the vault-key one with the two commands of
// "Leaving phr", the passphrase one with age -d. It checks the counts, that
// every NDJSON line is a FHIR resource (with jq too), and the attachment's
// bytes.
func TestArchiveOpensWithStandardTools(t *testing.T) {
	requireE2E(t)
	tool(t, "age-plugin-batchpass")
	r, scan := printoutVault(t)
	dir := t.TempDir()
	archivePass := filepath.Join(dir, "archive-pass.txt")
	const ap = "violet-harbour-quartz-ember-lagoon"
	if err := os.WriteFile(archivePass, []byte(ap+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.must("archive", "--out", filepath.Join(dir, "key.tar.age"))
	r.must("archive", "--archive-passphrase-file", archivePass, "--out", filepath.Join(dir, "pass.tar.age"))

	key := filepath.Join(dir, "vault-key.txt")
	runTool(t, []string{"AGE_PASSPHRASE=" + pass}, "age", "-d", "-j", "batchpass", "-o", key, filepath.Join(r.dir, "identity.age"))
	for _, c := range []struct {
		name string
		env  []string
		args []string
	}{
		{"key", nil, []string{"-d", "-i", key}},
		{"pass", []string{"AGE_PASSPHRASE=" + ap}, []string{"-d", "-j", "batchpass"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tarFile := filepath.Join(dir, c.name+".tar")
			runTool(t, c.env, "age", append(c.args, "-o", tarFile, filepath.Join(dir, c.name+".tar.age"))...)
			into := filepath.Join(dir, c.name)
			if err := os.Mkdir(into, 0o700); err != nil {
				t.Fatal(err)
			}
			runTool(t, nil, "tar", "-x", "-f", tarFile, "-C", into)
			tops, _ := filepath.Glob(filepath.Join(into, "phr-archive-*"))
			if len(tops) != 1 {
				t.Fatalf("archive folders %v", tops)
			}
			top := tops[0]
			for _, f := range []string{"README.txt", "record.ndjson", "ips.json", "record.html", "audit.ndjson", "manifest.json"} {
				if _, err := os.Stat(filepath.Join(top, f)); err != nil {
					t.Errorf("missing %s: %v", f, err)
				}
			}
			readme, _ := os.ReadFile(filepath.Join(top, "README.txt"))
			if !strings.Contains(string(readme), "age -d") || !strings.Contains(string(readme), "jq") {
				t.Errorf("README.txt does not say how to open it:\n%s", readme)
			}

			// Every line a FHIR resource; the counts as added.
			nd, err := os.Open(filepath.Join(top, "record.ndjson"))
			if err != nil {
				t.Fatal(err)
			}
			defer nd.Close()
			counts := map[string]int{}
			sc := bufio.NewScanner(nd)
			sc.Buffer(nil, 1<<24)
			lines := 0
			for sc.Scan() {
				lines++
				var res struct {
					ResourceType string `json:"resourceType"`
					ID           string `json:"id"`
				}
				if err := json.Unmarshal(sc.Bytes(), &res); err != nil || res.ResourceType == "" || res.ID == "" {
					t.Errorf("line %d is not a FHIR resource (%v): %s", lines, err, sc.Bytes())
				}
				counts[res.ResourceType]++
			}
			wantCounts := map[string]int{"Patient": 1, "AllergyIntolerance": 1, "MedicationStatement": 2, "Condition": 1,
				"Procedure": 1, "Observation": 4, "DocumentReference": 1, "RelatedPerson": 1}
			for k, v := range wantCounts {
				if counts[k] != v {
					t.Errorf("%d %s resources, want %d (all %v)", counts[k], k, v, counts)
				}
			}
			if lines != 12 {
				t.Errorf("%d lines, want 12 (10 entries, the patient, the carer)", lines)
			}
			jq := strings.TrimSpace(string(runTool(t, nil, "jq", "-s", "length", filepath.Join(top, "record.ndjson"))))
			if jq != "12" {
				t.Errorf("jq counts %s resources", jq)
			}
			var ips struct {
				ResourceType string `json:"resourceType"`
				Type         string `json:"type"`
				Entry        []any  `json:"entry"`
			}
			b, _ := os.ReadFile(filepath.Join(top, "ips.json"))
			if err := json.Unmarshal(b, &ips); err != nil || ips.ResourceType != "Bundle" || ips.Type != "document" || len(ips.Entry) != 13 {
				t.Errorf("ips.json: %v, %s %s with %d entries (want the composition, the patient, phr as the device and 10)", err, ips.ResourceType, ips.Type, len(ips.Entry))
			}
			html, _ := os.ReadFile(filepath.Join(top, "record.html"))
			if !bytes.Contains(html, []byte("Escitalopram 10 mg")) || !bytes.Contains(html, []byte("Ada Lovelace")) {
				t.Error("record.html lacks the whole record")
			}
			scans, _ := filepath.Glob(filepath.Join(top, "attachments", "*", "*-letter_scan.pdf"))
			if len(scans) != 1 {
				t.Fatalf("attachments %v", scans)
			}
			if got, _ := os.ReadFile(scans[0]); !bytes.Equal(got, scan) {
				t.Error("the attachment's bytes differ")
			}
			runTool(t, nil, "bash", "-c", `cd "$1" && sha256sum --quiet -c <(jq -r '.files[] | "\(.sha256)  \(.path)"' manifest.json)`, "-", top)
			audit, _ := os.ReadFile(filepath.Join(top, "audit.ndjson"))
			if n := bytes.Count(audit, []byte("\n")); n < 10 {
				t.Errorf("audit.ndjson has %d rows", n)
			}
		})
	}
	if res := r.must("audit", "--json"); !strings.Contains(res, `"action": "archive"`) {
		t.Error("no audit row for the archive")
	}
}
