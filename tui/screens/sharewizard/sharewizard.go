// Package sharewizard is the share wizard: choose a carer (or a
// passphrase), the categories, single entries if wanted, dates, the expiry
// and the file; then a warning for any sensitive entry, which needs a
// deliberate choice; then a review that says plainly who will be able to
// read what until when. Every rule (selection, the sensitive gate, expiry
// limits, passphrase strength) is internal/app's.
package sharewizard

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/internal/share"
	"github.com/phrhealth/phr/internal/store"
	"github.com/phrhealth/phr/internal/when"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/components/entry"
	"github.com/phrhealth/phr/tui/components/passpair"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
)

// passphraseChoice is the "to" of an extract protected by a passphrase.
const passphraseChoice = "\x00passphrase"

// shareStep is where the wizard is.
type shareStep int

const (
	stepChoose shareStep = iota
	stepPassphrase
	stepSensitive
	stepReview
	stepDone
)

// Model is the share wizard.
type Model struct {
	step    shareStep
	form    *huh.Form
	carers  []record.Carer
	counts  map[record.Category]int
	entries []record.Entry
	ids     []string
	loaded  bool
	to      string
	cats    []record.Category
	since   string
	until   string
	expires string
	// expiresMu guards expires: huh runs the "Readable for" description
	// on its own goroutine while the form writes the field (lockedText).
	expiresMu sync.Mutex
	now       func() time.Time
	pass      string
	out       string
	req       app.ExportRequest
	plan      *app.ExportResult
	flagged   []share.Flagged
	dialog    *confirm.Dialog // the safe choice is focused on the warning and review
	result    *app.ExportResult
	problem   string
	planning  bool
	// ask asks before esc throws away the choices made.
	ask confirm.Discard
	// withFiles sends the chosen entries' attached files inside the extract.
	withFiles bool
	// hidden is privacy mode's test, as the wizard was opened.
	hidden func(record.Entry) bool
	// The passphrase step: what is typed, the strength, a suggestion.
	pair     *passpair.Pair
	ownWords []string
	// shown shows the passphrase on the last step (ctrl+s).
	shown bool
}

type shareLoadedMsg struct {
	carers  []record.Carer
	counts  map[record.Category]int
	entries []record.Entry
	out     string
	// ownWords are the profile's words, which the passphrase policy
	// refuses; the meter rates with them, as the export will.
	ownWords []string
	err      error
}

type planMsg struct {
	plan *app.ExportResult
	err  error
}

type exportedMsg struct {
	res *app.ExportResult
	err error
}

// New returns the share wizard.
func New() *Model { return &Model{expires: "1 week"} }

// Typing reports whether the form takes the keys.
func (s *Model) Typing() bool { return s.step == stepChoose || s.step == stepPassphrase }

// Load reads the carers, the counts and the entries (once).
func (s *Model) Load(env screen.Env) tea.Cmd {
	if s.loaded {
		return nil
	}
	ctx, now := env.Ctx, env.Now
	return env.Run(func(sess *app.Session) tea.Msg {
		cs, err := sess.Carers(ctx)
		if err != nil {
			return shareLoadedMsg{err: err}
		}
		counts, err := sess.Counts(ctx)
		if err != nil {
			return shareLoadedMsg{err: err}
		}
		es, err := sess.List(ctx, store.Filter{})
		if err != nil {
			return shareLoadedMsg{err: err}
		}
		p, err := sess.Profile(ctx)
		home, _ := os.UserHomeDir()
		out := app.DefaultShareFile(home, now())
		return shareLoadedMsg{carers: cs, counts: counts, entries: es, out: out, ownWords: p.Words(), err: err}
	})
}

