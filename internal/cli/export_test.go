package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// TestRunExport calls phr export's run function: a dry run's plan as JSON
// writes nothing; a selection that touches a sensitive entry is refused
// (exit 4) naming it on stderr; an export writes the extract and says so.
// Then phr shares lists it and phr open reads it back.
func TestRunExport(t *testing.T) {
	ctx := context.Background()
	s, r, out, errOut, ids := readSession(t)
	out2 := filepath.Join(t.TempDir(), "extract.age")
	req := func(cats ...record.Category) app.ExportRequest {
		return app.ExportRequest{Passphrase: []byte("lantern oboe thistle 1987 quay"), Out: out2,
			Selection: share.Selection{Categories: cats}}
	}

	dry := req(record.Condition)
	dry.DryRun = true
	if err := r.runExport(ctx, s, exportOptions{Request: dry, JSON: true}); err != nil {
		t.Fatal(err)
	}
	var plan struct{ Entries int }
	if err := json.Unmarshal(out.Bytes(), &plan); err != nil || plan.Entries != 1 {
		t.Fatalf("dry run plan %q (%v): want 1 entry", out, err)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Fatal("a dry run wrote the extract")
	}

	out.Reset()
	err := r.runExport(ctx, s, exportOptions{Request: req(record.Medication)})
	if !errs.Is(err, errs.Policy) || !strings.Contains(errOut.String(), "phr: sensitive: "+ids["Sertraline 50 mg"]) {
		t.Fatalf("a sensitive entry: %v, stderr %q", err, errOut)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Fatal("a refused export wrote the extract")
	}

	out.Reset()
	if err := r.runExport(ctx, s, exportOptions{Request: req(record.Condition, record.Measurement)}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "wrote "+out2+": 3 entries for ") {
		t.Fatalf("export printed %q", out)
	}
	if st, err := os.Stat(out2); err != nil || st.Size() == 0 {
		t.Fatalf("no extract: %v", err)
	}

	// phr shares lists it; phr open reads it back on the carer's side.
	out.Reset()
	if err := r.runShares(ctx, s, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "readable") || !strings.Contains(out.String(), "extract.age") {
		t.Fatalf("shares printed\n%s", out)
	}
	out.Reset()
	errOut.Reset()
	carer := app.Config{VaultDir: filepath.Join(t.TempDir(), "carer"), Clock: r.env.Clock, Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}
	// The senders' keys go to a file of the test's own, never the default.
	pins := filepath.Join(t.TempDir(), "senders.json")
	open := openOptions{Request: app.OpenRequest{Path: out2, Passphrase: req().Passphrase, PinsFile: pins}, JSON: true}
	if err := r.runOpen(ctx, carer, open); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Entries []struct{ ID, Title string }
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Entries) != 3 {
		t.Fatalf("open --json printed %q (%v): want 3 entries", out, err)
	}
	if !strings.Contains(errOut.String(), "first extract from") {
		t.Errorf("no first-sender notice: %q", errOut)
	}
	open.Request.Passphrase = []byte("not the extract's passphrase")
	if err := r.runOpen(ctx, carer, open); err == nil {
		t.Fatal("opened with the wrong passphrase")
	}
}
