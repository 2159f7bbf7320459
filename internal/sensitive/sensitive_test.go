package sensitive

import (
	"reflect"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

func TestTablesLoad(t *testing.T) {
	tb, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	for sys, min := range map[string]int{"icd10": 40, "icd9": 25, "icd11": 8} {
		if len(tb.ranges[sys]) < min {
			t.Errorf("%s table has %d ranges, want at least %d", sys, len(tb.ranges[sys]), min)
		}
	}
	for sys, min := range map[string]int{"snomed": 40, "loinc": 20, "rxnorm": 40, "cpt": 40} {
		if len(tb.exact[sys]) < min {
			t.Errorf("%s table has %d codes, want at least %d", sys, len(tb.exact[sys]), min)
		}
	}
	if len(tb.atc) < 8 || len(tb.phrases) < 300 || len(tb.labels) < 15 {
		t.Fatalf("tables look short: atc %d phrases %d labels %d", len(tb.atc), len(tb.phrases), len(tb.labels))
	}
}

func TestSuggestByCode(t *testing.T) {
	cases := []struct {
		system, code string
		want         []record.Kind
	}{
		{"icd10", "F32.1", []record.Kind{record.MentalHealth}},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F411", []record.Kind{record.MentalHealth}},
		{"icd10", "F10.20", []record.Kind{record.SubstanceUse}},
		{"icd10", "F11", []record.Kind{record.SubstanceUse}},
		{"icd10", "F17.210", nil}, // nicotine: deliberately not sensitive
		{"icd10", "B20", []record.Kind{record.HIV}},
		{"icd10", "Z21", []record.Kind{record.HIV}},
		{"icd10", "A56.0", []record.Kind{record.SexualHealth}},
		{"icd10", "O03.9", []record.Kind{record.SexualHealth}},
		{"icd10", "O9A.1", []record.Kind{record.SexualHealth}},
		{"icd10", "Z30.0", []record.Kind{record.SexualHealth}},
		{"icd10", "T74.1", []record.Kind{record.Violence}},
		{"icd10", "T76.1", []record.Kind{record.Violence}},
		{"icd10", "Y07.0", []record.Kind{record.Violence}},
		{"icd10", "Q90.9", []record.Kind{record.Genetic}},
		{"icd10", "I10", nil},
		{"icd10", "E11.9", nil},
		{"icd10", "F", nil},
		{"http://snomed.info/sct", "197480006", []record.Kind{record.MentalHealth}},
		{"snomed", "19169002", []record.Kind{record.SexualHealth}},
		{"snomed", "79586000", []record.Kind{record.SexualHealth}},
		{"snomed", "424441002", []record.Kind{record.SexualHealth}},
		{"snomed", "72892002", []record.Kind{record.SexualHealth}},
		{"snomed", "7200002", []record.Kind{record.SubstanceUse}},
		{"snomed", "86406008", []record.Kind{record.HIV}},
		{"2.16.840.1.113883.6.96", "105629000", []record.Kind{record.SexualHealth}},
		{"snomed", "38341003", nil},  // hypertension
		{"snomed", "266919005", nil}, // never smoker
		{"http://loinc.org", "75622-1", []record.Kind{record.HIV}},
		{"loinc", "2106-3", []record.Kind{record.SexualHealth}},
		{"loinc", "44261-6", []record.Kind{record.MentalHealth}},
		{"loinc", "8480-6", nil},
		{"http://www.whocc.no/atc", "N06AB10", []record.Kind{record.MentalHealth}},
		{"atc", "N05AH04", []record.Kind{record.MentalHealth}},
		{"atc", "J05AR03", []record.Kind{record.HIV}},
		{"atc", "N07BC02", []record.Kind{record.SubstanceUse}},
		{"atc", "G03AA12", []record.Kind{record.SexualHealth}},
		{"atc", "C08CA01", nil},                                // amlodipine
		{"atc", "N02BE01", nil},                                // paracetamol
		{"atc", "J07BC01", nil},                                // hepatitis B vaccine
		{"atc", "G03CA03", []record.Kind{record.SexualHealth}}, // estradiol (hormone therapy)
		{"atc", "N06BA04", []record.Kind{record.MentalHealth}}, // methylphenidate
		{"atc", "N05AB04", nil},                                // prochlorperazine: exempt, mostly for nausea
		{"atc", "N05AB03", []record.Kind{record.MentalHealth}}, // perphenazine: its class counts
		{"icd10", "Z11.4", []record.Kind{record.HIV}},
		{"icd10", "Z11.3", []record.Kind{record.SexualHealth}},
		{"icd10", "Z11.1", nil}, // screening for tuberculosis
		{"icd10", "Z91.41", []record.Kind{record.Violence}},
		{"icd10", "Z91.5", []record.Kind{record.MentalHealth}}, // personal history of self-harm (WHO; CM Z91.51, Z91.52)
		{"icd10", "Z91.4", nil},                                // WHO: history of psychological trauma NEC; only CM Z91.41/Z91.42 count
		{"icd10", "Z91.51", []record.Kind{record.MentalHealth}},
		{"icd10", "O98.7", []record.Kind{record.SexualHealth, record.HIV}},
		{"icd10", "K70.3", []record.Kind{record.SubstanceUse}},
		{"icd10", "Z31.83", []record.Kind{record.SexualHealth}},
		{"snomed", "65200003", []record.Kind{record.SexualHealth}},
		{"snomed", "6525002", []record.Kind{record.SubstanceUse}},
		{"cvx", "62", nil}, // HPV vaccine: preventive
		{"cvx", "45", nil}, // hepatitis B vaccine
	}
	for _, c := range cases {
		e := &record.Entry{Title: "x", Code: &record.Code{System: c.system, Code: c.code}}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: got %v, want %v", c.system, c.code, got, c.want)
		}
		if c.want != nil && !strings.Contains(Reasons(e)[c.want[0]], "code ") {
			t.Errorf("%s %s: reason %q does not name the code", c.system, c.code, Reasons(e)[c.want[0]])
		}
	}
}

