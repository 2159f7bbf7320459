// Package addcarer adds a carer from the interface: their name, who they are
// to the person, and their key, pasted in or read from the file they sent.
// Before anything is stored the person checks that the key is the carer's:
// the carer reads out the fingerprint their phr showed them (phr keygen) and
// the person types it; phr adds the carer only when it matches the key's,
// and otherwise says which groups differ and adds nothing. When the two sit
// side by side, tab shows the fingerprint to compare by eye instead, with
// "Cancel" focused.
package addcarer

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// How the carer's key arrives.
const (
	fromPaste = "paste"
	fromFile  = "file"
)

type step int

const (
	stepForm step = iota
	// stepType asks for the fingerprint the carer reads out.
	stepType
	// stepCompare shows the fingerprint to compare by eye.
	stepCompare
	stepSaving
)

// Model is the add-carer screen.
type Model struct {
	step   step
	form   *huh.Form
	dialog *confirm.Dialog
	// The answers, bound to the form's fields.
	name, relationship, source, pasted, file string
	// recipient and fingerprint are the key read from the answers.
	recipient, fingerprint string
	problem                string
	// heard is the field for the fingerprint the carer reads out; mismatch
	// says why the last one typed was refused.
	heard    textinput.Model
	mismatch string
	// matched is set when the carer is added after a typed match.
	matched bool
	// ask asks before esc throws away what was typed.
	ask confirm.Discard
}

type keyMsg struct {
	recipient, fingerprint string
	err                    error
}

type addedMsg struct {
	name string
	err  error
}

// New returns the add-carer screen.
func New() *Model { return &Model{source: fromPaste} }

// Typing is true while the form or the fingerprint field takes text.
func (m *Model) Typing() bool { return m.step == stepForm || m.step == stepType }

// Load builds the form (once).
func (m *Model) Load(env screen.Env) tea.Cmd {
	if m.form != nil {
		return nil
	}
	m.build(env)
	return m.form.Init()
}

func (m *Model) build(env screen.Env) {
	required := func(what string) func(string) error {
		return func(s string) error {
			if strings.TrimSpace(s) == "" {
				return errors.New(what)
			}
			return nil
		}
	}
	m.form = huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title("Their name").Value(&m.name).Validate(required("a carer needs a name")),
			huh.NewInput().Title("Who they are to you (optional)").Placeholder(env.Styles.Example("partner, parent, child, paid carer…")).
				Value(&m.relationship),
			huh.NewSelect[string]().Title("Their key").
				Description("they make it with phr keygen on their computer and send you the text it prints").
				Options(huh.NewOption("Paste the text they sent", fromPaste), huh.NewOption("Read it from a file they sent", fromFile)).
				Value(&m.source),
		),
		huh.NewGroup(
			huh.NewText().Title("Paste their key").
				Description("it starts with age1; a long key may arrive broken over lines, which is fine").
				CharLimit(8000).Lines(3).Value(&m.pasted).Validate(required("paste the key they sent")),
		).WithHideFunc(func() bool { return m.source != fromPaste }),
		huh.NewGroup(
			huh.NewInput().Title("The file with their key").Placeholder(env.Styles.Example("~/Downloads/sam-key.txt")).
				Value(&m.file).Validate(required("say which file holds their key")),
		).WithHideFunc(func() bool { return m.source != fromFile }),
	).WithTheme(env.Styles.Form).WithShowHelp(true).WithWidth(max(40, env.Width-6))
}

// readKey reads and checks the key outside Update: reading a file is I/O.
func (m *Model) readKey() tea.Cmd {
	source, pasted, file := m.source, m.pasted, screen.ExpandHome(m.file)
	return func() tea.Msg {
		var r keyMsg
		if source == fromFile {
			r.recipient, r.fingerprint, r.err = app.CarerKeyFromFile(file)
		} else {
			r.recipient, r.fingerprint, r.err = app.CarerKeyFromText(pasted)
		}
		return r
	}
}

// typed reports whether anything was typed in the form.
func (m *Model) typed() bool { return m.name+m.relationship+m.pasted+m.file != "" }

