// Package viewer shows an opened extract read-only, for the carer (phr open
// on a terminal). Nothing of it is written anywhere unless the carer saves
// an attached file (x), to a file they name; quitting drops the rest.
package viewer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

// Model is the read-only viewer of an opened extract.
type Model struct {
	x      *share.Opened
	cfg    app.Config
	st     styles.Styles
	keys   keys.KeyMap
	w, h   int
	offset int
	lines  []string
	// files are the attachments that travelled, in the order shown; pick
	// is the one x saves (tab moves it).
	files []record.Attachment
	pick  int
	// saving is set while the carer names the file for a copy (path);
	// replace asks before an existing file is replaced ("Keep it" focused).
	saving  bool
	path    textinput.Model
	replace *confirm.Dialog
	// problem is the last save's error, one line; status its outcome.
	problem, status string
}

// savedMsg is the outcome of writing a copy.
type savedMsg struct {
	path string
	err  error
}

// New returns the read-only viewer for an opened extract; cfg names the
// carer's own vault folder, where a copy is never written.
func New(x *share.Opened, cfg app.Config, noColor bool) *Model {
	v := &Model{x: x, cfg: cfg, st: styles.New(noColor), keys: keys.Default(), w: 80, h: 24}
	for _, e := range x.Entries {
		for _, a := range e.Attachments {
			if _, ok := x.Files[a.ID]; ok {
				v.files = append(v.files, a)
			}
		}
	}
	v.lines = v.layout()
	return v
}

// Run shows an opened extract until the carer quits.
func Run(ctx context.Context, cfg app.Config, x *share.Opened, noColor bool) error {
	_, err := tea.NewProgram(New(x, cfg, noColor), tea.WithContext(ctx)).Run()
	return err
}

// layout is the extract's lines at the screen's width: a long title or
// note wraps under itself rather than running off the screen.
func (v *Model) layout() []string {
	width := max(20, v.w-2) // the App style's padding
	var out []string
	by := map[record.Category][]record.Entry{}
	for _, e := range v.x.Entries {
		by[e.Category] = append(by[e.Category], e)
	}
	for _, c := range record.Categories() {
		es := by[c]
		if len(es) == 0 {
			continue
		}
		out = append(out, v.st.Subtitle.Render(fmt.Sprintf("%s (%d)", c.Label(), len(es))))
		for _, e := range es {
			// Everything in an extract came from its sender: each field is
			// one clean line (see internal/safetext).
			line := safetext.Line(e.Title)
			if val := e.PlainValue(); val != "" {
				line += "  " + safetext.Line(val)
			}
			if e.Status != "" {
				line += v.st.Muted.Render("  " + safetext.Line(record.StatusWords(e.Status)))
			}
			if len(e.Sensitive) > 0 {
				line += v.st.Sensitive.Render("  ⚑ " + entry.Kinds(e.Sensitive))
			}
			out = append(out, screen.Hang(fmt.Sprintf("  %-10s  ", entry.Dash(safetext.Line(when.DateOf(e.Date)))), line, width)...)
			if e.Notes != "" {
				out = append(out, screen.Hang("              ", v.st.Muted.Render(strings.ReplaceAll(safetext.Text(e.Notes), "\n", " ")), width)...)
			}
			for _, a := range e.Attachments {
				out = append(out, v.fileLine(a, width)...)
			}
		}
		out = append(out, "")
	}
	return out
}

// Init does nothing.
func (v *Model) Init() tea.Cmd { return nil }

// fileLine names an attached file under its entry: its size when it
// travelled, else that only its name did. With several, "›" marks the one
// x saves.
func (v *Model) fileLine(a record.Attachment, width int) []string {
	mark := "  "
	if len(v.files) > 1 && v.pick < len(v.files) && v.files[v.pick].ID == a.ID {
		mark = "› "
	}
	data, ok := v.x.Files[a.ID]
	if !ok {
		return screen.Hang("            "+mark, v.st.Muted.Render("file: "+safetext.Line(a.Name)+" (only its name was shared)"), width)
	}
	return screen.Hang("            "+mark, "file: "+safetext.Line(a.Name)+v.st.Muted.Render(" ("+app.SizeWords(int64(len(data)))+")"), width)
}