func TestSuggestByWord(t *testing.T) {
	cases := []struct {
		title, notes string
		want         []record.Kind
	}{
		{"Major depression", "", []record.Kind{record.MentalHealth}},
		{"Generalised ANXIETY disorder", "", []record.Kind{record.MentalHealth}},
		{"Seen by psychiatrist", "", []record.Kind{record.MentalHealth}},
		{"Psychiatry follow-up", "", []record.Kind{record.MentalHealth}},
		{"History of self-harm", "", []record.Kind{record.MentalHealth}},
		{"self harm risk", "", []record.Kind{record.MentalHealth}},
		{"escitalopram 10 mg", "", []record.Kind{record.MentalHealth}},
		{"Quetiapine 25 MG Oral Tablet", "", []record.Kind{record.MentalHealth}},
		{"HIV test", "", []record.Kind{record.HIV}},
		{"Biktarvy", "", []record.Kind{record.HIV}},
		{"Chlamydia antigen test", "", []record.Kind{record.SexualHealth}},
		{"Gonorrhoea", "", []record.Kind{record.SexualHealth}},
		{"Gonorrhea", "", []record.Kind{record.SexualHealth}},
		{"Yaz 28 Day Pack", "", []record.Kind{record.SexualHealth}},
		{"Jolivette 28 Day Pack", "", []record.Kind{record.SexualHealth}},
		{"Levonorgestrel 1.5 MG", "", []record.Kind{record.SexualHealth}},
		{"Termination of pregnancy", "", []record.Kind{record.SexualHealth}},
		{"IVF cycle 2", "", []record.Kind{record.SexualHealth}},
		{"Methadone 10 MG", "", []record.Kind{record.SubstanceUse}},
		{"Alcohol dependence", "", []record.Kind{record.SubstanceUse}},
		{"drug abuse", "", []record.Kind{record.SubstanceUse}},
		{"BRCA1 genetic test", "", []record.Kind{record.Genetic}},
		{"Domestic violence disclosure", "", []record.Kind{record.Violence}},
		{"Letter", "assault reported to police", []record.Kind{record.Violence}},
		{"Clinic letter", "started sertraline; HIV negative", []record.Kind{record.MentalHealth, record.HIV}},
		{"Neisseria gonorrhoeae DNA", "", []record.Kind{record.SexualHealth}},
		{"Herpes genitalis", "", []record.Kind{record.SexualHealth}},
		{"Medical termination at 8 weeks", "", []record.Kind{record.SexualHealth}},
		{"Postpartum check", "", []record.Kind{record.SexualHealth}},
		{"Ethinyloestradiol 30 microgram", "", []record.Kind{record.SexualHealth}},
		{"Clomifene 50 mg", "", []record.Kind{record.SexualHealth}},
		{"Descovy", "", []record.Kind{record.HIV}},
		{"Acamprosate 333 mg", "", []record.Kind{record.SubstanceUse}},
		{"Solvent abuse", "", []record.Kind{record.SubstanceUse}},
		{"Child abuse concern", "", []record.Kind{record.Violence}},
		{"Methylphenidate 10 mg", "", []record.Kind{record.MentalHealth}},
		{"Trisomy 21 screening", "", []record.Kind{record.Genetic}},
		// Negatives.
		{"Termination of employment letter", "", nil},
		{"Prochlorperazine 5 mg", "", nil},
		{"Hepatitis B Surface Antigen Measurement", "", nil},
		{"Tobacco smoking status NHIS", "", nil},
		{"Amlodipine 5 MG Oral Tablet", "", nil},
		{"Lisinopril 10 MG", "", nil},
		{"Paracetamol 500 mg", "", nil},
		{"Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet", "", nil},
		{"Abuse-Deterrent 12 HR Oxycodone Hydrochloride 15 MG Extended Release Oral Tablet", "", nil},
		{"Influenza, seasonal, injectable", "", nil},
		{"Hep B, adolescent or pediatric", "", nil},
		{"HPV, quadrivalent", "", nil},
		{"Never smoker", "", nil},
		{"Hearing aids", "", nil},
		{"Chivalry", "", nil},                                            // contains "hiv" inside a word
		{"Sexual health clinic", "", []record.Kind{record.SexualHealth}}, // the visit itself says enough
		{"Lithiumx", "", nil},
	}
	for _, c := range cases {
		e := &record.Entry{Title: c.title, Notes: c.notes}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q / %q: got %v, want %v (reasons %v)", c.title, c.notes, got, c.want, Reasons(e))
		}
	}
}

