package importer

import (
	"regexp"
	"strings"

	"github.com/phrhealth/phr/internal/record"
)

// loincABORh is the LOINC code of "ABO and Rh group [Type] in Blood".
const loincABORh = "882-1"

// bloodTypeRE reads the ways results write a blood group: "O+", "AB neg",
// "Group A Rh(D) positive", "Blood group O Rh(D) negative", "B RhD-".
var bloodTypeRE = regexp.MustCompile(`(?i)^\s*(?:blood\s+)?(?:group|type)?\s*(ab|a|b|o)\s*(?:,\s*)?(?:rh\s*(?:\(\s*d\s*\)|d)?\s*)?(positive|negative|pos|neg|\+|-)(?:\s|$|[.,;)])`)

// parseBloodType returns the canonical blood type ("A+") that a result's
// value names, or "" when it names none (a group without its RhD type is
// not enough for the profile).
func parseBloodType(s string) string {
	if bt, err := record.ParseBloodType(s); err == nil {
		return bt
	}
	m := bloodTypeRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	rh := "+"
	if r := strings.ToLower(m[2]); strings.HasPrefix(r, "neg") || r == "-" {
		rh = "-"
	}
	bt, err := record.ParseBloodType(m[1] + rh)
	if err != nil {
		return ""
	}
	return bt
}

// fillBloodType sets Profile.BloodType from the latest "ABO and Rh group"
// result (LOINC 882-1) among the imported entries, creating a profile that
// holds only the blood type when the file names no person. The entries
// themselves stay results. The caller fills only the profile's empty
// fields.
func fillBloodType(res *Result) {
	best, bestDate := "", ""
	for i := range res.Items {
		e := &res.Items[i].Entry
		if e.Code == nil || e.Code.System != "loinc" || e.Code.Code != loincABORh {
			continue
		}
		if bt := parseBloodType(e.Value); bt != "" && (best == "" || e.Date >= bestDate) {
			best, bestDate = bt, e.Date
		}
	}
	if best == "" {
		return
	}
	if res.Profile == nil {
		res.Profile = &record.Profile{}
	}
	res.Profile.BloodType = best
}
