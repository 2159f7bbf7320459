package summary

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// CardLimit is the most characters the card's text may hold: it fits a
// wallet card and a phone's lock-screen note.
const CardLimit = 600

// Tags that put an entry on the emergency card.
const (
	// TagImportant marks a condition a paramedic must know first; when no
	// condition carries it, every current condition is a candidate.
	TagImportant = "important"
	// TagImplant marks an implanted device (any category).
	TagImplant = "implant"
	// TagEmergency marks a contact to call in an emergency.
	TagEmergency = "emergency"
)

// Card layouts.
const (
	// LayoutWallet is a credit-card-sized front and back (85.6 by 54 mm) to
	// cut out and fold, holding the card's text (at most CardLimit).
	LayoutWallet = "wallet"
	// LayoutPage is one full page in large type holding every item.
	LayoutPage = "page"
)

// CardEntries picks, from the whole record, the entries an emergency card
// may show: allergies that apply, medicines taken now, conditions tagged
// important (else every current one), entries tagged implant, and contacts
// tagged emergency. The gate runs on what this returns.
func CardEntries(all []record.Entry, now time.Time) []record.Entry {
	current := map[string]bool{}
	for _, e := range Default(all, now) {
		current[e.ID] = true
	}
	important := slices.ContainsFunc(all, func(e record.Entry) bool {
		return e.Category == record.Condition && current[e.ID] && slices.Contains(e.Tags, TagImportant)
	})
	var out []record.Entry
	for _, e := range all {
		switch {
		case slices.Contains(e.Tags, TagImplant):
			if st := strings.ToLower(e.Status); st != "entered-in-error" && st != "inactive" && st != "resolved" {
				out = append(out, e)
			}
		case e.Category == record.Allergy || e.Category == record.Medication:
			if current[e.ID] {
				out = append(out, e)
			}
		case e.Category == record.Condition:
			if current[e.ID] && (!important || slices.Contains(e.Tags, TagImportant)) {
				out = append(out, e)
			}
		case e.Category == record.Contact && slices.Contains(e.Tags, TagEmergency):
			out = append(out, e)
		}
	}
	return out
}

// Card is an emergency card, laid out; every text is cleaned.
type Card struct {
	Name, Born, BloodType, Languages string
	// Notes is what a paramedic must know first, from the profile, cut to
	// one line of at most 160 characters.
	Notes                            string
	Allergies, Medicines, Conditions []string
	Implants, Contacts               []string
	Made                             time.Time
	// Sensitive names the sensitive kinds the person deliberately included.
	Sensitive []string
	// QR adds a QR code holding CardText to the HTML and PDF forms.
	QR bool
}

// BuildCard lays out an emergency card from the profile and entries already
// chosen by CardEntries and passed through the gate.
func BuildCard(p record.Profile, entries []record.Entry, made time.Time, sensitive []record.Kind) Card {
	p = cleanProfile(p)
	c := Card{Name: p.Name, Born: p.Born, BloodType: p.BloodType, Languages: p.Languages,
		Notes: oneLine(p.EmergencyNotes, 160), Made: made}
	for _, k := range record.NormalizeKinds(sensitive) {
		c.Sensitive = append(c.Sensitive, k.Describe())
	}
	if p.EmergencyContact != "" {
		c.Contacts = append(c.Contacts, p.EmergencyContact)
	}
	for _, e := range entries {
		title := oneLine(clean(e.Title), 80)
		v := oneLine(clean(e.Value), 60)
		switch {
		case slices.Contains(e.Tags, TagImplant):
			c.Implants = append(c.Implants, title)
		case e.Category == record.Allergy:
			if v != "" {
				title += " (" + v + ")"
			}
			c.Allergies = append(c.Allergies, title)
		case e.Category == record.Medication:
			if v != "" {
				title += " " + strings.TrimSpace(v+" "+record.PlainUnit(clean(e.Unit)))
			}
			c.Medicines = append(c.Medicines, title)
		case e.Category == record.Condition:
			c.Conditions = append(c.Conditions, title)
		case e.Category == record.Contact:
			if v != "" {
				title += " " + v
			}
			c.Contacts = append(c.Contacts, title)
		}
	}
	return c
}

// CardList is one labelled list of the card, and how many of its items were
// cut to fit.
type CardList struct {
	Label string
	Items []string
	Cut   int
}

// Line is the list as one line: "Allergies: penicillin (hives); +2 more".
func (l CardList) Line() string {
	if len(l.Items) == 0 && l.Cut == 0 {
		return ""
	}
	s := l.Label + ": " + strings.Join(l.Items, "; ")
	if l.Cut > 0 {
		if len(l.Items) > 0 {
			s += "; "
		}
		s += fmt.Sprintf("+%d more", l.Cut)
	}
	return s
}

// Who is the card's first line: name, date of birth and blood type.
func (c Card) Who() string {
	who := c.Name
	if who == "" {
		who = "(name not set)"
	}
	if c.Born != "" {
		who += ", born " + c.Born
	}
	if c.BloodType != "" {
		who += ", blood type " + c.BloodType
	}
	return who
}

// Lists are the card's lists in the order a paramedic reads them; an empty
// allergy list says "none known" so that it is not mistaken for a gap.
func (c Card) Lists() []CardList {
	lists := []CardList{
		{Label: "Allergies", Items: slices.Clone(c.Allergies)},
		{Label: "Medicines", Items: slices.Clone(c.Medicines)},
		{Label: "Conditions", Items: slices.Clone(c.Conditions)},
		{Label: "Implants", Items: slices.Clone(c.Implants)},
		{Label: "Call", Items: slices.Clone(c.Contacts)},
	}
	if len(c.Allergies) == 0 {
		lists[0].Items = []string{"none known"}
	}
	return lists
}

// KnowFirst is the profile's emergency notes as a line, or "".
func (c Card) KnowFirst() string {
	if c.Notes == "" {
		return ""
	}
	return "Know first: " + c.Notes
}

// Speaks is the languages line, or "".
func (c Card) Speaks() string {
	if c.Languages == "" {
		return ""
	}
	return "Speaks: " + c.Languages
}

const cardHead = "EMERGENCY CARD"

// Fit returns the card's lists cut so that its text holds at most CardLimit
// characters: items are cut from the end of the longest list and counted
// ("+2 more"); allergies are cut last.
func (c Card) Fit() []CardList {
	lists := c.Lists()
	for len([]rune(c.render(lists))) > CardLimit {
		longest := -1
		for i := 1; i < len(lists); i++ {
			if len(lists[i].Items) > 0 && (longest < 0 || len(lists[i].Line()) > len(lists[longest].Line())) {
				longest = i
			}
		}
		if longest < 0 && len(lists[0].Items) > 0 {
			longest = 0
		}
		if longest < 0 {
			break
		}
		l := &lists[longest]
		l.Items = l.Items[:len(l.Items)-1]
		l.Cut++
	}
	return lists
}

func (c Card) render(lists []CardList) string {
	lines := []string{cardHead, c.Who()}
	if c.Notes != "" {
		lines = append(lines, c.KnowFirst())
	}
	for _, l := range lists {
		if s := l.Line(); s != "" {
			lines = append(lines, s)
		}
	}
	if s := c.Speaks(); s != "" {
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

// CardText is the card as plain text of at most CardLimit characters, one
// line a list, without a trailing newline (see Fit for what is cut).
func CardText(c Card) string {
	out := c.render(c.Fit())
	if r := []rune(out); len(r) > CardLimit {
		// Only the fixed lines are left and they are too long: shorten them.
		out = string(r[:CardLimit-1]) + "…"
	}
	return out
}
