package accessible

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/summary"
)

// What print can write.
const (
	printSummary = "summary"
	printCard    = "card"
	printArchive = "archive"
)

// print writes a summary for a visit, an emergency card or an encrypted
// archive of the whole record, only to the file the person confirms, with
// the same use cases as phr summary, phr card and phr archive.
func (u *ui) print() error {
	u.heading("Print or keep your record")
	u.say("A summary or card is written only where you say, and is not encrypted.")
	u.say("What to write?")
	whats := []string{printSummary, printCard, printArchive}
	i, err := u.choose([]string{
		"A summary for a visit (allergies, medicines, conditions, last year's results)",
		"An emergency card for your wallet or phone",
		"An archive of the whole record, encrypted, that opens without phr",
		"Cancel"})
	if err != nil || i == 3 {
		return err
	}
	what, format, layout, qr, include := whats[i], app.FormatHTML, summary.LayoutWallet, false, false
	if what != printArchive {
		u.say("Format:")
		formats := []string{app.FormatHTML, app.FormatPDF, app.FormatText}
		if i, err = u.chooseOr([]string{"HTML, to open in a browser and print", "PDF", "Plain text"}, 0); err != nil {
			return err
		}
		format = formats[i]
	}
	if what == printCard && format != app.FormatText {
		u.say("Card layout:")
		if i, err = u.chooseOr([]string{"Wallet size, front and back to cut out", "A full page in large type"}, 0); err != nil {
			return err
		}
		layout = []string{summary.LayoutWallet, summary.LayoutPage}[i]
		u.say("Add a QR code of the card's text?")
		if i, err = u.chooseOr([]string{"No", "Yes"}, 0); err != nil {
			return err
		}
		qr = i == 1
	}
	if what != printArchive {
		u.say("Sensitive entries (mental health, sexual health, HIV, substance use, genetics, violence, private):")
		if i, err = u.chooseOr([]string{"Leave them out", "Include them: I choose to"}, 0); err != nil {
			return err
		}
		include = i == 1
	}
	suggested := u.suggestedFile(what, format)
	if what == printArchive {
		u.say("Suggested file: " + safetext.Line(suggested) + ", encrypted to your vault key.")
	} else {
		u.say("Suggested file: " + safetext.Line(suggested) + ", a plaintext file, NOT encrypted: keep it as you would a paper letter.")
	}
	var out string
	for {
		v, err := u.fieldOr("Write it to (a file name)", suggested)
		if err != nil {
			return err
		}
		if v == suggested {
			// Free when suggested.
			out = v
			break
		}
		if err := app.CheckNewFile(u.o.Config, u.expandHome(v)); err != nil {
			u.fail(err)
			continue
		}
		out = u.expandHome(v)
		break
	}
	switch what {
	case printArchive:
		res, err := u.s.Archive(u.ctx, app.ArchiveRequest{Out: out})
		if err != nil {
			return u.failSave(err)
		}
		u.say(fmt.Sprintf("✓ Wrote an archive encrypted to your vault key, %s, %s: %s", record.Count(res.Manifest.Entries, "entry", "entries"),
			record.Count(res.Manifest.Attachments, "attachment", "attachments"), safetext.Line(res.File)))
	case printCard:
		res, err := u.s.Card(u.ctx, app.CardRequest{IncludeSensitive: include, ExcludeSensitive: !include, Format: format,
			Layout: layout, QR: qr, Out: out})
		if err != nil {
			return u.failSave(err)
		}
		u.say(written(res.PrintResult, "card"))
	default:
		res, err := u.s.Summary(u.ctx, app.SummaryRequest{IncludeSensitive: include, ExcludeSensitive: !include, Format: format, Out: out})
		if err != nil {
			return u.failSave(err)
		}
		u.say(written(*res, "summary"))
	}
	return nil
}

// suggestedFile is the file offered: in the home folder, named for the day.
func (u *ui) suggestedFile(what, format string) string {
	day := u.s.Now().Format("2006-01-02")
	if what == printArchive {
		return app.FreeName(u.o.Home, "phr-archive-"+day, ".tar.age")
	}
	ext := map[string]string{app.FormatText: ".txt", app.FormatHTML: ".html", app.FormatPDF: ".pdf"}[format]
	return app.FreeName(u.o.Home, "phr-"+what+"-"+day, ext)
}

func written(res app.PrintResult, what string) string {
	s := fmt.Sprintf("✓ Wrote a plaintext %s, not encrypted, %s", what, record.Count(res.Entries, "entry", "entries"))
	if n := len(res.Excluded); n > 0 {
		s += fmt.Sprintf(" (%d sensitive left out)", n)
	}
	return s + ": " + safetext.Line(res.File)
}

