package detail

import (
	"os"
	"os/exec"
	"path/filepath"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/safetext"
	"github.com/phrhealth/phr/tui/components/confirm"
	"github.com/phrhealth/phr/tui/screen"
)

// files opens an entry's attached file in the system's viewer from a
// private folder in memory, or saves a copy after saying it is not
// encrypted.
type files struct {
	pick int
	// saving is the file a copy is asked for, to path; dialog asks.
	saving *record.Attachment
	path   string
	dialog *confirm.Dialog
	// open are the attachments with a copy open for a viewer that phr
	// cannot wait for: the copy stays until the lock or the end.
	open map[string]bool
}

// setOpen notes the attachments with a copy open for a viewer.
func (f *files) setOpen(ids []string) {
	f.open = map[string]bool{}
	for _, id := range ids {
		f.open[id] = true
	}
}

type viewReadyMsg struct {
	path, name, id string
	remove         func()
	err            error
}

type viewedMsg struct {
	name, id string
	// waited is set when phr waited for the viewer and removed the copy.
	waited bool
	err    error
}

type savedMsg struct {
	path string
	err  error
}

func (f *files) asking() bool { return f.saving != nil }

func (f *files) hint(n int) string {
	h := "v views the file, x saves a copy"
	if n > 1 {
		h += "; tab chooses another"
	}
	return h
}

// viewer is the command that opens a file (app.Viewer): $PHR_VIEWER,
// waited for, else the system's.
func viewer() (cmd string, waits bool) { return app.Viewer(os.Getenv) }

// key handles v, w and tab; ok is false for other keys.
func (f *files) key(env screen.Env, e record.Entry, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := env.Keys
	if len(e.Attachments) == 0 {
		return nil, false
	}
	f.pick = min(f.pick, len(e.Attachments)-1)
	a := e.Attachments[f.pick]
	switch {
	case key.Matches(msg, k.Tab):
		f.pick = (f.pick + 1) % len(e.Attachments)
		return nil, true
	case key.Matches(msg, k.ViewFile):
		dir := app.PrivateViewDir(os.Getenv)
		if dir == "" {
			return screen.Fail(errNoPrivateDir), true
		}
		return env.Work("Decrypting "+a.Name+"…", func(s *app.Session) tea.Msg {
			p, remove, err := s.ViewCopy(a, dir)
			return viewReadyMsg{path: p, name: a.Name, id: a.ID, remove: remove, err: err}
		}), true
	case key.Matches(msg, k.SaveFile):
		home, err := os.UserHomeDir()
		if err != nil {
			return screen.Fail(err), true
		}
		f.saving, f.path = &a, app.UniqueFile(home, a.Name)
		f.dialog = confirm.New("Cancel", "Save a copy")
		return f.dialog.Arm(env.Grace), true
	}
	return nil, false
}

func (f *files) update(env screen.Env, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case viewReadyMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		name, waits := viewer()
		c := exec.Command(name, msg.path)
		return tea.ExecProcess(c, func(err error) tea.Msg {
			if waits || err != nil {
				// The viewer is done with it (or never started).
				msg.remove()
			}
			return viewedMsg{name: msg.name, id: msg.id, waited: waits || err != nil, err: err}
		})
	case viewedMsg:
		if msg.err != nil {
			return screen.Fail(errViewer{msg.err})
		}
		if msg.waited {
			return screen.Status("Viewed " + safetext.Line(msg.name) + "; phr removed the copy it made for the viewer.")
		}
		// xdg-open and open hand the file over and return at once: phr
		// cannot know when the viewer is done, so the copy stays until the
		// session closes, and the screen says so.
		if f.open == nil {
			f.open = map[string]bool{}
		}
		f.open[msg.id] = true
		return screen.Status("Opened " + safetext.Line(msg.name) + " in your viewer. phr cannot tell when the viewer is done, so its copy stays in a private folder in memory until you lock (ctrl+l) or quit.")
	case savedMsg:
		if msg.err != nil {
			return screen.Fail(msg.err)
		}
		return screen.Status("Saved a copy: " + safetext.Line(msg.path) + " (not encrypted: delete it when you are done).")
	}
	if f.saving == nil {
		return nil
	}
	switch f.dialog.Update(env.Keys, msg) {
	case confirm.Safe:
		f.saving = nil
	case confirm.Risky:
		a, p := *f.saving, f.path
		f.saving = nil
		return env.Work("Saving a copy…", func(s *app.Session) tea.Msg {
			path, err := s.SaveAttachment(a, p, false)
			return savedMsg{path: path, err: err}
		})
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, env.Keys.Back) {
		f.saving = nil
	}
	return nil
}

func (f *files) view(env screen.Env, w int) string {
	st := env.Styles
	return st.WarnBox.Width(min(w-2, 72)).Render("Save a copy of " + safetext.Line(f.saving.Name) + "?\n\nIt will be " + safetext.Line(f.path) +
		"\n\nThe copy is not encrypted: anyone who can use this computer account can read it. Delete it when you are done.\n\n" +
		f.dialog.Buttons(st))
}

// errNoPrivateDir says why v does nothing here.
var errNoPrivateDir = errorString("no private in-memory folder to view it from: press x to save a copy instead")

type errorString string

func (e errorString) Error() string { return string(e) }

// errViewer says the viewer could not run.
type errViewer struct{ err error }

func (e errViewer) Error() string {
	name, _ := viewer()
	return "could not start the viewer (" + filepath.Base(name) + "): " + e.err.Error() + "; press x to save a copy instead"
}
