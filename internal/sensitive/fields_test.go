package sensitive

import (
	"reflect"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestEveryFieldIsRead covers the fields that used to leave unread: a
// result's value, a component, an interpretation, an appointment's reason
// (its value), a unit, a reference range, tags, a coding's name and an
// attachment's name.
func TestEveryFieldIsRead(t *testing.T) {
	cases := []struct {
		name  string
		e     record.Entry
		want  record.Kind
		where string
	}{
		{"value", record.Entry{Title: "Lab result", Value: "HIV-1 antibody reactive"}, record.HIV, "the value"},
		{"component", record.Entry{Title: "Panel", Components: []record.Component{{Title: "HIV-1/2 antibody", Value: "reactive"}}}, record.HIV, "a component"},
		{"component value", record.Entry{Title: "Panel", Components: []record.Component{{Title: "Result", Value: "Chlamydia detected"}}}, record.SexualHealth, "a component's value"},
		{"interpretation", record.Entry{Title: "Urine screen", Interpretation: "opiates and cocaine detected"}, record.SubstanceUse, "the interpretation"},
		{"appointment reason", record.Entry{Category: record.Appointment, Title: "Outpatient visit", Value: "Psychiatry outpatients"}, record.MentalHealth, "the value"},
		{"unit", record.Entry{Title: "Dose", Unit: "tablet of sertraline"}, record.MentalHealth, "the unit"},
		{"range", record.Entry{Title: "Level", Range: "therapeutic range for lithium 0.4-1.0"}, record.MentalHealth, "the reference range"},
		{"tags", record.Entry{Title: "Visit", Tags: []string{"psychiatry"}}, record.MentalHealth, "the tags"},
		{"coding name", record.Entry{Title: "LAB8812", Codings: []record.Code{{System: "urn:oid:1.2.3", Code: "X", Display: "HIV SCREEN"}}}, record.HIV, "the code's name"},
		{"attachment name", record.Entry{Title: "Letter", Attachments: []record.Attachment{{Name: "psychiatry-letter.pdf"}}}, record.MentalHealth, "an attachment's name"},
		{"dosage in notes", record.Entry{Title: "Tablet", Notes: "Dosage: one Zoloft 50 mg each morning"}, record.MentalHealth, "the notes"},
		{"frequency", record.Entry{Category: record.Medication, Title: "Hydroxyzine 25 mg", Frequency: "as needed for anxiety"}, record.MentalHealth, "the frequency"},
		{"dose", record.Entry{Category: record.Medication, Title: "Film", Dose: "8 mg Suboxone"}, record.SubstanceUse, "the dose"},
		{"route", record.Entry{Category: record.Medication, Title: "Ring", Route: "vaginal (contraceptive ring)"}, record.SexualHealth, "the route"},
		{"reaction", record.Entry{Category: record.Allergy, Title: "Latex", Reaction: "anaphylaxis during caesarean section"}, record.SexualHealth, "the reaction"},
	}
	for _, c := range cases {
		r := Reasons(&c.e)
		if !strings.Contains(r[c.want], c.where) {
			t.Errorf("%s: reasons %v, want %s in %s", c.name, r, c.want, c.where)
		}
	}
}

// TestEveryCodingIsTested: the standard coding beside a local one counts,
// even with no name, and a component's codings count.
func TestEveryCodingIsTested(t *testing.T) {
	e := record.Entry{Title: "SCREEN", Code: &record.Code{System: "urn:oid:1.2.840.114350", Code: "LAB1"},
		Codings: []record.Code{{System: "urn:oid:1.2.840.114350", Code: "LAB1"}, {System: "http://loinc.org", Code: "75622-1"}}}
	if got := Suggest(&e); !reflect.DeepEqual(got, []record.Kind{record.HIV}) {
		t.Errorf("second coding: %v", got)
	}
	e = record.Entry{Title: "Panel", Components: []record.Component{{Title: "part", Codings: []record.Code{{System: "local", Code: "1"}, {System: "loinc", Code: "21613-5"}}}}}
	if got := Suggest(&e); !reflect.DeepEqual(got, []record.Kind{record.SexualHealth}) {
		t.Errorf("component coding: %v", got)
	}
}

// TestCodeSystems covers ICD-10 in its spellings, ICD-9-CM, ICD-11, RxNorm
// and CPT, with exemptions inside a sensitive range.
func TestCodeSystems(t *testing.T) {
	cases := []struct {
		system, code string
		want         []record.Kind
	}{
		{"http://hl7.org/fhir/sid/icd-10", "F32.1", []record.Kind{record.MentalHealth}},
		{"http://fhir.de/CodeSystem/bfarm/icd-10-gm", "F10.2", []record.Kind{record.SubstanceUse}},
		{"urn:oid:2.16.840.1.113883.6.90", "B20", []record.Kind{record.HIV}},
		{"2.16.840.1.113883.6.3", "O80", []record.Kind{record.SexualHealth}},
		{"http://hl7.org/fhir/sid/icd-9-cm", "296.20", []record.Kind{record.MentalHealth}},
		{"icd9", "303.90", []record.Kind{record.SubstanceUse}},
		{"icd9", "305.1", nil}, // tobacco use disorder: exempt inside 303-305
		{"icd9", "305.00", []record.Kind{record.SubstanceUse}},
		{"icd9", "042", []record.Kind{record.HIV}},
		{"icd9", "V08", []record.Kind{record.HIV}},
		{"icd9", "099.41", []record.Kind{record.SexualHealth}},
		{"icd9", "V25.1", []record.Kind{record.SexualHealth}},
		{"icd9", "995.81", []record.Kind{record.Violence}},
		{"icd9", "E960.0", []record.Kind{record.Violence}},
		{"icd9", "758.0", []record.Kind{record.Genetic}},
		{"icd9", "401.9", nil},
		{"icd9", "V61.10", nil},
		{"http://id.who.int/icd/release/11/mms", "6A70", []record.Kind{record.MentalHealth}},
		{"icd11", "6C40.2", []record.Kind{record.SubstanceUse}}, // as F10 in ICD-10: substance use alone
		{"icd11", "6C4A.1", nil},                                // nicotine: not sensitive, as F17 in ICD-10
		{"icd11", "1C62.1", []record.Kind{record.HIV}},
		{"icd11", "JA00.0&XT5R", []record.Kind{record.SexualHealth}},
		{"icd11", "BA00", nil},
		{"http://www.nlm.nih.gov/research/umls/rxnorm", "36437", []record.Kind{record.MentalHealth}},
		{"rxnorm", "1819", []record.Kind{record.SubstanceUse}},
		{"rxnorm", "748856", []record.Kind{record.SexualHealth}},
		{"rxnorm", "197361", nil},
		{"http://www.ama-assn.org/go/cpt", "90837", []record.Kind{record.MentalHealth}},
		{"cpt", "86703", []record.Kind{record.HIV}},
		{"cpt", "59510", []record.Kind{record.SexualHealth}},
		{"cpt", "80305", []record.Kind{record.SubstanceUse}},
		{"cpt", "99213", nil},
	}
	for _, c := range cases {
		e := &record.Entry{Title: "x", Code: &record.Code{System: c.system, Code: c.code}}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: got %v, want %v", c.system, c.code, got, c.want)
		}
	}
}

