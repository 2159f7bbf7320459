package main

import (
	"strings"
	"testing"
)

// TestNotRun checks that a figure whose benchmark gave no result is
// reported (phr-bench then fails), and that one with a result is not.
func TestNotRun(t *testing.T) {
	res := results{}
	res.parse([]byte("BenchmarkLifetime/SaveEdit-2   \t       5\t 97000000 ns/op\t 244.6 max-ms\t 72.68 p50-ms\n" +
		"BenchmarkLifetime/SaveEdit/back-to-back-2 \t 5 \t 96000000 ns/op\t 98.36 max-ms\t 82.01 p50-ms\n"))
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

// TestEachEdit checks the edit-save's row: the median edit of the runs is
// the figure held against the target, shown with the mean and the slowest
// edit of every run.
func TestEachEdit(t *testing.T) {
	find := func(rows []row, prefix string) row {
		t.Helper()
		for _, r := range rows {
			if strings.HasPrefix(r.figure, prefix) {
				return r
			}
		}
		t.Fatalf("no row %q", prefix)
		return row{}
	}
	res := results{}
	res.parse([]byte("BenchmarkLifetime/SaveEdit-2 \t 5 \t 106699612 ns/op \t 244.6 max-ms \t 72.68 p50-ms\n" +
		"BenchmarkLifetime/SaveEdit-2 \t 5 \t 77146604 ns/op \t 82.70 max-ms \t 74.29 p50-ms\n" +
		"BenchmarkLifetime/SaveEdit-2 \t 5 \t 78000000 ns/op \t 90.00 max-ms \t 76.00 p50-ms\n"))
	r := find(buildRows(res, "lifetime", 66, nil), "Save after a one-field edit")
	if r.verdict() != "met" || r.measured != "74 ms (mean 78 ms, slowest 245 ms)" {
		t.Errorf("got %q %s", r.measured, r.verdict())
	}
	res = results{}
	res.parse([]byte("BenchmarkLifetime/SaveEdit-2 \t 5 \t 96000000 ns/op \t 130 max-ms \t 101 p50-ms\n"))
	if r := find(buildRows(res, "lifetime", 66, nil), "Save after a one-field edit"); r.verdict() != "NOT MET" {
		t.Errorf("a median edit of 101 ms: %s", r.verdict())
	}
}

// TestPrintoutRows checks the summary's target and the archive's ratio
// against tar | age.
func TestPrintoutRows(t *testing.T) {
	res := results{}
	res.parse([]byte("BenchmarkLifetime/Summary-2 \t 1 \t 2500000000 ns/op \t 8000 entries\n" +
		"BenchmarkLifetime/Archive-2 \t 1 \t 3000000000 ns/op \t 4000 cpu-ms/op\n" +
		"BenchmarkLifetime/Archive/tar+age-2 \t 1 \t 2500000000 ns/op \t 1000 cpu-ms/op\n"))
	rows := buildRows(res, "lifetime", 66, nil)
	verdict := map[string]string{}
	for _, r := range rows {
		verdict[strings.TrimSpace(r.figure)] = r.verdict()
	}
	if v := verdict["Summary for a visit of the lifetime record, HTML (and save its audit row)"]; v != "NOT MET" {
		t.Errorf("a 2.5 s summary: %q", v)
	}
	if v := verdict["Archive of the whole lifetime record with its attachments (phr archive vs tar | age)"]; v != "met" {
		t.Errorf("an archive at 1.2x of tar | age: %q", v)
	}
	cpuRow := false
	for _, r := range rows {
		if strings.TrimSpace(r.figure) == "CPU time of the archive, all cores" {
			cpuRow = r.ratio == 4 && strings.Contains(r.against, "tar | age")
		}
	}
	if !cpuRow {
		t.Error("no row compares the archive's CPU time with tar | age's (4x)")
	}
	if v := verdict["the same summary as PDF"]; v == "met" {
		t.Errorf("a PDF summary that was not run: %q", v)
	}
}
