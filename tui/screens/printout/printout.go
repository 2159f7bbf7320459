// Package printout prints or keeps the record from the interface: a summary
// for a visit, an emergency card (text, HTML or PDF) or an encrypted archive
// of the whole record, each written only to the file the person confirms.
// Sensitive entries stay out of a summary or card unless the person chooses
// to include them, as with phr summary and phr card.
package printout

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/summary"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// What can be written.
const (
	Summary = "summary"
	Card    = "card"
	Archive = "archive"
)

// Model is the printout screen.
type Model struct {
	form    *huh.Form
	what    string
	format  string
	layout  string
	paper   string
	qr      bool
	include bool
	file    string
	working bool
	// start is the answers as the screen opened; discard asks before esc
	// throws away a choice made or a name typed since.
	start   string
	discard confirm.Discard
}

type doneMsg struct {
	text string
	err  error
}

// New returns the printout screen.
func New() *Model {
	m := &Model{what: Summary, format: app.FormatHTML, layout: summary.LayoutWallet}
	m.start = m.answers()
	return m
}

// answers is every choice and the name typed, in one string.
func (m *Model) answers() string {
	return fmt.Sprintf("%q", []any{m.what, m.format, m.layout, m.qr, m.include, m.file})
}

// Typing is true while the form takes text.
func (m *Model) Typing() bool { return !m.working }

// suggested is the file offered for what is chosen: in the home folder,
// named for the day.
func (m *Model) suggested(env screen.Env) string {
	dir, err := os.UserHomeDir()
	if err != nil {
		dir = "."
	}
	day := env.Now().Format("2006-01-02")
	if m.what == Archive {
		return app.FreeName(dir, "phr-archive-"+day, ".tar.age")
	}
	ext := map[string]string{app.FormatText: ".txt", app.FormatHTML: ".html", app.FormatPDF: ".pdf"}[m.format]
	return app.FreeName(dir, "phr-"+m.what+"-"+day, ext)
}

func (m *Model) build(env screen.Env) {
	if m.paper == "" {
		// The locale's paper, as phr summary and phr card take it.
		m.paper, _ = summary.ParsePaper(env.Config.Paper, summary.PaperA4)
	}
	notArchive := func() bool { return m.what == Archive }
	m.form = huh.NewForm(
		huh.NewGroup(
			// Each choice fits one line at 60 columns: a list huh sizes
			// by its count of choices hides the last when one wraps.
			huh.NewSelect[string]().Title("What to write").
				Options(
					huh.NewOption("A summary for a visit", Summary),
					huh.NewOption("An emergency card for your wallet or phone", Card),
					huh.NewOption("An encrypted archive of the whole record", Archive),
				).Value(&m.what),
		),
		huh.NewGroup(
			huh.NewSelect[string]().Title("Format").Options(
				huh.NewOption("HTML, to open in a browser and print", app.FormatHTML),
				huh.NewOption("PDF", app.FormatPDF),
				huh.NewOption("Plain text", app.FormatText),
			).Value(&m.format),
		).WithHideFunc(notArchive),
		huh.NewGroup(
			huh.NewSelect[string]().Title("Paper").Options(
				huh.NewOption("A4 (210 × 297 mm)", summary.PaperA4),
				huh.NewOption("US Letter (8.5 × 11 in)", summary.PaperLetter),
			).Value(&m.paper),
		).WithHideFunc(func() bool { return m.what == Archive || m.format != app.FormatPDF }),
		huh.NewGroup(
			huh.NewSelect[string]().Title("Card layout").Options(
				huh.NewOption("Wallet size, front and back to cut out", summary.LayoutWallet),
				huh.NewOption("A full page in large type", summary.LayoutPage),
			).Value(&m.layout),
			huh.NewConfirm().Title("Add a QR code of the card's text?").Affirmative("Yes").Negative("No").Value(&m.qr),
		).WithHideFunc(func() bool { return m.what != Card || m.format == app.FormatText }),
		huh.NewGroup(
			huh.NewSelect[bool]().Title("Sensitive entries").
				Description("mental health, sexual health, HIV, substance use, genetics, violence, private").
				Options(huh.NewOption("Leave them out", false), huh.NewOption("Include them: I choose to", true)).Value(&m.include),
		).WithHideFunc(notArchive),
		huh.NewGroup(
			huh.NewInput().Title("Write it to").Description("a file name; enter alone writes the one named below").
				Value(&m.file).
				Validate(func(v string) error {
					switch strings.TrimSpace(v) {
					case "":
						return nil // the suggested name, free when suggested
					case "-":
						return errors.New("name a file")
					}
					return app.CheckNewFile(env.Config, screen.ExpandHome(v))
				}),
		),
	).WithTheme(env.Styles.Form).WithShowHelp(true).WithWidth(max(40, env.Width-6)).
		WithHeight(formHeight(env))
}

// intro is what the screen says above the form.
const intro = "A summary (allergies, medicines, conditions, last year's results) or a card " +
	"is written only where you say, and is not encrypted. An archive opens without phr, with your vault key."