// Update runs the form, the check and the save.
func (m *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	if m.ask.Asking() {
		if m.ask.Update(env.Keys, msg) {
			return screen.Back
		}
		return nil
	}
	switch msg := msg.(type) {
	case keyMsg:
		if msg.err != nil {
			m.problem = msg.err.Error()
			m.step = stepForm
			m.build(env)
			return m.form.Init()
		}
		m.recipient, m.fingerprint, m.problem = msg.recipient, msg.fingerprint, ""
		return m.askFingerprint(env)
	case addedMsg:
		if msg.err != nil {
			m.problem = msg.err.Error()
			m.step = stepForm
			m.build(env)
			return m.form.Init()
		}
		added := "Added " + safetext.Line(msg.name) + " as a carer."
		if m.matched {
			added = "Added " + safetext.Line(msg.name) + " as a carer: the fingerprint they read matches their key."
		}
		return tea.Sequence(screen.Back, screen.Status(added+" You can share with them now (n)."))
	case tea.KeyPressMsg:
		if key.Matches(msg, env.Keys.Back) && m.step == stepForm && m.typed() {
			return m.ask.Open(env.Grace)
		}
		if key.Matches(msg, env.Keys.Back) && m.step == stepType {
			// Back to the form, to correct the key or the name.
			m.step, m.mismatch = stepForm, ""
			m.build(env)
			return m.form.Init()
		}
		if key.Matches(msg, env.Keys.Back) && m.step == stepCompare {
			return m.askFingerprint(env)
		}
		if key.Matches(msg, env.Keys.Back) && m.step != stepSaving {
			return screen.Back
		}
	}
	switch m.step {
	case stepType:
		return m.updateTyped(env, msg)
	case stepCompare:
		switch m.dialog.Update(env.Keys, msg) {
		case confirm.Safe:
			return screen.Back
		case confirm.Risky:
			return m.save(env)
		}
		return nil
	case stepSaving:
		return nil
	}
	if m.form == nil {
		return nil
	}
	if screen.Edits(msg) {
		m.problem = "" // the person is correcting it
	}
	model, cmd := m.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		m.form = f
	}
	switch m.form.State {
	case huh.StateCompleted:
		m.step = stepSaving
		return tea.Batch(cmd, m.readKey())
	case huh.StateAborted:
		return screen.Back
	}
	return cmd
}

// askFingerprint shows the field for the fingerprint the carer reads out.
func (m *Model) askFingerprint(env screen.Env) tea.Cmd {
	m.step, m.mismatch = stepType, ""
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "XXXX-XXXX-XXXX"
	in.CharLimit = 40
	in.SetWidth(20)
	env.StyleInput(&in)
	m.heard = in
	return m.heard.Focus()
}

// updateTyped takes the typed fingerprint; enter checks it, tab changes to
// comparing by eye.
func (m *Model) updateTyped(env screen.Env, msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, env.Keys.Tab):
			m.step, m.mismatch = stepCompare, ""
			m.heard.Blur()
			m.dialog = confirm.New("Cancel", "Add "+safetext.Line(strings.TrimSpace(m.name)))
			return m.dialog.Arm(env.Grace)
		case key.Matches(k, env.Keys.Submit):
			if strings.TrimSpace(m.heard.Value()) == "" {
				m.mismatch = "Type the fingerprint they read to you, or press tab to compare it on their screen."
				return nil
			}
			err := app.CheckCarerFingerprint(m.recipient, m.heard.Value())
			switch {
			case err == nil:
				m.matched = true
				return m.save(env)
			case errs.Is(err, errs.Policy):
				m.mismatch = capitalise(err.Error()) + ", so it is another key: " + safetext.Line(strings.TrimSpace(m.name)) +
					" was not added. Check what you typed; if it is what they read, ask them to send their key again."
			default:
				m.mismatch = capitalise(err.Error()) + "."
			}
			return nil
		}
		if screen.Edits(k) {
			m.mismatch = "" // the person is correcting it
		}
	}
	var cmd tea.Cmd
	m.heard, cmd = m.heard.Update(msg)
	return cmd
}

