package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/testkit"
)

const testPass = "correct-horse-lantern-meadow-violin"

var testNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// Golden frames show local times: pin them.
	time.Local = time.UTC
	code := m.Run()
	testkit.RemoveBuilt()
	os.Exit(code)
}

func testConfig(t testing.TB) app.Config {
	return app.Config{VaultDir: filepath.Join(t.TempDir(), "vault"), Clock: clock.Fixed(testNow),
		Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}
}

// filledVault makes a vault holding the seeded demo patient.
func filledVault(t testing.TB) app.Config {
	t.Helper()
	cfg := testConfig(t)
	s, err := app.Init(context.Background(), cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FillDemo(context.Background(), demo.Generate(7, demo.SmallSize(), testNow)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	return cfg
}

// ui runs the interface in a test terminal.
type ui struct {
	t  *testing.T
	tm *teatest.TestModel
}

func start(t *testing.T, cfg app.Config, w, h int) *ui {
	t.Helper()
	return startWith(t, cfg, w, h, true)
}

// startWith is start with or without colour.
func startWith(t *testing.T, cfg app.Config, w, h int, noColor bool) *ui {
	t.Helper()
	m := New(context.Background(), Options{Config: cfg, Unlock: app.Unlock{NoKeyring: true}, NoColor: noColor, Grace: -1})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() {
		// ctrl+c goes through the model's own quit, which closes the session
		// and frees the vault for the next test.
		tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return &ui{t: t, tm: tm}
}

// screen returns the current frame without escape codes.
func (u *ui) screen() string {
	ch := make(chan string, 1)
	u.tm.Send(snapshotMsg{ch: ch})
	select {
	case s := <-ch:
		return ansi.Strip(s)
	case <-time.After(5 * time.Second):
		u.t.Fatal("the interface did not answer")
	}
	return ""
}

// waitFor waits until the frame shows every one of wants and nothing is
// busy.
func (u *ui) waitFor(wants ...string) string {
	u.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = u.screen()
		all := true
		for _, w := range wants {
			all = all && strings.Contains(s, w)
		}
		if all && !strings.Contains(s, "Loading…") && !strings.Contains(s, "Opening your record") &&
			!strings.Contains(s, "Saving…") && !strings.Contains(s, "Creating your") {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	u.t.Fatalf("the screen never showed %q; it shows:\n%s", wants, s)
	return ""
}

// waitGone waits until the frame no longer shows gone (a list reloads after
// a change through a command, a frame or two after the change's message).
func (u *ui) waitGone(gone string) string {
	u.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		if s = u.screen(); !strings.Contains(s, gone) {
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
	u.t.Fatalf("the screen still shows %q:\n%s", gone, s)
	return ""
}

func (u *ui) typeText(s string)       { u.tm.Type(s) }
func (u *ui) press(k tea.KeyPressMsg) { u.tm.Send(k) }

var (
	enter     = tea.KeyPressMsg{Code: tea.KeyEnter}
	esc       = tea.KeyPressMsg{Code: tea.KeyEscape}
	down      = tea.KeyPressMsg{Code: tea.KeyDown}
	tab       = tea.KeyPressMsg{Code: tea.KeyTab}
	ctrlL     = tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl}
	backspace = tea.KeyPressMsg{Code: tea.KeyBackspace}
)

func char(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

// unlock types the passphrase and waits for the home screen.
func (u *ui) unlock() string {
	u.waitFor("Passphrase:")
	u.typeText(testPass)
	u.press(enter)
	return u.waitFor("Home")
}

// sizes are the terminal sizes every screen's golden frames are taken at:
// 60x20 is the smallest phr supports.
var sizes = [][2]int{{60, 20}, {80, 24}, {120, 40}}

// TestScreens renders every screen at 60x20, 80x24 and 120x40 and compares
// each frame with its golden file (go test ./tui -update rewrites them).
func TestScreens(t *testing.T) {
	for _, size := range sizes {
		cfg := filledVault(t)
		w, h := size[0], size[1]
		shot := func(t *testing.T, name, frame string) {
			t.Run(fmt.Sprintf("%s_%dx%d", name, w, h), func(t *testing.T) { golden.RequireEqual(t, frame) })
		}
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			u := start(t, cfg, w, h)
			shot(t, "unlock", u.waitFor("Passphrase:"))
			u.typeText("not-the-right-passphrase-at-all")
			u.press(enter)
			shot(t, "wrong_passphrase", u.waitFor("does not open"))
			home := u.unlock()
			shot(t, "home", home)
			u.press(down)
			u.press(enter)
			shot(t, "list", u.waitFor("Medications ·"))
			u.press(enter)
			shot(t, "detail", u.waitFor("Category"))
			u.press(esc)
			u.waitFor("Medications ·")
			u.press(char('a'))
			shot(t, "add_form", u.waitFor("Add to Medications"))
			u.press(esc)
			u.waitFor("Medications ·")
			u.press(char('d'))
			shot(t, "remove", u.waitFor(`Delete "`, "Keep it"))
			u.press(esc)
			u.waitFor("Medications ·")
			u.press(char('?'))
			shot(t, "help", u.waitFor("Keys on this screen"))
			u.press(char('?'))
			u.press(esc)
			u.waitFor("Home")
			u.press(char('s'))
			u.waitFor("Search:")
			u.typeText("metformin")
			shot(t, "search", u.waitFor("Search: metformin", "for “metformin”"))
			u.press(esc)
			u.waitFor("Home")
			u.press(char('c'))
			shot(t, "chart", u.waitFor("chart 1 of"))
			u.press(esc)
			u.waitFor("Home")
			u.press(char('l'))
			shot(t, "audit", u.waitFor("The log holds"))
			u.press(esc)
			u.waitFor("Home")
			u.press(char('o'))
			shot(t, "settings", u.waitFor("› Settings", "Lock after"))
			u.press(enter)
			u.press(enter)
			shot(t, "settings_units", u.waitFor("› Settings", "Distance in"))
			u.press(esc)
			u.waitFor("› Home")
			u.press(char('p'))
			u.press(enter) // conditions
			shot(t, "privacy", u.waitFor("sensitive, hidden"))
			u.press(ctrlL)
			locked := u.waitFor("Locked")
			shot(t, "locked", locked)
			if strings.Contains(locked, "Depression") || strings.Contains(locked, "Conditions ·") {
				t.Fatal("the locked screen shows the record")
			}
		})
	}
}

func TestFirstRun(t *testing.T) {
	for _, size := range sizes {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			cfg := testConfig(t)
			u := start(t, cfg, w, h)
			u.waitFor("Passphrase:")
			u.typeText("password123")
			weak := u.waitFor("too weak")
			t.Run("weak", func(t *testing.T) { golden.RequireEqual(t, weak) })
			// A weak passphrase cannot be confirmed.
			u.press(enter)
			u.waitFor("too weak to protect")
			for range len("password123") {
				u.press(tea.KeyPressMsg{Code: tea.KeyBackspace})
			}
			u.typeText(testPass)
			strong := u.waitFor("acceptable")
			t.Run("strong", func(t *testing.T) { golden.RequireEqual(t, strong) })
			u.press(enter)
			u.typeText("something else")
			u.press(enter)
			u.waitFor("are different")
			u.typeText(testPass)
			u.press(enter)
			u.waitFor("Home")
			if ok, _ := app.Exists(cfg); !ok {
				t.Fatal("no vault was created")
			}
		})
	}
}

func TestAddEditDeleteThroughTheInterface(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 100, 30)
	u.unlock()
	u.press(char('s'))
	u.waitFor("Search:")
	u.press(esc)
	u.waitFor("Home")
	// Open Notes (the last category) and add one.
	for range 10 {
		u.press(down)
	}
	u.press(enter)
	u.waitFor("Notes ·")
	u.press(char('a'))
	u.waitFor("Add to Notes")
	// huh focuses the next field asynchronously: pause as a person would.
	// The date as people say it: the clock says 22 November 2026.
	u.fillEntryForm("Asked about the new inhaler", "yesterday")
	u.waitFor("Added Asked about the new inhaler")
	s := u.waitFor("Notes ·")
	if !strings.Contains(s, "Asked about the new inhaler") {
		t.Fatalf("the new note is not listed:\n%s", s)
	}
	// Delete asks first with "keep it" focused: enter keeps it.
	u.press(char('d'))
	u.waitFor("Keep it")
	u.press(enter)
	u.waitFor("Notes ·")
	u.press(char('d'))
	// It names the entry by title, category and date, and says how to undo.
	q := u.waitFor(`Delete "`, "(note, 2026-11-21)", "phr restore --backup 1")
	which := q[strings.Index(q, `Delete "`)+len("Delete "):]
	which = which[:strings.Index(which, ")?")+1]
	u.press(char('y'))
	u.waitFor("Deleted " + which + ". To undo")
}

