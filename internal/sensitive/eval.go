package sensitive

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// Case is one labelled entry of an evaluation set: the entry as an import
// or the person would store it, and the kinds a clinician would call it
// (empty for an entry that is not sensitive).
type Case struct {
	ID    string        `json:"id"`
	From  string        `json:"from"`
	Entry record.Entry  `json:"entry"`
	Want  []record.Kind `json:"want"`
	Why   string        `json:"why,omitempty"`
}

// Score counts one kind's hits: TP entries rightly flagged with the kind,
// FP flagged without being so, FN of the kind but not flagged with it.
type Score struct {
	Kind       record.Kind
	TP, FP, FN int
}

// Recall is TP/(TP+FN), 1 when the set has no entry of the kind.
func (s Score) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// Precision is TP/(TP+FP), 1 when nothing was flagged with the kind.
func (s Score) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Miss is a case the gate got wrong for a kind.
type Miss struct {
	Case   *Case
	Kind   record.Kind
	Missed bool // true: a false negative; false: a false alarm
	Why    string
}

// Result is an evaluation: per kind (canonical order, kinds the set or the
// gate used), all kinds together (Kind ""), and the mistakes.
type Result struct {
	Kinds  []Score
	All    Score
	Misses []Miss
	Cases  int
}

// Evaluate runs the gate's inference (Suggest) on every case and scores it
// against the labels.
func Evaluate(cases []Case) Result {
	by := map[record.Kind]*Score{}
	get := func(k record.Kind) *Score {
		if by[k] == nil {
			by[k] = &Score{Kind: k}
		}
		return by[k]
	}
	res := Result{Cases: len(cases)}
	for i := range cases {
		c := &cases[i]
		e := c.Entry
		got := Suggest(&e)
		reasons := Reasons(&e)
		for _, k := range record.Kinds() {
			want, have := slices.Contains(c.Want, k), slices.Contains(got, k)
			switch {
			case want && have:
				get(k).TP++
			case want:
				get(k).FN++
				res.Misses = append(res.Misses, Miss{Case: c, Kind: k, Missed: true})
			case have:
				get(k).FP++
				res.Misses = append(res.Misses, Miss{Case: c, Kind: k, Why: reasons[k]})
			}
		}
	}
	for _, k := range record.Kinds() {
		if s := by[k]; s != nil {
			res.Kinds = append(res.Kinds, *s)
			res.All.TP += s.TP
			res.All.FP += s.FP
			res.All.FN += s.FN
		}
	}
	return res
}

// ReadCases reads an evaluation set: one JSON Case a line; blank lines
// and lines starting with "//" are skipped. Every kind must be known.
func ReadCases(r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "//") {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(s), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		for _, k := range c.Want {
			if _, err := record.ParseKind(string(k)); err != nil {
				return nil, fmt.Errorf("line %d (%s): %w", line, c.ID, err)
			}
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Report writes the result as a table: per kind, the entries labelled
// with it, recall and precision; then all kinds together.
func (r Result) Report(w io.Writer) {
	fmt.Fprintf(w, "%d labelled entries\n", r.Cases)
	fmt.Fprintf(w, "%-14s %5s %5s %5s %8s %9s\n", "kind", "label", "TP", "FP", "recall", "precision")
	for _, s := range append(r.Kinds, r.All) {
		name := string(s.Kind)
		if name == "" {
			name = "all kinds"
		}
		fmt.Fprintf(w, "%-14s %5d %5d %5d %8.3f %9.3f\n", name, s.TP+s.FN, s.TP, s.FP, s.Recall(), s.Precision())
	}
}
