package share

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// TestGateInferred: entries with no sensitive kind of their own are still held
// back when their codes or words point to one (internal/sensitive), and are
// labelled in the bundle when the person includes them.
func TestGateInferred(t *testing.T) {
	cases := []struct {
		name  string
		entry record.Entry
		kind  record.Kind
	}{
		{"antidepressant by name", record.Entry{Category: record.Medication, Title: "Escitalopram 10 mg", Date: "2026-01-05"}, record.MentalHealth},
		{"antidepressant by ATC code", record.Entry{Category: record.Medication, Title: "Cipralex",
			Code: &record.Code{System: "atc", Code: "N06AB10"}}, record.MentalHealth},
		{"antiretroviral", record.Entry{Category: record.Medication, Title: "Tenofovir disoproxil / emtricitabine"}, record.HIV},
		{"opioid substitution", record.Entry{Category: record.Medication, Title: "Methadone oral solution", Value: "30", Unit: "mg"}, record.SubstanceUse},
		{"pregnancy test result", record.Entry{Category: record.Result, Title: "Pregnancy test", Value: "positive"}, record.SexualHealth},
		{"hCG by LOINC code", record.Entry{Category: record.Result, Title: "hCG urine", Code: &record.Code{System: "loinc", Code: "2106-3"}}, record.SexualHealth},
		{"note mentioning depression", record.Entry{Category: record.Note, Title: "How I feel", Notes: "Struggling with depression again this winter"}, record.MentalHealth},
	}
	k := newKeys(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.entry
			e.ID = "x1"
			if len(e.Sensitive) != 0 {
				t.Fatal("the entry must carry no kind of its own")
			}
			sel := append(sampleEntries()[:2], e)
			kept, flagged, err := Gate(sel, false)
			wantKind(t, err, errs.Policy, "1 entry in this selection is sensitive: x1", tc.kind.Describe())
			if kept != nil || len(flagged) != 1 || flagged[0].ID != "x1" || flagged[0].Title != e.Title ||
				!slices.Contains(flagged[0].Kinds, tc.kind) || flagged[0].Reasons[tc.kind] == "" || flagged[0].Reasons[tc.kind] == "marked by you" {
				t.Fatalf("flagged = %+v", flagged)
			}
			// Build refuses it unconfirmed, however the caller got there.
			_, err = Build(BuildParams{Entries: sel, Profile: profile, From: "Alice", SigningKey: k.sign,
				To: ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, Created: now, Expires: expires})
			wantKind(t, err, errs.Policy)
			// Included: the manifest declares the kind, the resource is labelled,
			// and the carer sees the kind.
			x := buildFor(t, k, sel, ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil)
			if !slices.Contains(x.Manifest.SensitiveIncluded, tc.kind) || !bytes.Contains(x.Bundle, []byte(`"confidentiality":"R"`)) {
				t.Fatalf("manifest sensitive_included = %v", x.Manifest.SensitiveIncluded)
			}
			op, err := openWith(sealTo(t, x, k.x.Recipient(), false), k.x, memPins{})
			if err != nil {
				t.Fatal(err)
			}
			for _, got := range op.Entries {
				if got.Title == e.Title && !slices.Contains(got.Sensitive, tc.kind) {
					t.Fatalf("opened entry kinds = %v", got.Sensitive)
				}
			}
		})
	}
	// When the person reviewed the kinds and removed the suggestion, the gate
	// lets the entry through.
	e := cases[len(cases)-1].entry
	e.ID, e.SensitiveReviewed = "x2", true
	if _, flagged, err := Gate([]record.Entry{e}, false); err != nil || len(flagged) != 0 {
		t.Fatalf("reviewed entry: %v %v", flagged, err)
	}
	// An own kind reads "marked by you".
	e.Sensitive = []record.Kind{record.Private}
	_, flagged, _ := Gate([]record.Entry{e}, false)
	if len(flagged) != 1 || !strings.Contains(flagged[0].Reasons[record.Private], "marked by you") {
		t.Fatalf("own kind: %+v", flagged)
	}
}