func TestIdleLock(t *testing.T) {
	cfg := filledVault(t)
	now := testNow
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	clk := clock.Func(func() time.Time { <-mu; defer func() { mu <- struct{}{} }(); return now })
	cfg.Clock = clk
	m := New(context.Background(), Options{Config: cfg, Unlock: app.Unlock{NoKeyring: true}, NoColor: true, LockAfter: "2m", Grace: -1})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	u := &ui{t: t, tm: tm}
	t.Cleanup(func() { tm.Quit() })
	u.unlock()
	<-mu
	now = now.Add(3 * time.Minute)
	mu <- struct{}{}
	s := u.waitFor("Locked after 2 minutes")
	if strings.Contains(s, "Morgan") || strings.Contains(s, "Allergies") {
		t.Fatalf("the idle lock left the record on screen:\n%s", s)
	}
}

func TestDemo(t *testing.T) {
	m := New(context.Background(), Options{Demo: true, NoColor: true, Grace: -1})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	u := &ui{t: t, tm: tm}
	s := u.waitFor("Home")
	if !strings.Contains(s, "Measurements") {
		t.Fatalf("demo home:\n%s", s)
	}
	dir := m.opts.Config.VaultDir
	if dir == "" {
		t.Fatal("the demo has no folder")
	}
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if _, err := os.Stat(filepath.Dir(dir)); !os.IsNotExist(err) {
		t.Fatalf("the demo folder %s was not removed", dir)
	}
}