// formHeight is the height left for the form under the heading and the
// intro and above the suggested file (two lines at most): huh scrolls each
// group within it, so a list is never cut off at 60x20.
func formHeight(env screen.Env) int {
	text := 1
	if env.Styles != nil {
		text = lipgloss.Height(env.Styles.Muted.Width(max(20, env.Width-2)).Render(intro))
	}
	return max(6, env.Height-5-text-4)
}

// Load builds the form.
func (m *Model) Load(env screen.Env) tea.Cmd {
	if m.form != nil {
		return nil
	}
	m.build(env)
	return m.form.Init()
}

// Update runs the form, then writes the file.
func (m *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case doneMsg:
		m.working = false
		if msg.err != nil {
			// Back to the form, to choose another file or choice.
			m.build(env)
			return tea.Batch(m.form.Init(), screen.Fail(msg.err))
		}
		return tea.Sequence(screen.Back, screen.Status(msg.text))
	}
	if m.discard.Asking() {
		if m.discard.Update(env.Keys, msg) {
			return screen.Back
		}
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, env.Keys.Back) && !m.working {
		if m.answers() == m.start {
			return screen.Back
		}
		// A choice made or a name typed is not thrown away on one key.
		return m.discard.Open(env.Grace)
	}
	if m.form == nil || m.working {
		return nil
	}
	model, cmd := m.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		m.form = f
	}
	switch m.form.State {
	case huh.StateCompleted:
		m.form.State = huh.StateNormal
		m.working = true
		return m.write(env)
	case huh.StateAborted:
		return screen.Back
	}
	return cmd
}

// write makes the chosen printout through the same use cases as the CLI.
func (m *Model) write(env screen.Env) tea.Cmd {
	ctx := env.Ctx
	out := screen.ExpandHome(m.file)
	if out == "" {
		out = m.suggested(env)
	}
	what, format, layout, paper, qr, include := m.what, m.format, m.layout, m.paper, m.qr, m.include
	return env.Work("Writing…", func(s *app.Session) tea.Msg {
		switch what {
		case Archive:
			res, err := s.Archive(ctx, app.ArchiveRequest{Out: out})
			if err != nil {
				return doneMsg{err: err}
			}
			return doneMsg{text: fmt.Sprintf("Wrote an archive encrypted to your vault key, %s, %s: %s", record.Count(res.Manifest.Entries, "entry", "entries"), record.Count(res.Manifest.Attachments, "attachment", "attachments"), safetext.Line(res.File))}
		case Card:
			res, err := s.Card(ctx, app.CardRequest{IncludeSensitive: include, ExcludeSensitive: !include, Format: format,
				Layout: layout, QR: qr, Paper: paper, Out: out})
			if err != nil {
				return doneMsg{err: err}
			}
			return doneMsg{text: written(res.PrintResult, "card")}
		default:
			res, err := s.Summary(ctx, app.SummaryRequest{IncludeSensitive: include, ExcludeSensitive: !include, Format: format,
				Paper: paper, Out: out})
			if err != nil {
				return doneMsg{err: err}
			}
			return doneMsg{text: written(*res, "summary")}
		}
	})
}

func written(res app.PrintResult, what string) string {
	s := fmt.Sprintf("Wrote a plaintext %s, not encrypted, %s", what, record.Count(res.Entries, "entry", "entries"))
	if n := len(res.Excluded); n > 0 {
		s += fmt.Sprintf(" (%d sensitive left out)", n)
	}
	// The path is the person's own, but a name from outside may be in it.
	return s + ": " + safetext.Line(res.File)
}

// View renders the form.
func (m *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if m.form == nil {
		return st.Muted.Render("Loading…")
	}
	shown := m.suggested(env)
	if home, err := os.UserHomeDir(); err == nil && strings.HasPrefix(shown, home+string(filepath.Separator)) {
		shown = "~" + shown[len(home):]
	}
	note := "Suggested file: " + shown + ", a plaintext file, NOT encrypted: keep it as you would a paper letter."
	if m.what == Archive {
		note = "Suggested file: " + shown + ", encrypted to your vault key."
	}
	if m.discard.Asking() {
		return st.Subtitle.Render("Print or keep your record") + "\n\n" +
			m.discard.View(st, w, "Discard your choices?\n\nNothing is written if you do.")
	}
	return st.Subtitle.Render("Print or keep your record") + "\n" +
		st.Muted.Width(max(20, w)).Render(intro) +
		"\n\n" + m.form.View() + "\n" + st.Muted.Width(max(20, w)).Render(note)
}

// Keys lists the form's keys and esc.
func (m *Model) Keys(env screen.Env) []key.Binding {
	if m.discard.Asking() {
		return m.discard.Keys(env.Keys)
	}
	back := keys.WithHelp(env.Keys.Back, "cancel")
	if m.form == nil {
		return []key.Binding{back}
	}
	return append(m.form.KeyBinds(), back)
}

// Title names the screen.
func (m *Model) Title() string { return "Print" }
