package summary

import (
	"fmt"
	"strings"
)

// Paper sizes of the PDFs.
const (
	PaperA4     = "a4"     // 210 × 297 mm, most of the world
	PaperLetter = "letter" // US Letter, 8.5 × 11 in
)

// ParsePaper reads a paper size as typed: a4 or letter (any case); ""
// gives def.
func ParsePaper(s, def string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return def, nil
	case PaperA4:
		return PaperA4, nil
	case PaperLetter, "us-letter", "usletter":
		return PaperLetter, nil
	}
	return "", fmt.Errorf("paper %q: choose a4 or letter", s)
}

// letterCountries are the countries whose locales print on US Letter
// (glibc's LC_PAPER for their locales): the United States and Canada,
// Mexico, Central America, Colombia, Venezuela, Chile, the Philippines and
// Puerto Rico. Everywhere else prints on A4.
var letterCountries = map[string]bool{
	"US": true, "CA": true, "MX": true, "PR": true, "PH": true, "CO": true, "VE": true, "CL": true,
	"GT": true, "SV": true, "HN": true, "NI": true, "CR": true, "PA": true, "DO": true, "BZ": true,
}

// LocalePaper is the paper of a POSIX locale ("en_US.UTF-8" is letter,
// "en_GB.UTF-8" and "C" are A4).
func LocalePaper(locale string) string {
	l, _, _ := strings.Cut(locale, ".")
	l, _, _ = strings.Cut(l, "@")
	if _, country, ok := strings.Cut(l, "_"); ok && letterCountries[strings.ToUpper(country)] {
		return PaperLetter
	}
	return PaperA4
}

// EnvPaper is the paper the environment's locale asks for: the first of
// LC_ALL, LC_PAPER and LANG that is set, as the C library reads them.
func EnvPaper(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_PAPER", "LANG"} {
		if l := getenv(v); l != "" {
			return LocalePaper(l)
		}
	}
	return PaperA4
}

// pageSize is fpdf's name of the paper.
func pageSize(paper string) (string, error) {
	switch paper {
	case PaperA4, "":
		return "A4", nil
	case PaperLetter:
		return "Letter", nil
	}
	return "", fmt.Errorf("unknown paper %q: choose a4 or letter", paper)
}
