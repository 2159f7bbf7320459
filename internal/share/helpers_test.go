package share

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
)

// now is the tests' fixed clock; extracts expire a week later.
var (
	now     = time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)
	expires = now.Add(7 * 24 * time.Hour)
)

const canary = "CANARY-7f3a9c"

// memPins is an in-memory PinStore.
type memPins map[string]string

func (m memPins) Get(name string) (string, bool, error) { k, ok := m[name]; return k, ok, nil }
func (m memPins) Put(name, key string) error            { m[name] = key; return nil }

// sampleEntries holds one or more entries of every category, with the
// fields that must leave (title, dates, values, codes, notes) and those
// that must not (ids, tags, source, original JSON, attachment names).
func sampleEntries() []record.Entry {
	base := record.Entry{Source: "fhir:/home/alice/" + canary + "/export.json", Original: `{"secret":"` + canary + `"}`,
		SourceID: "src-" + canary, Tags: []string{"tag-" + strings.ToLower(canary)}}
	mk := func(id string, c record.Category, title string, f func(e *record.Entry)) record.Entry {
		e := base
		e.ID, e.Category, e.Title = "local-"+id, c, title
		e.Tags = append([]string(nil), base.Tags...)
		if f != nil {
			f(&e)
		}
		return e
	}
	return []record.Entry{
		mk("a1", record.Allergy, "Penicillin allergy", func(e *record.Entry) {
			e.Code = &record.Code{System: "snomed", Code: "91936005", Display: "Allergy to penicillin"}
			e.Date, e.Status, e.Notes = "2010-05-01", "active", "Rash & <swelling>"
			e.Reaction, e.Severity, e.Criticality = "hives", "moderate", "high"
		}),
		mk("m1", record.Medication, "Metformin 500 mg", func(e *record.Entry) {
			e.Code = &record.Code{System: "rxnorm", Code: "860975"}
			e.Date, e.Status, e.Value, e.Unit = "2021-02-03", "active", "500", "mg"
		}),
		mk("m2", record.Medication, "Salbutamol inhaler", func(e *record.Entry) {
			e.Date, e.End, e.Status, e.Value = "2019-01-01", "2020-01-01", "stopped", "two puffs when needed"
		}),
		mk("c1", record.Condition, "Type 2 diabetes", func(e *record.Entry) {
			e.Code = &record.Code{System: "icd10", Code: "E11"}
			e.Date, e.Status, e.Notes = "2021-01-15", "active", "diet controlled at first"
		}),
		mk("c2", record.Condition, "Fractured wrist", func(e *record.Entry) {
			e.Date, e.End, e.Status = "2015-03-01", "2015-06-01", "resolved"
		}),
		mk("i1", record.Immunization, "Influenza vaccine", func(e *record.Entry) {
			e.Code = &record.Code{System: "cvx", Code: "158"}
			e.Date, e.Status, e.Value = "2025-10-01", "completed", "1"
		}),
		mk("r1", record.Result, "HbA1c", func(e *record.Entry) {
			e.Code = &record.Code{System: "loinc", Code: "4548-4", Display: "Hemoglobin A1c"}
			e.Date, e.Status, e.Value, e.Unit = "2026-09-01T08:30:00Z", "final", "6.5", "%"
			e.Range, e.Interpretation = "4.0-6.0 %", "high"
		}),
		mk("r2", record.Result, "Urine culture", func(e *record.Entry) {
			e.Date, e.Value = "2026-08-01", "no growth"
		}),
		mk("v1", record.Measurement, "Blood pressure", func(e *record.Entry) {
			e.Date, e.Value, e.Unit, e.UnitCode = "2026-10-01T07:00:00Z", "128/82", "mmHg", "mm[Hg]"
			e.Components = []record.Component{{Title: "Systolic", Value: "128", Unit: "mmHg", UnitCode: "mm[Hg]"},
				{Title: "Diastolic", Value: "82", Unit: "mmHg", UnitCode: "mm[Hg]"}}
		}),
		mk("v2", record.Measurement, "Weight", func(e *record.Entry) {
			e.Code = &record.Code{System: "loinc", Code: "29463-7"}
			e.Date, e.Value, e.Unit = "2026-10-02", "72.50", "kg"
		}),
		mk("p1", record.Procedure, "Appendectomy", func(e *record.Entry) {
			e.Code = &record.Code{System: "snomed", Code: "80146002"}
			e.Date, e.Status, e.Value = "2001-07-07", "completed", "uneventful"
		}),
		mk("e1", record.Appointment, "Diabetes review", func(e *record.Entry) {
			e.Date, e.Notes, e.Value = "2026-12-10T09:30:00Z", "Bring the glucose diary\nand the meter", "annual review"
		}),
		mk("d1", record.Document, "Discharge letter", func(e *record.Entry) {
			e.Date, e.Notes = "2024-04-04", "from the ward"
			e.Attachments = []record.Attachment{{ID: "att-" + canary, Name: "scan-" + canary + ".pdf", Type: "application/pdf", Size: 1234, SHA256: strings.Repeat("ab", 32)}}
		}),
		mk("k1", record.Contact, "Dr Jane Smith", func(e *record.Entry) {
			e.Value, e.Notes = "+44 20 7946 0000", "GP, mornings only"
		}),
		mk("k2", record.Contact, "City Pharmacy", func(e *record.Entry) {
			e.Value = "pharmacy@example.org"
			e.Tags = append(e.Tags, "pharmacy")
		}),
		mk("n1", record.Note, "Things that help", func(e *record.Entry) {
			e.Date, e.Notes = "2026-11-01", "Quiet room; \"no\" loud music <b>please</b> — ünïcode ✓"
		}),
	}
}

