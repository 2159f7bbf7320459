// Package importfile is the screen that imports a file or a folder: FHIR,
// C-CDA, CSV, or an Apple Health export (export.zip, its folder or
// export.xml), with a progress bar while a large export is read. Esc while
// it reads stops it, and nothing is imported.
package importfile

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/screen"
)

// Name is the screen's name in the registry.
const Name = "import"

type state int

const (
	typing state = iota
	running
	// choosing: two sources measured the same summed readings of an Apple
	// Health export; the person picks which to keep.
	choosing
	done
)

// Model is the import screen.
type Model struct {
	input       textinput.Model
	bar         progress.Model
	st          state
	read, total int64
	updates     chan progressMsg
	cancel      context.CancelFunc
	rep         *app.ImportReport
	// path is what is imported; dry is set while an Apple Health export
	// is read first to ask which source to keep (the import after it
	// does not read it again).
	path    string
	dry     bool
	choices []app.SourceChoice
	options []string // "" (each day, the most) then source names
	cursor  int
	// offset is the first line of the report shown (↑/↓ scroll it).
	offset int
	// discard asks before esc throws away a path typed.
	discard confirm.Discard
}

type progressMsg struct{ read, total int64 }

type doneMsg struct {
	rep *app.ImportReport
	err error
}

// New returns the screen, ready to type a path.
func New() *Model {
	in := textinput.New()
	in.Prompt = "File or folder: "
	in.Placeholder = "~/Downloads/export.zip"
	in.SetWidth(60)
	return &Model{input: in, bar: progress.New(progress.WithWidth(50), progress.WithoutPercentage())}
}

// Title names the screen.
func (m *Model) Title() string { return "Import" }

// Typing reports whether the path field takes the keys.
func (m *Model) Typing() bool { return m.st == typing }

// Load focuses the field.
func (m *Model) Load(env screen.Env) tea.Cmd {
	env.StyleInput(&m.input)
	if m.st == typing {
		return m.input.Focus()
	}
	return nil
}

// Keys lists the screen's keys.
func (m *Model) Keys(env screen.Env) []key.Binding {
	if m.discard.Asking() {
		return m.discard.Keys(env.Keys)
	}
	switch m.st {
	case running:
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop: nothing is imported"))}
	case choosing, done:
		return []key.Binding{env.Keys.Up, env.Keys.Down, env.Keys.Submit, env.Keys.Back}
	}
	return []key.Binding{env.Keys.Submit, env.Keys.Back}
}

// wait returns the next progress report, or nothing once the import ended.
func wait(ch chan progressMsg) tea.Cmd {
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			return nil
		}
		return p
	}
}

func expand(p string) string {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return home + p[1:]
		}
	}
	return p
}

// Update handles typing, the progress and the result.
func (m *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case progressMsg:
		m.read, m.total = msg.read, msg.total
		return wait(m.updates)
	case doneMsg:
		m.cancel()
		if msg.err != nil {
			m.st = typing
			return tea.Batch(m.input.Focus(), screen.Fail(msg.err))
		}
		if m.dry {
			m.dry = false
			m.choices, m.options, m.cursor = nil, []string{""}, 0
			for _, f := range msg.rep.Files {
				if f.AppleHealth != nil {
					m.choices = append(m.choices, f.AppleHealth.Choices...)
				}
			}
			for _, c := range m.choices {
				for _, u := range c.Sources {
					if !slices.Contains(m.options, u.Name) {
						m.options = append(m.options, u.Name)
					}
				}
			}
			if len(m.choices) == 0 {
				return m.start(env, app.ImportOptions{})
			}
			m.st = choosing
			return nil
		}
		m.st, m.rep = done, msg.rep
		added := 0
		for _, f := range msg.rep.Files {
			for _, n := range f.Added {
				added += n
			}
		}
		return tea.Batch(func() tea.Msg { return screen.ReloadMsg{} },
			screen.Status(fmt.Sprintf("Imported %s", record.Count(added, "entry", "entries"))))
	}
	if m.discard.Asking() {
		if m.discard.Update(env.Keys, msg) {
			return screen.Back
		}
		if !m.discard.Asking() {
			return m.input.Focus()
		}
		return nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch m.st {
		case running:
			if msg.String() == "esc" {
				m.cancel()
			}
			return nil
		case done:
			switch {
			case key.Matches(msg, env.Keys.Back) || key.Matches(msg, env.Keys.Submit):
				return screen.Back
			case key.Matches(msg, env.Keys.Down):
				m.offset++
			case key.Matches(msg, env.Keys.Up):
				m.offset = max(0, m.offset-1)
			}
			return nil
		case choosing:
			switch {
			case key.Matches(msg, env.Keys.Up):
				m.cursor = max(m.cursor-1, 0)
			case key.Matches(msg, env.Keys.Down):
				m.cursor = min(m.cursor+1, len(m.options)-1)
			case key.Matches(msg, env.Keys.Submit):
				var opt app.ImportOptions
				if src := m.options[m.cursor]; src != "" {
					opt.Sources = []string{src}
				}
				return m.start(env, opt)
			case key.Matches(msg, env.Keys.Back):
				m.st = typing
				return m.input.Focus()
			}
			return nil
		}
		switch {
		case key.Matches(msg, env.Keys.Back):
			if strings.TrimSpace(m.input.Value()) == "" {
				return screen.Back
			}
			// A path typed is not thrown away on one key.
			m.input.Blur()
			return m.discard.Open(env.Grace)
		case key.Matches(msg, env.Keys.Submit):
			m.path = expand(m.input.Value())
			if m.path == "" {
				return nil
			}
			// An Apple Health export is read first without importing, to
			// ask which source to keep when two measured the same thing.
			m.dry = app.IsAppleHealthExport(m.path)
			return m.start(env, app.ImportOptions{DryRun: m.dry})
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	}
	return nil
}