func (s *Model) buildForm(env screen.Env) {
	var toOpts []huh.Option[string]
	for _, c := range s.carers {
		label := safetext.Line(c.Name)
		if c.Relationship != "" {
			label += " (" + safetext.Line(c.Relationship) + ")"
		}
		toOpts = append(toOpts, huh.NewOption(label, c.Name))
	}
	toOpts = append(toOpts, huh.NewOption("Someone without a key: protect it with a passphrase", passphraseChoice))
	if s.to == "" {
		s.to = toOpts[0].Value
	}
	var catOpts []huh.Option[record.Category]
	for _, c := range record.Categories() {
		if s.counts[c] > 0 {
			catOpts = append(catOpts, huh.NewOption(fmt.Sprintf("%s (%d)", c.Label(), s.counts[c]), c))
		}
	}
	s.now = env.Now
	s.hidden = env.Hidden
	s.form = huh.NewForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title("Who is it for?").Options(toOpts...).Value(&s.to),
			huh.NewMultiSelect[record.Category]().Title("What to share").
				Description("space ticks a category; only what you tick leaves").Options(catOpts...).Value(&s.cats).
				Validate(func(c []record.Category) error {
					if len(c) == 0 {
						return errors.New("tick at least one category")
					}
					return nil
				}),
		),
		huh.NewGroup(
			huh.NewMultiSelect[string]().Title("Only some of them? (optional)").
				Description("tick single entries to share just those; tick none to share the whole categories; / filters").
				OptionsFunc(s.entryOptions, &s.cats).Filterable(true).Height(min(12, max(5, env.Height-12))).Value(&s.ids),
		),
		huh.NewGroup(
			huh.NewConfirm().Title("Send the attached files too?").
				Description("inside the encrypted file; else only names leave").
				Affirmative("Send them").Negative("Leave them out").Value(&s.withFiles),
		).WithHideFunc(func() bool { return !s.hasFiles() }),
		huh.NewGroup(
			huh.NewInput().Title("From (optional)").Placeholder(env.Styles.Example("YYYY-MM-DD")).Value(&s.since).Validate(optionalDate),
			huh.NewInput().Title("Until (optional)").Placeholder(env.Styles.Example("YYYY-MM-DD")).Value(&s.until).Validate(optionalDate),
			// Said in words and shown as a date at once: "1m" (a minute or
			// a month?) is refused by when.ReadExpiry.
			huh.NewInput().Title("Readable for").DescriptionFunc(s.expiryWords, &s.expires).
				Accessor(lockedText{mu: &s.expiresMu, v: &s.expires}).Validate(func(v string) error { _, err := when.ReadExpiry(v, s.now()); return err }),
			huh.NewInput().Title("Save the file as").Value(&s.out).Validate(func(v string) error {
				if strings.TrimSpace(v) == "" {
					return errors.New("say where to save the file")
				}
				return app.CheckNewFile(env.Config, screen.ExpandHome(v))
			}),
		),
	).WithTheme(env.Styles.Form).WithShowHelp(true).WithWidth(max(40, env.Width-6))
}

// hasFiles reports whether an entry of the ticked categories (or one of the
// ticked entries) has an attached file.
func (s *Model) hasFiles() bool {
	for _, e := range s.entries {
		if len(e.Attachments) == 0 || !slices.Contains(s.cats, e.Category) {
			continue
		}
		if len(s.ids) == 0 || slices.Contains(s.ids, e.ID) {
			return true
		}
	}
	return false
}

// entryOptions lists the entries of the ticked categories, newest first,
// for choosing single entries. Sensitive ones say so.
func (s *Model) entryOptions() []huh.Option[string] {
	var out []huh.Option[string]
	for _, e := range s.entries {
		if !slices.Contains(s.cats, e.Category) {
			continue
		}
		label := entry.Dash(safetext.Line(when.DateOf(e.Date))) + "  " + safetext.Line(e.Title)
		switch {
		case s.hidden != nil && s.hidden(e):
			// Privacy mode: neither the title nor the kind.
			label = entry.Dash(when.DateOf(e.Date)) + "  " + entry.Hidden
		case len(e.Sensitive) > 0:
			label += "  ⚑ " + entry.Kinds(e.Sensitive)
		}
		out = append(out, huh.NewOption(label, e.ID))
	}
	return out
}

func optionalDate(v string) error {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	_, _, err := when.ParseDate(v)
	return err
}