// TestLabelsForceKinds maps the source's security labels to kinds.
func TestLabelsForceKinds(t *testing.T) {
	cases := []struct {
		label record.Code
		want  []record.Kind
	}{
		{record.Code{System: "http://terminology.hl7.org/CodeSystem/v3-ActCode", Code: "PSY"}, []record.Kind{record.MentalHealth}},
		{record.Code{System: "2.16.840.1.113883.5.4", Code: "ETH"}, []record.Kind{record.SubstanceUse}},
		{record.Code{System: "2.16.840.1.113883.5.4", Code: "HIV"}, []record.Kind{record.HIV}},
		{record.Code{System: "2.16.840.1.113883.5.4", Code: "SDV"}, []record.Kind{record.Violence}},
		{record.Code{System: "2.16.840.1.113883.5.4", Code: "SEX"}, []record.Kind{record.SexualHealth}},
		{record.Code{System: "2.16.840.1.113883.5.4", Code: "STD"}, []record.Kind{record.SexualHealth}},
		{record.Code{System: "2.16.840.1.113883.5.4", Code: "GDIS"}, []record.Kind{record.Genetic}},
		{record.Code{System: "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", Code: "R"}, []record.Kind{record.Private}},
		{record.Code{System: "2.16.840.1.113883.5.25", Code: "V"}, []record.Kind{record.Private}},
		{record.Code{System: "2.16.840.1.113883.5.25", Code: "N"}, nil},
		{record.Code{System: "2.16.840.1.113883.5.4", Code: "AMB"}, nil},
		{record.Code{System: "http://example.org/other", Code: "R"}, nil},
	}
	for _, c := range cases {
		e := &record.Entry{Title: "Plain entry", Labels: []record.Code{c.label}}
		got := Suggest(e)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("label %s %s: got %v, want %v", c.label.System, c.label.Code, got, c.want)
		}
		if c.want != nil && !strings.Contains(Reasons(e)[c.want[0]], "security label "+c.label.Code) {
			t.Errorf("label %s: reason %q", c.label.Code, Reasons(e)[c.want[0]])
		}
	}
}

