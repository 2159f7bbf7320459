// Package profile edits the person's profile and emergency details: name,
// date of birth, blood type, who to call, the languages they speak and what
// a carer or a paramedic must know first. The home screen's card and the
// printed summary show them.
package profile

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the profile screen.
type Model struct {
	form   *huh.Form
	p      record.Profile
	loaded bool
	saving bool
	// start is the profile as loaded; discard asks before esc throws away
	// what was typed since.
	start record.Profile
	// second is the form's second page (emergency details); onSecond is
	// set on a form made from a draft typed there, to open it there again.
	second   []huh.Field
	onSecond bool
	discard  confirm.Discard
}

type loadedMsg struct {
	p   record.Profile
	err error
}

type savedMsg struct{ err error }

// New returns the profile screen.
func New() *Model { return &Model{} }

// Typing is true while the form takes text.
func (m *Model) Typing() bool { return !m.saving }

// Load reads the profile (once); a form made again from a draft has it.
func (m *Model) Load(env screen.Env) tea.Cmd {
	if m.loaded && m.form == nil {
		m.build(env)
		if m.onSecond {
			return tea.Sequence(m.form.Init(), m.form.NextGroup())
		}
		return m.form.Init()
	}
	if m.loaded {
		return nil
	}
	ctx := env.Ctx
	return env.Run(func(s *app.Session) tea.Msg {
		p, err := s.Profile(ctx)
		return loadedMsg{p: p, err: err}
	})
}

func (m *Model) build(env screen.Env) {
	blood := []huh.Option[string]{huh.NewOption("Not known", "")}
	for _, b := range record.BloodTypes() {
		blood = append(blood, huh.NewOption(b, b))
	}
	if m.p.BloodType != "" {
		if _, err := record.ParseBloodType(m.p.BloodType); err != nil {
			// An imported value phr cannot read stays choosable as it is.
			blood = append(blood, huh.NewOption(m.p.BloodType, m.p.BloodType))
		}
	}
	now := env.Now()
	m.second = []huh.Field{
		huh.NewInput().Title("Emergency contact").Description("who to call, and how").
			Placeholder(env.Styles.Example("Sam Carter (partner), 07700 900123")).Value(&m.p.EmergencyContact).CharLimit(300),
		huh.NewInput().Title("Languages you speak").Placeholder(env.Styles.Example("English, Welsh")).Value(&m.p.Languages).CharLimit(200),
		huh.NewText().Title("What a carer or paramedic must know first").
			Description("e.g. type 1 diabetes, insulin pump; pacemaker; lives alone").
			Value(&m.p.EmergencyNotes).CharLimit(1000).Lines(3),
	}
	m.form = huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title("Your name").Value(&m.p.Name).CharLimit(200),
			huh.NewInput().Title("Date of birth").Placeholder(env.Styles.Example("23 April 1970 or 1970-04-23")).Value(&m.p.Born).
				Validate(func(v string) error {
					if strings.TrimSpace(v) == "" {
						return nil
					}
					_, err := app.BirthDate(v, now)
					return err
				}),
			huh.NewSelect[string]().Title("Blood type").Description("← → to choose").Inline(true).Options(blood...).Value(&m.p.BloodType),
		),
		huh.NewGroup(m.second...),
	).WithTheme(env.Styles.Form).WithShowHelp(true).WithWidth(max(40, env.Width-6))
}

// Update runs the form and saves it.
func (m *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		m.p, m.start, m.loaded = msg.p, msg.p, true
		m.build(env)
		return m.form.Init()
	case savedMsg:
		m.saving = false
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		return tea.Sequence(screen.Back, screen.Status("Profile saved."))
	}
	if m.discard.Asking() {
		if m.discard.Update(env.Keys, msg) {
			return screen.Back
		}
		return nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, env.Keys.Back) && !m.saving {
		if m.p == m.start {
			return screen.Back
		}
		return m.discard.Open(env.Grace)
	}
	if m.form == nil || m.saving {
		return nil
	}
	model, cmd := m.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		m.form = f
	}
	switch m.form.State {
	case huh.StateCompleted:
		m.form.State = huh.StateNormal
		m.saving = true
		ctx, p := env.Ctx, m.p
		return env.Work("Saving…", func(s *app.Session) tea.Msg {
			return savedMsg{err: s.SetProfile(ctx, p)}
		})
	case huh.StateAborted:
		return screen.Back
	}
	return cmd
}

// View renders the form.
func (m *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if m.form == nil {
		return st.Muted.Render("Loading…")
	}
	if m.discard.Asking() {
		return m.discard.View(st, w, "Discard your changes to the profile?\n\nNothing of them is saved if you do.")
	}
	return st.Subtitle.Render("Your profile and emergency details") + "\n" +
		st.Muted.Width(max(20, w)).Render("Shown on your home screen and on the summary you print. A share carries only your name and date of birth.") +
		"\n\n" + m.form.View()
}

// Keys lists the form's keys and esc.
func (m *Model) Keys(env screen.Env) []key.Binding {
	back := keys.WithHelp(env.Keys.Back, "cancel")
	if m.discard.Asking() {
		return m.discard.Keys(env.Keys)
	}
	if m.form == nil {
		return []key.Binding{back}
	}
	return append(m.form.KeyBinds(), back)
}

// Title names the screen.
func (m *Model) Title() string { return "Profile" }

// draft is what Draft hands over and FromDraft reads: the answers, and the
// profile as loaded, so esc still asks before discarding them.
type draft struct {
	P     record.Profile `json:"p"`
	Start record.Profile `json:"start"`
	// Second is set when the second page was on screen.
	Second bool `json:"second"`
}

// Draft hands over what was typed (nothing when the profile is as loaded,
// or being saved), for the root to keep across the lock.
func (m *Model) Draft() (string, []byte, bool) {
	if m.form == nil || m.saving || m.p == m.start {
		return "", nil, false
	}
	second := slices.Contains(m.second, m.form.GetFocusedField())
	return screen.MakeDraft(screen.Profile, draft{P: m.p, Start: m.start, Second: second})
}

// FromDraft makes the screen again from what Draft handed over.
func FromDraft(b []byte) (*Model, error) {
	var d draft
	if err := screen.ReadDraft(b, &d); err != nil {
		return nil, err
	}
	return &Model{p: d.P, start: d.Start, loaded: true, onSecond: d.Second}, nil
}
