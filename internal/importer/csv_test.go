package importer

import (
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	in := "Date,Type,Value,Unit,Notes\n" +
		"2024-03-01,Blood pressure,142/91,,after coffee\n" +
		"2024-03-01 08:30,Weight,71.5,kg,\n" +
		"\n" +
		"2024-03-02T07:00:00+01:00,Glucose,5.4,mmol/L,\"fasting, morning\"\n"
	res, err := Read(strings.NewReader(in), "readings.csv", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != CSV || len(res.Items) != 3 {
		t.Fatalf("format %q, %d items", res.Format, len(res.Items))
	}
	bp := res.Items[0].Entry
	if bp.Value != "142/91" || bp.Unit != "mm[Hg]" || len(bp.Components) != 2 ||
		bp.Components[0].Value != "142" || bp.Components[1].Value != "91" ||
		bp.Components[0].Code.Code != "8480-6" || bp.Components[1].Code.Code != "8462-4" {
		t.Errorf("blood pressure %+v", bp)
	}
	if bp.Category != "measurement" || bp.Date != "2024-03-01" || bp.Notes != "after coffee" || bp.Source != "csv" {
		t.Errorf("entry %+v", bp)
	}
	w := res.Items[1].Entry
	if w.Date != "2024-03-01T08:30:00Z" || w.Value != "71.5" || w.Unit != "kg" {
		t.Errorf("weight %+v", w)
	}
	g := res.Items[2].Entry
	if g.Date != "2024-03-02T06:00:00Z" || g.Notes != "fasting, morning" {
		t.Errorf("glucose %+v", g)
	}
	// A second read gives the same source ids; different rows differ.
	again, _ := Read(strings.NewReader(in), "readings.csv", testNow)
	for i := range res.Items {
		if res.Items[i].Entry.SourceID != again.Items[i].Entry.SourceID {
			t.Error("source ids are not stable")
		}
	}
	if res.Items[0].Entry.SourceID == res.Items[1].Entry.SourceID {
		t.Error("source ids repeat")
	}
	checkEntries(t, res)
}

func TestReadCSVAliases(t *testing.T) {
	in := "Timestamp;Measurement;Reading;Units\n2024-01-05;Heart rate;64;bpm\n"
	res, err := Read(strings.NewReader(in), "hr.csv", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 || res.Items[0].Entry.Title != "Heart rate" || res.Items[0].Entry.Unit != "bpm" {
		t.Errorf("%+v", res.Items)
	}
}

func TestReadCSVErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"date,type,value\n2024-01-01,weight,70\nyesterday,weight,71\n", "line 3, column 1: date \"yesterday\" not understood"},
		{"date,type,value\n2024-01-01,,70\n", "line 2, column 12: the type is empty"},
		{"date,type,value\n2024-01-01,weight,\n", "line 2, column 19: the value is empty"},
		{"date,type,value\n2024-01-01,\"weight,70\n", "line 2, column"},
	}
	for _, c := range cases {
		mustFail(t, "r.csv", []byte(c.in), c.want)
	}
}
