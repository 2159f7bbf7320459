package store

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// The queries ChartSeries and Points ran before migration 3 added the chart
// tables, kept here as the oracle: whatever the triggers keep must read back
// exactly as these read the entries themselves.
const (
	oracleEntryKey = `CASE WHEN e.code <> '' THEN 'c:' || e.code_system || '|' || e.code ELSE 't:' || lower(e.title) END`
	oracleCompKey  = `coalesce(json_extract(c.value,'$.code.code'), lower(json_extract(c.value,'$.title')))`
)

func oracleChartSeries(ctx context.Context, s *Store, min int) ([]Series, error) {
	q := `SELECT key, title, unit, n FROM (
		SELECT ` + oracleEntryKey + ` AS key, max(e.title) AS title, max(e.unit) AS unit, count(*) AS n
		FROM entries e WHERE e.category IN ('measurement','result') AND e.value_num IS NOT NULL
			AND e.components = '[]' GROUP BY 1
		UNION ALL
		SELECT ` + oracleEntryKey + ` || '#' || ` + oracleCompKey + ` AS key,
			max(e.title) || ': ' || lower(max(json_extract(c.value,'$.title'))) AS title,
			max(coalesce(json_extract(c.value,'$.unit'), e.unit)) AS unit, count(*) AS n
		FROM entries e, json_each(e.components) c
		WHERE e.category IN ('measurement','result') AND e.components <> '[]'
			AND json_extract(c.value,'$.value') GLOB '[0-9.-]*' GROUP BY 1
	) WHERE n >= ? ORDER BY n DESC, title`
	rows, err := s.q.QueryContext(ctx, q, min)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Series
	for rows.Next() {
		var ser Series
		if err := rows.Scan(&ser.Key, &ser.Title, &ser.Unit, &ser.Count); err != nil {
			return nil, err
		}
		out = append(out, ser)
	}
	// The old query left ties of count and title in no particular order;
	// the new one breaks them by key.
	slices.SortStableFunc(out, func(a, b Series) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Title, b.Title), strings.Compare(a.Key, b.Key))
	})
	return out, rows.Err()
}

func oraclePoints(ctx context.Context, s *Store, key, since, until string) ([]Point, error) {
	base, comp, hasComp := strings.Cut(key, "#")
	var cond string
	var args []any
	switch {
	case strings.HasPrefix(base, "c:"):
		sys, code, _ := strings.Cut(strings.TrimPrefix(base, "c:"), "|")
		cond = "e.code_system = ? AND e.code = ?"
		args = append(args, sys, code)
	case strings.HasPrefix(base, "t:"):
		cond = "e.code = '' AND lower(e.title) = ?"
		args = append(args, strings.TrimPrefix(base, "t:"))
	default:
		return nil, fmt.Errorf("unknown chart series %q", key)
	}
	var q string
	if hasComp {
		q = `SELECT e.date, CAST(json_extract(c.value,'$.value') AS REAL) FROM entries e, json_each(e.components) c
			WHERE e.category IN ('measurement','result') AND ` + cond + `
			AND ` + oracleCompKey + ` = ?`
		args = append(args, comp)
	} else {
		q = `SELECT e.date, e.value_num FROM entries e
			WHERE e.category IN ('measurement','result') AND e.value_num IS NOT NULL AND ` + cond
	}
	if since != "" {
		q += " AND e.date >= ?"
		args = append(args, since)
	}
	if until != "" {
		q += " AND e.date <= ?"
		args = append(args, until+"\x7f")
	}
	q += " AND e.date <> '' ORDER BY e.date"
	rows, err := s.q.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Point
	for rows.Next() {
		var p Point
		if err := rows.Scan(&p.Date, &p.Value); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// sortPoints orders readings of the same date by value: neither query
// promises an order among them.
func sortPoints(ps []Point) []Point {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b Point) int {
		return cmp.Or(strings.Compare(a.Date, b.Date), cmp.Compare(a.Value, b.Value))
	})
	return ps
}

