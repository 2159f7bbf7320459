// Package settings changes the settings kept in the record: start in
// privacy mode, the idle lock, and the units readings are shown in.
package settings

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// Model is the settings screen.
type Model struct {
	form      *huh.Form
	privacy   bool
	lockAfter string
	// units holds the choice for each kind of measurement (record.UnitKinds),
	// "" for as recorded.
	units  map[string]*string
	loaded bool
	// Default is the idle lock shown when none is set.
	Default time.Duration
}

type loadedMsg struct {
	st  app.InterfaceSettings
	err error
}

type savedMsg struct {
	lockAfter string
	units     record.DisplayUnits
	err       error
}

// New returns the settings screen; def is the idle lock used when the
// record sets none.
func New(def time.Duration) *Model { return &Model{Default: def} }

// Typing is always true: the form takes the keys.
func (s *Model) Typing() bool { return true }

// Load reads the settings (once).
func (s *Model) Load(env screen.Env) tea.Cmd {
	if s.loaded {
		return nil
	}
	ctx := env.Ctx
	return env.Run(func(sess *app.Session) tea.Msg {
		st, err := sess.Settings(ctx)
		return loadedMsg{st: st, err: err}
	})
}

// Update runs the form and saves it.
func (s *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		s.loaded, s.privacy, s.lockAfter = true, msg.st.PrivacyStart, msg.st.LockAfter
		if s.lockAfter == "" {
			s.lockAfter = short(s.Default)
		}
		fields := []huh.Field{
			huh.NewConfirm().Title("Start in privacy mode?").
				Description("Sensitive entries stay hidden until you reveal one.").Value(&s.privacy),
			huh.NewInput().Title("Lock after").Description("how long without a key press, from 30s to 24h, e.g. 2m or 15m; off to never lock by itself").
				Value(&s.lockAfter).Validate(func(v string) error { _, err := app.ParseLockAfter(v); return err }),
		}
		// The units readings are shown in, on a page of their own: the
		// record keeps what was measured.
		var unitFields []huh.Field
		s.units = map[string]*string{}
		for _, k := range record.UnitKinds {
			v := msg.st.Units.Get(k)
			s.units[k] = &v
			// The words are phr's own; they go through the sanitiser like
			// everything a screen that handles the record's types shows.
			opts := []huh.Option[string]{huh.NewOption(safetext.Line(record.UnitChoiceWords("")), "")}
			for _, c := range record.UnitChoices(k) {
				opts = append(opts, huh.NewOption(safetext.Line(record.UnitChoiceWords(c)), c))
			}
			unitFields = append(unitFields, huh.NewSelect[string]().Title(unitTitles[k]).Options(opts...).Inline(true).Value(s.units[k]))
		}
		s.form = huh.NewForm(huh.NewGroup(fields...),
			huh.NewGroup(unitFields...).Title("Units").Description("Entries keep the values they were recorded in."),
		).WithTheme(env.Styles.Form).WithShowHelp(true).WithWidth(max(40, env.Width-6))
		return s.form.Init()
	case savedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		status := "Settings saved."
		if d, err := app.ParseLockAfter(msg.lockAfter); err == nil {
			status = "Settings saved: phr locks after " + app.DurationWords(d) + " without a key press."
			if d == 0 {
				status = "Settings saved: phr never locks by itself; ctrl+l locks it."
			}
		}
		units := msg.units
		cmds := []tea.Cmd{func() tea.Msg { return screen.UnitsMsg{Units: units} }, screen.Back, screen.Status(status)}
		if d, err := app.ParseLockAfter(msg.lockAfter); err == nil {
			cmds = append(cmds, func() tea.Msg { return screen.LockAfterMsg{After: d} })
		}
		return tea.Sequence(cmds...)
	case tea.KeyPressMsg:
		if key.Matches(msg, env.Keys.Back) {
			return screen.Back
		}
	}
	if s.form == nil {
		return nil
	}
	model, cmd := s.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		s.form = f
	}
	switch s.form.State {
	case huh.StateCompleted:
		s.form.State = huh.StateNormal
		ctx, p, l := env.Ctx, s.privacy, s.lockAfter
		set := map[string]string{}
		for k, v := range s.units {
			set[k] = *v
		}
		return env.Work("Saving…", func(sess *app.Session) tea.Msg {
			if err := sess.ChangeSettings(ctx, app.SettingsChange{PrivacyStart: &p, LockAfter: &l, Units: set}); err != nil {
				return savedMsg{err: err}
			}
			u, err := sess.Units(ctx)
			return savedMsg{lockAfter: l, units: u, err: err}
		})
	case huh.StateAborted:
		return screen.Back
	}
	return cmd
}

// View renders the form.
func (s *Model) View(env screen.Env, w, h int) string {
	if s.form == nil {
		return env.Styles.Muted.Render("Loading…")
	}
	return s.form.View()
}

// Keys lists the form's keys and esc.
func (s *Model) Keys(env screen.Env) []key.Binding {
	back := keys.WithHelp(env.Keys.Back, "cancel")
	if s.form == nil {
		return []key.Binding{back}
	}
	return append(s.form.KeyBinds(), back)
}

// Title names the screen.
func (s *Model) Title() string { return "Settings" }

// unitTitles asks for each kind of measurement's unit.
var unitTitles = map[string]string{
	"weight":      "Weight in",
	"height":      "Height in",
	"temperature": "Temperature in",
	"glucose":     "Blood glucose in",
	"distance":    "Distance in",
}

// short writes a duration as the lock field takes it: "5m", "90s", "2h".
func short(d time.Duration) string {
	switch {
	case d <= 0:
		return "off"
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}
