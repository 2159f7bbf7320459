package record

import (
	"slices"
	"strings"
)

// Reading is a measurement people take often, and the units it is written
// in, the usual one first. The entry form offers these units as a list.
type Reading struct {
	Name  string
	Units []string
	// also are other names people give it ("pulse" for heart rate).
	also []string
}

var readings = []Reading{
	{Name: "Weight", Units: []string{"kg", "lb", "st"}, also: []string{"body weight"}},
	{Name: "Height", Units: []string{"cm", "m", "in", "ft"}, also: []string{"body height"}},
	{Name: "Blood pressure", Units: []string{"mmHg"}, also: []string{"bp"}},
	{Name: "Heart rate", Units: []string{"beats/min"}, also: []string{"pulse", "resting heart rate"}},
	{Name: "Temperature", Units: []string{"°C", "°F"}, also: []string{"body temperature"}},
	{Name: "Blood glucose", Units: []string{"mmol/L", "mg/dL"}, also: []string{"glucose", "blood sugar"}},
	{Name: "Oxygen saturation", Units: []string{"%"}, also: []string{"spo2", "oxygen"}},
	{Name: "Respiratory rate", Units: []string{"breaths/min"}, also: []string{"breathing rate"}},
	{Name: "Body mass index", Units: []string{"kg/m²"}, also: []string{"bmi"}},
	{Name: "Waist", Units: []string{"cm", "in"}, also: []string{"waist circumference"}},
	{Name: "Peak flow", Units: []string{"L/min"}, also: []string{"peak expiratory flow"}},
	{Name: "Steps", Units: []string{"steps"}},
}

// Readings returns the common readings, in the order the form suggests them.
func Readings() []Reading { return slices.Clone(readings) }

// ReadingNames returns the common readings' names.
func ReadingNames() []string {
	out := make([]string, len(readings))
	for i, r := range readings {
		out[i] = r.Name
	}
	return out
}

// UnitsFor returns the units of a common reading named by title (any case,
// or another name people give it: "pulse", "BP"), or nil for another title.
func UnitsFor(title string) []string {
	if r, ok := ReadingOf(title); ok {
		return r.Units
	}
	return nil
}

// ReadingOf returns the common reading title names (any case, or another
// name people give it), and false for another title.
func ReadingOf(title string) (Reading, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(title), " "))
	for _, r := range readings {
		if t == strings.ToLower(r.Name) || slices.Contains(r.also, t) {
			r.Units, r.also = slices.Clone(r.Units), slices.Clone(r.also)
			return r, true
		}
	}
	return Reading{}, false
}
