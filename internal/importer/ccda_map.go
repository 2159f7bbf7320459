package importer

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/phrhealth/phr/internal/fhir"
	"github.com/phrhealth/phr/internal/record"
)

// concept returns a code's title and the coding to show. The title is the
// code's display name, else the first translation's that has one, else the
// original text (resolving a reference into the section's narrative). The
// coding shown is the standard one among the code and its translations
// (record.StandardCode); every one of them is remembered for the entry
// (see codingsFor).
func (c *ccdaReader) concept(cd *cdaCode) (string, *record.Code) {
	if cd == nil {
		return "", nil
	}
	pick := func(x *cdaCode) *record.Code {
		if x.NullFlavor != "" || x.Code == "" {
			return nil
		}
		sys := cdaSystems[x.CodeSystem]
		if sys == "" {
			sys = record.ShortSystem(orDefault(x.CodeSystem, x.CodeSystemName))
		}
		return &record.Code{System: sys, Code: x.Code, Display: strings.TrimSpace(x.DisplayName)}
	}
	var all []record.Code
	title := ""
	for i := -1; i < len(cd.Translations); i++ {
		x := cd
		if i >= 0 {
			x = &cd.Translations[i]
		}
		if p := pick(x); p != nil {
			all = record.AddCoding(all, *p)
			if title == "" {
				title = p.Display
			}
		}
	}
	if title == "" {
		title = c.text(cd.OriginalText)
	}
	code := record.StandardCode(all)
	if code != nil {
		c.codings[code] = all
	}
	return title, code
}

// codingsFor returns every coding of the concept whose shown coding is
// code (as concept returned it), or code alone.
func (c *ccdaReader) codingsFor(code *record.Code) []record.Code {
	if code == nil {
		return nil
	}
	if all, ok := c.codings[code]; ok && len(all) > 1 {
		return all
	}
	return nil
}

// text returns inline text, or the narrative text a reference points to.
func (c *ccdaReader) text(ed *cdaED) string {
	if ed == nil {
		return ""
	}
	if t := strings.Join(strings.Fields(ed.Text), " "); t != "" {
		return t
	}
	if ed.Reference != nil {
		return c.narrative[strings.TrimPrefix(ed.Reference.Value, "#")]
	}
	return ""
}

// times returns the start and end of a statement's effective time, and
// notes about partial or unreadable dates. A single value is the start;
// an interval gives low and high; periodic times (PIVL_TS, a dosing
// frequency) are written as a note.
func times(st *cdaStmt) (start, end string, notes []string) {
	for _, t := range st.Effective {
		switch {
		case t.Period != nil && t.Period.Value != "":
			notes = append(notes, "every "+strings.TrimSpace(t.Period.Value+" "+t.Period.Unit))
		case t.Value != "" && start == "":
			var n string
			start, n = hl7Date(t.Value)
			notes = append(notes, n)
		case t.Low != nil || t.High != nil || t.Center != nil:
			var n1, n2 string
			if t.Low != nil && start == "" {
				start, n1 = hl7Date(t.Low.Value)
			}
			if t.Center != nil && start == "" {
				start, n1 = hl7Date(t.Center.Value)
			}
			if t.High != nil && end == "" {
				end, n2 = hl7Date(t.High.Value)
				n2 = endNote(n2)
			}
			notes = append(notes, n1, n2)
		}
	}
	return start, end, notes
}

