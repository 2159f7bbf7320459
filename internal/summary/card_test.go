package summary

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	goqr "github.com/piglig/go-qr"

	"github.com/phrhealth/phr/internal/record"
)

func TestCardEntriesPicksWhatAParamedicNeeds(t *testing.T) {
	all := []record.Entry{
		{ID: "a1", Category: record.Allergy, Title: "Penicillin"},
		{ID: "a2", Category: record.Allergy, Title: "Old", Status: "resolved"},
		{ID: "m1", Category: record.Medication, Title: "Metformin", Date: "2024-01-01"},
		{ID: "m2", Category: record.Medication, Title: "Stopped", Date: "2020-01-01", End: "2020-02-01"},
		{ID: "c1", Category: record.Condition, Title: "Diabetes", Tags: []string{"important"}},
		{ID: "c2", Category: record.Condition, Title: "Hay fever"},
		{ID: "c3", Category: record.Condition, Title: "Old important", Status: "resolved", Tags: []string{"important"}},
		{ID: "p1", Category: record.Procedure, Title: "Pacemaker", Tags: []string{"implant"}},
		{ID: "p2", Category: record.Procedure, Title: "Removed stent", Status: "entered-in-error", Tags: []string{"implant"}},
		{ID: "k1", Category: record.Contact, Title: "GP", Tags: []string{"emergency"}},
		{ID: "k2", Category: record.Contact, Title: "Dentist"},
		{ID: "r1", Category: record.Result, Title: "HbA1c", Date: "2026-11-01"},
		{ID: "n1", Category: record.Note, Title: "Note", Tags: []string{"important"}},
	}
	var got []string
	for _, e := range CardEntries(all, now) {
		got = append(got, e.ID)
	}
	if want := "a1 m1 c1 p1 k1"; strings.Join(got, " ") != want {
		t.Errorf("CardEntries = %v, want %s", got, want)
	}
	// With no condition marked important, every current one is on the card.
	all[4].Tags = nil
	got = got[:0]
	for _, e := range CardEntries(all, now) {
		if e.Category == record.Condition {
			got = append(got, e.ID)
		}
	}
	if want := "c1 c2"; strings.Join(got, " ") != want {
		t.Errorf("conditions without an important one = %v, want %s", got, want)
	}
}

func TestCardTextFitsAndCutsAllergiesLast(t *testing.T) {
	p := record.Profile{Name: "Ada Lovelace", Born: "1815-12-10", BloodType: "O+", EmergencyContact: "Sam 020 7946 0000", Languages: "English",
		EmergencyNotes: "Pacemaker; " + strings.Repeat("long words ", 40)}
	var es []record.Entry
	for i := range 6 {
		es = append(es, record.Entry{Category: record.Allergy, Title: fmt.Sprintf("Allergy number %d", i), Value: "anaphylaxis"})
	}
	for i := range 40 {
		es = append(es, record.Entry{Category: record.Medication, Title: fmt.Sprintf("Medicine with a long name %d", i), Value: "10", Unit: "mg"})
		es = append(es, record.Entry{Category: record.Condition, Title: fmt.Sprintf("Condition %d", i)})
	}
	tests := []struct {
		name    string
		entries []record.Entry
		want    []string
		notWant []string
	}{
		{"small", es[:8], []string{"EMERGENCY CARD", "Ada Lovelace, born 1815-12-10, blood type O+", "Allergy number 5 (anaphylaxis)",
			"Medicine with a long name 0 10 mg", "Call: Sam 020 7946 0000", "Speaks: English"}, []string{"more"}},
		{"too long", es, []string{"Allergy number 0", "Allergy number 5", "more", "Speaks: English", "Call: Sam", "Know first: Pacemaker; long words"}, nil},
		{"nothing", nil, []string{"Allergies: none known"}, []string{"Medicines:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := CardText(BuildCard(p, tt.entries, now, nil))
			if n := len([]rune(text)); n > CardLimit {
				t.Errorf("%d characters, want at most %d:\n%s", n, CardLimit, text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in\n%s", w, text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(text, w) {
					t.Errorf("unexpected %q in\n%s", w, text)
				}
			}
		})
	}
	// The count of what was cut adds up to what was left out.
	c := BuildCard(p, es, now, nil)
	for _, l := range c.Fit() {
		var all []string
		for _, x := range c.Lists() {
			if x.Label == l.Label {
				all = x.Items
			}
		}
		if len(l.Items)+l.Cut != len(all) {
			t.Errorf("%s: %d shown + %d cut != %d", l.Label, len(l.Items), l.Cut, len(all))
		}
	}
}

func TestCardCleansOutsideText(t *testing.T) {
	p := record.Profile{Name: "Ada\x1b[31m\u202eLovelace", Languages: "Eng\x07lish"}
	text := CardText(BuildCard(p, []record.Entry{{Category: record.Allergy, Title: "Nuts\r\n\x1b]0;x\x07"}}, now, nil))
	if strings.ContainsAny(text, "\x1b\x07\r\u202e") {
		t.Errorf("control characters survived: %q", text)
	}
	if !strings.Contains(text, "Speaks: English") {
		t.Errorf("languages: %q", text)
	}
}

