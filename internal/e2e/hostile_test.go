package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/phrhealth/phr/internal/testkit"
)

// hostileParts are one of each family of text that must never reach a
// person's terminal raw (issue 16, item 1): every escape-sequence family in
// its 7-bit form, the C1 forms, a bare CR, a newline, bidi controls and
// the invisible format characters.
var hostileParts = []string{
	"\x1b]52;c;ZXZpbA==\x07",                                                // OSC 52: writes the clipboard
	"\x1b]8;;https://evil.example\x1b\\lnk\x1b]8;;\x1b\\",                   // OSC 8: a hyperlink
	"\x1b[2K\x1b[1A\x1b[H\x1b[31m",                                          // CSI: erase, cursor moves, colour
	"\x1bP1$qm\x1b\\", "\x1b_Gf=1\x1b\\", "\x1b^pm\x1b\\", "\x1bXsos\x1b\\", // DCS, APC, PM, SOS
	"real\rfake",    // a bare CR
	"row\nfake row", // a newline: a fake row
	"\u0085\u009b2J\u009d52;c;eA==\u009c\u0090q\u009c\u009fa\u009c\u0098s\u009c\u009ep\u009c", // C1: NEL, CSI, OSC, DCS, APC, SOS, PM
	"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",                                  // bidi embeddings, overrides, isolates
	"\u200b\u200c\u200d\u2060\ufeff\u00ad\u061c\u200e\u200f\u3164\u2028\u2029",                // zero-width, ignorable, line separators
}

// hostile is label followed by the whole corpus, so each field shows
// where it came from.
func hostile(label string) string { return label + " " + strings.Join(hostileParts, " ") + " end" }