// value renders an observation value as text and unit.
func (c *ccdaReader) value(v *cdaValue) (string, string) {
	if v == nil || v.NullFlavor != "" && v.Value == "" && v.Code == "" {
		return "", ""
	}
	switch {
	case v.Low != nil || v.High != nil:
		lo, hi, unit := "", "", ""
		if v.Low != nil {
			lo, unit = v.Low.Value, v.Low.Unit
		}
		if v.High != nil {
			hi, unit = v.High.Value, orDefault(unit, v.High.Unit)
		}
		switch {
		case lo != "" && hi != "":
			return lo + "-" + hi, unit
		case lo != "":
			return ">=" + lo, unit
		default:
			return "<=" + hi, unit
		}
	case v.Value != "":
		unit := v.Unit
		if unit == "1" {
			unit = ""
		}
		return v.Value, unit
	case v.Code != "" || v.DisplayName != "" || v.OriginalText != nil:
		t, _ := c.concept(&v.cdaCode)
		return t, ""
	}
	return strings.Join(strings.Fields(v.Text), " "), ""
}

// ccdaUCUM returns the UCUM code of a PQ's unit: the unit itself (C-CDA
// units are UCUM), or the code of a unit written loosely ("mmHg").
func ccdaUCUM(u string) string {
	return firstOf(fhir.UCUMCode(u), u)
}

func firstValue(st *cdaStmt) *cdaValue {
	if len(st.Values) == 0 {
		return nil
	}
	return &st.Values[0]
}

// status turns a statusCode into phr's words ("completed" stays,
// "active" stays).
func status(st *cdaStmt) string {
	return strings.ToLower(st.Status.Code)
}

// problem maps a problem concern act (or a bare problem observation) to
// one condition per problem observation.
func (c *ccdaReader) problem(raw *cdaEntry, st *cdaStmt) {
	obs := relatedObservations(st)
	if raw.Observation != nil {
		obs = []*cdaStmt{st}
	}
	if len(obs) == 0 {
		c.unmappedStmt("problem without an observation")
		return
	}
	for i, o := range obs {
		e := record.Entry{Category: record.Condition}
		e.Title, e.Code = c.concept(valueCode(o))
		if e.Title == "" {
			e.Title = c.text(&o.Text)
		}
		start, end, notes := times(o)
		if start == "" && end == "" {
			start, end, notes = times(st)
		}
		e.Date, e.End = start, end
		e.Status = problemStatus(c, o, st)
		if o.NegationInd == "true" {
			e.Status = "refuted"
			notes = append(notes, "recorded as not present")
		}
		e.Notes = joinNotes(notes...)
		c.add(e, raw, o, i)
	}
}

// problemStatus reads the problem status observation (LOINC 33999-4), else
// says "resolved" when the problem has ended, else the act's status.
func problemStatus(c *ccdaReader, o, act *cdaStmt) string {
	for _, r := range o.Relationships {
		if s := r.stmt(); s != nil && s.Code.Code == "33999-4" {
			if t, _ := c.concept(valueCode(s)); t != "" {
				return strings.ToLower(t)
			}
		}
	}
	for _, t := range o.Effective {
		if t.High != nil && t.High.Value != "" {
			return "resolved"
		}
	}
	switch s := status(act); s {
	case "completed":
		return "resolved"
	case "":
		return status(o)
	default:
		return s
	}
}

// relatedObservations returns the observations a concern act is about
// (typeCode SUBJ), or all its observations when none is marked so.
func relatedObservations(st *cdaStmt) []*cdaStmt {
	var subj, all []*cdaStmt
	for i := range st.Relationships {
		if o := st.Relationships[i].Observation; o != nil {
			if o.Code.Code == "SEV" || o.Code.Code == "33999-4" {
				continue // severity or status of the concern, not a problem
			}
			all = append(all, o)
			if st.Relationships[i].TypeCode == "SUBJ" {
				subj = append(subj, o)
			}
		}
	}
	if len(subj) > 0 {
		return subj
	}
	return all
}

func valueCode(o *cdaStmt) *cdaCode {
	if v := firstValue(o); v != nil {
		return &v.cdaCode
	}
	return nil
}

func (c *ccdaReader) medication(raw *cdaEntry, st *cdaStmt) {
	if raw.Act != nil {
		// A discharge medication act wraps its medication activities.
		n := 0
		for i := range st.Relationships {
			if sa := st.Relationships[i].SubstanceAdministration; sa != nil {
				c.medicationActivity(raw, sa, n)
				n++
			}
		}
		if n > 0 {
			return
		}
	}
	c.medicationActivity(raw, st, 0)
}