// testKeys holds a sender's signing key and carers' identities.
type testKeys struct {
	sign   ed25519.PrivateKey
	x      *age.X25519Identity
	hybrid *age.HybridIdentity
	other  *age.X25519Identity
}

func newKeys(t testing.TB) testKeys {
	t.Helper()
	sk, err := NewSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	x, _ := age.GenerateX25519Identity()
	h, _ := age.GenerateHybridIdentity()
	o, _ := age.GenerateX25519Identity()
	return testKeys{sign: sk, x: x, hybrid: h, other: o}
}

var profile = record.Profile{Name: "Alice Example", Born: "1970-04-01", BloodType: "O+", EmergencyContact: "Bob " + canary}

// buildFor builds an extract of entries for the given party.
func buildFor(t testing.TB, k testKeys, entries []record.Entry, to ToParty, mod func(*BuildParams)) *Extract {
	t.Helper()
	_, flagged, _ := Gate(entries, true)
	p := BuildParams{Entries: entries, Profile: profile, From: "Alice Example", SigningKey: k.sign, To: to,
		Created: now, Expires: expires, SensitiveIncluded: FlaggedKinds(flagged)}
	if mod != nil {
		mod(&p)
	}
	x, err := Build(p)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return x
}

// sealTo seals x to a recipient.
func sealTo(t testing.TB, x *Extract, r age.Recipient, armored bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Seal(x, &b, []age.Recipient{r}, armored); err != nil {
		t.Fatalf("Seal: %v", err)
	}
	return b.Bytes()
}

// encryptRaw age-encrypts arbitrary bytes, bypassing Seal's checks.
func encryptRaw(t testing.TB, plain []byte, r age.Recipient) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := age.Encrypt(&b, r)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func openWith(data []byte, id age.Identity, pins PinStore) (*Opened, error) {
	return Open(bytes.NewReader(data), OpenParams{Identities: []age.Identity{id}, Now: now, Pins: pins})
}

// wantKind fails unless err has the kind and its message contains each part.
func wantKind(t testing.TB, err error, k errs.Kind, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want kind %d %q", k, parts)
	}
	if got := errs.KindOf(err); got != k {
		t.Fatalf("kind = %d, want %d (%v)", got, k, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("error %q does not say %q", err, p)
		}
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("error is not one line: %q", err)
	}
}

func isSenderChanged(err error) bool {
	var sk *SenderKeyChangedError
	return errors.As(err, &sk)
}
