package demo

import (
	"fmt"
	"time"

	"github.com/phrhealth/phr/internal/record"
)

// others appends n entries outside the measurement category to dst (which
// must be empty: the pending letters refer to positions in it): first the
// essential history (conditions, medicines, allergies, contacts, notes,
// procedures, letters, sensitive tests, upcoming appointments), then the
// periodic care (flu jabs, blood tests, reviews), thinned or topped up with
// further everyday entries to reach n exactly.
func (g *gen) others(dst []Item, n int) []Item {
	core := g.core()
	if n <= len(core) {
		return g.keepDocs(append(dst, core[:n]...))
	}
	out := append(dst, core...)
	periodic := g.periodic()
	if want := n - len(core); want <= len(periodic) {
		for i := range want {
			out = append(out, periodic[i*len(periodic)/want])
		}
		return g.keepDocs(out)
	}
	out = append(out, periodic...)
	for len(out) < n {
		out = append(out, Item{Entry: g.filler(len(out))})
	}
	return g.keepDocs(out)
}

// keepDocs drops pending letters whose entries were cut.
func (g *gen) keepDocs(items []Item) []Item {
	kept := g.docs[:0]
	for _, d := range g.docs {
		if d.index < len(items) {
			kept = append(kept, d)
		}
	}
	g.docs = kept
	return items
}

func (g *gen) core() []Item {
	var out []Item
	add := func(e record.Entry) { out = append(out, Item{Entry: e}) }
	for _, c := range conditions {
		add(g.condition(c, g.events[c.Key], g.events[c.Key+endSuffix]))
	}
	meds := append([]medication{bpMedications[g.r.IntN(len(bpMedications))]}, medications...)
	for _, m := range meds {
		add(g.medication(m, g.events[m.For].AddDate(0, 0, m.Delay)))
	}
	for i, a := range allergies {
		e := g.entry(record.Allergy, a.Title, g.at(0.01+0.01*float64(i)), false)
		e.Code, e.Status, e.Value, e.Notes = a.Code, "active", a.Reaction, a.Notes
		add(e)
	}
	for i, c := range contacts {
		e := g.entry(record.Contact, c.Title, g.at(0.01*float64(i)), false)
		e.Value, e.Notes, e.Tags = c.Value, c.Notes, c.Tags
		add(e)
	}
	for _, nt := range notes {
		t := g.near(nt.At)
		if nt.Before != "" {
			t = g.events[nt.Before].AddDate(0, 0, -20)
		}
		add(g.note(nt, t))
	}
	for _, p := range procedures {
		add(g.procedure(p, g.events[p.Key]))
	}
	for _, l := range letters {
		out = append(out, Item{Entry: g.document(l, g.events[l.After].AddDate(0, 0, l.Days), len(out))})
	}
	sti := g.events["chlamydia"].AddDate(0, 0, -5)
	e := g.result(labHIV, sti)
	add(e)
	e = g.entry(record.Result, "Chlamydia trachomatis NAAT", sti, false)
	e.Code = loinc("21613-5", "Chlamydia trachomatis DNA [Presence] in Unspecified specimen by NAA with probe detection")
	e.Status, e.Value, e.Range, e.Interpretation = "final", "Detected", "Not detected", "abnormal"
	e.Notes, e.Sensitive = "Self-taken swab, sexual health clinic.", []record.Kind{record.SexualHealth}
	add(e)
	add(g.immunization(tetanus, g.near(0.3), "Booster after a garden injury."))
	for _, d := range []struct {
		date string
		code *record.Code
		note string
	}{{"2021-02-06", covid, "First dose."}, {"2021-04-24", covid, "Second dose."},
		{"2021-12-11", covidAny, "Booster."}, {"2022-10-08", covidAny, "Autumn booster."},
		{"2023-10-14", covidAny, "Autumn booster."}} {
		t, _ := time.Parse("2006-01-02", d.date)
		if t.After(g.start) && t.Before(g.now) {
			add(g.immunization(d.code, t, d.note))
		}
	}
	for i, days := range []int{3, 12, 41} {
		a := appointments[[]int{1, 0, 5}[i]]
		add(g.appointment(a, g.clock(g.openDay(g.now.AddDate(0, 0, days)), 9, 16, true), "booked"))
	}
	return out
}

