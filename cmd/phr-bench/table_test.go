package main

import (
	"strings"
	"testing"
)

// TestNotRun checks that a figure whose benchmark gave no result is
// reported (phr-bench then fails), and that one with a result is not.
func TestNotRun(t *testing.T) {
	res := results{}
	res.parse([]byte("BenchmarkLifetime/SaveEdit-2   \t       5\t 97000000 ns/op\n" +
		"BenchmarkLifetime/SaveEdit/back-to-back-2 \t 5 \t 96000000 ns/op\n"))
	missing := notRun(buildRows(res, "lifetime", 66, nil))
	joined := strings.Join(missing, "\\n")
	for _, want := range []string{"Search, common words, first 200", "Open: decrypt record.age, 66 MiB (phr vs age into memory)"} {
		if !strings.Contains(joined, want) {
			t.Errorf("%q is not reported as not run: %v", want, missing)
		}
	}
	for _, have := range []string{"Save after a one-field edit", "edits one after another"} {
		if strings.Contains(joined, have) {
			t.Errorf("%q has a result but is reported as not run", have)
		}
	}
}