func TestReasonsSayWhere(t *testing.T) {
	e := &record.Entry{Title: "Methadone 10 MG", Notes: "low mood, depression"}
	r := Reasons(e)
	if got := r[record.SubstanceUse]; got != `word "methadone" in the title` {
		t.Errorf("substance-use reason %q", got)
	}
	if got := r[record.MentalHealth]; got != `word "low mood" in the notes` {
		t.Errorf("mental-health reason %q", got)
	}
	e = &record.Entry{Title: "Condition", Code: &record.Code{System: "icd10", Code: "F32.1"}}
	if got := Reasons(e)[record.MentalHealth]; got != "code icd10 F32.1 (icd10.tsv)" {
		t.Errorf("code reason %q", got)
	}
	e = &record.Entry{Title: "Condition", Code: &record.Code{System: "http://snomed.info/sct", Code: "197480006", Display: "Anxiety disorder"}}
	if got := Reasons(e)[record.MentalHealth]; got != "code snomed 197480006 Anxiety disorder (snomed.tsv)" {
		t.Errorf("code reason with display %q", got)
	}
}

func TestReviewedAndEffective(t *testing.T) {
	e := &record.Entry{Title: "Depression", Sensitive: []record.Kind{record.Private}}
	if got, want := Effective(e), []record.Kind{record.MentalHealth, record.Private}; !reflect.DeepEqual(got, want) {
		t.Errorf("Effective = %v, want %v", got, want)
	}
	if got := Suggest(e); !reflect.DeepEqual(got, []record.Kind{record.MentalHealth}) {
		t.Errorf("Suggest includes the entry's own kinds: %v", got)
	}
	e.SensitiveReviewed = true
	if got := Suggest(e); got != nil {
		t.Errorf("Suggest on a reviewed entry = %v, want nil", got)
	}
	if got := Reasons(e); len(got) != 0 {
		t.Errorf("Reasons on a reviewed entry = %v", got)
	}
	if got := Effective(e); !reflect.DeepEqual(got, []record.Kind{record.Private}) {
		t.Errorf("Effective on a reviewed entry = %v", got)
	}
	if Suggest(nil) != nil || Effective(nil) != nil || len(Reasons(nil)) != 0 {
		t.Error("nil entry")
	}
}

func TestNeverPrivate(t *testing.T) {
	e := &record.Entry{Title: "private depression hiv methadone brca assault pregnancy"}
	got := Suggest(e)
	for _, k := range got {
		if k == record.Private {
			t.Fatal("suggested private")
		}
	}
	if len(got) != 6 {
		t.Errorf("want all six kinds, got %v", got)
	}
}

// TestPublishedValueSets: the SAMHSA C2S tables load behind the hand
// lists, hold the topics they were taken for, and name themselves in a
// reason; a code the hand list decides stays the hand list's.
func TestPublishedValueSets(t *testing.T) {
	tb, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, sys := range []string{"snomed", "loinc"} {
		for code, r := range tb.exact[sys] {
			count[r.table]++
			if strings.HasSuffix(r.table, "_c2s.tsv") && r.kind != record.MentalHealth && r.kind != record.SubstanceUse && r.kind != record.HIV {
				t.Errorf("%s %s in %s has kind %q", sys, code, r.table, r.kind)
			}
		}
	}
	if count["snomed_c2s.tsv"] < 1000 || count["loinc_c2s.tsv"] < 1000 {
		t.Fatalf("rows by table: %v", count)
	}
	if r := tb.exact["snomed"]["197480006"]; r.table != "snomed.tsv" {
		t.Fatalf("a hand-listed code is decided by %s", r.table)
	}
	for _, tc := range []struct{ system, code, reason string }{
		{"http://snomed.info/sct", "2403008", "code snomed 2403008 (snomed_c2s.tsv)"},
		{"http://loinc.org", "40839-3", "(loinc_c2s.tsv)"},
	} {
		e := &record.Entry{Category: record.Condition, Title: "Dx", Codings: []record.Code{{System: tc.system, Code: tc.code}}}
		found := false
		for _, r := range Reasons(e) {
			found = found || strings.Contains(r, tc.reason)
		}
		if !found {
			t.Errorf("%s %s: reasons %v, want %q", tc.system, tc.code, Reasons(e), tc.reason)
		}
	}
}
