package list

import (
	"fmt"
	"testing"

	"github.com/phrhealth/phr/internal/record"
)

// TestFilterNarrowsAndWidens checks that typing narrows the previous
// matches and erasing widens them again, with the same result as filtering
// from scratch.
func TestFilterNarrowsAndWidens(t *testing.T) {
	var es []record.Entry
	for i := range 1000 {
		es = append(es, record.Entry{ID: fmt.Sprint(i), Title: fmt.Sprintf("Weight %d", i), Value: fmt.Sprint(60 + i%30)})
	}
	l := New(record.Measurement)
	l.SetEntries(es)
	count := func(q string) int {
		l.filter.SetValue(q)
		l.apply()
		return len(l.shown)
	}
	if n := count(""); n != 1000 {
		t.Fatalf("no filter: %d", n)
	}
	if n := count("weight 1"); n != 111 {
		t.Fatalf("weight 1: %d, want 111", n)
	}
	if n := count("weight 12"); n != 11 {
		t.Fatalf("weight 12: %d, want 11", n)
	}
	if n := count("weight 1"); n != 111 {
		t.Fatalf("back to weight 1: %d, want 111", n)
	}
	if n := count("WEIGHT 999"); n != 1 {
		t.Fatalf("case: %d, want 1", n)
	}
}