// TestNormalisation: zero-width and soft-hyphen characters, fullwidth
// letters, accents, case and tokens that join letters and digits.
func TestNormalisation(t *testing.T) {
	cases := []struct {
		text string
		want record.Kind
	}{
		{"H\u200bIV screen", record.HIV},
		{"\uff28\uff29\uff36 test", record.HIV}, // fullwidth HIV
		{"Sertra\u00adline 50 mg", record.MentalHealth},
		{"SERTRALINE", record.MentalHealth},
		{"HIV1 RNA", record.HIV},
		{"HIV-1 Ab", record.HIV},
		{"HIV1+2 Ag/Ab", record.HIV},
		{"Psychiatrie générale", record.MentalHealth},
		{"Dépression", record.MentalHealth},
		{"PHQ9 score", record.MentalHealth},
		{"BRCA2 mutation", record.Genetic},
		{"Chlamydia\u2060 trachomatis", record.SexualHealth},
	}
	for _, c := range cases {
		e := &record.Entry{Title: c.text}
		if got := Suggest(e); !reflect.DeepEqual(got, []record.Kind{c.want}) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
	if got := tokens("HIV1+2 ＡＢ"); !reflect.DeepEqual(got, []string{"hiv", "1", "2", "ab"}) {
		t.Errorf("tokens %v", got)
	}
}

// TestFalseAlarms: instructions, medical senses of a word and other
// contexts that are not sensitive, beside their sensitive twins.
func TestFalseAlarms(t *testing.T) {
	cases := []struct {
		title, notes string
		want         []record.Kind
	}{
		{"Atorvastatin 20 mg", "Do not take if you are pregnant or breastfeeding.", nil},
		{"Ibuprofen", "Avoid in pregnancy. Take with food.", nil},
		{"ECG", "ST segment depression in V4-V6", nil},
		{"ECG", "depression of ST segment noted", nil},
		{"Morphine 10 mg", "risk of respiratory depression", nil},
		{"Varenicline", "smoking cessation", nil},
		{"Bupropion (Zyban) for smoking cessation", "", []record.Kind{record.MentalHealth}}, // bupropion's class
		{"Paxlovid", "nirmatrelvir 150 mg and ritonavir 100 mg", nil},
		{"Ritonavir 100 mg", "", []record.Kind{record.HIV}},
		{"Bowel prep before colonoscopy", "", nil},
		{"PrEP review", "", []record.Kind{record.HIV}},
		{"Oxycodone/naloxone 10/5 mg", "", nil},
		{"Naloxone 0.4 mg", "", []record.Kind{record.SubstanceUse}},
		{"Hearing aids", "", nil},
		{"Labored breathing", "", nil},
		{"Testosterone [Mass/volume] in Serum or Plasma", "", nil},
		{"Testosterone gel 50 mg", "", []record.Kind{record.SexualHealth}},
		{"Fetal hemoglobin", "", nil},
		{"Patient is pregnant", "", []record.Kind{record.SexualHealth}},
		{"Major depression", "", []record.Kind{record.MentalHealth}},
	}
	for _, c := range cases {
		e := &record.Entry{Title: c.title, Notes: c.notes}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q / %q: got %v, want %v (reasons %v)", c.title, c.notes, got, c.want, Reasons(e))
		}
	}
}

