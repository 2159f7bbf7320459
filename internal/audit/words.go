package audit

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// Words is one row of the log as a person reads it: who did what, when.
type Words struct {
	When string // "Sunday 22 November 2026 at 10:00"
	Who  string // "You", or "phr" for what it did by itself
	What string // "opened the record with the passphrase"
}

// Sentence is the row in one line: "You opened the record with the
// passphrase."
func (w Words) Sentence() string { return w.Who + " " + w.What + "." }

// Describe puts a row into words, in loc's time. Text in the detail (file
// names, carers' names) is quoted as stored: the caller shows it through
// the sanitiser.
func Describe(r Row, loc *time.Location) Words {
	w := Words{When: r.At.In(loc).Format("Monday 2 January 2006 at 15:04"), Who: "You"}
	var d map[string]any
	_ = json.Unmarshal([]byte(r.Detail), &d)
	str := func(k string) string {
		if v, ok := d[k]; ok {
			switch v := v.(type) {
			case string:
				return v
			case float64:
				return fmt.Sprintf("%g", v)
			}
		}
		return ""
	}
	num := func(k string) int {
		f, _ := d[k].(float64)
		return int(f)
	}
	count := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	text := r.Detail
	if d != nil {
		text = str("text")
	}
	switch r.Action {
	case Init:
		w.What = "created the vault"
	case Unlock:
		switch str("via") {
		case "passphrase", "prompt":
			w.What = "opened the record with the passphrase"
		case "keyring":
			w.What = "opened the record with the key kept in this computer's keyring"
		case "agent":
			w.What = "opened the record through the unlock agent"
		case "passphrase file":
			w.What = "opened the record with the passphrase from a file"
		case "passphrase command":
			w.What = "opened the record with the passphrase from a command"
		case "vault key":
			w.What = "opened the record with the vault key"
		default:
			w.What = "opened the record"
		}
		switch {
		case str("problem") != "":
			// A note of a read that could not be read back.
			w.Who, w.What = "phr", "found a note of a read it could not read, and removed it"
		case str("while") != "":
			w.What += " while another phr held the vault"
		}
	case Add:
		w.What = "added " + count(max(1, num("count")), "entry", "entries")
	case Edit:
		w.What = "changed an entry"
	case Remove:
		if c := str("category"); c != "" {
			w.What = "deleted an entry (" + c + ")"
		} else {
			w.What = "deleted an entry"
		}
	case Import:
		switch {
		case d != nil && d["demo"] == true:
			w.What = "filled the record with the made-up demo patient (" + count(num("entries"), "entry", "entries") + ")"
		default:
			var files []map[string]any
			_ = json.Unmarshal([]byte(r.Detail), &files)
			added, names := 0, []string{}
			for _, f := range files {
				// "added" is a count per category ({"result":3}), as
				// internal/app writes it; a plain number in older rows.
				switch a := f["added"].(type) {
				case float64:
					added += int(a)
				case map[string]any:
					for _, n := range a {
						if n, ok := n.(float64); ok {
							added += int(n)
						}
					}
				}
				if n, ok := f["file"].(string); ok {
					names = append(names, filepath.Base(n))
				}
			}
			w.What = "imported " + count(added, "entry", "entries")
			if len(names) > 0 {
				w.What += " from " + strings.Join(names, ", ")
			}
		}
	case Passwd:
		w.What = "changed the passphrase"
		if strings.Contains(text, "undone") {
			w.What = "tried to change the passphrase; the change was undone"
		}
	case Remember:
		w.What = "kept the key in this computer's keyring"
	case Forget:
		w.What = "removed the key from this computer's keyring"
	case Restore:
		w.What = "went back to backup " + str("backup")
	case Profile:
		w.What = "changed the profile"
	case CarerAdd:
		w.What = "added " + str("name") + " as a carer"
		if rel := str("relationship"); rel != "" {
			w.What = "added " + str("name") + " (" + rel + ") as a carer"
		}
	case CarerRemove:
		w.What = "removed " + str("name") + " from the carers"
	case Export:
		w.What = "shared " + count(num("entries"), "entry", "entries")
		if to := str("to"); to != "" {
			w.What += " with " + to
		}
		if t, err := time.Parse(time.RFC3339, str("expires")); err == nil {
			w.What += ", readable until " + t.In(loc).Format("2 January 2006")
		}
	case Settings:
		w.What = "changed the settings"
	case SigningKeyed:
		w.What = "made the key that signs shared files"
	case AgentStart:
		w.What = "kept the record open for a while (the unlock agent)"
	case Lock:
		w.What = "locked the record (the unlock agent stopped)"
	case Summary:
		w.What = "wrote a printable summary"
	case Card:
		w.What = "wrote an emergency card"
	case Archive:
		w.What = "wrote an archive of the whole record"
	case Kinds:
		w.Who, w.What = "phr", "looked again at which entries are sensitive ("+count(num("entries"), "entry", "entries")+" changed)"
		if n := str("entries"); n != "" {
			w.What = "looked again at which entries are sensitive (" + n + " changed)"
		}
	default:
		w.What = "did " + strings.ReplaceAll(r.Action, "-", " ")
	}
	if f := str("file"); f != "" && (r.Action == Summary || r.Action == Card || r.Action == Archive) {
		w.What += " to " + filepath.Base(f)
	}
	return w
}