func (c *ccdaReader) medicationActivity(raw *cdaEntry, st *cdaStmt, n int) {
	e := record.Entry{Category: record.Medication}
	e.Title, e.Code = c.concept(st.Material)
	if e.Title == "" {
		e.Title = c.text(&st.Text)
	}
	start, end, notes := times(st)
	e.Date, e.End = start, end
	e.Status = status(st)
	// The medication's dose, route and frequency fields, as the FHIR
	// import fills them; a dose phr cannot read stays in Notes.
	if st.Dose != nil && st.Dose.Value != "" {
		unit := strings.Trim(strings.TrimSpace(st.Dose.Unit), "{}")
		if unit == "1" {
			unit = ""
		}
		if dose, ok := doseOf(&fhir.Quantity{Value: json.Number(strings.TrimSpace(st.Dose.Value)), Unit: unit}, nil); ok {
			e.Dose = dose
		} else {
			notes = append([]string{labelled("Dose", dose)}, notes...)
		}
	}
	if st.Route != nil {
		e.Route, _ = c.concept(st.Route)
	}
	for _, t := range st.Effective {
		if t.Period == nil || t.Period.Value == "" {
			continue
		}
		if f := periodWords(t); f != "" {
			e.Frequency = f
			notes = slices.DeleteFunc(notes, func(n string) bool { return n == "every "+strings.TrimSpace(t.Period.Value+" "+t.Period.Unit) })
		}
		break
	}
	if sig := c.text(&st.Text); sig != "" && sig != e.Title {
		notes = append(notes, labelled("Instructions", sig))
	}
	if st.NegationInd == "true" {
		e.Status = "not-taken"
	}
	e.Notes = joinNotes(notes...)
	c.add(e, raw, st, n)
}

// periodWords says a PIVL_TS period in words: "every 8 hours", or, when
// the institution sets the times, so many times a day ("four times a
// day" for every 6 hours).
func periodWords(t cdaIVL) string {
	v, u := strings.TrimSpace(t.Period.Value), strings.TrimSpace(t.Period.Unit)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || !record.InRange(f) {
		return ""
	}
	if t.Institution == "true" && u == "h" && f <= 24 && 24/f == float64(int(24/f)) {
		return repeatWords(strconv.Itoa(int(24/f)), "", "1", "", "d")
	}
	return repeatWords("1", "", v, "", u)
}

func (c *ccdaReader) allergy(raw *cdaEntry, st *cdaStmt) {
	obs := relatedObservations(st)
	if raw.Observation != nil {
		obs = []*cdaStmt{st}
	}
	if len(obs) == 0 {
		c.unmappedStmt("allergy without an observation")
		return
	}
	for i, o := range obs {
		e := record.Entry{Category: record.Allergy}
		for _, p := range o.Participants {
			if e.Title, e.Code = c.concept(&p.Code); e.Title == "" {
				e.Title = strings.TrimSpace(p.Name)
			}
			if e.Title != "" {
				break
			}
		}
		kind, kindCode := c.concept(valueCode(o))
		if e.Title == "" {
			// "No known allergies" and the like carry no substance.
			e.Title, e.Code = kind, kindCode
			kind = ""
		}
		start, end, notes := times(o)
		e.Date, e.End = start, end
		e.Status = status(st)
		if o.NegationInd == "true" {
			e.Status = "refuted"
			notes = append(notes, "recorded as not present")
			if e.Code == nil || genericSubstance[e.Code.Code] {
				// A negated allergy to "Substance" says none is known.
				e.Title, e.Status = "No known allergies", ""
				if e.Code != nil && e.Code.Code == "410942007" {
					e.Title = "No known drug allergies"
				}
			}
		}
		var reactions []string
		severity := ""
		for _, r := range o.Relationships {
			s := r.stmt()
			if s == nil {
				continue
			}
			t, _ := c.concept(valueCode(s))
			switch {
			case r.TypeCode == "MFST":
				sev := ""
				for _, rr := range s.Relationships {
					if ss := rr.stmt(); ss != nil && ss.Code.Code == "SEV" {
						sev, _ = c.concept(valueCode(ss))
					}
				}
				if sev != "" {
					t += " (" + strings.ToLower(sev) + ")"
				}
				reactions = append(reactions, t)
			case s.Code.Code == "SEV":
				severity = t
			case s.Code.Code == "33999-4":
				e.Status = strings.ToLower(t)
			}
		}
		if severity == "" {
			for _, r := range st.Relationships {
				if s := r.stmt(); s != nil && s.Code.Code == "SEV" {
					severity, _ = c.concept(valueCode(s))
				}
			}
		}
		notes = append(notes, labelled("Type", kind), labelled("Reactions", strings.Join(reactions, "; ")),
			labelled("Severity", severity))
		e.Notes = joinNotes(notes...)
		c.add(e, raw, o, i)
	}
}