// periodic returns the regular care of the span: an autumn flu jab each
// year, HbA1c every three months from diagnosis, yearly lipids and kidney
// function, and two or three appointments a year.
func (g *gen) periodic() []Item {
	var out []Item
	add := func(e record.Entry) { out = append(out, Item{Entry: e}) }
	for y := g.start.Year(); y <= g.now.Year(); y++ {
		t := time.Date(y, 10, 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
		if t.After(g.start) && t.Before(g.now) {
			code := fluNew
			if y < 2013 {
				code = fluOld
			}
			add(g.immunization(code, t, "Seasonal flu vaccine, left arm."))
		}
	}
	for t := g.events["diabetes"]; t.Before(g.now); t = t.AddDate(0, 3, g.r.IntN(15)-7) {
		add(g.result(labHbA1c, t))
	}
	for t := g.start.AddDate(0, 2, 0); t.Before(g.now); t = t.AddDate(1, 0, g.r.IntN(30)-15) {
		for _, l := range []lab{labCholesterol, labLDL, labEGFR, labCreatinine} {
			add(g.result(l, t))
		}
	}
	for t := g.start.AddDate(0, 1, g.r.IntN(28)); t.Before(g.now.AddDate(0, 0, -1)); t = t.AddDate(0, 4+g.r.IntN(3), g.r.IntN(21)-10) {
		add(g.appointment(g.pickAppointment(t), g.clock(g.openDay(t), 8, 17, true), g.pastStatus()))
	}
	return out
}

// filler returns one everyday entry at a random past date, to be placed at
// index of the others list: mostly appointments and blood results, with
// notes, letters, short illnesses and their treatment.
func (g *gen) filler(index int) record.Entry {
	t := g.uniform(g.start, g.now.AddDate(0, 0, -1))
	switch n := g.r.IntN(100); {
	case n < 35:
		return g.appointment(g.pickAppointment(t), g.clock(g.openDay(t), 8, 17, true), g.pastStatus())
	case n < 65:
		return g.result(fillerLabs[g.r.IntN(len(fillerLabs))], t)
	case n < 70:
		a := acute[g.r.IntN(len(acute))]
		return g.condition(a, t, t.AddDate(0, 0, 14))
	case n < 75:
		m := courses[g.r.IntN(len(courses))]
		e := g.medication(m, t)
		if stop := t.AddDate(0, 0, m.Delay); !stop.After(g.now) {
			e.Status = "stopped"
			g.end(&e, stop)
		}
		return e
	case n < 80:
		p := procedureNamed(fillerProcedures[g.r.IntN(len(fillerProcedures))])
		if p.After != "" && t.Before(g.events[p.After]) {
			p = procedureNamed("spirometry")
		}
		return g.procedure(p, g.openDay(t))
	case n < 90:
		return g.note(fillerNotes[g.r.IntN(len(fillerNotes))], t)
	default:
		for {
			l := letters[g.r.IntN(len(letters))]
			if !l.Once && !g.events[l.After].AddDate(0, 0, l.Days).After(t) {
				return g.document(l, t, index)
			}
			if c := letterNamed("Cardiology clinic letter"); t.Before(g.events[c.After].AddDate(0, 0, c.Days)) {
				// nothing fits yet: the first letter that can come
				return g.document(c, g.uniform(g.events[c.After].AddDate(0, 0, c.Days), g.now), index)
			}
		}
	}
}

// procedureNamed returns the procedure of the table with the key.
func procedureNamed(key string) procedure {
	for _, p := range procedures {
		if p.Key == key {
			return p
		}
	}
	panic("demo: no procedure " + key)
}

// letterNamed returns the letter of the table with the title.
func letterNamed(title string) letter {
	for _, l := range letters {
		if l.Title == title {
			return l
		}
	}
	panic("demo: no letter " + title)
}

func (g *gen) pastStatus() string {
	if g.r.IntN(12) == 0 {
		return "cancelled"
	}
	return "attended"
}

// pickAppointment chooses a visit that makes sense at t: reviews for a
// condition only once it has been diagnosed.
func (g *gen) pickAppointment(t time.Time) appointment {
	for {
		a := appointments[g.r.IntN(len(appointments))]
		if len(a.Tags) == 0 || !g.events[reviewOf[a.Tags[0]]].After(t) {
			return a
		}
	}
}

// condition makes a diagnosis made at t; it resolved at end unless end is
// zero or still to come.
func (g *gen) condition(c condition, t, end time.Time) record.Entry {
	e := g.entry(record.Condition, c.Title, t, false)
	e.Code, e.Status, e.Tags, e.Sensitive = c.Code, "active", c.Tags, c.Sensitive
	e.Notes = fmt.Sprintf("ICD-10 %s. %s", c.ICD10, c.Notes)
	if !end.IsZero() && !end.After(g.now) {
		e.Status = "resolved"
		g.end(&e, end)
	}
	return e
}

func (g *gen) medication(m medication, t time.Time) record.Entry {
	e := g.entry(record.Medication, m.Title, t, false)
	e.Code, e.Status, e.Notes, e.Tags, e.Sensitive = m.Code, "active", m.Dose, m.Tags, m.Sensitive
	e.Value, e.Unit = doseOf(m.Title)
	if end, ok := g.events[m.For+endSuffix]; m.StopWith && ok {
		// weaned off over a couple of months after recovery
		if stop := end.AddDate(0, 2, 0); !stop.After(g.now) {
			e.Status = "stopped"
			g.end(&e, stop)
		}
	}
	return e
}

// doseOf reads the strength from a medicine title such as "Metformin 500 mg
// tablets".
func doseOf(title string) (string, string) {
	var name, unit string
	var v int
	if _, err := fmt.Sscanf(title, "%s %d %s", &name, &v, &unit); err != nil {
		return "", ""
	}
	return fmt.Sprint(v), unit
}

func (g *gen) immunization(code *record.Code, t time.Time, notes string) record.Entry {
	e := g.entry(record.Immunization, vaccineNames[code.Code], t, false)
	e.Code, e.Status = code, "completed"
	e.Notes = fmt.Sprintf("%s Batch %c%c%04d.", notes, 'A'+g.r.IntN(26), 'A'+g.r.IntN(26), g.r.IntN(10000))
	return e
}

func (g *gen) procedure(p procedure, t time.Time) record.Entry {
	e := g.entry(record.Procedure, p.Title, t, false)
	e.Code, e.Status, e.Notes, e.Tags = p.Code, "completed", p.Notes, p.Tags
	return e
}

func (g *gen) appointment(a appointment, t time.Time, status string) record.Entry {
	e := g.entry(record.Appointment, a.Title, t, true)
	e.Status, e.Value, e.Notes, e.Tags = status, a.With, a.Notes, a.Tags
	return e
}

func (g *gen) note(n note, t time.Time) record.Entry {
	e := g.entry(record.Note, n.Title, t, false)
	e.Notes, e.Tags, e.Sensitive = n.Body, n.Tags, n.Sensitive
	return e
}

// document makes a letter entry and queues its letter for attachment. index
// is the entry's position in the others list.
func (g *gen) document(l letter, t time.Time, index int) record.Entry {
	if last := g.now.AddDate(0, 0, -1); t.After(last) {
		t = last
	}
	e := g.entry(record.Document, l.Title, t, false)
	e.Status, e.Value, e.Notes, e.Tags = "final", l.From, l.Body, l.Tags
	g.docs = append(g.docs, docRef{index: index, letter: l})
	return e
}

// result makes a laboratory result at t with a value that follows the
// patient's history, flagged against the reference range.
func (g *gen) result(l lab, t time.Time) record.Entry {
	e := g.entry(record.Result, l.Title, t, false)
	e.Code, e.Status, e.Unit, e.Range, e.Tags, e.Sensitive = l.Code, "final", l.Unit, l.Range, l.Tags, l.Sensitive
	if l.Qualitative != "" {
		e.Value, e.Interpretation = l.Qualitative, "normal"
		return e
	}
	v := g.labValue(l, t)
	e.Value = fmt.Sprintf(l.Format, v)
	switch {
	case l.High > 0 && v > l.High:
		e.Interpretation = "high"
	case l.Low > 0 && v < l.Low:
		e.Interpretation = "low"
	default:
		e.Interpretation = "normal"
	}
	return e
}

// labValue draws a plausible value of the test at t.
func (g *gen) labValue(l lab, t time.Time) float64 {
	years := t.Sub(g.start).Hours() / 24 / 365.25
	noise := g.r.NormFloat64()
	statin := t.After(g.events["lipids"].AddDate(0, 1, 0))
	switch l.Code.Code {
	case labHbA1c.Code.Code:
		dm := g.events["diabetes"]
		if t.Before(dm) {
			return clamp(5.5+0.7*float64(t.Sub(g.start))/float64(dm.Sub(g.start))+0.15*noise, 5.0, 6.4)
		}
		if !t.After(dm.AddDate(0, 0, 7)) {
			return clamp(7.5+0.1*noise, 7.3, 7.7)
		}
		months := t.Sub(dm).Hours() / 24 / 30
		return clamp(6.8+0.7/(1+months/4)+0.25*noise, 6.0, 8.5)
	case labCholesterol.Code.Code:
		if statin {
			return clamp(4.2+0.3*noise, 3.2, 5.4)
		}
		return clamp(5.9+0.4*noise, 4.8, 7.2)
	case labLDL.Code.Code:
		if statin {
			return clamp(2.1+0.3*noise, 1.3, 3.2)
		}
		return clamp(3.8+0.4*noise, 2.8, 5.0)
	case labEGFR.Code.Code:
		return clamp(94-0.6*years+4*noise, 35, 120)
	case labCreatinine.Code.Code:
		return clamp(74+0.5*years+5*noise, 50, 160)
	case labPotassium.Code.Code:
		return clamp(4.3+0.3*noise, 3.3, 5.4)
	case labTSH.Code.Code:
		return clamp(1.8+0.6*noise, 0.3, 4.5)
	case labHb.Code.Code:
		return clamp(146+7*noise, 118, 172)
	}
	return l.Low + (l.High-l.Low)/2
}