// expiryWords says when the file stops being readable, as the person
// types: "until Sunday 29 November 2026 at 10:00 (7 days from now)".
func (s *Model) expiryWords() string {
	if s.now == nil {
		return ""
	}
	s.expiresMu.Lock()
	expires := s.expires
	s.expiresMu.Unlock()
	at, err := when.ReadExpiry(expires, s.now())
	if err != nil {
		return "in words, such as 3 days, 2 weeks or 1 month (1 year at most), or a date"
	}
	return "until " + when.Until(at.Local(), s.now())
}

// lockedText is a form field's value behind a mutex, for a field that a
// description function (run by huh as a command, on another goroutine)
// reads while the form writes it.
type lockedText struct {
	mu *sync.Mutex
	v  *string
}

func (l lockedText) Get() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return *l.v
}

func (l lockedText) Set(v string) {
	l.mu.Lock()
	*l.v = v
	l.mu.Unlock()
}

// request builds the export request from the answers.
func (s *Model) request() app.ExportRequest {
	expires := s.expires
	if at, err := when.ReadExpiry(s.expires, s.now()); err == nil {
		// The moment the person saw, not words the export reads again.
		expires = at.Format(time.RFC3339)
	}
	r := app.ExportRequest{Expires: expires, Out: screen.ExpandHome(s.out), WithAttachments: s.withFiles && s.hasFiles(),
		Selection: share.Selection{Categories: s.cats, Since: strings.TrimSpace(s.since), Until: strings.TrimSpace(s.until)}}
	if len(s.ids) > 0 {
		// Single entries chosen: exactly those, whatever the dates say.
		r.Selection = share.Selection{IDs: slices.Clone(s.ids)}
	}
	if s.to == passphraseChoice {
		r.Passphrase = []byte(s.pass)
	} else {
		r.To = s.to
	}
	return r
}

func (s *Model) planCmd(env screen.Env, req app.ExportRequest) tea.Cmd {
	ctx := env.Ctx
	s.planning = true
	return env.Run(func(sess *app.Session) tea.Msg {
		p, err := sess.PlanExport(ctx, req)
		return planMsg{plan: p, err: err}
	})
}

// Update runs the steps.
func (s *Model) Update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case shareLoadedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		s.carers, s.counts, s.entries, s.loaded = msg.carers, msg.counts, msg.entries, true
		s.ownWords = msg.ownWords
		if s.out == "" {
			s.out = msg.out
		}
		s.buildForm(env)
		return s.form.Init()
	case planMsg:
		s.planning = false
		s.plan = msg.plan
		switch {
		case errs.Is(msg.err, errs.Policy) && msg.plan != nil:
			s.flagged = msg.plan.Flagged
			return s.enter(env, stepSensitive)
		case msg.err != nil && s.to == passphraseChoice && errs.Is(msg.err, errs.Policy) && msg.plan == nil:
			// The extract's passphrase was refused (the vault's own): ask
			// for another, not for the whole form again.
			cmd := s.askPassphrase()
			s.problem = msg.err.Error()
			return cmd
		case msg.err != nil:
			s.problem = msg.err.Error()
			s.step = stepChoose
			s.buildForm(env)
			return s.form.Init()
		default:
			return s.enter(env, stepReview)
		}
	case exportedMsg:
		if msg.err != nil {
			s.problem = msg.err.Error()
			return s.enter(env, stepReview)
		}
		s.result = msg.res
		s.step = stepDone
		// The passphrase was perhaps shown while typed; here it waits for ctrl+s.
		s.shown = false
		return nil
	case tea.KeyPressMsg:
		if key.Matches(msg, env.Keys.Back) && s.chosen() && !s.ask.Asking() {
			return s.ask.Open(env.Grace)
		}
		if key.Matches(msg, env.Keys.Back) && !s.ask.Asking() {
			return screen.Back
		}
		switch s.step {
		case stepSensitive, stepReview:
		case stepDone:
			switch {
			case key.Matches(msg, env.Keys.Submit):
				return screen.Back
			case key.Matches(msg, env.Keys.ShowPassphrase):
				s.shown = !s.shown
			}
			return nil
		}
	}
	if s.ask.Asking() {
		if s.ask.Update(env.Keys, msg) {
			return screen.Back
		}
		return nil
	}
	if s.step == stepPassphrase {
		return s.updatePassphrase(env, msg)
	}
	if (s.step == stepSensitive || s.step == stepReview) && s.dialog != nil {
		return s.decide(env, msg)
	}
	if s.step != stepChoose || s.form == nil || s.planning {
		return nil
	}
	if screen.Edits(msg) {
		s.problem = "" // the person is correcting it
	}
	model, cmd := s.form.Update(msg)
	if f, ok := model.(*huh.Form); ok {
		s.form = f
	}
	switch s.form.State {
	case huh.StateCompleted:
		s.problem = ""
		if s.to == passphraseChoice {
			return tea.Batch(cmd, s.askPassphrase())
		}
		s.req = s.request()
		return tea.Batch(cmd, s.planCmd(env, s.req))
	case huh.StateAborted:
		return screen.Back
	}
	return cmd
}

