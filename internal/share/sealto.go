package share

import (
	"io"

	"filippo.io/age"
)

// SealTo is Seal for a recipient given as text (as stored with a carer):
// it parses the recipient and encrypts the extract to it.
func SealTo(x *Extract, w io.Writer, recipient string, armored bool) (string, error) {
	r, err := ParseRecipient(recipient)
	if err != nil {
		return "", err
	}
	return Seal(x, w, []age.Recipient{r}, armored)
}
