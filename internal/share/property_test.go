package share

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
)

// TestPropertyGateHoldsWhatLeaves: for random records, selections and
// answers of the person (refuse, include, exclude), every entry and every
// attachment in the written and reopened extract that has an effective
// sensitive kind, or an attachment phr cannot read, was confirmed: its
// kinds are among those the person included. Nothing is written when the
// gate refuses.
func TestPropertyGateHoldsWhatLeaves(t *testing.T) {
	k := newKeys(t)
	rcpt := k.x.Recipient()
	titles := []string{"Metformin 500 mg", "Sertraline 50 mg", "Blood pressure", "HIV-1 Ab", "Hay fever", "Methadone 30 mg",
		"Clinic letter", "Influenza vaccine", "Pregnancy test", "BRCA2 result", "Knee X-ray", "Assault injury", "Cholesterol"}
	values := []string{"", "normal", "reactive", "opiates detected", "132/88", "Chlamydia detected", "Psychiatry outpatients"}
	codes := []*record.Code{nil, {System: "icd10", Code: "F32.1"}, {System: "loinc", Code: "2093-3"}, {System: "icd10", Code: "I10"},
		{System: "http://loinc.org", Code: "75622-1"}, {System: "snomed", Code: "38341003"}}
	labels := [][]record.Code{nil, nil, nil, {{System: "2.16.840.1.113883.5.4", Code: "PSY"}}, {{System: "2.16.840.1.113883.5.25", Code: "R"}}}
	files := []struct{ name, typ, text string }{
		{"plain.txt", "text/plain", "Seen today, well."},
		{"hpi.txt", "text/plain", "He sees his psychiatrist for depression."},
		{"scan.png", "image/png", "\x89PNG\r\n\x1a\n"},
		{"ccd.xml", "application/xml", `<ClinicalDocument><value code="B20" codeSystem="2.16.840.1.113883.6.90"/></ClinicalDocument>`},
	}
	cats := []record.Category{record.Medication, record.Result, record.Condition, record.Document}
	rng := rand.New(rand.NewPCG(17, 2026))
	written := 0
	for iter := 0; iter < 120; iter++ {
		var entries []record.Entry
		blobs := map[string][]byte{}
		for i := range 2 + rng.IntN(8) {
			e := record.Entry{ID: fmt.Sprintf("e%d", i), Category: cats[rng.IntN(len(cats))], Title: titles[rng.IntN(len(titles))],
				Value: values[rng.IntN(len(values))], Code: codes[rng.IntN(len(codes))], Labels: labels[rng.IntN(len(labels))],
				Date: "2024-01-02", Status: "final"}
			if rng.IntN(4) == 0 {
				e.Sensitive = []record.Kind{record.Private}
			}
			if rng.IntN(3) == 0 {
				f := files[rng.IntN(len(files))]
				id := fmt.Sprintf("f%d", i)
				e.Attachments = []record.Attachment{{ID: id, Name: f.name, Type: f.typ, Size: int64(len(f.text))}}
				blobs[id] = []byte(f.text)
			}
			entries = append(entries, e)
		}
		sel := Selection{}
		for _, c := range cats {
			if rng.IntN(2) == 0 {
				sel.Categories = append(sel.Categories, c)
			}
		}
		if rng.IntN(2) == 0 {
			sel.IDs = []string{entries[rng.IntN(len(entries))].ID}
		}
		chosen, err := Select(entries, sel)
		if err != nil {
			continue
		}
		checks := fileChecks(chosen, blobs)
		mode := rng.IntN(3) // 0 refuse, 1 include, 2 exclude
		kept, flagged, err := GateFiles(chosen, mode != 0, checks)
		held := map[string]bool{}
		for _, f := range flagged {
			held[f.ID] = true
		}
		for _, e := range chosen {
			risky := len(sensitive.Effective(&e)) > 0 || len(checks[e.ID].Kinds) > 0 || len(checks[e.ID].NotChecked) > 0
			if risky && !held[e.ID] {
				t.Fatalf("iteration %d: %s %q is sensitive or unread but not flagged", iter, e.ID, e.Title)
			}
		}
		if mode == 0 {
			if (err != nil) != (len(flagged) > 0) || (err != nil && kept != nil) {
				t.Fatalf("iteration %d: refuse: err %v, %d flagged, %d kept", iter, err, len(flagged), len(kept))
			}
			if err != nil {
				continue // nothing is written
			}
		}
		confirmed := FlaggedKinds(flagged)
		if mode == 2 {
			kept, confirmed = Without(kept, flagged), nil
		}
		if len(kept) == 0 {
			continue
		}
		x, err := Build(BuildParams{Entries: kept, Profile: profile, From: "Alice Example", SigningKey: k.sign,
			To: ToParty{Name: "Sam", Recipient: rcpt.String()}, Created: now, Expires: expires, SensitiveIncluded: confirmed,
			Files: func(a record.Attachment) ([]byte, error) { return blobs[a.ID], nil }})
		if err != nil {
			t.Fatalf("iteration %d: Build: %v", iter, err)
		}
		var buf bytes.Buffer
		if _, err := SealTo(x, &buf, rcpt.String(), false); err != nil {
			t.Fatal(err)
		}
		op, err := openWith(buf.Bytes(), k.x, memPins{})
		if err != nil {
			t.Fatalf("iteration %d: open: %v", iter, err)
		}
		written++
		for _, e := range op.Entries {
			for _, kind := range sensitive.Effective(&e) {
				if !slices.Contains(confirmed, kind) {
					t.Fatalf("iteration %d (mode %d): %q left with %s unconfirmed (confirmed %v)", iter, mode, e.Title, kind, confirmed)
				}
			}
			for _, a := range e.Attachments {
				data, ok := op.Files[a.ID]
				if !ok {
					continue
				}
				r, readable := sensitive.ScanAttachment(a.Name, a.Type, data)
				if !readable && mode != 1 {
					t.Fatalf("iteration %d (mode %d): unread attachment %s left unconfirmed", iter, mode, a.Name)
				}
				for kind := range r {
					if !slices.Contains(confirmed, kind) {
						t.Fatalf("iteration %d (mode %d): attachment %s left with %s unconfirmed", iter, mode, a.Name, kind)
					}
				}
			}
		}
	}
	if written < 30 {
		t.Fatalf("only %d extracts were written: the property was hardly tested", written)
	}
}

// fileChecks reads the entries' attachments as the app does.
func fileChecks(entries []record.Entry, blobs map[string][]byte) map[string]FileCheck {
	out := map[string]FileCheck{}
	for _, e := range entries {
		fc := FileCheck{Kinds: map[record.Kind]string{}}
		for _, a := range e.Attachments {
			r, ok := sensitive.ScanAttachment(a.Name, a.Type, blobs[a.ID])
			if !ok {
				fc.NotChecked = append(fc.NotChecked, a.Name)
			}
			for k, why := range r {
				fc.Kinds[k] = why
			}
		}
		out[e.ID] = fc
	}
	return out
}