// enter opens a step that needs a deliberate choice: the safe choice is
// focused and keys are ignored for a moment.
func (s *Model) enter(env screen.Env, step shareStep) tea.Cmd {
	if step == stepSensitive {
		s.dialog = confirm.New("Leave them out", "Include them")
	} else {
		s.dialog = confirm.New("Cancel", "Share")
	}
	s.step = step
	return s.dialog.Arm(env.Grace)
}

func (s *Model) decide(env screen.Env, msg tea.Msg) tea.Cmd {
	choice := s.dialog.Update(env.Keys, msg)
	if choice == confirm.Undecided {
		return nil
	}
	if s.step == stepSensitive {
		if choice == confirm.Safe {
			// Leave them out: share the chosen entries that are not sensitive.
			var ids []string
			flagged := map[string]bool{}
			for _, f := range s.flagged {
				flagged[f.ID] = true
			}
			for _, e := range s.plan.Selected {
				if !flagged[e.ID] {
					ids = append(ids, e.ID)
				}
			}
			if len(ids) == 0 {
				s.problem = "Everything you chose is sensitive, so nothing is left to share."
				s.step = stepChoose
				s.buildForm(env)
				return s.form.Init()
			}
			s.req.Selection = share.Selection{IDs: ids}
			s.req.IncludeSensitive = false
		} else {
			s.req.IncludeSensitive = true
		}
		return s.planCmd(env, s.req)
	}
	// Review.
	if choice == confirm.Safe {
		return screen.Back
	}
	ctx, req := env.Ctx, s.req
	return env.Work("Writing the encrypted file…", func(sess *app.Session) tea.Msg {
		res, err := sess.Export(ctx, req)
		clear(req.Passphrase)
		return exportedMsg{res: res, err: err}
	})
}

func (s *Model) who() string {
	if s.to == passphraseChoice {
		return "Anyone who has the file and its passphrase"
	}
	for _, c := range s.carers {
		if c.Name == s.to && c.Relationship != "" {
			return safetext.Line(c.Name + " (" + c.Relationship + ")")
		}
	}
	return safetext.Line(s.to)
}

// keyLine names the carer's key by its fingerprint, for a last check with
// them; empty for a passphrase.
func (s *Model) keyLine() string {
	for _, c := range s.carers {
		if c.Name == s.to && s.to != passphraseChoice {
			return "Their key's fingerprint: " + app.RecipientFingerprint(c.Recipient) + "\n"
		}
	}
	return ""
}