func TestScanText(t *testing.T) {
	r := ScanText("Sees his psychiatrist for depression, on Prozac.", "the attachment letter.txt")
	if !strings.Contains(r[record.MentalHealth], "the attachment letter.txt") {
		t.Errorf("ScanText: %v", r)
	}
	if len(ScanText("Blood pressure 120/80, well.", "x")) != 0 {
		t.Error("ScanText flags a plain text")
	}
}

// TestICD10CMIntentCharacter: the sixth character of an ICD-10-CM
// poisoning, toxic effect or asphyxiation code says intentional self-harm
// (2) or assault (3); accidental (1), undetermined (4), adverse effect (5)
// and underdosing (6) say nothing sensitive.
func TestICD10CMIntentCharacter(t *testing.T) {
	cases := []struct {
		code string
		want []record.Kind
	}{
		{"T42.4X2A", []record.Kind{record.MentalHealth}},
		{"T39.012A", []record.Kind{record.MentalHealth}},
		{"T71.162A", []record.Kind{record.MentalHealth}},
		{"T50.903A", []record.Kind{record.Violence}},
		{"T65.823D", []record.Kind{record.Violence}},
		{"T39.011A", nil},
		{"T42.4X4A", nil},
		{"T36.0X5A", nil},
		{"T38.3X6A", nil},
		{"T78.40XA", nil}, // allergy, outside T36-T65 and T71
		{"T40.1X1A", []record.Kind{record.SubstanceUse}}, // heroin, whatever the intent
		{"T42.4", nil}, // WHO ICD-10 stops at four characters
	}
	for _, c := range cases {
		e := &record.Entry{Title: "x", Code: &record.Code{System: "http://hl7.org/fhir/sid/icd-10-cm", Code: c.code}}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.code, got, c.want)
		}
	}
}

