package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/sensitive"
)

// Targets of the sensitive gate on a labelled set (issue 17).
const (
	gateRecall    = 0.95
	gatePrecision = 0.90
)

// runGate scores the sensitive gate on labelled sets: each path is a
// JSON-lines file of sensitive.Case or a folder of *.jsonl files. It prints
// recall and precision per kind and every mistake, and fails when a kind
// misses the targets. The default is the project's own set.
func runGate(paths []string, w io.Writer) error {
	var cases []sensitive.Case
	for _, p := range paths {
		files := []string{p}
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			files, _ = filepath.Glob(filepath.Join(p, "*.jsonl"))
		}
		for _, f := range files {
			r, err := os.Open(f)
			if err != nil {
				return fmt.Errorf("-gate: %w", err)
			}
			cs, err := sensitive.ReadCases(r)
			r.Close()
			if err != nil {
				return fmt.Errorf("-gate %s: %w", f, err)
			}
			cases = append(cases, cs...)
		}
	}
	if len(cases) == 0 {
		return fmt.Errorf("-gate: no labelled entries in %s", strings.Join(paths, ", "))
	}
	res := sensitive.Evaluate(cases)
	for _, m := range res.Misses {
		if m.Missed {
			fmt.Fprintf(w, "missed %-14s %s %q\n", m.Kind, m.Case.ID, m.Case.Entry.Title)
		} else {
			fmt.Fprintf(w, "false alarm %-9s %s %q: %s\n", m.Kind, m.Case.ID, m.Case.Entry.Title, m.Why)
		}
	}
	res.Report(w)
	var bad []string
	for _, s := range res.Kinds {
		if s.Kind != record.Private && (s.Recall() < gateRecall || s.Precision() < gatePrecision) {
			bad = append(bad, string(s.Kind))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("below recall %.2f or precision %.2f: %s", gateRecall, gatePrecision, strings.Join(bad, ", "))
	}
	return nil
}