// View renders the step.
func (s *Model) View(env screen.Env, w, h int) string {
	st := env.Styles
	if !s.loaded {
		return st.Muted.Render("Loading…")
	}
	var b strings.Builder
	if s.problem != "" {
		b.WriteString(st.Error.Render("✗ "+safetext.Line(s.problem)) + "\n\n")
	}
	buttons := func(string, string) string { return s.dialog.Buttons(st) }
	if s.ask.Asking() {
		b.WriteString(s.ask.View(st, w, "Discard what you chose to share?\n\nNothing is shared if you do."))
		return b.String()
	}
	switch s.step {
	case stepChoose:
		if len(s.carers) == 0 {
			b.WriteString(st.Muted.Render("No carers yet: you can protect the file with a passphrase, or add a carer on the carers screen (h from home, then a).") + "\n\n")
		}
		b.WriteString(s.form.View())
	case stepPassphrase:
		b.WriteString(s.viewPassphrase(env, w, h))
	case stepSensitive:
		var list strings.Builder
		for i, f := range s.flagged {
			if i == max(3, (h-14)/2) {
				list.WriteString(fmt.Sprintf("  … and %d more\n", len(s.flagged)-i))
				break
			}
			if env.Privacy && !env.Revealed[f.ID] {
				list.WriteString(fmt.Sprintf("  ⚑ %s  %s\n", entry.Dash(when.DateOf(f.Date)), entry.Hidden))
				continue
			}
			why := entry.Kinds(f.Kinds)
			if len(f.NotChecked) > 0 {
				// An attachment phr could not read needs the same decision.
				why = strings.TrimPrefix(why+"; not checked: "+safetext.Line(strings.Join(f.NotChecked, ", ")), "; ")
				if len(f.Kinds) == 0 {
					why = "not checked: " + safetext.Line(strings.Join(f.NotChecked, ", "))
				}
			}
			list.WriteString(fmt.Sprintf("  ⚑ %s  %s  (%s)\n", entry.Dash(safetext.Line(when.DateOf(f.Date))), safetext.Line(f.Title), why))
			if len(f.Kinds) > 0 && f.Reasons[f.Kinds[0]] != "" {
				// Why phr thinks so: the code, word or label and where.
				because := []rune("because " + safetext.Line(f.Reasons[f.Kinds[0]]))
				if len(because) > 64 {
					because = append(because[:63], '…')
				}
				list.WriteString("      " + string(because) + "\n")
			}
		}
		head := fmt.Sprintf("%d of the entries you chose are sensitive:", len(s.flagged))
		if len(s.flagged) == 1 {
			head = "1 of the entries you chose is sensitive:"
		}
		if env.Privacy {
			head += "\n(privacy mode hides them: p shows what they are)"
		}
		b.WriteString(st.WarnBox.Width(min(w-2, 76)).Render(fmt.Sprintf(
			"%s\n\n%s\nThey stay on this computer unless you decide to include them.\nAnyone you share with could keep a copy.\n\n%s",
			head, list.String(), buttons("Leave them out", "Include them"))))
	case stepReview:
		p := s.plan
		var cats []string
		counts := map[record.Category]int{}
		for _, e := range p.Selected {
			counts[e.Category]++
		}
		for _, c := range record.Categories() {
			if counts[c] > 0 {
				cats = append(cats, fmt.Sprintf("%s %d", strings.ToLower(c.Label()), counts[c]))
			}
		}
		sens := "No sensitive entries are included."
		if len(p.SensitiveIncluded) > 0 {
			sens = st.Warning.Render("⚑ Sensitive entries are included: " + entry.Kinds(p.SensitiveIncluded) + ".")
			if env.Privacy {
				sens = st.Warning.Render("⚑ Sensitive entries are included (privacy mode hides which kinds).")
			}
		}
		n := record.Count(p.Entries, "entry", "entries")
		if p.Entries == 1 {
			n = "1 entry"
		}
		b.WriteString(st.Card.Width(min(w-2, 76)).Render(fmt.Sprintf(
			"%s will be able to read %s\n(%s)\nuntil %s.\n\n%s\n%s\n%sThe file: %s\nAfter that date phr refuses to open it, but anyone who read it could keep a copy.\n\n%s",
			s.who(), n, strings.Join(cats, ", "), p.Expires.Local().Format("Monday 2 January 2006, 15:04"),
			sens, filesLine(p), s.keyLine(), filepath.Base(s.req.Out), buttons("Cancel", "Share"))))
	case stepDone:
		r := s.result
		b.WriteString(st.Good.Render("✓ Shared.") + "\n\n")
		to := r.To
		if s.to == passphraseChoice {
			to = "anyone with the passphrase"
		}
		b.WriteString(st.Normal.Width(max(20, w)).Render(fmt.Sprintf("Wrote %s: %s for %s, readable until %s.", r.File, record.Count(r.Entries, "entry", "entries"), to, r.Expires.Local().Format("2006-01-02 15:04"))) + "\n")
		if s.to == passphraseChoice {
			b.WriteString("\n" + s.readOut(env, w) + "\n")
		}
		b.WriteString(st.Muted.Width(max(20, w)).Render("Send the file any way you like. It is in your shares history and the audit log.") + "\n\nPress enter to go back.")
	}
	return b.String()
}