// TestCategoryGivesSense: a category named in a phrase's "unless" words
// exempts it (IPV in an immunization is the polio vaccine), and "#"
// matches any number (the obstetric formula G2P1), not letters (G6PD).
func TestCategoryGivesSense(t *testing.T) {
	cases := []struct {
		e    record.Entry
		want []record.Kind
	}{
		{record.Entry{Category: record.Immunization, Title: "IPV"}, nil},
		{record.Entry{Category: record.Condition, Title: "IPV screening positive"}, []record.Kind{record.Violence}},
		{record.Entry{Category: record.Note, Title: "Triage", Notes: "DV screen: positive"}, []record.Kind{record.Violence}},
		{record.Entry{Category: record.Result, Title: "Obstetric history", Value: "G2P1"}, []record.Kind{record.SexualHealth}},
		{record.Entry{Category: record.Result, Title: "History", Value: "G3 P2 at 28 weeks"}, []record.Kind{record.SexualHealth}},
		{record.Entry{Category: record.Result, Title: "G6PD [Enzymatic activity/volume] in Red Blood Cells"}, nil},
		{record.Entry{Category: record.Immunization, Title: "Rabies post-exposure prophylaxis"}, nil},
		{record.Entry{Category: record.Condition, Title: "nPEP started"}, []record.Kind{record.HIV}},
		// Given names that are also medicines or words: not in a contact,
		// nor on a line naming a person; notes are read line by line.
		{record.Entry{Category: record.Contact, Title: "Dr. Camila Ruiz"}, nil},
		{record.Entry{Category: record.Procedure, Title: "Appendectomy", Notes: "During the visit: Surgery\nPerformed by: Gene Hackman (St Elsewhere Hospital)"}, nil},
		{record.Entry{Category: record.Medication, Title: "Camila 28 Day Pack", Notes: "Requested by: Dr. Andre Schneider"}, []record.Kind{record.SexualHealth}},
		{record.Entry{Category: record.Result, Title: "Gene panel", Notes: "Requested by: Dr. Smith"}, []record.Kind{record.Genetic}},
		// A substance's abuse is substance use, not violence.
		{record.Entry{Category: record.Condition, Title: "Hallucinogen abuse, uncomplicated"}, []record.Kind{record.SubstanceUse}},
		{record.Entry{Category: record.Condition, Title: "Tobacco abuse"}, nil},
		{record.Entry{Category: record.Condition, Title: "Victim of abuse"}, []record.Kind{record.Violence}},
		{record.Entry{Category: record.Immunization, Title: "HPV, quadrivalent"}, nil},
		{record.Entry{Category: record.Result, Title: "HPV high risk"}, []record.Kind{record.SexualHealth}},
	}
	for _, c := range cases {
		if got := Suggest(&c.e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q %q: got %v, want %v", c.e.Category, c.e.Title, c.e.Value+c.e.Notes, got, c.want)
		}
	}
}

// TestICD10PCS: procedure codes are read by their own table, never as
// ICD-10 diagnoses (a hearing test F13Z... is not F13 sedative use, a new
// technology XW0... is not assault), whatever spelling names the system.
func TestICD10PCS(t *testing.T) {
	cases := []struct {
		system, code string
		want         []record.Kind
	}{
		{"http://www.icd10data.com/icd10pcs", "F13Z31Z", nil},
		{"http://www.icd10data.com/icd10pcs", "XW033E5", nil},
		{"http://www.cms.gov/Medicare/Coding/ICD10", "0DTJ4ZZ", nil},
		{"urn:oid:2.16.840.1.113883.6.4", "GZ3ZZZZ", []record.Kind{record.MentalHealth}},
		{"2.16.840.1.113883.6.4", "HZ2ZZZZ", []record.Kind{record.SubstanceUse}},
		{"http://www.icd10data.com/icd10pcs", "10D00Z1", []record.Kind{record.SexualHealth}},
		{"http://www.icd10data.com/icd10pcs", "10A07ZZ", []record.Kind{record.SexualHealth}},
		{"http://www.icd10data.com/icd10pcs", "0UL74ZZ", []record.Kind{record.SexualHealth}},
		{"http://www.icd10data.com/icd10pcs", "0UH97HZ", []record.Kind{record.SexualHealth}},
		{"http://www.icd10data.com/icd10pcs", "0UH973Z", nil},
		{"http://hl7.org/fhir/sid/icd-10-cm", "F13.20", []record.Kind{record.SubstanceUse}},
	}
	for _, c := range cases {
		e := &record.Entry{Title: "x", Code: &record.Code{System: c.system, Code: c.code}}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: got %v, want %v", c.system, c.code, got, c.want)
		}
	}
}

