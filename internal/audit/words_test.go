package audit

import (
	"testing"
	"time"
)

// TestDescribe: every action phr writes reads as who did what, when.
func TestDescribe(t *testing.T) {
	at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		action, detail, want string
	}{
		{Init, "vault created", "You created the vault."},
		{Unlock, `{"via":"passphrase"}`, "You opened the record with the passphrase."},
		{Unlock, `{"via":"keyring"}`, "You opened the record with the key kept in this computer's keyring."},
		{Unlock, `{"via":"passphrase file"}`, "You opened the record with the passphrase from a file."},
		{Unlock, `{"via":"passphrase command"}`, "You opened the record with the passphrase from a command."},
		{Unlock, `{"via":"agent","while":"another phr held the vault (from the read journal)","note":"n"}`,
			"You opened the record through the unlock agent while another phr held the vault."},
		{Unlock, `{"note":"n","problem":"a note of a read in reads/ could not be read; it was removed"}`,
			"phr found a note of a read it could not read, and removed it."},
		{Import, `{"demo":true,"entries":550}`, "You filled the record with the made-up demo patient (550 entries)."},
		{Import, `[{"file":"/home/a/labs.json","added":3},{"file":"/tmp/ccd.xml","added":1}]`, "You imported 4 entries from labs.json, ccd.xml."},
		{Import, `[{"file":"/home/a/labs.json","added":{"result":2,"condition":1},"duplicates":{"result":5},"updated":{}},{"file":"/tmp/w.csv","added":{"measurement":1}}]`,
			"You imported 4 entries from labs.json, w.csv."},
		{Add, `{"ids":["x"],"count":1}`, "You added 1 entry."},
		{Edit, `{"id":"x"}`, "You changed an entry."},
		{Remove, `{"id":"x","category":"note"}`, "You deleted an entry (note)."},
		{CarerAdd, `{"name":"Sam","relationship":"partner","recipient":"x25519"}`, "You added Sam (partner) as a carer."},
		{CarerRemove, `{"name":"Sam"}`, "You removed Sam from the carers."},
		{Export, `{"to":"Sam","entries":3,"expires":"2026-11-29T10:00:00Z"}`, "You shared 3 entries with Sam, readable until 29 November 2026."},
		{Passwd, "passphrase changed", "You changed the passphrase."},
		{Restore, `{"backup":1,"kept_aside":"x"}`, "You went back to backup 1."},
		{Summary, `{"file":"/home/a/summary.pdf","sha256":"ab"}`, "You wrote a printable summary to summary.pdf."},
		{Kinds, `{"tables":"abc","entries":"2"}`, "phr looked again at which entries are sensitive (2 changed)."},
		{"something-new", "", "You did something new."},
	} {
		w := Describe(Row{At: at, Action: tc.action, Detail: tc.detail}, time.UTC)
		if got := w.Sentence(); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.action, tc.detail, got, tc.want)
		}
		if w.When != "Sunday 22 November 2026 at 10:00" {
			t.Errorf("when %q", w.When)
		}
	}
}
