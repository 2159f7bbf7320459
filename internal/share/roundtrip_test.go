package share

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

func TestRoundTrip(t *testing.T) {
	k := newKeys(t)
	entries := sampleEntries()
	entries[3].Sensitive = []record.Kind{record.Private}
	cases := []struct {
		name  string
		kind  string // x25519, hybrid, passphrase
		armor bool
	}{
		{"x25519", "x25519", false},
		{"x25519 armored", "x25519", true},
		{"hybrid", "hybrid", false},
		{"hybrid armored", "hybrid", true},
		{"passphrase", "passphrase", false},
		{"passphrase armored", "passphrase", true},
	}
	pass := []byte("correct horse battery staple ünïcode")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var file []byte
			var params OpenParams
			pins := memPins{}
			switch tc.kind {
			case "x25519", "hybrid":
				var id age.Identity = k.x
				rcpt := k.x.Recipient().String()
				if tc.kind == "hybrid" {
					id, rcpt = k.hybrid, k.hybrid.Recipient().String()
				}
				r, err := ParseRecipient(rcpt)
				if err != nil {
					t.Fatal(err)
				}
				x := buildFor(t, k, entries, ToParty{Name: "Sam Carer", Recipient: rcpt}, nil)
				file = sealTo(t, x, r, tc.armor)
				params = OpenParams{Identities: []age.Identity{id}}
			case "passphrase":
				x := buildFor(t, k, entries, ToParty{Name: "passphrase", Recipient: PassphraseRecipient}, nil)
				var b bytes.Buffer
				if _, err := SealPassphrase(x, &b, pass, 10, tc.armor); err != nil {
					t.Fatal(err)
				}
				file = b.Bytes()
				params = OpenParams{Passphrase: pass}
			}
			if got := bytes.HasPrefix(file, []byte(armorHeader)); got != tc.armor {
				t.Fatalf("armored = %v, want %v", got, tc.armor)
			}
			if tc.kind == "hybrid" && bytes.Contains(file, []byte("\n-> X25519 ")) {
				t.Fatal("a hybrid extract holds a classic X25519 stanza")
			}
			params.Now, params.Pins = now, pins
			op, err := Open(bytes.NewReader(file), params)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !op.FirstFromSender || pins[PinName("Alice Example")] != op.Manifest.From.PublicKey {
				t.Fatalf("sender not pinned: %+v", pins)
			}
			compareEntries(t, entries, op.Entries)
			if op.Manifest.Entries() != len(entries) || !reflect.DeepEqual(op.Manifest.SensitiveIncluded, []record.Kind{record.Private}) {
				t.Fatalf("manifest = %+v", op.Manifest)
			}
			// A second open of the same sender does not pin again and still works.
			op2, err := Open(bytes.NewReader(file), params)
			if err != nil || op2.FirstFromSender {
				t.Fatalf("second open: %v first=%v", err, op2 != nil && op2.FirstFromSender)
			}
		})
	}
}

