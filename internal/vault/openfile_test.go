package vault

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"testing"
	"time"

	agetest "c2sp.org/CCTV/age"
	"filippo.io/age"
	"filippo.io/age/armor"
)

// cctvVector is one C2SP CCTV age test vector.
type cctvVector struct {
	expect     string
	payload    []byte // SHA-256 of the payload, if given
	identities []age.Identity
	armored    bool
	file       []byte
}

func parseCCTV(t *testing.T, b []byte) *cctvVector {
	t.Helper()
	v := &cctvVector{}
	compressed := false
	for {
		line, rest, ok := bytes.Cut(b, []byte("\n"))
		if !ok {
			t.Fatal("vector without a payload")
		}
		b = rest
		if len(line) == 0 {
			break
		}
		key, value, _ := strings.Cut(string(line), ": ")
		switch key {
		case "expect":
			v.expect = value
		case "payload":
			h, err := hex.DecodeString(value)
			if err != nil {
				t.Fatal(err)
			}
			v.payload = h
		case "identity":
			var id age.Identity
			id, err := age.ParseX25519Identity(value)
			if err != nil {
				id, err = age.ParseHybridIdentity(value)
			}
			if err != nil {
				t.Fatal(err)
			}
			v.identities = append(v.identities, id)
		case "passphrase":
			id, err := age.NewScryptIdentity(value)
			if err != nil {
				t.Fatal(err)
			}
			v.identities = append(v.identities, id)
		case "armored":
			v.armored = value == "yes"
		case "compressed":
			compressed = value == "zlib"
		case "file key", "comment":
		default:
			t.Fatalf("unknown vector key %q", key)
		}
	}
	v.file = b
	if compressed {
		r, err := zlib.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if v.file, err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// TestCCTVVectors runs every C2SP CCTV age vector through OpenFile: each
// succeeds or fails as the vector says, and whatever plaintext was released
// matches the vector's hash.
func TestCCTVVectors(t *testing.T) {
	entries, err := fs.ReadDir(agetest.Vectors, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 143 {
		t.Fatalf("only %d vectors", len(entries))
	}
	counts := map[string]int{}
	for _, e := range entries {
		b, err := fs.ReadFile(agetest.Vectors, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		v := parseCCTV(t, b)
		counts[v.expect]++
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			r, err := OpenFile(bytes.NewReader(v.file), v.identities...)
			got := classifyOpen(err)
			var out []byte
			if err == nil {
				out, err = io.ReadAll(r)
				got = classifyRead(err)
			}
			want := v.expect
			// OpenFile detects armor by its header line, as the age command
			// does: a file that does not start with it (leading garbage, a
			// malformed or lowercase header line) is read as a binary file
			// and fails as a header instead.
			if want == "armor failure" && got == "header failure" && !bytes.HasPrefix(bytes.TrimSpace(v.file), []byte(armor.Header)) {
				t.Logf("armor not detected, read as binary: %v", err)
				got = want
			}
			if got != want {
				t.Fatalf("got %s (%v), want %s", got, err, want)
			}
			if v.payload != nil && (want == "success" || want == "payload failure" || want == "armor failure") {
				if sum := sha256.Sum256(out); !bytes.Equal(sum[:], v.payload) {
					t.Fatalf("released payload of %d bytes does not match the vector's hash", len(out))
				}
			}
		})
	}
	t.Logf("vectors by expectation: %v", counts)
}

// classifyOpen maps an error from OpenFile to a CCTV expectation, as age's
// own vector test does: anything before the payload that is not an armor,
// identity or MAC failure is a header failure.
func classifyOpen(err error) string {
	var armorErr *armor.Error
	var noMatch *age.NoIdentityMatchError
	switch {
	case err == nil:
		return "success"
	case errors.As(err, &armorErr):
		return "armor failure"
	case errors.As(err, &noMatch):
		return "no match"
	case strings.HasSuffix(err.Error(), "bad header MAC"):
		return "HMAC failure"
	default:
		return "header failure"
	}
}

// classifyRead maps an error from reading the payload.
func classifyRead(err error) string {
	var armorErr *armor.Error
	switch {
	case err == nil:
		return "success"
	case errors.As(err, &armorErr):
		return "armor failure"
	default:
		return "payload failure"
	}
}

// TestScryptCap checks that a work factor above 2^22 is refused before any
// derivation: fast and without a large allocation, even when the identity
// itself would accept it.
func TestScryptCap(t *testing.T) {
	rec, _ := age.NewScryptRecipient("passphrase")
	rec.SetWorkFactor(10)
	var buf bytes.Buffer
	w, _ := age.Encrypt(&buf, rec)
	w.Write([]byte("secret"))
	w.Close()
	for _, logN := range []string{"23", "30", "99999999999999999999"} {
		t.Run(logN, func(t *testing.T) {
			crafted := bytes.Replace(buf.Bytes(), []byte(" 10\n"), []byte(" "+logN+"\n"), 1)
			if bytes.Equal(crafted, buf.Bytes()) {
				t.Fatal("could not craft the header")
			}
			id, _ := age.NewScryptIdentity("passphrase")
			id.SetMaxWorkFactor(30) // the cap must hold whatever the caller allows
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := OpenFile(bytes.NewReader(crafted), id)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), "work factor") {
				t.Fatalf("work factor %s accepted: %v", logN, err)
			}
			if elapsed > 50*time.Millisecond {
				t.Fatalf("refusal took %v", elapsed)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
				t.Fatalf("refusal allocated %d bytes", alloc)
			}
		})
	}
	// Armored input opens, and so does 2^22 itself (not run: 4 GiB).
	var arm bytes.Buffer
	aw := armor.NewWriter(&arm)
	aw.Write(buf.Bytes())
	aw.Close()
	id, _ := age.NewScryptIdentity("passphrase")
	r, err := OpenFile(bytes.NewReader(append([]byte("\n  \n"), arm.Bytes()...)), id)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(r); err != nil || string(got) != "secret" {
		t.Fatalf("armored read %q, %v", got, err)
	}
}