// randomEntry draws an entry from small pools, so that series collide,
// titles differ only in case, coded and uncoded readings share titles, and
// compound readings have numeric, non-numeric, uncoded and unit-less parts.
func randomEntry(r *rand.Rand) record.Entry {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	loinc := func(c string) *record.Code { return &record.Code{System: "http://loinc.org", Code: c} }
	codes := []*record.Code{nil, nil, loinc("29463-7"), loinc("85354-9"), {System: "snomed", Code: "271649006"}, loinc("4548-4")}
	e := record.Entry{
		Category: record.Category(pick("measurement", "measurement", "result", "note", "condition")),
		Title:    pick("Weight", "weight", "Body weight", "Blood pressure", "blood pressure", "HbA1c", "Glucose"),
		Date:     pick("", "2023-12-31", "2024-01-05", "2024-01-05T08:00:00Z", "2024-01-05T08:00:00Z", "2024-02-29", "2025-06-01T23:59:59Z", "1990-03-04"),
		Value:    pick("80.1", "79", "142/91", "-3", ".5", "6.1 %", "positive", "", "+7"),
		Unit:     pick("kg", "mm[Hg]", "", "%"),
		Code:     codes[r.IntN(len(codes))],
	}
	switch r.IntN(4) {
	case 0:
		e.Components = []record.Component{
			{Code: loinc("8480-6"), Title: "Systolic", Value: pick("142", "135", "1e2"), Unit: "mm[Hg]"},
			{Code: loinc("8462-4"), Title: pick("Diastolic", "diastolic"), Value: pick("91", "88", "n/a"), Unit: pick("mm[Hg]", "")},
		}
	case 1:
		e.Components = []record.Component{
			{Title: pick("Left", "LEFT"), Value: pick("12", "-1.5", "low", ".")},
			{Title: "left", Value: pick("13", "high")},
			{Code: &record.Code{System: "x", Code: ""}, Title: "Empty code", Value: "4"},
		}
	}
	return e
}