// TestChangedOnDiskOffersReload replaces record.age behind the interface's
// back (same size and time, as a sync tool might); the next save is refused,
// and the interface offers to load the newer record instead of overwriting.
func TestChangedOnDiskOffersReload(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 100, 30)
	u.unlock()
	rec := filepath.Join(cfg.VaultDir, "record.age")
	fi, _ := os.Stat(rec)
	old, err := os.ReadFile(rec + ".1")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(rec, old, 0o600)
	os.Chtimes(rec, fi.ModTime(), fi.ModTime())
	for range 10 {
		u.press(down)
	}
	u.press(enter)
	u.waitFor("Notes ·")
	u.press(char('a'))
	u.waitFor("Add to Notes")
	u.fillEntryForm("Written while a sync tool replaced the file", "")
	s := u.waitFor("phr did not write over it", "Load the newer record")
	if !strings.Contains(s, "record.conflict-") {
		t.Fatalf("the dialog does not say where the change went:\n%s", s)
	}
	if got, _ := os.ReadFile(rec); string(got) != string(old) {
		t.Fatal("the replaced file was overwritten")
	}
	u.press(enter)
	u.waitFor("Loaded the newer record")
}

// TestPrivacyAtStart: with the setting on, the interface opens in privacy
// mode and sensitive entries are hidden from the first screen.
func TestPrivacyAtStart(t *testing.T) {
	cfg := filledVault(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	on, after := true, "2m"
	if err := s.SaveSettings(context.Background(), &on, &after); err != nil {
		t.Fatal(err)
	}
	s.Close()
	u := start(t, cfg, 100, 30)
	home := u.unlock()
	if !strings.Contains(home, "[privacy mode]") {
		t.Fatalf("not in privacy mode at start:\n%s", home)
	}
}

// formStep is how long the tests pause after a key that moves a huh form to
// its next field: huh focuses fields asynchronously, and a loaded 2-core CI
// machine needs the time.
const formStep = 150 * time.Millisecond

// fillEntryForm goes through a note's add form one field at a time, waiting for
// each field to have the focus (huh moves it asynchronously), so a loaded
// machine cannot send a key to the wrong field.
func (u *ui) fillEntryForm(title, date string) {
	u.t.Helper()
	fields := []struct {
		name, text string
		k          tea.KeyPressMsg
	}{
		{"Title", title, enter}, {"Date", date, enter}, {"Notes", "", tab}, {"Tags", "", enter},
		{"Sensitive", "", enter}, {"Attach a file", "", enter},
	}
	for _, f := range fields {
		u.waitFor("┃ " + f.name)
		if f.text != "" {
			u.typeText(f.text)
			u.waitFor(f.text)
		}
		u.press(f.k)
	}
}

// brokenKeyring is a keyring that refuses to store, as on a desktop with no
// secret service running.
type brokenKeyring struct{}

func (brokenKeyring) Get(string) (string, error) { return "", errors.New("no keyring") }
func (brokenKeyring) Set(string, string) error {
	return errors.New("no secret service is running")
}
func (brokenKeyring) Delete(string) error { return errors.New("no keyring") }

// TestFirstRunKeyringFails asks to remember the key where no keyring works:
// the vault is made, and the person is told the key was not kept and why.
func TestFirstRunKeyringFails(t *testing.T) {
	cfg := testConfig(t)
	cfg.Keyring = brokenKeyring{}
	u := start(t, cfg, 120, 30)
	u.waitFor("Passphrase:")
	u.typeText(testPass)
	u.waitFor("acceptable")
	u.press(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	u.waitFor("[x] Remember")
	u.press(enter)
	u.typeText(testPass)
	u.press(enter)
	s := u.waitFor("Home", "could not be kept in the system keyring")
	if strings.Contains(s, "is kept in the system keyring") {
		t.Fatalf("the status claims the key was kept:\n%s", s)
	}
}

// TestHomeScrollsOnASmallScreen: at 60x20 the home menu scrolls with its
// cursor, and enter opens the line that is highlighted, to the last one.
func TestHomeScrollsOnASmallScreen(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 60, 20)
	u.unlock()
	for range 10 {
		u.press(down)
	}
	u.waitFor("› Notes", "more above")
	u.press(enter)
	u.waitFor("Notes ·")
	u.press(esc)
	// "› Notes" alone is also the list's own header: wait for home's.
	u.waitFor("› Home", "› Notes  ")
	for _, want := range []string{"i  Your", "s  Search", "c  Charts", "n  Share", "h  Carers", "w  Print", "f  Import", "l  Audit", "o  Settings"} {
		u.press(down)
		u.waitFor("› " + want)
	}
	u.press(enter)
	u.waitFor("› Settings")
}

// TestFirstRunOnASmallScreen: at 60x20 the welcome screen keeps the field
// being typed on screen, and a suggested passphrase is never broken inside
// a word.
func TestFirstRunOnASmallScreen(t *testing.T) {
	cfg := testConfig(t)
	u := start(t, cfg, 60, 20)
	u.waitFor("Passphrase:")
	u.typeText("password123")
	u.waitFor("Passphrase:", "too weak")
	for range len("password123") {
		u.press(backspace)
	}
	u.press(tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl})
	s := u.waitFor("Suggested (write it down):")
	card := s[strings.Index(s, "Suggested (write it down):"):]
	var words []string
	for _, l := range strings.Split(card, "\n")[1:] {
		l = strings.Trim(l, " │")
		if strings.HasPrefix(l, "╰") {
			break
		}
		words = append(words, l)
	}
	p := strings.Join(words, "")
	if strings.Count(p, "-") != 4 || strings.Contains(p, " ") {
		t.Fatalf("the suggested passphrase is not five whole words: %q\n%s", p, s)
	}
	for _, l := range words[:len(words)-1] {
		if !strings.HasSuffix(l, "-") {
			t.Fatalf("the suggestion breaks inside a word at %q:\n%s", l, s)
		}
	}
	u.press(enter)
	u.waitFor("Type it again:", "Remember the key")
	u.typeText(p)
	u.press(enter)
	u.waitFor("Home")
}

