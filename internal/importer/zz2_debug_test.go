package importer

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func TestZZDump(t *testing.T) {
	f := os.Getenv("F")
	if f == "" {
		t.Skip()
	}
	fh, _ := os.Open(f)
	res, err := Read(fh, f, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range res.Items {
		e := it.Entry
		fmt.Printf("%s | %q | %s..%s | st=%s | v=%s %s | %v | rng=%s int=%s | sens=%v | id=%.40s\n   notes=%q comps=%v\n", e.Category, e.Title, e.Date, e.End, e.Status, e.Value, e.Unit, e.Code, e.Range, e.Interpretation, e.Sensitive, e.SourceID, e.Notes, e.Components)
	}
}
