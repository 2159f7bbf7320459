// Package agent is phr's unlock agent: a short-lived background process,
// like ssh-agent, that holds one vault's key in memory for a limited time and
// hands it to phr commands of the same user over a Unix socket, so a script
// of many commands pays the passphrase's key derivation once.
//
// Start with Client (ask an agent for the key, its status, or to stop),
// Start (launch an agent process and hand it the key through a pipe) and Run
// (the agent process itself). Server holds the protocol logic with an
// injectable clock, so expiry can be tested without waiting.
//
// The protocol is one JSON line each way over one connection:
//
//	{"v":1,"op":"key","vault":"<ID>"}      ->  {"v":1,"ok":true,"until":"...","pid":N,"key":"AGE-SECRET-KEY-PQ-1..."}
//	{"v":1,"op":"status","vault":"<ID>"}   ->  {"v":1,"ok":true,"until":"...","pid":N}
//	{"v":1,"op":"stop","vault":"<ID>"}     ->  {"v":1,"ok":true,"until":"...","pid":N}
//
// and on failure {"v":1,"ok":false,"error":CODE} with CODE one of the Err*
// constants. ID is the vault's ID (a hash of its folder), so an agent never
// answers for another vault. The agent checks that the peer runs as its own
// user (SO_PEERCRED on Linux, LOCAL_PEERCRED on macOS); the socket lives in
// a 0700 folder and is itself 0600. Other systems have no agent
// (Supported is false).
package agent

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// Version is the protocol version this package speaks.
const Version = 1

// Operations a request may ask for.
const (
	OpKey    = "key"
	OpStatus = "status"
	OpStop   = "stop"
)

// Error codes an agent answers with. They never hold secrets.
const (
	ErrCodeDenied     = "denied"      // the peer runs as another user
	ErrCodeBadRequest = "bad-request" // not one valid request line
	ErrCodeVersion    = "version"     // a protocol version this agent does not speak
	ErrCodeVault      = "vault"       // the agent holds the key of another vault
	ErrCodeExpired    = "expired"     // the agent's time is up; it is stopping
)

// Limits of the protocol.
const (
	// MaxRequest is the longest request line, newline included.
	MaxRequest = 256
	// MaxResponse is the longest response line, newline included.
	MaxResponse = 4096
	// MaxKey is the longest key an agent holds.
	MaxKey = 2048
	// IOTimeout bounds every exchange, on both sides.
	IOTimeout = 2 * time.Second
)

// Request is one request line.
type Request struct {
	V     int    `json:"v"`
	Op    string `json:"op"`
	Vault string `json:"vault"`
}

// ErrBadRequest is returned by ParseRequest for anything but one valid
// request line.
var ErrBadRequest = errors.New("malformed agent request")

// ErrVersion is returned by ParseRequest for a request of another protocol
// version.
var ErrVersion = errors.New("unsupported agent protocol version")

// ParseRequest reads one request line (a trailing newline is allowed). It
// accepts only the fields of Request, version 1, a known operation and a
// well-formed vault ID.
func ParseRequest(line []byte) (Request, error) {
	if len(line) > MaxRequest {
		return Request{}, fmt.Errorf("%w: longer than %d bytes", ErrBadRequest, MaxRequest)
	}
	line = bytes.TrimSuffix(line, []byte("\n"))
	if bytes.IndexByte(line, '\n') >= 0 {
		return Request{}, fmt.Errorf("%w: more than one line", ErrBadRequest)
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var r Request
	if err := dec.Decode(&r); err != nil {
		return Request{}, fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	if dec.More() {
		return Request{}, fmt.Errorf("%w: text after the request", ErrBadRequest)
	}
	if r.V != Version {
		return Request{}, fmt.Errorf("%w: %d", ErrVersion, r.V)
	}
	switch r.Op {
	case OpKey, OpStatus, OpStop:
	default:
		return Request{}, fmt.Errorf("%w: unknown operation %q", ErrBadRequest, r.Op)
	}
	if !ValidID(r.Vault) {
		return Request{}, fmt.Errorf("%w: the vault is not an agent vault ID", ErrBadRequest)
	}
	return r, nil
}

// Encode returns the request as one line.
func (r Request) Encode() []byte {
	b, _ := json.Marshal(r) // three plain fields: cannot fail
	return append(b, '\n')
}

// idLen is the length of a vault ID in hex digits (128 bits).
const idLen = 32

// ID returns the vault ID of the vault in vaultDir: the first 128 bits, in
// hex, of the SHA-256 of its absolute, cleaned path. It names the agent's
// socket and is checked on every request, so two vaults never share an agent.
func ID(vaultDir string) string {
	p, err := filepath.Abs(vaultDir)
	if err != nil {
		p = filepath.Clean(vaultDir)
	}
	sum := sha256.Sum256([]byte("phr-agent-v1\x00" + p))
	return hex.EncodeToString(sum[:idLen/2])
}

// ValidID reports whether s has the form of a vault ID.
func ValidID(s string) bool {
	if len(s) != idLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// validKey reports whether key looks like an age identity string: upper-case
// letters, digits and dashes only, so it can sit in a JSON string as is and
// an error about it never needs to quote it.
func validKey(key []byte) bool {
	if len(key) == 0 || len(key) > MaxKey {
		return false
	}
	for _, c := range key {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
