package record

import "time"

// Share is one extract that was written: who it was for, how many entries
// of which categories, which sensitive kinds, when it was made and until
// when, the file's SHA-256 and where it was written. It holds no entry
// contents. The shares history keeps it whole; the audit log keeps it
// without File (an audit row names no path on this computer), so the
// audit detail's JSON is as it always was.
type Share struct {
	ID         string           `json:"id"`
	Carer      string           `json:"to"`
	Recipient  string           `json:"recipient"`
	Categories map[Category]int `json:"categories"`
	Sensitive  []Kind           `json:"sensitive_included"`
	Entries    int              `json:"entries"`
	Created    time.Time        `json:"created"`
	Expires    time.Time        `json:"expires"`
	SHA256     string           `json:"sha256"`
	File       string           `json:"file,omitempty"`
}