// TestFormScrollsOnASmallScreen: at 60x20 the add form scrolls to each
// field in turn (fillEntryForm waits to see each one focused), to the end.
func TestFormScrollsOnASmallScreen(t *testing.T) {
	cfg := filledVault(t)
	u := start(t, cfg, 60, 20)
	u.unlock()
	for range 10 {
		u.press(down)
	}
	u.press(enter)
	u.waitFor("Notes ·")
	u.press(char('a'))
	u.waitFor("Add to Notes")
	u.fillEntryForm("Typed on a small screen", "2026-11-20")
	u.waitFor("Added Typed on a small screen")
}

// raw returns the current frame with its escape codes.
func (u *ui) raw() string {
	ch := make(chan string, 1)
	u.tm.Send(snapshotMsg{ch: ch})
	select {
	case s := <-ch:
		return s
	case <-time.After(5 * time.Second):
		u.t.Fatal("the interface did not answer")
	}
	return ""
}

// sgrBefore returns the parameters of the last style set before text in
// a raw frame ("" when there is none).
func sgrBefore(raw, text string) (string, bool) {
	i := strings.Index(raw, text)
	if i < 0 {
		return "", false
	}
	j := strings.LastIndex(raw[:i], "\x1b[")
	if j < 0 {
		return "", true
	}
	end := strings.IndexByte(raw[j:], 'm')
	if end < 0 || j+end > i {
		return "", true
	}
	return raw[j+2 : j+end], true
}

