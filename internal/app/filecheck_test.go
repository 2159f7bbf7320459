package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/share"
)

// TestGateReadsAttachments: a letter whose text is sensitive holds its
// plain-titled entry back, naming the attachment; an attachment phr cannot
// read is listed as not checked and needs the same decision.
func TestGateReadsAttachments(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	s, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	letter := filepath.Join(dir, "hpi.txt")
	scan := filepath.Join(dir, "scan.png")
	plain := filepath.Join(dir, "plain.txt")
	os.WriteFile(letter, []byte("He sees his psychiatrist for depression, on Prozac."), 0o600)
	os.WriteFile(scan, []byte("\x89PNG\r\n\x1a\n\x00\x00"), 0o600)
	os.WriteFile(plain, []byte("Blood pressure 120/80."), 0o600)
	var ids []string
	for _, f := range []string{letter, scan, plain} {
		res, err := s.Add(ctx, []record.Entry{{Category: record.Document, Title: "Clinic letter"}}, []string{f})
		if err != nil {
			t.Fatal(err)
		}
		if len(res[0].Entry.Sensitive) != 0 {
			t.Fatalf("the entry itself looks sensitive: %+v", res[0].Entry)
		}
		ids = append(ids, res[0].Entry.ID)
	}
	sel := share.Selection{Categories: []record.Category{record.Document}}
	_, flagged, _, err := s.GatedEntries(ctx, sel, false, false, false)
	if !errs.Is(err, errs.Policy) {
		t.Fatalf("gate: %v", err)
	}
	if !strings.Contains(err.Error(), "could not read") {
		t.Errorf("error does not mention the unread attachment: %v", err)
	}
	if len(flagged) != 2 {
		t.Fatalf("flagged %+v, want the letter and the scan", flagged)
	}
	for _, f := range flagged {
		switch f.ID {
		case ids[0]:
			if !slices.Contains(f.Kinds, record.MentalHealth) || !strings.Contains(f.Reasons[record.MentalHealth], "the attachment hpi.txt") {
				t.Errorf("letter: %+v", f)
			}
		case ids[1]:
			if len(f.Kinds) != 0 || !slices.Equal(f.NotChecked, []string{"scan.png"}) {
				t.Errorf("scan: %+v", f)
			}
		default:
			t.Errorf("flagged the plain letter: %+v", f)
		}
	}
	kept, _, excluded, err := s.GatedEntries(ctx, sel, false, false, true)
	if err != nil || len(kept) != 1 || kept[0].ID != ids[2] || len(excluded) != 2 {
		t.Fatalf("exclude: kept %v excluded %v err %v", kept, excluded, err)
	}
	kept, flagged, _, err = s.GatedEntries(ctx, sel, false, true, false)
	if err != nil || len(kept) != 3 || len(flagged) != 2 {
		t.Fatalf("include: kept %d flagged %d err %v", len(kept), len(flagged), err)
	}
}