// compareEntries checks that what was shared comes back field by field.
func compareEntries(t *testing.T, want, got []record.Entry) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d", len(got), len(want))
	}
	byTitle := map[string]record.Entry{}
	for _, g := range got {
		byTitle[g.Title] = g
	}
	for _, w := range want {
		g, ok := byTitle[w.Title]
		if !ok {
			t.Fatalf("entry %q missing", w.Title)
		}
		check := func(field, a, b string) {
			t.Helper()
			if a != b {
				t.Errorf("%s: %s = %q, want %q", w.Title, field, a, b)
			}
		}
		check("category", string(g.Category), string(w.Category))
		check("date", g.Date, w.Date)
		check("end", g.End, w.End)
		switch {
		case w.Category == record.Allergy && w.Reaction == "" && w.Value != "":
			// An allergy from before phr had a reaction field kept it in the
			// value; the extract carries it as the reaction.
			check("value", g.Value, "")
			check("reaction", g.Reaction, w.Value)
		case fhir.IsBloodPressure(&w) && len(w.Components) == 2:
			// A blood pressure is its parts alone, shown joined.
			check("value", g.Value, "")
			check("unit", g.Unit, "")
			check("shown", g.PlainValue(), w.PlainValue())
		default:
			check("value", g.Value, w.Value)
			check("reaction", g.Reaction, w.Reaction)
			check("unit", g.Unit, w.Unit)
			wantCode := w.UnitCode
			if wantCode == "" && isNumber(w.Value) {
				wantCode = fhir.UCUMCode(w.Unit) // the extract gives a known unit its code
			}
			check("unit code", g.UnitCode, wantCode)
		}
		check("notes", g.Notes, w.Notes)
		check("range", g.Range, w.Range)
		check("interpretation", g.Interpretation, w.Interpretation)
		if w.Status != "" {
			check("status", g.Status, w.Status)
		}
		if w.Code != nil {
			if g.Code == nil || g.Code.System != w.Code.System || g.Code.Code != w.Code.Code || g.Code.Display != w.Code.Display {
				t.Errorf("%s: code = %+v, want %+v", w.Title, g.Code, w.Code)
			}
		}
		if len(g.Components) != len(w.Components) {
			t.Errorf("%s: components = %+v", w.Title, g.Components)
		}
		for i := range w.Components {
			if i < len(g.Components) && (g.Components[i].Title != w.Components[i].Title || g.Components[i].Value != w.Components[i].Value ||
				g.Components[i].Unit != w.Components[i].Unit || g.Components[i].UnitCode != w.Components[i].UnitCode) {
				t.Errorf("%s: component %d = %+v", w.Title, i, g.Components[i])
			}
		}
		if !reflect.DeepEqual(g.Sensitive, record.NormalizeKinds(w.Sensitive)) {
			t.Errorf("%s: sensitive = %v, want %v", w.Title, g.Sensitive, w.Sensitive)
		}
		if g.ID == w.ID || strings.Contains(g.ID, "local-") {
			t.Errorf("%s: the local id left: %q", w.Title, g.ID)
		}
	}
}

// TestNothingElseLeaves checks the extract's plaintext holds no local id,
// path, source, original JSON, tag, attachment name or profile field beyond
// the name and birth date.
func TestNothingElseLeaves(t *testing.T) {
	k := newKeys(t)
	x := buildFor(t, k, sampleEntries(), ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil)
	plain, err := x.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{canary, strings.ToLower(canary), "local-", "/home/", "fhir:", "O+", "scan-", "att-", "sha256"} {
		if bytes.Contains(plain, []byte(bad)) {
			t.Errorf("the extract holds %q", bad)
		}
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(plain, &v); err != nil || len(v) != 3 {
		t.Fatalf("extract JSON = %v (%v)", v, err)
	}
	for _, want := range []string{"Alice Example", "1970-04-01"} {
		if !bytes.Contains(x.Bundle, []byte(want)) {
			t.Errorf("the bundle lacks %q", want)
		}
	}
}

func TestSummary(t *testing.T) {
	k := newKeys(t)
	entries := sampleEntries()
	entries[0].Sensitive = []record.Kind{record.Private}
	x := buildFor(t, k, entries, ToParty{Name: "Sam", Recipient: k.x.Recipient().String()}, nil)
	var b bytes.Buffer
	sha, err := Seal(x, &b, []age.Recipient{k.x.Recipient()}, false)
	if err != nil {
		t.Fatal(err)
	}
	s := Summary(x, sha)
	if s.Carer != "Sam" || s.Entries != len(entries) || s.Categories[record.Medication] != 2 || s.SHA256 != sha ||
		len(sha) != 64 || !reflect.DeepEqual(s.Sensitive, []record.Kind{record.Private}) || !s.Expires.Equal(expires) {
		t.Fatalf("summary = %+v", s)
	}
	if got, _ := json.Marshal(s); bytes.Contains(got, []byte("Penicillin")) {
		t.Fatal("the summary holds entry contents")
	}
}

// isNumber reports whether s is a plain decimal number.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, "eEnN+")
}