// save stores the carer.
func (m *Model) save(env screen.Env) tea.Cmd {
	m.step = stepSaving
	ctx, name, rel, rcpt := env.Ctx, m.name, m.relationship, m.recipient
	return env.Work("Saving…", func(s *app.Session) tea.Msg {
		c, err := s.AddCarer(ctx, name, rcpt, rel)
		return addedMsg{name: c.Name, err: err}
	})
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// View renders the step.
func (m *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	var b strings.Builder
	b.WriteString(st.Subtitle.Render("Add a carer") + "\n\n")
	if m.problem != "" {
		// The problem may quote the key file's name or what it holds.
		b.WriteString(st.Error.Width(max(20, w)).Render("✗ "+safetext.Line(m.problem)) + "\n\n")
	}
	if m.ask.Asking() {
		b.WriteString(m.ask.View(st, w, confirm.DiscardTyped))
		return b.String()
	}
	switch m.step {
	case stepForm:
		if m.form != nil {
			b.WriteString(m.form.View())
		}
	case stepType:
		name := safetext.Line(strings.TrimSpace(m.name))
		b.WriteString(st.Card.Width(min(w-2, 76)).Render(fmt.Sprintf(
			"Check that this key is %s's\n\nAsk %s to read you the fingerprint their phr showed them (phr keygen --show), and type it here.\n\n%s",
			name, name, m.heard.View())))
		if m.mismatch != "" {
			b.WriteString("\n" + st.Error.Width(max(20, min(w-2, 76))).Render("✗ "+safetext.Line(m.mismatch)))
		}
	case stepCompare:
		name := safetext.Line(strings.TrimSpace(m.name))
		b.WriteString(st.Card.Width(min(w-2, 76)).Render(fmt.Sprintf(
			"The key's fingerprint is\n\n    %s\n\nCompare it with the one on %s's screen (phr keygen --show shows it again). "+
				"Add them only if the two match: a different fingerprint means a different key, and whoever holds it could read what you share.\n\n%s",
			st.Title.Render(m.fingerprint), name, m.dialog.Buttons(st))))
	case stepSaving:
		b.WriteString(st.Muted.Render("Reading the key…"))
	}
	return b.String()
}

// Keys lists the step's keys.
func (m *Model) Keys(env screen.Env) []key.Binding {
	switch {
	case m.ask.Asking():
		return m.ask.Keys(env.Keys)
	case m.step == stepForm && m.form != nil:
		return append(m.form.KeyBinds(), keys.WithHelp(env.Keys.Back, "cancel"))
	case m.step == stepType:
		return []key.Binding{keys.WithHelp(env.Keys.Submit, "check"), keys.WithHelp(env.Keys.Tab, "compare by eye"),
			keys.WithHelp(env.Keys.Back, "back")}
	case m.step == stepCompare:
		return append(m.dialog.Keys(env.Keys), keys.WithHelp(env.Keys.Back, "type it instead"))
	}
	return nil
}

// Title names the screen.
func (m *Model) Title() string { return "Add a carer" }

// draft is what Draft hands over and FromDraft reads. A carer's key is
// public: the draft holds nothing secret, and it is sealed anyway.
type draft struct {
	Name         string `json:"name"`
	Relationship string `json:"relationship"`
	Source       string `json:"source"`
	Pasted       string `json:"pasted"`
	File         string `json:"file"`
}

// Draft hands over what was typed (nothing before a word is typed, or once
// the carer is being saved), for the root to keep across the lock.
func (m *Model) Draft() (string, []byte, bool) {
	if m.step == stepSaving || !m.typed() {
		return "", nil, false
	}
	return screen.MakeDraft(screen.AddCarer, draft{Name: m.name, Relationship: m.relationship, Source: m.source, Pasted: m.pasted, File: m.file})
}

// FromDraft makes the form again from what Draft handed over; a key read
// before the lock is read and checked again.
func FromDraft(b []byte) (*Model, error) {
	var d draft
	if err := screen.ReadDraft(b, &d); err != nil {
		return nil, err
	}
	m := New()
	m.name, m.relationship, m.pasted, m.file = d.Name, d.Relationship, d.Pasted, d.File
	if d.Source == fromFile {
		m.source = fromFile
	}
	return m, nil
}
