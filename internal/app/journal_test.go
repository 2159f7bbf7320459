package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/audit"
	"github.com/phrhealth/phr/internal/record"
)

// TestReadWhileBusyIsAudited (issue 16, item 5): a read while another phr
// holds the write lock (the interface holds it all the time it is open)
// was never audited. Now it leaves a note in the read journal, and the
// writer's next change folds it into the audit log at the read's time,
// once, and removes the note.
func TestReadWhileBusyIsAudited(t *testing.T) {
	ctx := context.Background()
	cfg := newVault(t)
	u := Unlock{Passphrase: []byte(testPass), DeferAudit: true}
	writer, err := Open(ctx, cfg, u, ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	for i := 0; i < 2; i++ {
		reader, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadMostly)
		if err != nil {
			t.Fatal(err)
		}
		if reader.Writable() {
			t.Fatal("the reader got the write lock")
		}
		if w := reader.Warning(); w != "" {
			t.Errorf("a journaled read warns: %s", w)
		}
		if n := reader.PendingReads(); n != i+1 {
			t.Errorf("after %d reads the journal holds %d", i+1, n)
		}
		reader.Close()
	}
	notes, _ := filepath.Glob(filepath.Join(cfg.VaultDir, "reads", "*.age"))
	if len(notes) != 2 {
		t.Fatalf("the read journal holds %v, want 2 notes", notes)
	}
	// The notes hold nothing readable.
	for _, n := range notes {
		b, _ := os.ReadFile(n)
		if strings.Contains(string(b), "passphrase") || !strings.HasPrefix(string(b), "age-encryption.org/v1") {
			t.Errorf("%s is not an age file: %q", n, b)
		}
	}
	if _, err := writer.Add(ctx, []record.Entry{{Category: record.Note, Title: "a change"}}, nil); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(cfg.VaultDir, "reads", "*.age")); len(left) != 0 {
		t.Errorf("folded notes left behind: %v", left)
	}
	count := func() int {
		trail, err := writer.AuditLog(ctx)
		if err != nil || trail.Broken != nil {
			t.Fatal(err, trail.Broken)
		}
		n := 0
		for _, r := range trail.Rows {
			if r.Action == audit.Unlock && strings.Contains(r.Detail, "another phr held the vault") {
				n++
				if !r.At.Equal(testNow) {
					t.Errorf("a journaled read is dated %v, want the read's time %v", r.At, testNow)
				}
			}
		}
		return n
	}
	if n := count(); n != 2 {
		t.Errorf("the audit log holds %d journaled reads, want 2", n)
	}
	// A note the writer could not remove is not folded in twice.
	reader, err := Open(ctx, cfg, Unlock{Passphrase: []byte(testPass)}, ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	reader.Close()
	notes, _ = filepath.Glob(filepath.Join(cfg.VaultDir, "reads", "*.age"))
	kept, _ := os.ReadFile(notes[0])
	if _, err := writer.Add(ctx, []record.Entry{{Category: record.Note, Title: "another"}}, nil); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(notes[0], kept, 0o600)
	if _, err := writer.Add(ctx, []record.Entry{{Category: record.Note, Title: "a third"}}, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 3 {
		t.Errorf("the audit log holds %d journaled reads, want 3", n)
	}
	// A note that is not one of phr's is recorded as unreadable and dropped.
	os.WriteFile(filepath.Join(cfg.VaultDir, "reads", "forged.age"), []byte("not an age file"), 0o600)
	if _, err := writer.Add(ctx, []record.Entry{{Category: record.Note, Title: "a fourth"}}, nil); err != nil {
		t.Fatal(err)
	}
	trail, _ := writer.AuditLog(ctx)
	if last := trail.Rows[len(trail.Rows)-2]; last.Action != audit.Unlock || !strings.Contains(last.Detail, "could not be read") {
		t.Errorf("a forged note: the log has %+v", last)
	}
}