// TestPlaceholdersWithoutColour: with colour off, the example in an empty
// field is italic where typed text is not, so the two never look alike.
// (The forms' theme is styles' TestPlaceholdersStandApart; huh draws a
// field without the focus with the text input's own placeholder style,
// which a theme does not reach.)
func TestPlaceholdersWithoutColour(t *testing.T) {
	cfg := filledVault(t)
	u := startWith(t, cfg, 100, 30, true)
	u.unlock()
	u.press(char('s'))
	u.waitFor("Search:", "start of one")
	italic := func(params string) bool { return slices.Contains(strings.Split(params, ";"), "3") }
	if p, ok := sgrBefore(u.raw(), "start of one"); !ok || !italic(p) {
		t.Fatalf("the search field's example is not marked as one (style %q)", p)
	}
	u.typeText("aspirin")
	u.waitFor("Search: aspirin")
	if p, ok := sgrBefore(u.raw(), "aspirin"); !ok || italic(p) {
		t.Fatalf("typed text is styled like an example (style %q)", p)
	}
	// A form's field without the focus draws its example in the text
	// input's own grey, which colour-off turns plain: the words mark it.
	u.press(esc)
	u.openList(record.Medication)
	u.press(char('a'))
	form := u.waitFor("┃ Medicine", "Dose")
	for _, want := range []string{"e.g. 500 mg, 1 tablet", "e.g. twice a day", "e.g. 2024-03-01, 1 March 2024"} {
		if !strings.Contains(form, want) {
			t.Fatalf("an example in a field without the focus is not marked %q:\n%s", want, form)
		}
	}
	u.typeText("Metformin")
	u.press(enter)
	u.waitFor("┃ Dose")
	u.typeText("500mg")
	u.press(enter)
	if s := u.waitFor("┃ How often", "500mg"); strings.Contains(s, "e.g. 500") {
		t.Fatalf("a typed answer is marked as an example:\n%s", s)
	}
}
