package vault

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// MaxScryptLog2 is the largest scrypt work factor (as a power of two) that
// OpenFile accepts. 2^22 already needs 4 GiB of memory; a crafted file must
// not exhaust the machine. Callers may impose a lower cap on their own
// *age.ScryptIdentity with SetMaxWorkFactor (extracts use 2^20).
const MaxScryptLog2 = 22

// maxArmorWhitespace is how much leading whitespace may precede an armor
// header, as the age command allows.
const maxArmorWhitespace = 1024

// OpenFile is phr's one path for opening age files, for vaults and for
// extracts alike. It accepts binary and armored ("-----BEGIN AGE ENCRYPTED
// FILE-----") input, and refuses any scrypt stanza whose work factor is above
// 2^MaxScryptLog2 before any key derivation, whatever identities are given.
//
// As with age.Decrypt, a damaged payload is reported by Read, not by
// OpenFile: read to io.EOF and check the error before using any byte.
func OpenFile(r io.Reader, ids ...age.Identity) (io.Reader, error) {
	br := bufio.NewReader(r)
	var in io.Reader = br
	start, _ := br.Peek(maxArmorWhitespace + len(armor.Header))
	if bytes.HasPrefix(bytes.TrimSpace(start), []byte(armor.Header)) {
		in = armor.NewReader(br)
	}
	capped := make([]age.Identity, len(ids))
	for i, id := range ids {
		capped[i] = cappedIdentity{id}
	}
	return age.Decrypt(in, capped...)
}

// cappedIdentity refuses a header holding a scrypt stanza with too high a
// work factor before its inner identity can start deriving a key.
type cappedIdentity struct{ age.Identity }

func (c cappedIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type != "scrypt" || len(s.Args) != 2 {
			continue
		}
		// age rejects non-canonical encodings itself; anything that parses
		// as a large number is refused here.
		logN, err := strconv.Atoi(s.Args[1])
		if err == nil && logN > MaxScryptLog2 {
			return nil, fmt.Errorf("scrypt work factor 2^%d is above phr's limit of 2^%d: refusing to derive a key", logN, MaxScryptLog2)
		}
		if err != nil && len(s.Args[1]) > 2 && isDigits(s.Args[1]) {
			return nil, fmt.Errorf("scrypt work factor %.20q is above phr's limit of 2^%d: refusing to derive a key", s.Args[1], MaxScryptLog2)
		}
	}
	return c.Identity.Unwrap(stanzas)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