// checkCharts compares ChartSeries and Points with the oracle for every
// series key the oracle lists and a few it does not.
func checkCharts(t *testing.T, s *Store, step string) {
	t.Helper()
	ctx := context.Background()
	want, err := oracleChartSeries(ctx, s, 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.ChartSeries(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s: ChartSeries\n got  %v\n want %v", step, got, want)
	}
	if got2, _ := s.ChartSeries(ctx, 3); len(got2) != len(slices.DeleteFunc(slices.Clone(want), func(x Series) bool { return x.Count < 3 })) {
		t.Fatalf("%s: ChartSeries(3) = %v", step, got2)
	}
	keys := []string{"c:http://loinc.org|85354-9", "t:glucose", "t:nothing", "c:snomed|271649006#left"}
	for _, ser := range want {
		keys = append(keys, ser.Key)
	}
	for _, k := range keys {
		for _, rng := range [][2]string{{"", ""}, {"2024-01-05", ""}, {"", "2024-01-05"}, {"2024-01-01", "2024-12-31"}} {
			want, err := oraclePoints(ctx, s, k, rng[0], rng[1])
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Points(ctx, k, rng[0], rng[1])
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(sortPoints(got)) != fmt.Sprint(sortPoints(want)) {
				t.Fatalf("%s: Points(%q, %q, %q)\n got  %v\n want %v", step, k, rng[0], rng[1], got, want)
			}
		}
	}
}

// TestChartTablesMatchOldQueries adds, edits and removes entries at random
// and checks after every step that the trigger-kept chart tables answer as
// the old queries over the entries do.
func TestChartTablesMatchOldQueries(t *testing.T) {
	ctx := context.Background()
	for seed := range uint64(4) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			s := newStore(t)
			var ids []string
			for step := range 300 {
				switch op := r.IntN(10); {
				case op < 5 || len(ids) == 0:
					e := randomEntry(r)
					if err := s.AddEntry(ctx, &e, now); err != nil {
						t.Fatal(err)
					}
					ids = append(ids, e.ID)
				case op < 9:
					id := ids[r.IntN(len(ids))]
					e, err := s.Entry(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					n := randomEntry(r)
					// Change one or several fields, as an edit does.
					switch r.IntN(8) {
					case 0:
						e.Value = n.Value
					case 1:
						e.Code = n.Code
					case 2:
						e.Title = n.Title
					case 3:
						e.Components = n.Components
					case 4:
						e.Category = n.Category
					case 5:
						e.Date = n.Date
					case 6:
						e.Unit = n.Unit
					default:
						e.Notes = "only the notes change"
					}
					if err := s.UpdateEntry(ctx, &e, now); err != nil {
						t.Fatal(err)
					}
				default:
					i := r.IntN(len(ids))
					if _, err := s.DeleteEntry(ctx, ids[i]); err != nil {
						t.Fatal(err)
					}
					ids = slices.Delete(ids, i, i+1)
				}
				if step%10 == 9 {
					checkCharts(t, s, fmt.Sprintf("step %d", step))
				}
			}
			checkCharts(t, s, "end")
			// A rolled-back transaction leaves the chart tables as they were.
			err := s.Tx(ctx, func(tx *Store) error {
				for range 5 {
					e := randomEntry(r)
					if err := tx.AddEntry(ctx, &e, now); err != nil {
						return err
					}
				}
				_, err := tx.DeleteEntry(ctx, ids[0])
				if err != nil {
					return err
				}
				return fmt.Errorf("roll back")
			})
			if err == nil {
				t.Fatal("the transaction did not fail")
			}
			checkCharts(t, s, "after a rollback")
			// Removing everything empties the chart tables.
			for _, id := range ids {
				if _, err := s.DeleteEntry(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			var n int
			if err := s.q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM chart_points) + (SELECT count(*) FROM chart_series)`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("chart tables hold %d rows after every entry was removed (%v)", n, err)
			}
		})
	}
}

// loadMigrated serializes old and loads it, as opening a record does, and
// checks that the migrations brought it to SchemaVersion, at least v.
func loadMigrated(t *testing.T, old *Store, v int) *Store {
	t.Helper()
	ctx := context.Background()
	b := serializeAsWritten(t, old)
	s, err := Load(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if got, _ := s.Version(ctx); got != SchemaVersion || got < v {
		t.Fatalf("version after load = %d, want %d (at least %d)", got, SchemaVersion, v)
	}
	return s
}

// serializeAsWritten serializes a store made by storeAtSchema as that
// schema wrote it: without the columns storeAtSchema added for today's code.
func serializeAsWritten(t testing.TB, old *Store) []byte {
	t.Helper()
	ctx := context.Background()
	got, _ := old.Version(ctx)
	for _, m := range columnMigrations {
		if got >= m.version {
			continue
		}
		for _, c := range m.columns {
			if _, err := old.q.ExecContext(ctx, `ALTER TABLE entries DROP COLUMN `+c); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range tableMigrations {
		if got < m.version {
			if _, err := old.q.ExecContext(ctx, `DROP TABLE `+m.table); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := old.Serialize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// storeAtSchema returns a new store migrated only up to schema version v.
func storeAtSchema(t testing.TB, v int) *Store {
	t.Helper()
	ctx := context.Background()
	db, err := openMemory()
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, q: db}
	t.Cleanup(func() { s.Close() })
	for i := range v {
		if _, err := db.ExecContext(ctx, migrations[i]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range columnMigrations {
		if v >= m.version {
			continue
		}
		// Today's code reads and writes the columns of this migration; an
		// old store gets them here and loses them again in loadMigrated.
		if _, err := db.ExecContext(ctx, migrations[m.version-1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range tableMigrations {
		if v < m.version {
			if _, err := db.ExecContext(ctx, migrations[m.version-1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	return s
}

// codingsSchema is the schema version that added entries.codings and labels.
const codingsSchema = 6

// unitCodeSchema is the schema version that added entries.unit_code.
const unitCodeSchema = 7

// statsSchema is the schema version that added entries.stats.
const statsSchema = 9

// detailsSchema is the schema version that added a medication's dose,
// route and frequency and an allergy's reaction, severity and criticality.
const detailsSchema = 10

// sourcesSchema is the schema version that added entries.sources.
const sourcesSchema = 11

// importsSchema is the schema version that added the imports table.
const importsSchema = 12

// tableMigrations are the migrations that only add a table, with its
// name: an old store gets the table for today's code and loses it again
// in serializeAsWritten, as with columnMigrations.
var tableMigrations = []struct {
	version int
	table   string
}{
	{importsSchema, "imports"},
}

// columnMigrations are the migrations that only add columns to entries,
// with their columns.
var columnMigrations = []struct {
	version int
	columns []string
}{
	{codingsSchema, []string{"codings", "labels"}},
	{unitCodeSchema, []string{"unit_code"}},
	{statsSchema, []string{"stats"}},
	{detailsSchema, []string{"dose", "route", "frequency", "reaction", "severity", "criticality"}},
	{sourcesSchema, []string{"sources"}},
}

// TestMigrationFillsChartTables writes a record at schema 2 (before the
// chart tables), loads it, and checks that migration 3 filled them and set
// the search rank, and that the triggers keep them from then on.
func TestMigrationFillsChartTables(t *testing.T) {
	ctx := context.Background()
	old := storeAtSchema(t, 2)
	r := rand.New(rand.NewPCG(42, 1))
	var ids []string
	for range 400 {
		e := randomEntry(r)
		e.Notes = "blood pressure check"
		if err := old.AddEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if _, err := old.DeleteEntry(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	wantSeries, err := oracleChartSeries(ctx, old, 1)
	if err != nil || len(wantSeries) < 5 {
		t.Fatalf("oracle at schema 2: %d series, %v", len(wantSeries), err)
	}
	s := loadMigrated(t, old, 3)
	checkCharts(t, s, "after migration")
	if got, _ := s.ChartSeries(ctx, 1); fmt.Sprint(got) != fmt.Sprint(wantSeries) {
		t.Fatalf("series after migration\n got  %v\n want %v", got, wantSeries)
	}
	// The migrated record searches in Search's order (see TestSearchOrder).
	compareSearch(t, s, "pressure", 50)
	for _, id := range ids[1:50] {
		e, err := s.Entry(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		e.Value, e.Date = "99.5", "2024-07-01"
		if err := s.UpdateEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids[50:100] {
		if _, err := s.DeleteEntry(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	checkCharts(t, s, "after edits of the migrated record")
}

// TestPointsBucketed checks the averaged series a chart draws against every
// reading: no more points than buckets, oldest first, counts adding up to
// all the readings, the same total, each point dated by the first reading of
// its stretch, and the first and last readings exact. A series with no more
// readings than buckets comes back whole.
func TestPointsBucketed(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	r := rand.New(rand.NewPCG(5, 5))
	err := s.Tx(ctx, func(tx *Store) error {
		for i := range 3000 {
			day := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(20 * 365 * 24 * time.Hour))))
			date := day.Format(time.RFC3339)
			if i%3 == 0 {
				date = day.Format("2006-01-02")
			}
			e := record.Entry{Category: record.Measurement, Title: "Weight", Date: date,
				Value: fmt.Sprintf("%.1f", 60+r.Float64()*40), Unit: "kg",
				Components: []record.Component{{Title: "Part", Value: fmt.Sprint(i % 7)}}}
			if i%10 == 0 {
				e.Components = nil
			}
			if err := tx.AddEntry(ctx, &e, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"t:weight", "t:weight#part"} {
		for _, rng := range [][2]string{{"", ""}, {"2005-03-01", "2010-12-31"}, {"2019-06-01", ""}} {
			for _, buckets := range []int{1, 7, 200, 5000} {
				all, err := s.Points(ctx, k, rng[0], rng[1])
				if err != nil {
					t.Fatal(err)
				}
				c, err := s.PointsBucketed(ctx, k, rng[0], rng[1], buckets)
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("%s %v %d buckets", k, rng, buckets)
				if c.Count != len(all) || len(all) == 0 || c.First.Date != all[0].Date || c.First.Value != all[0].Value ||
					c.Last.Date != all[len(all)-1].Date || c.Last.Value != all[len(all)-1].Value {
					t.Fatalf("%s: count %d first %v last %v; the readings: %d from %v to %v", name, c.Count, c.First, c.Last, len(all), all[0], all[len(all)-1])
				}
				if len(all) <= buckets {
					for i := range all {
						all[i].N = 1
					}
					if fmt.Sprint(c.Points) != fmt.Sprint(all) {
						t.Fatalf("%s: a short series came back changed", name)
					}
					continue
				}
				if len(c.Points) > buckets || len(c.Points) == 0 {
					t.Fatalf("%s: %d points", name, len(c.Points))
				}
				n, sum, want := 0, 0.0, 0.0
				for i, p := range c.Points {
					if i > 0 && p.Date <= c.Points[i-1].Date {
						t.Fatalf("%s: point %d (%s) is not after %s", name, i, p.Date, c.Points[i-1].Date)
					}
					// The point's date is a reading's, and the readings
					// from it on until the next point's average to it.
					j := slices.IndexFunc(all, func(x Point) bool { return x.Date == p.Date })
					if j < 0 || j != n {
						t.Fatalf("%s: point %d dated %s starts at reading %d, want %d", name, i, p.Date, j, n)
					}
					mean := 0.0
					for _, x := range all[j : j+p.N] {
						mean += x.Value
					}
					if mean /= float64(p.N); math.Abs(mean-p.Value) > 1e-9*math.Abs(mean) {
						t.Fatalf("%s: point %d averages %g, the readings %g", name, i, p.Value, mean)
					}
					n += p.N
					sum += p.Value * float64(p.N)
				}
				for _, x := range all {
					want += x.Value
				}
				if n != len(all) || math.Abs(sum-want) > 1e-6*math.Abs(want) {
					t.Fatalf("%s: the points hold %d readings summing to %g; want %d and %g", name, n, sum, len(all), want)
				}
			}
		}
	}
	if _, err := s.PointsBucketed(ctx, "t:weight", "", "", 0); err == nil {
		t.Fatal("0 buckets accepted")
	}
	if c, err := s.PointsBucketed(ctx, "t:nothing", "", "", 10); err != nil || c.Count != 0 || len(c.Points) != 0 {
		t.Fatalf("an empty series: %+v %v", c, err)
	}
}

// TestPointsReadWhatRowsHold checks Points, which sizes its list from
// chart_series when unbounded and reads below database/sql, against a
// plain read of chart_points in the same order: every float64 comes back bit
// for bit (random bits, extremes, negative zero, values that need 17 digits),
// bounds and components too, and nil where there are no dated readings
// (undated ones are counted in chart_series but never returned).
func TestPointsReadWhatRowsHold(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	add(t, s, record.Entry{Category: record.Measurement, Title: "Undated", Value: "1"})
	values := []string{"60.5", "-0", "0.30000000000000004", "1e-300", "4.9e-324", "1.7976931348623157e308",
		"-2.2250738585072014e-308", "123456789012345678", "0.1", "5.6", "100"}
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		// Any float within the range phr charts (record.InRange), with
		// every digit: beyond it a value is kept as text (issue 16).
		f := (r.Float64()*2 - 1) * math.Pow(10, float64(r.IntN(31)-15))
		values = append(values, strconv.FormatFloat(f, 'g', -1, 64))
	}
	charted := 0
	for _, v := range values {
		if _, ok := Numeric(v); ok {
			charted++
		}
	}
	for i, v := range values {
		date := fmt.Sprintf("2024-01-%02dT09:%02d:00Z", 28-i%28, i%60)
		add(t, s, record.Entry{Category: record.Measurement, Title: "Pulse", Date: date, Value: v})
		add(t, s, record.Entry{Category: record.Measurement, Title: "Blood pressure", Date: date, Value: v + "/80",
			Components: []record.Component{{Title: "Systolic", Value: v}, {Title: "Diastolic", Value: "80"}}})
	}
	add(t, s, record.Entry{Category: record.Measurement, Title: "Pulse", Value: "70"})
	for _, tc := range []struct {
		key, since, until string
		n                 int
	}{{"t:pulse", "", "", charted}, {"t:pulse", "2024-01-20", "", -1}, {"t:pulse", "2024-01-05", "2024-01-09", -1},
		{"t:blood pressure#systolic", "", "", -1}, {"t:undated", "", "", 0}, {"t:none", "", "", 0}} {
		got, err := s.Points(ctx, tc.key, tc.since, tc.until)
		if err != nil {
			t.Fatal(err)
		}
		var want []Point
		until := "9999"
		if tc.until != "" {
			until = tc.until + "\x7f"
		}
		rows, err := s.q.QueryContext(ctx, `SELECT date, value FROM chart_points WHERE series = ? AND date <> '' AND date >= ? AND date <= ?
			ORDER BY date, entry_rowid, part`, tc.key, tc.since, until)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var p Point
			if err := rows.Scan(&p.Date, &p.Value); err != nil {
				t.Fatal(err)
			}
			want = append(want, p)
		}
		rows.Close()
		if tc.n >= 0 && len(got) != tc.n {
			t.Errorf("Points(%q, %q, %q): %d readings, want %d", tc.key, tc.since, tc.until, len(got), tc.n)
		}
		if len(got) != len(want) {
			t.Fatalf("Points(%q, %q, %q): %d readings, want %d", tc.key, tc.since, tc.until, len(got), len(want))
		}
		// Inside a transaction Points reads through database/sql; outside it
		// reads on the driver's connection itself. Both must agree with the
		// plain read.
		var inTx []Point
		if err := s.Tx(ctx, func(tx *Store) error {
			inTx, err = tx.Points(ctx, tc.key, tc.since, tc.until)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (inTx == nil) || len(inTx) != len(got) {
			t.Fatalf("Points(%q) in a transaction: %d readings (nil %v), outside %d (nil %v)", tc.key, len(inTx), inTx == nil, len(got), got == nil)
		}
		for i := range got {
			if got[i].Date != want[i].Date || math.Float64bits(got[i].Value) != math.Float64bits(want[i].Value) || got[i].N != 0 {
				t.Fatalf("Points(%q)[%d] = %#v, want %#v", tc.key, i, got[i], want[i])
			}
			if inTx[i] != got[i] {
				t.Fatalf("Points(%q)[%d] in a transaction = %#v, outside %#v", tc.key, i, inTx[i], got[i])
			}
		}
	}
}

// TestMigrationDropsCodeIndex checks migration 5 on a record written at
// schema 4: the index of entries by code is gone, every entry and chart
// point is still there, and a new record never has it.
func TestMigrationDropsCodeIndex(t *testing.T) {
	ctx := context.Background()
	hasIndex := func(s *Store) bool {
		t.Helper()
		var n int
		if err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'entries_code_date'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	old := storeAtSchema(t, 4)
	if !hasIndex(old) {
		t.Fatal("schema 4 has no entries_code_date index")
	}
	r := rand.New(rand.NewPCG(5, 5))
	for range 300 {
		e := randomEntry(r)
		if err := old.AddEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
	}
	want, err := old.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	s := loadMigrated(t, old, 5)
	if hasIndex(s) {
		t.Fatal("entries_code_date survived migration 5")
	}
	got, err := s.List(ctx, Filter{})
	if err != nil || len(got) != len(want) {
		t.Fatalf("%d entries after the migration, %d before (%v)", len(got), len(want), err)
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("entry %d changed by the migration:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
	checkCharts(t, s, "after migration 5")
	fresh, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if hasIndex(fresh) {
		t.Fatal("a new record has entries_code_date")
	}
}

// seriesKeySchema is the schema version that made the series key a
// generated column read by the chart triggers.
const seriesKeySchema = 8

// TestMigrationSeriesKey writes a record at schema 7 (the key spelled out
// in every trigger), loads it, and checks that migration 8's column gives
// every entry the oracle's key, that no trigger spells the key out any
// more, and that the chart tables stay right through edits and removals.
func TestMigrationSeriesKey(t *testing.T) {
	ctx := context.Background()
	old := storeAtSchema(t, seriesKeySchema-1)
	r := rand.New(rand.NewPCG(8, 8))
	var ids []string
	for range 200 {
		e := randomEntry(r)
		if err := old.AddEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	s := loadMigrated(t, old, seriesKeySchema)
	var wrong int
	err := s.q.QueryRowContext(ctx, `SELECT count(*) FROM entries e WHERE e.series_key IS NOT (`+oracleEntryKey+`)`).Scan(&wrong)
	if err != nil || wrong != 0 {
		t.Fatalf("%d entries have another series key than the oracle's (%v)", wrong, err)
	}
	var spelled int
	err = s.q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%''c:'' ||%'`).Scan(&spelled)
	if err != nil || spelled != 0 {
		t.Fatalf("%d triggers still spell the series key out (%v)", spelled, err)
	}
	checkCharts(t, s, "after migration 8")
	for i, id := range ids[:100] {
		e, err := s.Entry(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if _, err := s.DeleteEntry(ctx, id); err != nil {
				t.Fatal(err)
			}
			continue
		}
		n := randomEntry(r)
		e.Title, e.Code, e.Value, e.Components = n.Title, n.Code, n.Value, n.Components
		if err := s.UpdateEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
	}
	checkCharts(t, s, "after edits on a migrated record")
}

// TestSeriesRange: a chart's reference range is the newest one written on
// the series' readings; a part of a reading (systolic) has none.
func TestSeriesRange(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for _, e := range []record.Entry{
		{Category: record.Result, Title: "HbA1c", Date: "2024-01-05", Value: "6.1", Unit: "%", Range: "4.0-6.0 %"},
		{Category: record.Result, Title: "HbA1c", Date: "2025-03-01", Value: "5.9", Unit: "%", Range: "4.0-5.6 %"},
		{Category: record.Result, Title: "HbA1c", Date: "2025-06-01", Value: "5.8", Unit: "%"},
		{Category: record.Measurement, Title: "Blood pressure", Date: "2025-06-01", Value: "132/84", Range: "ignored",
			Components: []record.Component{{Title: "Systolic", Value: "132"}, {Title: "Diastolic", Value: "84"}}},
	} {
		if err := s.AddEntry(ctx, &e, now); err != nil {
			t.Fatal(err)
		}
	}
	for key, want := range map[string]string{"t:hba1c": "4.0-5.6 %", "t:blood pressure#systolic": "", "t:weight": ""} {
		got, err := s.SeriesRange(ctx, key)
		if err != nil || got != want {
			t.Errorf("SeriesRange(%q) = %q, %v; want %q", key, got, err, want)
		}
	}
	if _, err := s.SeriesRange(ctx, "x:nothing"); err == nil {
		t.Error("an unknown key's range was read")
	}
}
