package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunGate: the project's set passes; a set where the gate misses an
// entry fails and names the kind.
func TestRunGate(t *testing.T) {
	var out bytes.Buffer
	if err := runGate([]string{filepath.Join("..", "..", "internal", "sensitive", "testdata", "eval")}, &out); err != nil {
		t.Fatalf("project set: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "mental-health") || !strings.Contains(out.String(), "precision") {
		t.Errorf("report:\n%s", out.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	data := `{"id":"x1","entry":{"category":"note","title":"Plain note"},"want":["violence"]}` + "\n"
	if err := os.WriteFile(bad, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err := runGate([]string{bad}, &out)
	if err == nil || !strings.Contains(err.Error(), "violence") || !strings.Contains(out.String(), "missed violence") {
		t.Errorf("missed entry: err %v, out:\n%s", err, out.String())
	}
	if err := runGate([]string{filepath.Join(t.TempDir(), "none")}, &out); err == nil {
		t.Error("a missing set passes")
	}
}