// start runs the import with the session, sending its progress through a
// channel the screen waits on.
func (m *Model) start(env screen.Env, opt app.ImportOptions) tea.Cmd {
	ctx, cancel := context.WithCancel(env.Ctx)
	ch := make(chan progressMsg, 1)
	m.st, m.cancel, m.updates, m.read, m.total = running, cancel, ch, 0, 0
	m.input.Blur()
	p := m.path
	opt.Progress = func(read, total int64) {
		select {
		case ch <- progressMsg{read, total}:
		default: // the screen has not drawn the last one yet
		}
	}
	run := env.Run(func(s *app.Session) tea.Msg {
		defer close(ch)
		rep, err := s.ImportWith(ctx, []string{p}, opt)
		return doneMsg{rep, err}
	})
	return tea.Batch(run, wait(ch))
}

// View draws the field, the progress bar or the report, wrapped to the
// width (a long name stays under its own column) and scrolled to the
// height: the choices keep the one highlighted on screen, the report
// scrolls with ↑/↓.
func (m *Model) View(env screen.Env, width, height int) string {
	st := env.Styles
	width = max(20, width)
	para := func(s string) []string { return strings.Split(st.Normal.Width(width).Render(s), "\n") }
	if m.discard.Asking() {
		return st.Title.Render("Import a file or folder") + "\n\n" +
			m.discard.View(st, width, "Discard the path you typed?\n\nNothing is imported if you do.")
	}
	lines := []string{st.Title.Render("Import a file or folder"), ""}
	from, to := 0, 1
	switch m.st {
	case typing:
		m.input.SetWidth(max(10, width-lipgloss.Width(m.input.Prompt)-2))
		lines = append(lines, para("FHIR (JSON, XML, NDJSON), C-CDA XML, CSV measurements, or an Apple Health "+
			"export (export.zip, its folder or export.xml). All or nothing.")...)
		lines = append(lines, "", m.input.View())
		from, to = len(lines)-1, len(lines)
	case running:
		pct := 0.0
		if m.total > 0 {
			pct = min(float64(m.read)/float64(m.total), 1)
		}
		m.bar.SetWidth(max(10, min(50, width-6)))
		lines = append(lines, screen.Hang("Reading ", safetext.Line(m.input.Value()), width)...)
		lines = append(lines, "", m.bar.ViewAs(pct)+fmt.Sprintf(" %3.0f%%", pct*100), "",
			st.Muted.Render("esc stops it, and nothing is imported"))
	case choosing:
		lines = append(lines, "Two devices measured the same readings:")
		for _, c := range m.choices {
			var names []string
			for _, u := range c.Sources {
				names = append(names, fmt.Sprintf("%s %d days", safetext.Line(u.Name), u.Days))
			}
			lines = append(lines, screen.Hang("  ", safetext.Line(c.Type)+": "+strings.Join(names, ", "), width)...)
		}
		lines = append(lines, "")
		lines = append(lines, para("Adding both would count a day twice. Which to keep?")...)
		lines = append(lines, "")
		for i, o := range m.options {
			line := "Each day, the one that counted most that day"
			if o != "" {
				line = "Only " + safetext.Line(o)
			}
			mark, style := "  ", st.Normal
			if i == m.cursor {
				mark, style = "› ", st.Selected
				from = len(lines)
			}
			for _, l := range screen.Hang(mark, line, width) {
				lines = append(lines, style.Render(l))
			}
			if i == m.cursor {
				to = len(lines)
			}
		}
	case done:
		for _, f := range m.rep.Files {
			lines = append(lines, report(f, width)...)
		}
		lines = append(lines, "", st.Muted.Render("enter or esc: back"))
		m.offset = min(m.offset, max(0, len(lines)-(height-1))) // ↓ stops at the last page
		from = m.offset
		to = min(from+max(1, height-1), len(lines))
	}
	return screen.Scroll(st, strings.Join(lines, "\n"), from, to, height)
}

// report is one file's result in a few lines, wrapped to width.
func report(f app.FileReport, width int) []string {
	var out []string
	line := func(prefix, format string, a ...any) {
		out = append(out, screen.Hang(prefix, fmt.Sprintf(format, a...), width)...)
	}
	line("", "%s (%s)", safetext.Line(f.File), safetext.Line(f.Format))
	sum := func(m map[record.Category]int) int {
		n := 0
		for _, v := range m {
			n += v
		}
		return n
	}
	added := "added " + record.Count(sum(f.Added), "entry", "entries")
	if n := sum(f.Updated); n > 0 {
		added += fmt.Sprintf(", updated %d", n)
	}
	if n := sum(f.Duplicates); n > 0 {
		added += fmt.Sprintf(", %d already there", n)
	}
	line("  ", "%s", added)
	if a := f.AppleHealth; a != nil {
		line("  ", "%s into %s a day, %s", record.Count(int(a.Samples), "sample", "samples"),
			record.Count(a.Readings, "reading", "readings"), record.Count(a.Workouts, "workout", "workouts"))
		for _, c := range a.Choices {
			var names []string
			for _, u := range c.Sources {
				names = append(names, safetext.Line(u.Name))
			}
			line("  ", "%s from %s: kept %s", safetext.Line(c.Type), strings.Join(names, " and "), safetext.Line(c.Rule))
		}
	}
	if f.SensitiveTotal > 0 {
		var ks []string
		for k, n := range f.Sensitive {
			ks = append(ks, fmt.Sprintf("%s %d", k.Describe(), n))
		}
		sort.Strings(ks)
		line("  ", "marked sensitive: %s", strings.Join(ks, ", "))
	}
	return out
}
