// Package viewer shows an opened extract read-only, for the carer (phr open
// on a terminal). Nothing of it is written anywhere; quitting drops it.
package viewer

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/styles"
)

// Model is the read-only viewer of an opened extract.
type Model struct {
	x      *share.Opened
	st     styles.Styles
	keys   keys.KeyMap
	w, h   int
	offset int
	lines  []string
}

// New returns the read-only viewer for an opened extract.
func New(x *share.Opened, noColor bool) *Model {
	v := &Model{x: x, st: styles.New(noColor), keys: keys.Default(), w: 80, h: 24}
	v.lines = v.layout()
	return v
}

// Run shows an opened extract until the carer quits.
func Run(ctx context.Context, x *share.Opened, noColor bool) error {
	_, err := tea.NewProgram(New(x, noColor), tea.WithContext(ctx)).Run()
	return err
}

func (v *Model) layout() []string {
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
			line := fmt.Sprintf("  %-10s  %s", entry.Dash(safetext.Line(when.DateOf(e.Date))), safetext.Line(e.Title))
			if val := e.PlainValue(); val != "" {
				line += "  " + safetext.Line(val)
			}
			if e.Status != "" {
				line += v.st.Muted.Render("  " + safetext.Line(record.StatusWords(e.Status)))
			}
			if len(e.Sensitive) > 0 {
				line += v.st.Sensitive.Render("  ⚑ " + entry.Kinds(e.Sensitive))
			}
			out = append(out, line)
			if e.Notes != "" {
				out = append(out, v.st.Muted.Render("              "+strings.ReplaceAll(safetext.Text(e.Notes), "\n", " ")))
			}
		}
		out = append(out, "")
	}
	return out
}

// Init does nothing.
func (v *Model) Init() tea.Cmd { return nil }

// Update scrolls and quits.
func (v *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		v.w, v.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, v.keys.Quit, v.keys.Back, v.keys.QuitLetter):
			v.lines = nil
			return v, tea.Quit
		case key.Matches(msg, v.keys.Down):
			v.offset = min(max(0, len(v.lines)-1), v.offset+1)
		case key.Matches(msg, v.keys.Up):
			v.offset = max(0, v.offset-1)
		case key.Matches(msg, v.keys.PageDown):
			v.offset = min(max(0, len(v.lines)-1), v.offset+v.h-6)
		case key.Matches(msg, v.keys.PageUp):
			v.offset = max(0, v.offset-(v.h-6))
		}
	}
	return v, nil
}

// View renders the extract.
func (v *Model) View() tea.View {
	m := v.x.Manifest
	head := v.st.Title.Render("phr") + v.st.Muted.Render(" · shared with you, read-only") + "\n" +
		fmt.Sprintf("From %s · made %s · readable until %s", safetext.Line(m.From.Name), m.Created.Local().Format("2006-01-02 15:04"),
			m.Expires.Local().Format("2006-01-02 15:04"))
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
	rows := max(1, v.h-strings.Count(head, "\n")-5) // the head, two blank lines, the foot, the margin
	end := min(len(v.lines), v.offset+rows)
	body := strings.Join(v.lines[min(v.offset, end):end], "\n")
	foot := v.st.Muted.Render("↑/↓ scroll • pgup/pgdn page • q quit (nothing is saved)")
	view := tea.NewView(v.st.App.Render(head + "\n\n" + body + "\n\n" + foot))
	view.AltScreen = true
	return view
}
