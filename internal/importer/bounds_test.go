package importer

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// repeatReader yields n bytes of c.
type repeatReader struct {
	c byte
	n int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), r.n)
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return int(k), nil
}

// TestResourceTooLarge (issue 16, item 8): a FHIR resource beyond
// MaxResource is refused while it is read, naming the limit, in a Bundle
// and as a single resource; one just under it is read. Before, a 150 MB
// note was decoded whole (2.5 GB of memory).
func TestResourceTooLarge(t *testing.T) {
	doc := func(bundle bool, n int64) io.Reader {
		pre := `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Pulse"},"note":[{"text":"`
		post := `"}]}`
		if bundle {
			pre = `{"resourceType":"Bundle","type":"collection","entry":[{"resource":` + pre
			post += `}]}`
		}
		return io.MultiReader(strings.NewReader(pre), &repeatReader{c: 'a', n: n}, strings.NewReader(post))
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, bundle := range []bool{true, false} {
		_, err := Read(doc(bundle, MaxResource+readAhead+1), "vast.json", now)
		if !errors.Is(err, ErrResourceTooLarge) && (err == nil || !strings.Contains(err.Error(), "limit of 64 MiB for one imported resource")) {
			t.Errorf("bundle %v: a resource over the limit: %v", bundle, err)
		}
	}
	res, err := Read(doc(true, 2<<20), "big.json", now)
	if err != nil || len(res.Items) != 1 {
		t.Fatalf("a 2 MiB note under the resource limit: %v", err)
	}
	if n := len(res.Items[0].Entry.Notes); n < 2<<20 {
		t.Errorf("the note was cut to %d bytes", n)
	}
}