// Keys lists the keys of the step.
func (s *Model) Keys(env screen.Env) []key.Binding {
	k := env.Keys
	if s.ask.Asking() {
		return s.ask.Keys(k)
	}
	if s.step == stepChoose && s.form != nil {
		return append(s.form.KeyBinds(), keys.WithHelp(k.Back, "cancel"))
	}
	if s.step == stepPassphrase {
		return []key.Binding{keys.WithHelp(k.Submit, "continue"), keys.WithHelp(k.Generate, "random words"),
			keys.WithHelp(k.ShowPassphrase, "show"), k.Tab, keys.WithHelp(k.Back, "cancel")}
	}
	if s.step == stepDone && s.to == passphraseChoice {
		return []key.Binding{keys.WithHelp(k.Submit, "back"), keys.WithHelp(k.ShowPassphrase, "show the passphrase")}
	}
	if s.dialog != nil && s.step != stepDone {
		return append(s.dialog.Keys(k), keys.WithHelp(k.Back, "cancel"))
	}
	return []key.Binding{keys.WithHelp(k.Submit, "back"), keys.WithHelp(k.Back, "cancel")}
}

// Title names the screen.
func (s *Model) Title() string { return "Share" }

// filesLine says which attached files travel, or that they stay behind;
// empty when the entries have none.
func filesLine(p *app.ExportResult) string {
	switch {
	case p.Files == 1:
		return "1 attached file (" + app.SizeWords(p.FileBytes) + ") goes inside, encrypted with it.\n"
	case p.Files > 1:
		return record.Count(p.Files, "attached file", "attached files") + " (" + app.SizeWords(p.FileBytes) + ") go inside, encrypted with it.\n"
	case p.FilesLeft == 1:
		return "1 attached file stays behind: only its name leaves.\n"
	case p.FilesLeft > 1:
		return record.Count(p.FilesLeft, "attached file", "attached files") + " stay behind: only their names leave.\n"
	}
	return ""
}

// draft is what Draft hands over and FromDraft reads: the first step's
// answers. Never a passphrase: the wizard asks for it again.
type draft struct {
	To        string            `json:"to"`
	Cats      []record.Category `json:"cats"`
	IDs       []string          `json:"ids"`
	Since     string            `json:"since"`
	Until     string            `json:"until"`
	Expires   string            `json:"expires"`
	Out       string            `json:"out"`
	WithFiles bool              `json:"with_files"`
}

// chosen reports whether choices were made on the first step (which esc
// asks before throwing away, and a draft keeps).
func (s *Model) chosen() bool {
	return s.loaded && s.step == stepChoose && !s.planning &&
		(len(s.cats)+len(s.ids) > 0 || s.since+s.until != "" || s.expires != New().expires)
}

// Draft hands over the choices made so far (nothing before any, or past
// the first step), for the root to keep across the lock.
func (s *Model) Draft() (string, []byte, bool) {
	if !s.chosen() {
		return "", nil, false
	}
	return screen.MakeDraft(screen.Share, draft{To: s.to, Cats: s.cats, IDs: s.ids, Since: s.since, Until: s.until,
		Expires: s.expires, Out: s.out, WithFiles: s.withFiles})
}

// FromDraft makes the wizard again from what Draft handed over; it loads
// the carers and entries afresh, and a carer removed meanwhile is simply
// not offered.
func FromDraft(b []byte) (*Model, error) {
	var d draft
	if err := screen.ReadDraft(b, &d); err != nil {
		return nil, err
	}
	s := New()
	s.to, s.cats, s.ids, s.since, s.until, s.out, s.withFiles = d.To, d.Cats, d.IDs, d.Since, d.Until, d.Out, d.WithFiles
	if d.Expires != "" {
		s.expires = d.Expires
	}
	return s, nil
}