// clean reports the first thing in out that must never reach a terminal:
// bytes that are not UTF-8, ESC or another C0 control but a newline and a
// tab (and a form feed where allowed: pdftotext's page break), a C1
// control, a bidi control, or a default-ignorable format character.
func dirty(out string, formFeed bool) string {
	if !utf8.ValidString(out) {
		i := 0
		for i < len(out) {
			r, n := utf8.DecodeRuneInString(out[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return fmt.Sprintf("invalid UTF-8 at byte %d: %q", i, out[max(0, i-30):min(len(out), i+10)])
	}
	for i, r := range out {
		bad := false
		switch {
		case r == '\n' || r == '\t' || (r == '\f' && formFeed):
		case r < 0x20, r >= 0x7f && r <= 0x9f:
			bad = true
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			bad = true
		case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, r == 0x00ad, r == 0x3164, r == 0x2028, r == 0x2029:
			bad = true
		}
		if bad {
			return fmt.Sprintf("%U at byte %d: %q", r, i, out[max(0, i-30):min(len(out), i+10)])
		}
	}
	return ""
}

// edge is one way outside text reaches a person. Each runs the real phr on
// the same vault, in order (the first rows fill it), and every byte of its
// stdout and stderr (and of the text of the file it writes) is checked.
type edge struct {
	name string
	args []string
	// stdin is typed (accessible mode) or piped (add --json).
	stdin string
	// code is the exit code wanted.
	code int
	// carer runs phr as the carer: their own $HOME and no vault.
	carer bool
	// json: stdout is JSON (or JSON lines) that must parse; exact: and it
	// keeps the exact hostile text, escaped.
	json, exact bool
	// pdf is a PDF the command writes, whose text is checked too.
	pdf string
	// want is in stdout or stderr, cleaned (the text is shown, inert).
	want string
}

// TestHostileTextEveryEdge feeds one hostile corpus through every way text
// from outside reaches a person: an imported FHIR bundle (a name, titles,
// codes, values, units, ranges, performers, a producer, an attachment's
// name), a CSV with bytes that are not UTF-8, entries added as JSON, a file
// name, arguments quoted back in errors; then list, show, search, export's
// sensitive listing, the audit log, --json, the summary and card (text,
// HTML and PDF on Letter paper), carers, shares, the archive, accessible
// mode's screens and a carer's phr open, plain and --json. No escape, C0
// or C1 control, bidi control or invisible character reaches stdout or
// stderr; --json stays valid and keeps the exact text, escaped. A new way
// is one row.
func TestHostileTextEveryEdge(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	work := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(work, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	h := hostile
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	bundle := write("bundle.json", js(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": []any{
		map[string]any{"resource": map[string]any{"resourceType": "Patient", "id": "p1", "name": []any{map[string]any{"text": h("Ada")}}, "birthDate": "1815-12-10"}},
		map[string]any{"resource": map[string]any{"resourceType": "Organization", "id": "org1", "name": h("Clinic")}},
		map[string]any{"resource": map[string]any{"resourceType": "Condition", "id": "c1", "onsetDateTime": "2020-01-01",
			"code":     map[string]any{"text": h("Cond"), "coding": []any{map[string]any{"system": "http://snomed.info/sct", "code": "195967001", "display": h("Disp")}}},
			"note":     []any{map[string]any{"text": h("Note")}},
			"recorder": map[string]any{"display": h("Recorder")}}},
		map[string]any{"resource": map[string]any{"resourceType": "Observation", "id": "o1", "status": "final", "effectiveDateTime": "2021-01-01",
			"code": map[string]any{"text": h("Obs")}, "valueQuantity": map[string]any{"value": 5, "unit": h("unit")},
			"performer": []any{map[string]any{"display": h("Perf")}}, "referenceRange": []any{map[string]any{"text": h("range")}},
			"interpretation": []any{map[string]any{"text": h("Below low")}}}},
		map[string]any{"resource": map[string]any{"resourceType": "Observation", "id": "o2", "status": "final", "effectiveDateTime": "2021-01-02",
			"code": map[string]any{"text": "Body weight"}, "valueQuantity": map[string]any{"value": 80, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}},
		map[string]any{"resource": map[string]any{"resourceType": "Observation", "id": "o3", "status": "final", "effectiveDateTime": "2021-01-03",
			"code": map[string]any{"text": "Body weight"}, "valueString": h("vs")}},
		map[string]any{"resource": map[string]any{"resourceType": "MedicationStatement", "id": "m1", "status": "active", "effectiveDateTime": "2022-01-01",
			"medicationCodeableConcept": map[string]any{"text": h("Med")}, "dosage": []any{map[string]any{"text": h("dosage")}}}},
		map[string]any{"resource": map[string]any{"resourceType": "AllergyIntolerance", "id": "a1", "recordedDate": "2019-01-01",
			"code": map[string]any{"text": h("Allergy")}, "reaction": []any{map[string]any{"manifestation": []any{map[string]any{"text": h("rash")}}}}}},
		map[string]any{"resource": map[string]any{"resourceType": "DocumentReference", "id": "d1", "status": "current", "date": "2023-01-01T00:00:00Z",
			"description": h("Doc"), "content": []any{map[string]any{"attachment": map[string]any{"contentType": "text/plain", "title": h("file") + ".txt", "data": "aGVsbG8="}}}}},
		map[string]any{"resource": map[string]any{"resourceType": "Weird\x1b[31m\u202e", "id": "w1"}},
	}}))
	csv := write("w.csv", "date,type,value,unit\n2025-01-02,weight\xff\x1b]52;c;ZXZpbA==\x07\xc3,82,kg\n")
	entries := js([]map[string]any{
		{"category": "note", "title": h("Title"), "date": "2024-03-01", "notes": h("Notes") + "\n" + strings.Repeat("long ", 4000) + "\n" + h("after"),
			"tags": []string{h("tag")}, "sensitive": []string{"mental-health"}},
		{"category": "medication", "title": h("Pill"), "date": "2024-03-03", "route": h("route"), "frequency": h("freq"), "status": h("status")},
		{"category": "contact", "title": h("Dr"), "date": "2024-03-04", "notes": h("phone")},
	})
	// A file whose very name is hostile; the name is kept as an entry's source.
	named := write("x\x1b]52;c;ZXZpbA==\x07\x1b[2K\x1b[1A\u009b2J\u202e\u2066\r\nname.csv", "date,type,value,unit\n2025-02-02,weight,81,kg\n")
	shareFile := write("share.txt", "quartz-harbour-pepper-ostrich-tundra\n")
	carerHome := filepath.Join(work, "carer")
	if err := os.MkdirAll(carerHome, 0o700); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(carerHome, "key.txt")
	extract := filepath.Join(work, "x.age")
	arg := "x\x1b]52;c;ZXZpbA==\x07\x1b[2J\u009b2J\u202e\xffy" // an argument quoted back
	// A real C-CDA whose every displayName and title carries what XML can
	// hold of the corpus (C1 controls, bidi and invisible characters; XML
	// refuses ESC itself): its interpretations ("Below low normal") become
	// result flags.
	xmlParts := strings.Join(hostileParts[9:], " ")
	ccda := ""
	if dir, err := testkit.FindFixtures(); err == nil {
		if b, err := os.ReadFile(filepath.Join(dir, "ccda", "CCD-1.xml")); err == nil {
			x := strings.ReplaceAll(string(b), `displayName="`, `displayName="X `+xmlParts+` `)
			ccda = write("ccd.xml", strings.ReplaceAll(x, "<title>", "<title>T "+xmlParts+" "))
		}
	}

	edges := []edge{
		// Outside text comes in: what phr says about it is clean.
		{name: "import FHIR bundle: summary and warnings", args: []string{"import", bundle}, want: "Weird"},
		{name: "import CSV not UTF-8", args: []string{"import", csv}},
		{name: "import a hostile file name", args: []string{"import", named}},
		{name: "add --json", args: []string{"add", "--json"}, stdin: entries, json: true},
		{name: "import again: nothing new", args: []string{"import", bundle}},
		// Errors that quote what was typed.
		{name: "error: unknown command", args: []string{arg}, code: 2},
		{name: "error: unknown flag", args: []string{"list", "--" + arg}, code: 2},
		{name: "error: category", args: []string{"list", "--category", arg}, code: 2},
		{name: "error: date", args: []string{"list", "--since", arg}, code: 2},
		{name: "error: show id", args: []string{"show", arg}, code: 2},
		{name: "error: missing file", args: []string{"import", filepath.Join(work, arg+".json")}, code: 2},
		{name: "error: output folder", args: []string{"summary", "--out", filepath.Join(work, arg, "s.html")}, code: 2},
		{name: "error: carer name", args: []string{"carer", "add", arg, "--recipient", "age1x"}, code: 2},
		{name: "error: add with a bad date", args: []string{"add", "note", "--title", arg, "--date", arg}, code: 2},
		{name: "error: --json", args: []string{"show", arg, "--json"}, code: 2, json: true},
		{name: "error: query", args: []string{"query", "select '" + arg + "' from nowhere"}, code: 2},
		{name: "search, nothing", args: []string{"search", arg}},
		// The record shown back.
		{name: "list", args: []string{"list"}, want: "Cond  lnk"},
		{name: "list --json", args: []string{"list", "--json"}, json: true, exact: true},
		{name: "list --jsonl", args: []string{"list", "--jsonl"}, json: true, exact: true},
		{name: "show every entry", args: []string{"show", "@each"}, want: "Performed by: Perf"},
		{name: "show every entry --json", args: []string{"show", "@each", "--json"}, json: true, exact: true},
		{name: "search", args: []string{"search", "lnk"}},
		{name: "search --json", args: []string{"search", "lnk", "--json"}, json: true, exact: true},
		{name: "query", args: []string{"query", "select title, notes, value, unit from entries"}},
		{name: "query --csv", args: []string{"query", "select title as \"t" + arg + "\", notes, value, unit, sources from entries", "--csv"}},
		{name: "query --json", args: []string{"query", "select title, notes from entries", "--json"}, json: true, exact: true},
		{name: "query --jsonl", args: []string{"query", "select title, notes from entries", "--jsonl"}, json: true, exact: true},
		{name: "profile", args: []string{"profile"}, want: "Ada  lnk"},
		{name: "profile --json", args: []string{"profile", "--json"}, json: true, exact: true},
		{name: "audit in words", args: []string{"audit"}},
		{name: "audit --jsonl", args: []string{"audit", "--jsonl"}, json: true},
		{name: "doctor", args: []string{"doctor"}},
		{name: "settings in stones", args: []string{"settings", "--weight", "st"}},
		// Printed: the summary and the card, text, HTML, PDF on Letter.
		{name: "summary text", args: []string{"summary", "--include-sensitive", "--out", "-"}},
		{name: "summary html", args: []string{"summary", "--include-sensitive", "--format", "html", "--out", "-"}},
		{name: "summary pdf letter", args: []string{"summary", "--include-sensitive", "--format", "pdf", "--paper", "letter", "--out", filepath.Join(work, "s.pdf")}, pdf: "s.pdf"},
		{name: "card text", args: []string{"card", "--out", "-"}},
		{name: "card html", args: []string{"card", "--format", "html", "--out", "-"}},
		{name: "card pdf letter", args: []string{"card", "--format", "pdf", "--qr", "--paper", "letter", "--out", filepath.Join(work, "c.pdf")}, pdf: "c.pdf"},
		{name: "card pdf page", args: []string{"card", "--format", "pdf", "--layout", "page", "--out", filepath.Join(work, "c2.pdf")}, pdf: "c2.pdf"},
		{name: "archive", args: []string{"archive", "--out", filepath.Join(work, "a.tar.age")}},
		// Sharing: the sensitive listing, carers, a carer opening it.
		{name: "export: sensitive listing", args: []string{"export", "--share-passphrase-file", shareFile, "--category", "note,medication,result", "--out", filepath.Join(work, "p.age")}, code: 4, want: "Title  lnk"},
		{name: "export --dry-run", args: []string{"export", "--share-passphrase-file", shareFile, "--category", "note,medication", "--include-sensitive", "--dry-run", "--out", filepath.Join(work, "p.age")}},
		{name: "keygen", args: []string{"keygen", "--out", key}, carer: true},
		{name: "carer add", args: []string{"carer", "add", "Sam", "--recipient", "@recipient"}},
		{name: "carer list", args: []string{"carer", "list"}},
		{name: "export: a name that holds escapes is refused", args: []string{"export", "--to", "Sam", "--category", "note", "--include-sensitive", "--out", extract}, code: 2},
		{name: "profile set", args: []string{"profile", "set", "--name", "Ada Lovelace"}},
		{name: "export to a carer", args: []string{"export", "--to", "Sam", "--category", "note,medication,result,document,allergy,condition", "--include-sensitive", "--out", extract}},
		{name: "shares", args: []string{"shares"}},
		{name: "open plain", args: []string{"open", extract, "--identity", key}, carer: true, want: "Title  lnk"},
		{name: "open --json", args: []string{"open", extract, "--identity", key, "--json"}, carer: true, json: true, exact: true},
	}
	if ccda != "" {
		edges = append(edges[:3], append([]edge{{name: "import C-CDA with hostile names", args: []string{"import", ccda}}}, edges[3:]...)...)
	} else {
		t.Log("no shared fixtures: the C-CDA row is left out")
	}
	// Accessible mode: each screen that shows outside text, one session
	// each (input ends: it quits).
	for _, s := range []struct{ name, keys string }{
		{"home", ""}, {"conditions and one", "1\n1\n"}, {"medications and one", "2\n1\n"}, {"allergies and one", "3\n1\n"},
		{"results and one", "5\n1\n"}, {"results and another", "5\n2\n"}, {"measurements and one", "6\n1\n"},
		{"documents and one", "9\n1\n"}, {"contacts and one", "10\n1\n"}, {"notes and one", "11\n1\n"}, {"profile", "12\n"},
		{"search", "13\nlnk\n1\n"}, {"charts", "14\n1\n"}, {"carers", "16\n1\n"}, {"print", "17\n"},
		{"import", "18\n" + bundle + "\n"}, {"audit log and a row", "19\n1\n"}, {"settings", "20\n"},
	} {
		edges = append(edges, edge{name: "accessible: " + s.name, args: []string{"--accessible"}, stdin: s.keys})
	}

	recipient := ""
	var ids []string
	for _, e := range edges {
		t.Run(e.name, func(t *testing.T) {
			args := make([]string, 0, len(e.args))
			each := false
			for _, a := range e.args {
				switch a {
				case "@recipient":
					a = recipient
				case "@each":
					each = true
					continue
				}
				args = append(args, a)
			}
			runs := [][]string{args}
			if each {
				runs = nil
				for _, id := range ids {
					runs = append(runs, append([]string{args[0], id}, args[1:]...))
				}
			}
			var all, jsonOut strings.Builder
			for _, a := range runs {
				c := r.cmd(a...)
				if e.carer {
					c.Env = append(c.Env, "PHR_VAULT="+filepath.Join(carerHome, "no-vault"), "HOME="+carerHome)
				}
				c.Stdin = strings.NewReader(e.stdin)
				res := runCmd(t, c)
				if res.code != e.code {
					t.Fatalf("phr %q: exit %d, want %d\n%s%s", a, res.code, e.code, res.stdout, res.stderr)
				}
				for _, o := range []struct{ what, s string }{{"stdout", res.stdout}, {"stderr", res.stderr}} {
					if d := dirty(o.s, false); d != "" {
						t.Errorf("phr %q wrote to %s %s", a, o.what, d)
					}
				}
				if e.json {
					jsonOut.WriteString(checkJSON(t, res.stdout))
				}
				all.WriteString(res.stdout + res.stderr)
				if e.name == "keygen" {
					recipient = strings.TrimSpace(res.stdout)
				}
			}
			if e.exact {
				// The decoded strings hold the corpus as it came: OSC 52
				// and the bidi controls, escaped.
				for _, p := range []string{hostileParts[0], hostileParts[10]} {
					if !strings.Contains(jsonOut.String(), p) {
						t.Errorf("--json lost the exact text %q", p)
					}
				}
			}
			if e.want != "" && !strings.Contains(all.String(), e.want) {
				t.Errorf("no %q in what phr wrote:\n%s", e.want, all.String())
			}
			if e.pdf != "" {
				checkPDF(t, filepath.Join(work, e.pdf))
			}
			if e.name == "list --json" {
				ids = listIDs(t, all.String())
			}
		})
	}
	if len(ids) < 10 {
		t.Fatalf("only %d entries came in: the corpus did not reach every edge", len(ids))
	}
}

// checkJSON parses stdout as one JSON document or JSON lines, and returns
// every string in it, decoded, for [edge.exact].
func checkJSON(t *testing.T, out string) string {
	t.Helper()
	var strs strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			strs.WriteString(v + "\n")
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	dec := json.NewDecoder(strings.NewReader(out))
	n := 0
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("stdout is not JSON (%v):\n%s", err, out)
		}
		walk(v)
		n++
	}
	if n == 0 {
		t.Fatalf("no JSON on stdout")
	}
	return strs.String()
}

// checkPDF checks the text a PDF shows (through pdftotext, when present).
func checkPDF(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no PDF: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext is not installed: the PDF's text is not checked")
		return
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if d := dirty(string(out), true); d != "" {
		t.Errorf("the PDF shows %s", d)
	}
	if !strings.Contains(string(out), "¶") {
		t.Errorf("the PDF does not show a title's line break as ¶:\n%s", out)
	}
}

func listIDs(t *testing.T, out string) []string {
	t.Helper()
	var es []listed
	if err := json.Unmarshal([]byte(out), &es); err != nil {
		t.Fatalf("list --json: %v", err)
	}
	var ids []string
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	return ids
}