func (c *ccdaReader) immunization(raw *cdaEntry, st *cdaStmt) {
	e := record.Entry{Category: record.Immunization}
	e.Title, e.Code = c.concept(st.Material)
	start, _, notes := times(st)
	e.Date = start
	e.Status = status(st)
	if st.NegationInd == "true" {
		e.Status = "not-done"
	}
	// In the words the FHIR import gives Immunization.lotNumber and manufacturer.
	line := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	notes = append(notes, labelled("Lot", line(st.Lot)), labelled("Made by", line(st.Maker)))
	e.Notes = joinNotes(notes...)
	c.add(e, raw, st, 0)
}

// results maps a result organizer (a panel) to one entry per component
// observation, or a bare observation to one entry. In vital signs, a
// systolic and a diastolic reading in one organizer become one blood
// pressure with two components.
func (c *ccdaReader) results(raw *cdaEntry, st *cdaStmt, cat record.Category) {
	if raw.Organizer == nil {
		c.observation(raw, st, cat, 0, "")
		return
	}
	panel, _ := c.concept(&st.Code)
	var comps []*cdaStmt
	for i := range st.Components {
		if o := st.Components[i].Observation; o != nil {
			comps = append(comps, o)
		}
	}
	var sys, dia *cdaStmt
	for _, o := range comps {
		switch o.Code.Code {
		case loincSystolic:
			sys = o
		case loincDiastolic:
			dia = o
		}
	}
	for i, o := range comps {
		if sys != nil && dia != nil && (o == dia) {
			continue
		}
		if sys != nil && dia != nil && o == sys {
			c.bloodPressure(raw, st, sys, dia, cat, i)
			continue
		}
		c.observation(raw, o, cat, i, panel)
	}
	if len(comps) == 0 {
		c.unmappedStmt("result organizer without observations")
	}
}

func (c *ccdaReader) observation(raw *cdaEntry, o *cdaStmt, cat record.Category, n int, panel string) {
	e := record.Entry{Category: cat}
	e.Title, e.Code = c.concept(&o.Code)
	start, end, notes := times(o)
	e.Date, e.End = start, end
	e.Status = status(o)
	e.Value, e.Unit = c.value(firstValue(o))
	e.UnitCode = ccdaUCUM(e.Unit)
	if len(o.Ranges) > 0 {
		r := o.Ranges[0]
		e.Range = c.text(&r.Text)
		if e.Range == "" && r.Value != nil {
			v, u := c.value(r.Value)
			e.Range = strings.TrimSpace(v + " " + u)
		}
	}
	if len(o.Interpretation) > 0 {
		ic := o.Interpretation[0]
		if w, ok := interpretationWords[strings.ToUpper(ic.Code)]; ok {
			e.Interpretation = w
		} else if t, _ := c.concept(&ic); t != "" {
			e.Interpretation = strings.ToLower(t)
		}
	}
	if panel != "" && panel != e.Title {
		notes = append(notes, labelled("Panel", panel))
	}
	e.Notes = joinNotes(notes...)
	c.add(e, raw, o, n)
}

