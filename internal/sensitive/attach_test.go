package sensitive

import (
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

func TestScanAttachment(t *testing.T) {
	ccda := `<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><title>Summary</title>
<component><section><text>Seen today.</text><entry><observation><value code="F32.1" codeSystem="2.16.840.1.113883.6.90"/></observation></entry>
<entry><observation><code code="X" codeSystem="1.2.3" displayName="Chlamydia trachomatis NAA"/></observation></entry></section></component></ClinicalDocument>`
	rtf := `{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\*\generator Word;}\f0 Sees his psychiatrist for d\'e9pression,\par on Pro\u122?ac.}`
	cases := []struct {
		name, typ, data string
		want            []record.Kind
		checked         bool
	}{
		{"letter.txt", "text/plain", "He sees his psychiatrist for depression, on Prozac.", []record.Kind{record.MentalHealth}, true},
		{"letter.txt", "text/plain; charset=iso-8859-1", "Grossesse: enceinte, pregnant \xe9t\xe9", []record.Kind{record.SexualHealth}, true},
		{"note", "", "HIV viral load undetectable", []record.Kind{record.HIV}, true},
		{"page.html", "text/html", "<html><head><style>.hiv{}</style></head><body><p>Methadone&nbsp;60&#160;mg daily</p></body></html>", []record.Kind{record.SubstanceUse}, true},
		{"ccd.xml", "application/xml", ccda, []record.Kind{record.MentalHealth, record.SexualHealth}, true},
		{"letter.rtf", "application/rtf", rtf, []record.Kind{record.MentalHealth}, true},
		{"plain.txt", "text/plain", "Blood pressure 120/80, well.", nil, true},
		{"scan.pdf", "application/pdf", "%PDF-1.7 ...", nil, false},
		{"photo.jpg", "image/jpeg", "\xff\xd8\xff\xe0", nil, false},
		{"blob.bin", "application/octet-stream", "\x00\x01\x02depression", nil, false},
		{"noext", "", "%PDF-1.4\n", nil, false},
	}
	for _, c := range cases {
		r, checked := ScanAttachment(c.name, c.typ, []byte(c.data))
		if checked != c.checked {
			t.Errorf("%s: checked %v, want %v", c.name, checked, c.checked)
			continue
		}
		var got []record.Kind
		for k := range r {
			got = append(got, k)
		}
		got = record.NormalizeKinds(got)
		if len(got) != len(c.want) || (len(got) > 0 && strings.Join(kindStrings(got), ",") != strings.Join(kindStrings(c.want), ",")) {
			t.Errorf("%s: kinds %v, want %v (%v)", c.name, got, c.want, r)
		}
		for k, why := range r {
			if !strings.Contains(why, "the attachment "+c.name) {
				t.Errorf("%s: reason for %s %q does not name the attachment", c.name, k, why)
			}
		}
	}
	for _, c := range []struct {
		name, typ string
		want      bool
	}{{"scan.pdf", "", true}, {"x", "image/png", true}, {"x.txt", "", false}, {"noext", "", false}, {"a.pdf", "text/plain", false}} {
		if got := Unreadable(c.name, c.typ); got != c.want {
			t.Errorf("Unreadable(%q, %q) = %v", c.name, c.typ, got)
		}
	}
	if got := rtfText([]byte(rtf)); !strings.Contains(got, "dépression") || !strings.Contains(got, "Prozac") || strings.Contains(got, "Arial") {
		t.Errorf("rtfText: %q", got)
	}
}

func kindStrings(ks []record.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// FuzzScanAttachment: any bytes under any name and type are read without
// a panic, and a file said to be plain text is always checked when it is
// valid text.
func FuzzScanAttachment(f *testing.F) {
	f.Add("a.rtf", "application/rtf", []byte(`{\rtf1 \'e9\u233?{\*\x y}\par}`))
	f.Add("a.xml", "", []byte(`<?xml version="1.0"?><a code="B20" codeSystem="2.16.840.1.113883.6.90" displayName="HIV"/>`))
	f.Add("a.html", "text/html", []byte(`<p>depression &amp; anxiety</p>`))
	f.Add("a", "", []byte("\\"))
	f.Fuzz(func(t *testing.T, name, typ string, data []byte) {
		ScanAttachment(name, typ, data)
		rtfText(data)
	})
}