// TestCardQRDecodes reads the QR code back, as a phone's camera would, from
// the image drawn at the size the wallet card prints it, for a full card.
func TestCardQRDecodes(t *testing.T) {
	var es []record.Entry
	for i := range 30 {
		es = append(es, record.Entry{Category: record.Medication, Title: fmt.Sprintf("Médicament numéro %d", i), Value: "5", Unit: "mg"})
	}
	for _, text := range []string{
		CardText(BuildCard(record.Profile{Name: "Zoë Ångström", Born: "1990-01-02", BloodType: "AB-"}, nil, now, nil)),
		CardText(BuildCard(record.Profile{Name: "Ada Lovelace"}, es, now, nil)),
	} {
		img, err := QRImage(text, 3)
		if err != nil {
			t.Fatal(err)
		}
		got, err := goqr.Decode(img)
		if err != nil {
			t.Fatalf("decode the QR code of %d characters: %v", len([]rune(text)), err)
		}
		if got != text {
			t.Errorf("QR code holds %q, want %q", got, text)
		}
		art, cols, err := QRText(text)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(art, "\n"), "\n")
		if len([]rune(lines[0])) != cols || len(lines) != (cols+1)/2 {
			t.Errorf("terminal QR is %d lines of %d columns, want %d of %d", len(lines), len([]rune(lines[0])), (cols+1)/2, cols)
		}
	}
}

func TestCardHTMLAndPDF(t *testing.T) {
	c := BuildCard(record.Profile{Name: "Ada <b>Lovelace</b>", BloodType: "O+"},
		[]record.Entry{{Category: record.Allergy, Title: "Penicillin", Value: "hives"}}, now, []record.Kind{record.MentalHealth})
	c.QR = true
	for _, layout := range []string{LayoutWallet, LayoutPage} {
		var h bytes.Buffer
		if err := CardHTML(&h, c, layout); err != nil {
			t.Fatal(err)
		}
		s := h.String()
		for _, w := range []string{"Ada &lt;b&gt;Lovelace&lt;/b&gt;", "Penicillin (hives)", `<svg class="qr"`, "mental health"} {
			if !strings.Contains(s, w) {
				t.Errorf("%s HTML lacks %q", layout, w)
			}
		}
		for _, bad := range []string{"<b>Lovelace", "src=", "href=", "url(", "@import", "<script"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s HTML holds %q", layout, bad)
			}
		}
		var p bytes.Buffer
		if err := CardPDF(&p, c, layout, PaperA4); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(p.Bytes(), []byte("%PDF-")) {
			t.Errorf("%s PDF starts %q", layout, p.Bytes()[:8])
		}
	}
	if err := CardHTML(new(bytes.Buffer), c, "poster"); err == nil {
		t.Error("an unknown layout was accepted")
	}
}

// TestPDFRefusesTextItsFontCannotShow: a name in a script the Go fonts lack
// is refused by name, not printed as empty boxes; HTML still works.
func TestPDFRefusesTextItsFontCannotShow(t *testing.T) {
	d := Build(Params{Profile: record.Profile{Name: "李小龍"}, Made: now})
	err := PDF(new(bytes.Buffer), d, PaperA4)
	if err == nil || !strings.Contains(err.Error(), "U+674E") || !strings.Contains(err.Error(), "--format html") {
		t.Errorf("PDF of a name in Chinese: %v", err)
	}
	if err := HTML(new(bytes.Buffer), d); err != nil {
		t.Errorf("HTML: %v", err)
	}
	d = Build(Params{Profile: record.Profile{Name: "Ζωή Ångström-Шостакович"}, Made: now})
	if err := PDF(new(bytes.Buffer), d, PaperA4); err != nil {
		t.Errorf("Greek, Latin and Cyrillic: %v", err)
	}
}

// TestPDFPrintsTheSanitisersMarks: a title, a name or a result that holds
// a line break or bytes that are not UTF-8 (a hostile or a careless import)
// still prints: the sanitiser's marks are drawn with the font's own
// characters, never refused as letters the font lacks.
func TestPDFPrintsTheSanitisersMarks(t *testing.T) {
	odd := "Take 2\nTake 20\x1b]52;c;ZXZpbA==\x07 \xff\u202e"
	es := []record.Entry{{Category: record.Medication, Title: odd, Date: "2026-01-01", Notes: odd},
		{Category: record.Allergy, Title: odd, Value: odd},
		{Category: record.Result, Title: odd, Date: "2026-01-01", Value: "7", Unit: odd},
		{Category: record.Result, Title: odd, Date: "2026-03-01", Value: "6", Unit: odd}}
	p := record.Profile{Name: odd, EmergencyContact: odd}
	for _, paper := range []string{PaperA4, PaperLetter} {
		if err := PDF(new(bytes.Buffer), Build(Params{Profile: p, Made: now, Entries: es}), paper); err != nil {
			t.Errorf("summary on %s: %v", paper, err)
		}
		c := BuildCard(p, es, now, nil)
		for _, layout := range []string{LayoutWallet, LayoutPage} {
			if err := CardPDF(new(bytes.Buffer), c, layout, paper); err != nil {
				t.Errorf("%s card on %s: %v", layout, paper, err)
			}
		}
	}
}

// TestPDFIsReproducible: the same summary gives the same bytes, so its
// fingerprint in the audit log identifies it.
func TestPDFIsReproducible(t *testing.T) {
	d := Build(Params{Profile: record.Profile{Name: "Ada"}, Made: now, Entries: []record.Entry{
		{Category: record.Result, Title: "HbA1c", Date: "2026-01-01", Value: "7", Unit: "%"},
		{Category: record.Result, Title: "HbA1c", Date: "2026-03-01", Value: "6.5", Unit: "%"},
		{Category: record.Result, Title: "HbA1c", Date: "2026-06-01", Value: "6.8", Unit: "%"},
	}})
	var a, b bytes.Buffer
	if err := PDF(&a, d, PaperA4); err != nil {
		t.Fatal(err)
	}
	if err := PDF(&b, d, PaperA4); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two PDFs of the same summary differ")
	}
}
