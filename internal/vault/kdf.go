package vault

import "filippo.io/age"

// Key derivation (scrypt over the passphrase, 2^18 by default: most of a
// second by design) happens only where identity.age is read or written:
// UnlockPassphrase derives once; Create and ChangePassphrase derive twice
// (to wrap the key, then to check the new file). Saves, attachments and
// restores use the vault key itself and never derive. The wrappers below
// wrap the only scrypt identity and recipient the vault makes, so that a
// test can count derivations through Options.kdfHook.

// countedScryptIdentity calls hook each time age asks it to unwrap a scrypt
// stanza, which is when scrypt runs.
type countedScryptIdentity struct {
	*age.ScryptIdentity
	hook func()
}

func (c countedScryptIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	if c.hook != nil {
		for _, s := range stanzas {
			if s.Type == "scrypt" {
				c.hook()
				break
			}
		}
	}
	return c.ScryptIdentity.Unwrap(stanzas)
}

// countedScryptRecipient calls hook each time age asks it to wrap a file
// key, which is when scrypt runs. It keeps the labels that make age refuse
// to mix a passphrase with other recipients.
type countedScryptRecipient struct {
	*age.ScryptRecipient
	hook func()
}

func (c countedScryptRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	if c.hook != nil {
		c.hook()
	}
	return c.ScryptRecipient.Wrap(fileKey)
}

func (c countedScryptRecipient) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	if c.hook != nil {
		c.hook()
	}
	return c.ScryptRecipient.WrapWithLabels(fileKey)
}
