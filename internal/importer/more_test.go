package importer

import (
	"bytes"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestMoreR4Kinds reads, from R4 resources shaped as HL7's examples
// (testdata/more/r4-kinds.json; no shared fixture holds them), the kinds
// issue 20 found thrown away: a PHQ-9's answers, a family history with a
// note on its condition, a care team, a dose given, an order, a file.
func TestMoreR4Kinds(t *testing.T) {
	res, err := readFile(t, "testdata/more/r4-kinds.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 6 || len(res.Unmapped)+len(res.Skipped) != 0 {
		t.Fatalf("%d items, unmapped %v, skipped %v", len(res.Items), res.Unmapped, res.Skipped)
	}
	for _, w := range []struct {
		cat   record.Category
		title string
		lines []string
	}{
		{record.Result, "Questionnaire answers", []string{"Little interest or pleasure in doing things: Several days",
			"Patient Health Questionnaire 9 item (PHQ-9) total score: 11"}},
		{record.Note, "Family history: father: Heart Attack, from age 74 yr, contributed to death",
			[]string{"deceased", "Heart Attack: Was fishing at the time."}},
		{record.Contact, "Peter's diabetes team", []string{"Member: Dr Adam Careful (General practitioner)", "Member: Nurse Jo Banks (Diabetes nurse)"}},
		{record.Medication, "Ceftriaxone", []string{"Given (a single administration)", "Dosage: 1 g in 100 ml over 30 minutes"}},
		{record.Procedure, "Colonoscopy", []string{"Requested (order)", "Reason: Family history of bowel cancer", "Instructions: Nothing to eat the day before"}},
	} {
		e := findItem(res, func(e *record.Entry) bool { return e.Category == w.cat && strings.HasPrefix(e.Title, w.title) })
		if e == nil {
			t.Errorf("no %s %q", w.cat, w.title)
			continue
		}
		for _, l := range w.lines {
			if !strings.Contains(e.Notes, l) {
				t.Errorf("%s: notes %q lack %q", e.Title, e.Notes, l)
			}
		}
		if w.cat == record.Contact && strings.Contains(e.Notes, "Seen by") {
			t.Errorf("a care team's members named twice: %q", e.Notes)
		}
	}
	if e := findItem(res, func(e *record.Entry) bool { return e.Title == "Ceftriaxone" }); e == nil || e.Dose != "1 g" || e.Route != "into a vein" || e.End == "" {
		t.Errorf("dose given: %+v", e)
	}
	for _, it := range res.Items {
		if it.Entry.Category == record.Document && (len(it.Attachments) != 1 || !bytes.HasPrefix(it.Attachments[0].Data, []byte("Dear Dr Careful"))) {
			t.Errorf("binary: %+v", it.Attachments)
		}
	}
}
