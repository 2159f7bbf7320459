package share

import (
	"crypto"
	"crypto/ed25519"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
)

// signatureContext is the Ed25519ph context string (RFC 8032): a signature
// made for an extract cannot be replayed as a signature over anything else.
const signatureContext = "phr-extract-v1"

// signedDigest is what the signature covers: SHA-512 over a domain string,
// then the manifest and the bundle, each preceded by its length as 8 bytes
// big-endian. The exact bytes of both are kept (json.RawMessage) so that the
// verifier hashes what the signer hashed, whatever a JSON encoder might do.
func signedDigest(manifest, bundle []byte) []byte {
	h := sha512.New()
	h.Write([]byte("phr extract signature v1\x00"))
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(manifest)))
	h.Write(n[:])
	h.Write(manifest)
	binary.BigEndian.PutUint64(n[:], uint64(len(bundle)))
	h.Write(n[:])
	h.Write(bundle)
	return h.Sum(nil)
}

// sign signs the manifest and bundle with Ed25519ph.
func sign(key ed25519.PrivateKey, manifest, bundle []byte) ([]byte, error) {
	if len(key) != ed25519.PrivateKeySize {
		return nil, errors.New("sign extract: the signing key is not an ed25519 key")
	}
	sig, err := key.Sign(nil, signedDigest(manifest, bundle), &ed25519.Options{Hash: crypto.SHA512, Context: signatureContext})
	if err != nil {
		return nil, fmt.Errorf("sign extract: %w", err)
	}
	return sig, nil
}

// verify reports whether sig is pub's signature over the manifest and bundle.
func verify(pub ed25519.PublicKey, manifest, bundle, sig []byte) bool {
	if len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize {
		return false
	}
	err := ed25519.VerifyWithOptions(pub, signedDigest(manifest, bundle), sig,
		&ed25519.Options{Hash: crypto.SHA512, Context: signatureContext})
	return err == nil
}