// Update scrolls, saves a copy of a file, and quits.
func (v *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.w, v.h = msg.Width, msg.Height
		v.lines = v.layout()
		v.offset = min(v.offset, v.lastOffset())
		v.path.SetWidth(max(10, min(v.w, 80)-12))
		return v, nil
	case savedMsg:
		if msg.err != nil {
			v.problem = msg.err.Error()
			return v, v.path.Focus()
		}
		v.saving, v.problem = false, ""
		v.status = "Saved a copy: " + msg.path + " (not encrypted: delete it when you are done)."
		return v, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, v.keys.Quit) {
			v.lines = nil
			return v, tea.Quit
		}
	}
	if v.saving {
		return v, v.updateSave(msg)
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, v.keys.Back, v.keys.QuitLetter):
			v.lines = nil
			return v, tea.Quit
		case key.Matches(msg, v.keys.SaveFile) && len(v.files) > 0:
			return v, v.askPath()
		case key.Matches(msg, v.keys.Tab) && len(v.files) > 1:
			v.pick = (v.pick + 1) % len(v.files)
			v.lines = v.layout()
		case key.Matches(msg, v.keys.Down):
			v.offset = min(v.lastOffset(), v.offset+1)
		case key.Matches(msg, v.keys.Up):
			v.offset = max(0, v.offset-1)
		case key.Matches(msg, v.keys.PageDown):
			v.offset = min(v.lastOffset(), v.offset+v.rows()-1)
		case key.Matches(msg, v.keys.PageUp):
			v.offset = max(0, v.offset-(v.rows()-1))
		}
	}
	return v, nil
}

// askPath opens the question of where to save the picked file, with a
// name in the home folder that no file has yet.
func (v *Model) askPath() tea.Cmd {
	home, err := os.UserHomeDir()
	if err != nil {
		home = "."
	}
	v.path = textinput.New()
	v.path.Prompt = "> "
	v.path.CharLimit = 4096
	v.path.SetWidth(max(10, min(v.w, 80)-12))
	// Shown as ~/name: shorter, and what the carer would type.
	offer := app.UniqueFile(home, v.files[v.pick].Name)
	if rel, err := filepath.Rel(home, offer); err == nil && !strings.HasPrefix(rel, "..") {
		offer = "~/" + rel
	}
	v.path.SetValue(offer)
	v.path.CursorEnd()
	v.saving, v.replace, v.problem, v.status = true, nil, "", ""
	return v.path.Focus()
}

// updateSave runs the question: enter saves (asking first when a file is
// there already), esc gives up.
func (v *Model) updateSave(msg tea.Msg) tea.Cmd {
	if v.replace != nil {
		switch v.replace.Update(&v.keys, msg) {
		case confirm.Safe:
			v.replace = nil
			return v.path.Focus()
		case confirm.Risky:
			v.replace = nil
			return v.save(true)
		}
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, v.keys.Back) {
			v.replace = nil
			return v.path.Focus()
		}
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, v.keys.Back):
			v.saving, v.problem = false, ""
			return nil
		case key.Matches(k, v.keys.Submit):
			out := screen.ExpandHome(v.path.Value())
			if out == "" {
				v.problem = "say where to save the copy: a file name, such as ~/letter.pdf"
				return nil
			}
			if app.OutputExists(out) {
				v.replace = confirm.New("Keep it", "Replace it")
				return v.replace.Arm(confirm.Grace)
			}
			return v.save(false)
		}
	}
	var cmd tea.Cmd
	if screen.Edits(msg) {
		v.problem = "" // the person is correcting it
	}
	v.path, cmd = v.path.Update(msg)
	return cmd
}

// save writes the copy outside Update: writing a file is I/O.
func (v *Model) save(replace bool) tea.Cmd {
	cfg, x, a, out := v.cfg, v.x, v.files[v.pick], screen.ExpandHome(v.path.Value())
	v.path.Blur()
	return func() tea.Msg {
		p, err := app.SaveExtractFile(cfg, x, a, out, replace)
		return savedMsg{path: p, err: err}
	}
}

// now is the time from the configured clock (the system's when none is
// set), so "7 days left" can be tested.
func (v *Model) now() time.Time {
	if v.cfg.Clock == nil {
		return time.Now()
	}
	return v.cfg.Clock.Now()
}

