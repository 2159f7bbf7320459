package app

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// One record.Share serves the shares history and the audit log: the
// audit row's detail keeps the fields it always had (and no path), and
// `phr shares --json` (ShareView) has the file, the expiry verdict and
// now the carer's recipient too.
func TestShareRecordJSON(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, newVault(t), Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Add(ctx, []record.Entry{{Category: record.Allergy, Title: "Penicillin", Date: "2020-01-01", SensitiveReviewed: true}}, nil); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "extract.age")
	sel := share.Selection{Categories: []record.Category{record.Allergy}}
	res, err := s.Export(ctx, ExportRequest{Passphrase: []byte("orchard-velvet-compass-thunder-maple"), Selection: sel, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	keys := func(raw []byte) []string {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		var k []string
		for key := range m {
			k = append(k, key)
		}
		slices.Sort(k)
		return k
	}
	trail, err := s.AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var detail string
	for _, r := range trail.Rows {
		if r.Action == string(audit.Export) {
			detail = r.Detail
		}
	}
	want := []string{"categories", "created", "entries", "expires", "id", "recipient", "sensitive_included", "sha256", "to"}
	if got := keys([]byte(detail)); !slices.Equal(got, want) {
		t.Errorf("audit detail keys %v, want %v", got, want)
	}
	rows, err := s.Shares(ctx)
	if err != nil || len(rows) != 1 {
		t.Fatalf("shares %v %v", rows, err)
	}
	if rows[0].File != res.File || rows[0].SHA256 != res.SHA256 || rows[0].Categories[record.Allergy] != 1 {
		t.Errorf("history row %+v", rows[0])
	}
	j, _ := json.Marshal(rows[0])
	want = []string{"categories", "created", "entries", "expired", "expires", "file", "id", "recipient", "sensitive_included", "sha256", "to"}
	if got := keys(j); !slices.Equal(got, want) {
		t.Errorf("shares --json keys %v, want %v", got, want)
	}
}