func (c *ccdaReader) bloodPressure(raw *cdaEntry, org, sys, dia *cdaStmt, cat record.Category, n int) {
	e := record.Entry{Category: cat, Title: "Blood pressure",
		Code: &record.Code{System: "loinc", Code: loincBP, Display: "Blood pressure panel with all children optional"}}
	start, _, notes := times(sys)
	if start == "" {
		start, _, notes = times(org)
	}
	e.Date = start
	e.Status = status(sys)
	for _, o := range []*cdaStmt{sys, dia} {
		t, code := c.concept(&o.Code)
		v, u := c.value(firstValue(o))
		e.Components = append(e.Components, record.Component{Code: code, Title: t, Value: v, Unit: u, UnitCode: ccdaUCUM(u)})
	}
	e.Value = fhir.BloodPressureText(e.Components[0].Value, e.Components[1].Value)
	e.Unit, e.UnitCode = "mm[Hg]", "mm[Hg]"
	e.Notes = joinNotes(notes...)
	c.add(e, raw, sys, n)
}

func (c *ccdaReader) procedure(raw *cdaEntry, st *cdaStmt) {
	e := record.Entry{Category: record.Procedure}
	e.Title, e.Code = c.concept(&st.Code)
	if e.Title == "" {
		e.Title = c.text(&st.Text)
	}
	start, end, notes := times(st)
	e.Date, e.End = start, end
	e.Status = status(st)
	if raw.Observation != nil {
		if v, u := c.value(firstValue(st)); v != "" {
			notes = append(notes, labelled("Finding", strings.TrimSpace(v+" "+u)))
		}
	}
	e.Notes = joinNotes(notes...)
	c.add(e, raw, st, 0)
}

func (c *ccdaReader) encounter(raw *cdaEntry, st *cdaStmt) {
	e := record.Entry{Category: record.Appointment}
	e.Title, e.Code = c.concept(&st.Code)
	if e.Title == "" {
		e.Title = c.text(&st.Text)
	}
	start, end, notes := times(st)
	e.Date, e.End = start, end
	e.Status = status(st)
	var reasons []string
	for _, r := range st.Relationships {
		s := r.stmt()
		if s == nil {
			continue
		}
		if r.TypeCode == "RSON" || r.TypeCode == "SUBJ" {
			if t, _ := c.concept(valueCode(s)); t != "" {
				reasons = append(reasons, t)
			}
			for _, rr := range s.Relationships {
				if o := rr.stmt(); o != nil {
					if t, _ := c.concept(valueCode(o)); t != "" {
						reasons = append(reasons, t)
					}
				}
			}
		}
	}
	notes = append(notes, labelled("Reason", strings.Join(reasons, "; ")))
	var places []string
	for _, p := range st.Participants {
		if w := strings.Join(strings.Fields(p.Name), " "); p.TypeCode == "LOC" && w != "" && !slices.Contains(places, w) {
			places = append(places, w)
		}
	}
	notes = append(notes, labelled("Where", strings.Join(places, "; ")))
	e.Notes = joinNotes(notes...)
	c.add(e, raw, st, 0)
}

var interpretationWords = map[string]string{"H": "high", "L": "low", "N": "normal", "A": "abnormal",
	"HH": "critically high", "LL": "critically low", "AA": "critically abnormal",
	"POS": "positive", "NEG": "negative", "HU": "very high", "LU": "very low"}

// genericSubstance are SNOMED CT concepts a negated allergy names when it
// means that no allergy is known: substance, drug or medicament, allergen.
var genericSubstance = map[string]bool{"105590001": true, "410942007": true, "406463001": true, "413477004": true}