// importFile imports a file or folder: FHIR, C-CDA, CSV or an Apple Health
// export, saying how far it has read; for an export where two devices
// measured the same readings it asks which to keep first, as the full
// interface does.
func (u *ui) importFile() error {
	u.heading("Import a file or folder")
	u.say("FHIR (JSON, XML, NDJSON), C-CDA XML, CSV measurements, or an Apple Health export (export.zip, its folder or export.xml). All or nothing.")
	path, err := u.ask("File or folder, for example ~/Downloads/export.zip")
	if err != nil || path == "" {
		return err
	}
	path = u.expandHome(path)
	var opt app.ImportOptions
	if app.IsAppleHealthExport(path) {
		// Read first without importing, to ask which source to keep when
		// two measured the same thing.
		rep, err := u.runImport(path, app.ImportOptions{DryRun: true})
		if err != nil {
			u.fail(err)
			return nil
		}
		if opt, err = u.chooseSources(rep); err != nil {
			return err
		}
	}
	rep, err := u.runImport(path, opt)
	if err != nil {
		return u.failSave(err)
	}
	added := 0
	for _, f := range rep.Files {
		for _, n := range f.Added {
			added += n
		}
		u.say(report(f)...)
	}
	u.say("✓ Imported " + record.Count(added, "entry", "entries") + ".")
	return nil
}

// runImport imports with progress said in quarters.
func (u *ui) runImport(path string, opt app.ImportOptions) (*app.ImportReport, error) {
	u.say("Reading " + safetext.Line(path) + "…")
	var mu sync.Mutex
	said := 0
	opt.Progress = func(read, total int64) {
		if total <= 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if q := int(min(read*4/total, 4)); q > said && q < 4 {
			said = q
			u.say(fmt.Sprintf("%d%% read", q*25))
		}
	}
	rep, err := u.s.ImportWith(u.ctx, []string{path}, opt)
	mu.Lock()
	said = 4 // no progress line after this
	mu.Unlock()
	return rep, err
}

// chooseSources asks which device to keep when two measured the same
// summed readings of an Apple Health export.
func (u *ui) chooseSources(rep *app.ImportReport) (app.ImportOptions, error) {
	var choices []app.SourceChoice
	for _, f := range rep.Files {
		if f.AppleHealth != nil {
			choices = append(choices, f.AppleHealth.Choices...)
		}
	}
	if len(choices) == 0 {
		return app.ImportOptions{}, nil
	}
	u.heading("Two devices measured the same readings")
	var sources []string
	for _, c := range choices {
		var names []string
		for _, s := range c.Sources {
			names = append(names, fmt.Sprintf("%s %d days", safetext.Line(s.Name), s.Days))
			if !slices.Contains(sources, s.Name) {
				sources = append(sources, s.Name)
			}
		}
		u.say(safetext.Line(c.Type) + ": " + strings.Join(names, ", ") + ".")
	}
	u.say("Adding both would count a day twice. Which to keep?")
	labels := []string{"Each day, the one that counted most that day"}
	for _, s := range sources {
		labels = append(labels, "Only "+safetext.Line(s))
	}
	i, err := u.choose(labels)
	if err != nil || i == 0 {
		return app.ImportOptions{}, err
	}
	return app.ImportOptions{Sources: []string{sources[i-1]}}, nil
}

// report is one file's result in a few lines.
func report(f app.FileReport) []string {
	sum := func(m map[record.Category]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	line := fmt.Sprintf("%s (%s): added %s", safetext.Line(f.File), safetext.Line(f.Format), record.Count(sum(f.Added), "entry", "entries"))
	if n := sum(f.Updated); n > 0 {
		line += fmt.Sprintf(", updated %d", n)
	}
	if n := sum(f.Duplicates); n > 0 {
		line += fmt.Sprintf(", %d already there", n)
	}
	out := []string{line + "."}
	if a := f.AppleHealth; a != nil {
		out = append(out, fmt.Sprintf("%s into %s a day, %s.", record.Count(int(a.Samples), "sample", "samples"),
			record.Count(a.Readings, "reading", "readings"), record.Count(a.Workouts, "workout", "workouts")))
		for _, c := range a.Choices {
			var names []string
			for _, s := range c.Sources {
				names = append(names, safetext.Line(s.Name))
			}
			out = append(out, fmt.Sprintf("%s from %s: kept %s.", safetext.Line(c.Type), strings.Join(names, " and "), safetext.Line(c.Rule)))
		}
	}
	if f.SensitiveTotal > 0 {
		var ks []string
		for k, n := range f.Sensitive {
			ks = append(ks, fmt.Sprintf("%s %d", k.Describe(), n))
		}
		sort.Strings(ks)
		out = append(out, "Marked sensitive: "+strings.Join(ks, ", ")+".")
	}
	return out
}