// head is what the viewer says above the entries: who sent it, until when
// it can be read, the key it was signed with, what it holds and leaves out.
func (v *Model) head() string {
	m := v.x.Manifest
	head := v.st.Title.Render("phr") + v.st.Muted.Render(" · shared with you, read-only") + "\n" +
		fmt.Sprintf("From %s · made %s\nReadable until %s (%s)", safetext.Line(m.From.Name), m.Created.Local().Format("2006-01-02 15:04"),
			m.Expires.Local().Format("2006-01-02 15:04"), when.Left(m.Expires.Sub(v.now())))
	key := share.KeyFingerprint(m.From.PublicKey)
	switch {
	case v.x.FirstFromSender:
		head += "\n" + v.st.Warning.Render("First extract from "+safetext.Line(m.From.Name)+": their signing key "+key+
			" is now remembered. Check it with them if you can.")
	case v.x.ReplacedKey != "":
		head += "\n" + v.st.Warning.Render("You accepted "+safetext.Line(m.From.Name)+"'s new signing key "+key+
			" in place of "+share.KeyFingerprint(v.x.ReplacedKey)+".")
	default:
		head += "\n" + v.st.Muted.Render("Signed with their key "+key+", the one you know.")
	}
	if len(m.SensitiveIncluded) > 0 {
		head += "\n" + v.st.Warning.Render("⚑ It includes sensitive entries ("+entry.Kinds(m.SensitiveIncluded)+"): keep it private.")
	}
	if w := share.WithheldText(v.x.Withheld); w != "" {
		head += "\n" + v.st.Muted.Render(w)
	}
	// Long notices wrap rather than run off the screen.
	return lipgloss.NewStyle().Width(max(20, v.w-2)).Render(head)
}

// foot is the line of keys, and the last save's outcome above it.
func (v *Model) foot() string {
	foot := v.st.Muted.Width(max(20, v.w-2)).Render("↑/↓ scroll • pgup/pgdn page • q quit (nothing is saved)")
	if len(v.files) > 0 {
		pick := "x save " + safetext.Line(v.files[v.pick].Name)
		if len(v.files) > 1 {
			pick += " • tab next file"
		}
		foot = v.st.Muted.Width(max(20, v.w-2)).Render(pick + " • ↑/↓ scroll • q quit")
	}
	if v.status != "" {
		foot = v.st.Good.Width(max(20, v.w-2)).Render("✓ "+safetext.Line(v.status)) + "\n" + foot
	}
	return foot
}

// rows is how many lines of entries fit between the head and the foot:
// the screen less the head, two blank lines, the foot and a margin.
func (v *Model) rows() int {
	return max(2, v.h-lipgloss.Height(v.head())-lipgloss.Height(v.foot())-3)
}

// lastOffset is the offset that shows the last line at the bottom.
func (v *Model) lastOffset() int { return max(0, len(v.lines)-v.rows()+1) }

// View renders the extract.
func (v *Model) View() tea.View {
	head, foot := v.head(), v.foot()
	var body string
	if v.saving {
		body = v.saveView()
		foot = v.st.Muted.Render("enter save • esc cancel")
		if v.replace != nil {
			foot = v.st.Muted.Render("←/→ choose • enter confirm • esc back")
		}
	} else {
		body = v.body()
	}
	view := tea.NewView(v.st.App.Render(head + "\n\n" + body + "\n\n" + foot))
	view.AltScreen = true
	return view
}

// body is the window of entries the offset shows; when more lies above or
// below, its last line says how much.
func (v *Model) body() string {
	rows := v.rows()
	if len(v.lines) <= rows {
		return strings.Join(v.lines, "\n")
	}
	top := min(v.offset, v.lastOffset())
	end := min(len(v.lines), top+rows-1) // the last row says what is hidden
	var more []string
	if top > 0 {
		more = append(more, fmt.Sprintf("↑ %d more above", top))
	}
	if below := len(v.lines) - end; below > 0 {
		more = append(more, fmt.Sprintf("↓ %d more below", below))
	}
	return strings.Join(v.lines[top:end], "\n") + "\n" + v.st.Muted.Render(strings.Join(more, " · "))
}

// saveView asks where to save the picked file, says the copy is not
// encrypted, and shows the last attempt's problem in one line.
func (v *Model) saveView() string {
	a := v.files[v.pick]
	var b strings.Builder
	b.WriteString("Save a copy of " + safetext.Line(a.Name) + " (" + app.SizeWords(int64(len(v.x.Files[a.ID]))) + ")\n\n")
	b.WriteString("Save it as\n" + v.path.View() + "\n\n")
	b.WriteString("The copy is not encrypted: anyone who can use this computer account can read it. Delete it when you are done.")
	if v.replace != nil {
		b.WriteString("\n\n" + safetext.Line(v.path.Value()) + " exists already. Replace it?\n\n" + v.replace.Buttons(&v.st))
	}
	if v.problem != "" {
		b.WriteString("\n\n" + v.st.Error.Render("✗ "+safetext.Line(v.problem)))
	}
	return v.st.WarnBox.Width(min(v.w-2, 76)).Render(b.String())
}
