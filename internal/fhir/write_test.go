package fhir

import (
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

func TestIsDecimal(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "6.5": true, "72.50": true, "-3": true, "1e5": true, "2.5E-3": true, "140": true,
		"": false, "05": false, ".5": false, "5.": false, "1,5": false, "140/90": false, "NaN": false,
		"+3": false, "1e": false, "- 3": false, "positive": false, "12 mg": false,
	} {
		if isDecimal(s) != want {
			t.Errorf("isDecimal(%q) = %v, want %v", s, !want, want)
		}
	}
}

func TestSystems(t *testing.T) {
	for short, uri := range map[string]string{
		"snomed": "http://snomed.info/sct", "SNOMED": "http://snomed.info/sct", "loinc": "http://loinc.org",
		"rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm", "icd10": "http://hl7.org/fhir/sid/icd-10",
		"cvx": "http://hl7.org/fhir/sid/cvx", "atc": "http://www.whocc.no/atc", "urn:oid:1.2.3": "urn:oid:1.2.3", "local": "",
	} {
		if got := systemURI(short); got != uri {
			t.Errorf("systemURI(%q) = %q, want %q", short, got, uri)
		}
		if uri != "" && uri != "urn:oid:1.2.3" && systemURI(record.ShortSystem(uri)) != uri {
			t.Errorf("systemName(%q) does not round-trip", uri)
		}
	}
}
