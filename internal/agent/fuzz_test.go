package agent

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// FuzzParseRequest feeds arbitrary lines to the request parser and to the
// server's Answer: neither may panic, a parsed request must be valid and
// round-trip, and no answer to anything but a key request holds the key.
func FuzzParseRequest(f *testing.F) {
	id := ID("/v")
	for _, s := range []string{
		`{"v":1,"op":"key","vault":"` + id + `"}`,
		`{"v":1,"op":"status","vault":"` + id + `"}` + "\n",
		`{"v":1,"op":"stop","vault":"` + ID("/w") + `"}`,
		`{"v":2,"op":"key","vault":"` + id + `"}`,
		`{"v":1,"op":"key","vault":"` + id + `","x":1}`,
		`{"v":1.5,"op":"key"}`, `[]`, `null`, `{}`, "", "\n\n", `{"v":1e400}`,
		`{"v":1,"op":"key","vault":"` + id + `"}{"v":1}`,
		`{"V":1,"OP":"KEY","Vault":"` + id + `"}`,
	} {
		f.Add([]byte(s))
	}
	s, err := NewServer(ServerConfig{ID: id, Key: []byte(testKey), Until: time.Now().Add(time.Hour)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := ParseRequest(line)
		if err == nil {
			if r.V != Version || !ValidID(r.Vault) || (r.Op != OpKey && r.Op != OpStatus && r.Op != OpStop) {
				t.Fatalf("accepted an invalid request %+v from %q", r, line)
			}
			r2, err := ParseRequest(r.Encode())
			if err != nil || r2 != r {
				t.Fatalf("round trip of %+v: %+v, %v", r, r2, err)
			}
			if r.Op == OpStop {
				return // would stop the shared server
			}
		}
		ans := s.Answer(line)
		if !bytes.HasSuffix(ans, []byte("\n")) || bytes.Count(ans, []byte("\n")) != 1 {
			t.Fatalf("answer is not one line: %q", ans)
		}
		if (err != nil || r.Op != OpKey || r.Vault != id) && strings.Contains(string(ans), testKey) {
			t.Fatalf("answer to %q holds the key", line)
		}
	})
}
