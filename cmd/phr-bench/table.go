package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// row is one line of the table. A ratio is measured/against; lower is
// better for every figure, and the figure meets its target when the ratio is
// at most limit (a limit of 0 means there is no target, only a baseline or
// nothing to compare with).
type row struct {
	figure   string
	measured string
	against  string
	ratio    float64
	limit    float64
	missing  bool
}

// verdict says whether the row meets its target.
func (r row) verdict() string {
	switch {
	case r.missing:
		return "not run"
	case r.limit == 0:
		return ""
	case r.ratio <= r.limit:
		return "met"
	default:
		return "NOT MET"
	}
}

// buildRows turns the measurements into the table's rows.
func buildRows(res results, sizeName string, mib int, adds *addTimes) []row {
	var rows []row
	ms := func(v float64) string {
		switch {
		case v >= 1000:
			return fmt.Sprintf("%.2f s", v/1000)
		case v >= 10:
			return fmt.Sprintf("%.0f ms", v)
		default:
			return fmt.Sprintf("%.2f ms", v)
		}
	}
	// versus compares two benchmarks: phr's figure and a baseline.
	versus := func(figure, name, base, baseLabel string, limit float64) {
		a, ok1 := res.ms(name)
		b, ok2 := res.ms(base)
		r := row{figure: figure, limit: limit, missing: !ok1 || !ok2}
		if !r.missing {
			r.measured, r.against, r.ratio = ms(a), fmt.Sprintf("%s %s", baseLabel, ms(b)), a/b
			if limit > 0 {
				r.against += fmt.Sprintf(" (target ≤ %.1fx)", limit)
			}
		}
		rows = append(rows, r)
	}
	// cpu compares two benchmarks' CPU time per operation (cpu-ms/op).
	cpu := func(figure, name, base string) {
		a, ok1 := res.get(name, "cpu-ms/op")
		b, ok2 := res.get(base, "cpu-ms/op")
		if ok1 && ok2 && b > 0 {
			rows = append(rows, row{figure: figure, measured: ms(a), against: "age " + ms(b), ratio: a / b})
		}
	}
	// target compares one benchmark's time with a target in milliseconds.
	target := func(figure, name string, targetMS float64, unit string) {
		v, ok := res.ms(name)
		r := row{figure: figure, missing: !ok}
		if ok {
			r.measured = ms(v)
			if unit != "" {
				if n, ok := res.get(name, unit); ok {
					r.measured += fmt.Sprintf(" (%.0f %s)", n, unit)
				}
			}
			if targetMS > 0 {
				r.against, r.ratio, r.limit = "target "+ms(targetMS), v/targetMS, 1
			}
		}
		rows = append(rows, r)
	}
	size := fmt.Sprintf("%d MiB", mib)
	versus("Open: decrypt record.age, "+size+" (phr vs age into memory)", "BenchmarkOpen/phr", "BenchmarkOpen/age", "age", 1.3)
	cpu("  CPU time of the open, all cores", "BenchmarkOpen/phr", "BenchmarkOpen/age")
	versus("Save: encrypt, fsync, check, backups, rename, "+size+" (phr vs age + one fsync)", "BenchmarkSave/phr", "BenchmarkSave/age", "age", 1.3)
	cpu("  CPU time of the save, all cores", "BenchmarkSave/phr", "BenchmarkSave/age")
	versus("Open the "+sizeName+" record: decrypt + deserialize", "BenchmarkLifetime/Open", "BenchmarkOpen/age", "age decrypt", 1.3)
	target("  of which decrypt (vault.ReadRecord)", "BenchmarkLifetime/Open/decrypt", 0, "")
	target("  of which deserialize (store.Load)", "BenchmarkLifetime/Open/deserialize", 0, "")
	// The record's save without the edit: serialize, then WriteRecord.
	ser, ok1 := res.ms("BenchmarkLifetime/SaveEdit/serialize")
	wr, ok2 := res.ms("BenchmarkLifetime/SaveEdit/write")
	ageSave, ok3 := res.ms("BenchmarkSave/age")
	r := row{figure: "Save the " + sizeName + " record: serialize + write", limit: 1.3, missing: !ok1 || !ok2 || !ok3}
	if !r.missing {
		r.measured, r.against, r.ratio = ms(ser+wr), fmt.Sprintf("age save %s (target ≤ 1.3x)", ms(ageSave)), (ser+wr)/ageSave
	}
	rows = append(rows, r)
	// each shows the median operation of a benchmark that reports its
	// operations one by one (p50-ms: the median of the runs' medians),
	// with the mean and the slowest of all runs beside it.
	each := func(figure, name string, targetMS float64) {
		p50, ok1 := res.get(name, "p50-ms")
		slowest, ok2 := res.max(name, "max-ms")
		mean, ok3 := res.ms(name)
		r := row{figure: figure, missing: !ok1 || !ok2 || !ok3}
		if !r.missing {
			r.measured = fmt.Sprintf("%s (mean %s, slowest %s)", ms(p50), ms(mean), ms(slowest))
			if targetMS > 0 {
				r.against, r.ratio, r.limit = "target "+ms(targetMS), p50/targetMS, 1
			}
		}
		rows = append(rows, r)
	}
	each("Save after a one-field edit, "+sizeName+" record (median edit; disk idle before it)", "BenchmarkLifetime/SaveEdit", 100)
	each("  edits one after another, no pause for the disk", "BenchmarkLifetime/SaveEdit/back-to-back", 0)
	target("  of which serialize (store.Serialize)", "BenchmarkLifetime/SaveEdit/serialize", 0, "")
	target("  of which write (vault.WriteRecord)", "BenchmarkLifetime/SaveEdit/write", 0, "")
	each("  the machine alone: a new file of record.age's size into the page cache", "BenchmarkLifetime/SaveEdit/pagecache", 0)
	target("Search, common words, first 200", "BenchmarkQueries/Search/common", 20, "rows")
	target("Search, a word of the readings, first 200", "BenchmarkQueries/Search/readings", 20, "rows")
	target("Search, rare word, all", "BenchmarkQueries/Search/rare", 20, "rows")
	target("List one category, one year (the columns a row shows, as phr list)", "BenchmarkQueries/ListRange", 20, "rows")
	target("  the same entries whole (phr list --json)", "BenchmarkQueries/ListRange/whole", 0, "rows")
	target("List one category, newest 300 (the interface's first screen)", "BenchmarkQueries/ListCategory/firstpage", 20, "rows")
	target("List one whole category (loaded behind the first screen)", "BenchmarkQueries/ListCategory", 0, "rows")
	target("Chart: list series (ChartSeries)", "BenchmarkQueries/ChartSeries", 20, "rows")
	// Every reading of a series is read by no screen (the chart screen draws
	// the 200 averaged points below), so it has no target (issue 18).
	target("Every reading of the largest series (no screen reads them)", "BenchmarkQueries/Points/largest", 0, "rows")
	target("Every reading of a component series (no screen reads them)", "BenchmarkQueries/Points/component", 0, "rows")
	target("Chart: a drawn chart of the largest series (200 averaged points)", "BenchmarkQueries/Points/largest/200buckets", 20, "rows")
	target("Chart: a drawn chart of a component series (200 averaged points)", "BenchmarkQueries/Points/component/200buckets", 20, "rows")
	for _, name := range res.names() {
		if n, ok := strings.CutPrefix(name, "BenchmarkImportFHIR/"); ok {
			target("Import a FHIR bundle of "+n+" observations", name, 0, "")
		}
	}
	target("Export one year to a carer (and save)", "BenchmarkLifetime/ExportYear", 0, "entries")
	target("Summary for a visit of the "+sizeName+" record, HTML (and save its audit row)", "BenchmarkLifetime/Summary", 2000, "entries")
	target("  the same summary as PDF", "BenchmarkLifetime/Summary/pdf", 2000, "entries")
	versus("Archive of the whole "+sizeName+" record with its attachments (phr archive vs tar | age)",
		"BenchmarkLifetime/Archive", "BenchmarkLifetime/Archive/tar+age", "tar | age", 1.5)
	if a, ok := res.get("BenchmarkLifetime/Archive", "cpu-ms/op"); ok {
		if t, ok := res.get("BenchmarkLifetime/Archive/tar+age", "cpu-ms/op"); ok && t > 0 {
			rows = append(rows, row{figure: "  CPU time of the archive, all cores", measured: ms(a), against: "tar | age " + ms(t), ratio: a / t})
		}
	}
	if c, ok := res.get("BenchmarkWrite", "cpu-ms/op"); ok {
		rows = append(rows, row{figure: "  the archive's texts alone, 22,000 entries (archive.Write), CPU time", measured: ms(c)})
	}
	peak, ok1 := res.get("BenchmarkLifetime/OpenPeakRSS", "peak-MiB")
	peakLimit, ok2 := res.get("BenchmarkLifetime/OpenPeakRSS", "limit-MiB")
	db, _ := res.get("BenchmarkLifetime/OpenPeakRSS", "db-MiB")
	r = row{figure: "Peak memory opening the record (child's VmHWM)", missing: !ok1 || !ok2}
	if !r.missing {
		r.measured = fmt.Sprintf("%.0f MiB", peak)
		r.against = fmt.Sprintf("2 × %.0f MiB database + 64 MiB = %.0f MiB", db, peakLimit)
		r.ratio, r.limit = peak/peakLimit, 1
	}
	rows = append(rows, r)
	target("Unlock with the passphrase (scrypt 2^18)", "BenchmarkUnlock/scrypt18", 0, "")
	versus("Unlock with the vault key (keyring)", "BenchmarkUnlock/vaultkey", "BenchmarkUnlock/scrypt18", "passphrase", 0)
	for _, name := range res.names() {
		if n, ok := strings.CutPrefix(name, "BenchmarkListKeypress/"); ok {
			target("Interface key press: "+n, name, 16, "")
		}
	}
	if adds != nil {
		rows = append(rows, adds.rows(ms)...)
	}
	return rows
}

// notRun returns the figures of the rows whose benchmarks gave no result,
// so that a renamed or failing benchmark fails the run instead of leaving a
// row that says "not run".
func notRun(rows []row) []string {
	var out []string
	for _, r := range rows {
		if r.missing {
			out = append(out, strings.TrimSpace(r.figure))
		}
	}
	return out
}

// printTable writes the rows aligned in columns.
func printTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Figure\tMeasured\tBaseline or target\tRatio\tMet")
	fmt.Fprintln(tw, "------\t--------\t------------------\t-----\t---")
	for _, r := range rows {
		ratio := ""
		switch {
		case r.ratio >= 0.01:
			ratio = fmt.Sprintf("%.2fx", r.ratio)
		case r.ratio > 0:
			ratio = fmt.Sprintf("%.1gx", r.ratio)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.figure, r.measured, r.against, ratio, r.verdict())
	}
	tw.Flush()
}