// TestCPTAndHCPCSRanges: CPT families count by range beside cpt.tsv's
// single codes, HCPCS Level II by its own system or under CPT's, and a
// neighbour outside a family does not.
func TestCPTAndHCPCSRanges(t *testing.T) {
	const cpt, hcpcs = "http://www.ama-assn.org/go/cpt", "urn:oid:2.16.840.1.113883.6.285"
	cases := []struct {
		system, code string
		want         []record.Kind
	}{
		{cpt, "90833", []record.Kind{record.MentalHealth}}, // psychotherapy add-on, not in cpt.tsv
		{cpt, "90868", []record.Kind{record.MentalHealth}}, // TMS
		{cpt, "90901", nil}, // biofeedback
		{cpt, "59025", []record.Kind{record.SexualHealth}}, // fetal non-stress test
		{cpt, "80361", []record.Kind{record.SubstanceUse}}, // opiates, definitive
		{cpt, "87902", nil}, // hepatitis C genotype
		{cpt, "87901", []record.Kind{record.HIV}},
		{cpt, "81292", []record.Kind{record.Genetic}},
		{cpt, "99213", nil},
		{hcpcs, "H0020", []record.Kind{record.SubstanceUse}}, // methadone administration
		{hcpcs, "J7298", []record.Kind{record.SexualHealth}}, // Mirena
		{cpt, "G0444", []record.Kind{record.MentalHealth}},   // HCPCS sent under CPT
		{hcpcs, "G2083", []record.Kind{record.MentalHealth}}, // esketamine
		{hcpcs, "J1885", nil},                                // ketorolac
	}
	for _, c := range cases {
		e := &record.Entry{Title: "x", Code: &record.Code{System: c.system, Code: c.code}}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: got %v, want %v", c.system, c.code, got, c.want)
		}
	}
}

// TestSystemSpellings: a code system written in a spelling
// record.ShortSystem does not know is read by the name it contains (an
// edition URI, a national variant), but not a procedure classification.
func TestSystemSpellings(t *testing.T) {
	cases := []struct {
		system, code string
		want         []record.Kind
	}{
		{"http://snomed.info/sct/731000124108", "35489007", []record.Kind{record.MentalHealth}},
		{"http://hl7.org/fhir/sid/icd-10-nl", "F32.9", []record.Kind{record.MentalHealth}},
		{"ICD10-CM 2024", "B20", []record.Kind{record.HIV}},
		{"http://loinc.org/vs", "75622-1", []record.Kind{record.HIV}},
		{"http://example.org/icd-9-cm-procedures", "94.61", nil},
		{"http://example.org/local", "F32.9", nil},
	}
	for _, c := range cases {
		e := &record.Entry{Title: "x", Code: &record.Code{System: c.system, Code: c.code}}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s: got %v, want %v", c.system, c.code, got, c.want)
		}
	}
}

// TestRoutinePsychLine: the psychiatric line of a review of systems or an
// examination that finds nothing says nothing; one that reports does.
func TestRoutinePsychLine(t *testing.T) {
	cases := []struct {
		notes string
		want  []record.Kind
	}{
		{"Constitutional: Negative.\nPsychiatric/Behavioral: Negative for depression and suicidal ideas. The patient is not nervous/anxious.", nil},
		{"Psychiatric: He has a normal mood and affect. His behavior is normal.", nil},
		{"Psych: no SI/HI", nil},
		{"Constitutional: Negative. Psychiatric/Behavioral: Negative for depression.", nil},
		{"Psychiatric:\nMood and Affect: Mood normal.", nil},
		{"HEENT: normal. Psychiatric: suicidal ideation with a plan", []record.Kind{record.MentalHealth}},
		{"Psychiatric/Behavioral: Positive for depression. Negative for suicidal ideas.", []record.Kind{record.MentalHealth}},
		{"Psychiatric: depressed mood, tearful", []record.Kind{record.MentalHealth}},
		{"Psychiatric: not currently seeing a psychiatrist, on sertraline", []record.Kind{record.MentalHealth}},
		{"Psychiatric consult: no acute needs", []record.Kind{record.MentalHealth}},
		{"Psychiatric: negative\nAssessment: major depressive disorder", []record.Kind{record.MentalHealth}},
		{"Psychiatric: negative for alcohol abuse", []record.Kind{record.SubstanceUse}},
	}
	for _, c := range cases {
		e := &record.Entry{Category: record.Note, Title: "Visit note", Notes: c.notes}
		if got := Suggest(e); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.notes, got, c.want)
		}
	}
}
