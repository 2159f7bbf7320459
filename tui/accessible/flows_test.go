package accessible

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/store"
)

const testPass = "correct-horse-lantern-meadow-violin"

var testNow = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	// The output shows local times: pin them.
	time.Local = time.UTC
	os.Exit(m.Run())
}

func testConfig(t *testing.T) app.Config {
	return app.Config{VaultDir: filepath.Join(t.TempDir(), "vault"), Clock: clock.Fixed(testNow),
		Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}
}

// seeded makes a vault with a few entries: a medication, a sensitive
// condition, two weights and a note.
func seeded(t *testing.T) app.Config {
	t.Helper()
	cfg := testConfig(t)
	s, err := app.Init(context.Background(), cfg, []byte(testPass))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Add(context.Background(), []record.Entry{
		{Category: record.Medication, Title: "Metformin", Date: "2024-01-10", Dose: "500 mg", Frequency: "twice a day"},
		{Category: record.Condition, Title: "Depression", Date: "2023-05-01", Sensitive: []record.Kind{record.Kinds()[0]}},
		{Category: record.Measurement, Title: "Weight", Date: "2024-01-01", Value: "84", Unit: "kg"},
		{Category: record.Measurement, Title: "Weight", Date: "2024-03-01", Value: "82.5", Unit: "kg"},
		{Category: record.Note, Title: "Ask about sleep", Date: "2024-02-02", Notes: "before the visit"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// lockedBuffer is the interface's output, read while it is written.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// driver runs the accessible interface and answers it line by line.
type driver struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *lockedBuffer
	seen int
	done chan error
	home string
}

func startUI(t *testing.T, cfg app.Config, u app.Unlock) *driver {
	t.Helper()
	return startUIEnv(t, cfg, u, func(string) string { return "" })
}

// startUIEnv is startUI with getenv as the environment.
func startUIEnv(t *testing.T, cfg app.Config, u app.Unlock, getenv func(string) string) *driver {
	t.Helper()
	r, w := io.Pipe()
	d := &driver{t: t, in: w, out: &lockedBuffer{}, done: make(chan error, 1), home: t.TempDir()}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		d.done <- Run(ctx, Options{Config: cfg, Unlock: u, In: r, Out: d.out, Home: d.home, Getenv: getenv})
	}()
	t.Cleanup(func() {
		cancel()
		w.Close()
		select {
		case <-d.done:
		case <-time.After(10 * time.Second):
			t.Error("the interface did not end when its input did")
		}
	})
	return d
}

// waitFor waits until the output since the last answer shows every one of
// wants, and returns it.
func (d *driver) waitFor(wants ...string) string {
	d.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := d.out.String()[d.seen:]
		all := true
		for _, w := range wants {
			all = all && strings.Contains(s, w)
		}
		if all {
			return s
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("the output never showed %q; since the last answer it is:\n%s", wants, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (d *driver) send(line string) {
	d.t.Helper()
	d.seen = len(d.out.String())
	if _, err := io.WriteString(d.in, line+"\n"); err != nil {
		d.t.Fatal(err)
	}
}

// choose waits for a numbered choice starting with label and types its number.
func (d *driver) choose(label string) {
	d.t.Helper()
	s := d.waitFor(label, "Type ")
	m := regexp.MustCompile(`(?m)^(\d+)\. ` + regexp.QuoteMeta(label)).FindStringSubmatch(s)
	if m == nil {
		d.t.Fatalf("no numbered choice %q in:\n%s", label, s)
	}
	d.send(m[1])
}

// tick waits for numbered choices starting with labels and types their
// numbers on one line.
func (d *driver) tick(labels ...string) {
	d.t.Helper()
	s := d.waitFor(append(labels, "Type the numbers")...)
	var nums []string
	for _, l := range labels {
		m := regexp.MustCompile(`(?m)^(\d+)\. ` + regexp.QuoteMeta(l)).FindStringSubmatch(s)
		if m == nil {
			d.t.Fatalf("no numbered choice %q in:\n%s", l, s)
		}
		nums = append(nums, m[1])
	}
	d.send(strings.Join(nums, " "))
}

// words waits for suggested random words and returns them.
func (d *driver) words() string {
	d.t.Helper()
	s := d.waitFor("Whole: ", "again: ")
	m := regexp.MustCompile(`(?m)^Whole: (\S+)$`).FindStringSubmatch(s)
	if m == nil {
		d.t.Fatalf("no suggested words in:\n%s", s)
	}
	return m[1]
}

// run plays a script: "?text" waits for text, "#label" chooses, ">text"
// types a line (after waiting for a prompt, "text: "), "*a|b" ticks the
// choices starting with a and b.
func (d *driver) run(script []string) {
	d.t.Helper()
	for _, step := range script {
		switch step[0] {
		case '?':
			d.waitFor(step[1:])
		case '#':
			d.choose(step[1:])
		case '>':
			d.waitFor(": ")
			d.send(step[1:])
		case '*':
			d.tick(strings.Split(step[1:], "|")...)
		default:
			d.t.Fatalf("bad step %q", step)
		}
	}
}

// quit goes home and quits, and waits for the interface to end.
func (d *driver) quit() string {
	d.t.Helper()
	d.choose("Quit")
	select {
	case err := <-d.done:
		d.done <- err
		if err != nil {
			d.t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		d.t.Fatalf("quit did not end the interface:\n%s", d.out.String())
	}
	return d.out.String()
}

// checkLinear fails on anything but plain lines: no escape sequence (no
// cursor movement, no colour), no box drawing, every choice numbered.
func checkLinear(t *testing.T, out string) {
	t.Helper()
	if strings.ContainsRune(out, '\x1b') {
		t.Errorf("the output holds escape sequences:\n%q", out)
	}
	for _, r := range out {
		if r >= 0x2500 && r <= 0x259f {
			t.Errorf("the output holds box drawing (%q):\n%s", r, out)
			break
		}
	}
	if !strings.Contains(out, "\n== ") {
		t.Errorf("no heading line:\n%s", out)
	}
}

func open(t *testing.T, cfg app.Config) *app.Session {
	t.Helper()
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadMostly)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func entries(t *testing.T, s *app.Session, c record.Category) []record.Entry {
	t.Helper()
	es, err := s.List(context.Background(), store.Filter{Categories: []record.Category{c}})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func find(es []record.Entry, title string) (record.Entry, bool) {
	for _, e := range es {
		if e.Title == title {
			return e, true
		}
	}
	return record.Entry{}, false
}

// TestFlows runs each task of the full interface in accessible mode with
// typed answers, and checks what it said and what it did to the record
// (through internal/app, as the full interface would find it).
func TestFlows(t *testing.T) {
	unlocked := app.Unlock{Passphrase: []byte(testPass)}
	for _, tc := range []struct {
		name   string
		script []string
		// check reads the record (and the output) afterwards.
		check func(t *testing.T, cfg app.Config, d *driver, out string)
	}{
		{
			name: "medication with dose and frequency",
			script: []string{"#Medications: 1 entry", "#Add an entry to Medications",
				"?== Add to Medications ==", ">Amoxicillin", ">five hundred", "?✗ ", ">500 mg", ">three times a day", ">by mouth",
				">31 February 2024", "?✗ ", ">1 March 2024", ">", "#not given", ">", ">", ">", ">",
				"?✓ Added Amoxicillin.", "?== Medications: 2 entries ==", "#Back"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				e, ok := find(entries(t, open(t, cfg), record.Medication), "Amoxicillin")
				if !ok || e.Dose != "500 mg" || e.Frequency != "three times a day" || e.Route != "by mouth" || e.Date != "2024-03-01" {
					t.Fatalf("the medication is %+v", e)
				}
			},
		},
		{
			name: "three weights with add another reading, then the chart",
			script: []string{"#Measurements: 2 entries", "#Add an entry to Measurements", ">Weight", ">2024-04-01", ">81",
				"?Unit:", "#kg", ">", ">", ">", ">", "?✓ Added Weight.", "#Add another reading of Weight",
				"?now Weight", ">", ">2024-06-15", ">80.5", "#kg", ">", ">", ">", ">", "#Add another reading of Weight",
				">", ">2024-09-01", ">79", ">", ">", ">", ">", ">", "?✓ Added Weight.", "#Back", "#Back",
				"#Charts of measurements and results", "?== Charts: 1 chart ==", "#Weight, 5 readings",
				"?5 readings from 2024-01-01 to 2024-09-01, in kg.", "?lowest 79 on 2024-09-01, highest 84 on 2024-01-01",
				"?2024-09-01: 79 kg\n2024-06-15: 80.5 kg\n2024-04-01: 81 kg\n2024-03-01: 82.5 kg\n2024-01-01: 84 kg", "#Back", "#Back"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				n := 0
				for _, e := range entries(t, open(t, cfg), record.Measurement) {
					if e.Title == "Weight" && e.Unit == "kg" {
						n++
					}
				}
				if n != 5 {
					t.Fatalf("%d weights in kg, want 5", n)
				}
			},
		},
		{
			name: "a blood pressure, charted as its two parts together",
			script: []string{"#Measurements: 2 entries", "#Add an entry to Measurements", ">Blood pressure", ">2024-05-01", ">142/91",
				"#mmHg", ">", ">", ">", ">", "?✓ Added Blood pressure.", "#Add another reading of Blood pressure",
				">", ">2024-06-01", ">135/85", ">", ">", ">", ">", ">", "?✓ Added Blood pressure.", "#Back", "#Back",
				"#Charts of measurements and results", "?== Charts: 2 charts ==", "#Blood pressure (systolic, diastolic), 2 readings",
				"?Systolic: lowest 135 on 2024-06-01, highest 142 on 2024-05-01", "?Diastolic: lowest 85 on 2024-06-01",
				"?2024-06-01: 135/85 mmHg\n2024-05-01: 142/91 mmHg", "#Back", "#Back"},
		},
		{
			name: "edit moves a note to conditions and keeps the answers not changed",
			script: []string{"#Notes: 1 entry", "#2024-02-02, Ask about sleep", "?Notes: before the visit", "#Edit this entry",
				"?Category:", "#Conditions", "?now Ask about sleep", ">Poor sleep", ">", ">", "?Status:", "#active", "?now before the visit", ">",
				">sleep, night", ">", ">", "?✓ Saved your changes to Poor sleep.", "?Status: active", "#Back", "#Back"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				s := open(t, cfg)
				e, ok := find(entries(t, s, record.Condition), "Poor sleep")
				if !ok || e.Status != "active" || e.Notes != "before the visit" || e.Date != "2024-02-02" || strings.Join(e.Tags, ",") != "night,sleep" {
					t.Fatalf("the edited entry is %+v (found %v)", e, ok)
				}
				if n := len(entries(t, s, record.Note)); n != 0 {
					t.Fatalf("%d notes left, want 0", n)
				}
			},
		},
		{
			name: "delete asks, keep first, and says how to undo",
			script: []string{"#Notes: 1 entry", "#2024-02-02, Ask about sleep", "#Delete this entry",
				`?Delete "Ask about sleep" (note, 2024-02-02)?`, "#Keep it", "#Delete this entry", "#Delete it",
				"?phr restore --backup 1", "?== Notes: 0 entries ==", "#Back"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				if n := len(entries(t, open(t, cfg), record.Note)); n != 0 {
					t.Fatalf("%d notes, want 0", n)
				}
			},
		},
		{
			name: "profile with a date of birth as people write it",
			script: []string{"#Your profile and emergency details", "?Name: not given", "#Change them", ">Ada Lovelace",
				">31 February 1970", "?✗ ", ">10 December 1815", "#O-", ">Sam Carter (partner), 07700 900123", ">English", ">", "?✓ Profile saved.",
				"?Date of birth: 1815-12-10", "?Blood type: O-", "#Back", "?Record of Ada Lovelace, 210.", "?Blood type: O-.", "?Taking: Metformin."},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				p, err := open(t, cfg).Profile(context.Background())
				if err != nil || p.Name != "Ada Lovelace" || p.Born != "1815-12-10" || p.BloodType != "O-" || p.Languages != "English" {
					t.Fatalf("profile %+v, %v", p, err)
				}
			},
		},
		{
			name: "print a plain-text summary leaving sensitive entries out",
			script: []string{"#Print a summary, a card or an archive", "#A summary for a visit", "#Plain text", "#Leave them out",
				"?Suggested file: ", "?NOT encrypted", ">visit.txt", "?✓ Wrote a plaintext summary, not encrypted"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				b, err := os.ReadFile("visit.txt")
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), "Metformin") || strings.Contains(string(b), "Depression") {
					t.Fatalf("the summary:\n%s", b)
				}
			},
		},
		{
			name: "print an archive to the suggested file",
			script: []string{"#Print a summary, a card or an archive", "#An archive of the whole record", "?encrypted to your vault key",
				">", "?✓ Wrote an archive encrypted to your vault key, 5 entries"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				if _, err := os.Stat(filepath.Join(d.home, "phr-archive-2026-11-22.tar.age")); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "import a CSV of weights",
			script: []string{"#Import a file or an Apple Health export", "?== Import a file or folder ==", ">weights.csv",
				"?weights.csv (", "?✓ Imported 2 entries.", "?Measurements: 4 entries"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				if n := len(entries(t, open(t, cfg), record.Measurement)); n != 4 {
					t.Fatalf("%d measurements, want 4", n)
				}
			},
		},
		{
			name: "audit log in words, and a row opened",
			script: []string{"#Audit log", "?each chained to the one before", "?You added 5 entries.", "#22 Nov 2026 10:00: You created the vault.",
				"?== Row 1 of the audit log ==", "?Stored as: init", "#Back to the log", "#Back"},
		},
		{
			name: "settings",
			script: []string{"#Settings", "#Yes", ">10s", "?✗ ", ">5m", "?Weight in:", "#lb", "?Height in:", ">", ">", ">", ">",
				"?✓ Settings saved. The full-screen interface locks after 5 minutes",
				"#Charts of measurements and results", "#Weight, 2 readings", "?2 readings from 2024-01-01 to 2024-03-01, in lb.",
				"?2024-03-01: 181.9 lb\n2024-01-01: 185.2 lb", "#Back", "#Back", "#Measurements: 2 entries", "?2024-03-01, Weight, 181.9 lb", "#Back"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				st, err := open(t, cfg).Settings(context.Background())
				if err != nil || !st.PrivacyStart || st.LockAfter != "5m" || st.Units.Weight != "lb" || st.Units.Height != "" {
					t.Fatalf("settings %+v, %v", st, err)
				}
			},
		},
		{
			name: "a note with an attached file, and a copy of it saved",
			script: []string{"#Notes: 1 entry", "#Add an entry to Notes", ">Letter", ">", ">", ">", ">", ">letter.txt",
				"?✓ Added Letter.", "#Letter", "?Attached file: letter.txt", "#Save a copy of letter.txt", "?not encrypted", "#Save a copy",
				"?✓ Saved a copy: ", "#Back", "#Back"},
			check: func(t *testing.T, cfg app.Config, d *driver, out string) {
				if b, err := os.ReadFile(filepath.Join(d.home, "letter.txt")); err != nil || string(b) != "Dear Ada" {
					t.Fatalf("the copy: %q, %v", b, err)
				}
			},
		},
		{
			name: "search then a reading's detail",
			script: []string{"#Search the whole record", ">weight", `?== Search results: 2 matches for "weight" ==`,
				"#2024-03-01, Weight, 82.5 kg", "?Value: 82.5 kg", "#Back"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := seeded(t)
			dir := t.TempDir()
			t.Chdir(dir)
			if err := os.WriteFile("letter.txt", []byte("Dear Ada"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("weights.csv", []byte("date,type,value,unit\n2025-01-02,weight,82,kg\n2025-02-02,weight,81,kg\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			d := startUI(t, cfg, unlocked)
			d.waitFor("== Home ==")
			d.run(tc.script)
			out := d.quit()
			checkLinear(t, out)
			if tc.check != nil {
				tc.check(t, cfg, d, out)
			}
		})
	}
}

// TestFirstRun creates a vault in accessible mode: a weak passphrase is
// refused with the policy's words, two different ones start again, random
// words are offered to write down, and the key is kept in the keyring.
func TestFirstRun(t *testing.T) {
	cfg := testConfig(t)
	d := startUI(t, cfg, app.Unlock{})
	d.run([]string{"?== Welcome ==", "?encrypted", "#Type my own passphrase", ">password123",
		"?too weak", "?✗ This passphrase is too weak", "#Type my own passphrase", ">" + testPass, "?acceptable",
		">" + testPass + "x", "?✗ The two passphrases are different", "#Suggest random words"})
	words := d.words()
	d.send(words)
	d.run([]string{"?== Remember the key? ==", "#Yes: remember the key", "?✓ Your vault is ready. The key is kept in the system keyring.",
		"?== Home ==", "?Medications: 0 entries"})
	out := d.quit()
	checkLinear(t, out)
	if strings.Contains(out, testPass) {
		t.Errorf("the output shows a typed passphrase:\n%s", out)
	}
	s, err := app.Open(context.Background(), cfg, app.Unlock{}, app.ReadMostly)
	if err != nil {
		t.Fatalf("the keyring does not open the new vault: %v", err)
	}
	s.Close()
	s, err = app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(words), NoKeyring: true}, app.ReadMostly)
	if err != nil {
		t.Fatalf("the suggested words do not open the new vault: %v", err)
	}
	s.Close()
}

// TestCarersAndSharing adds a carer from a pasted key after showing its
// fingerprint, shares with them leaving the sensitive entry out, then
// shares single entries with a passphrase of random words, and removes the
// carer ("Keep" first).
func TestCarersAndSharing(t *testing.T) {
	cfg := seeded(t)
	t.Chdir(t.TempDir())
	recipient, err := app.Keygen(cfg, "carer.key")
	if err != nil {
		t.Fatal(err)
	}
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Carers and what you shared", "?None yet", "#Add a carer", ">Sam Carter", ">partner",
		"#Paste the text they sent", "?empty line"})
	// A key broken over two lines, as an email may break it.
	d.send(recipient[:30])
	d.send(recipient[30:])
	d.send("")
	fp := app.RecipientFingerprint(recipient)
	d.run([]string{"?== Check that this key is Sam Carter's ==", ">" + strings.Replace(fp, fp[:4], "ABCD", 1),
		"?so it is another key: Sam Carter was not added", "#Type it again", ">", "?The key's fingerprint is " + fp,
		"#Type the fingerprint instead", ">" + strings.ToLower(strings.ReplaceAll(fp, "-", " ")),
		"?✓ Added Sam Carter as a carer: the fingerprint matches their key.", "?Sam Carter (partner), key " + app.RecipientFingerprint(recipient),
		"#Share with a carer", "#Sam Carter", "*Medications (1)|Conditions (1)", "#Every entry of them", ">", ">", ">", ">",
		"?== Sensitive entries ==", "?1 of the entries you chose is sensitive:", "?Depression", "#Leave them out",
		"?== Review the share ==", "?will be able to read 1 entry (medications 1)", "?No sensitive entries are included.", "#Share",
		"?✓ Shared.", "?to Sam Carter, 1 entry", "#Remove Sam Carter", "#Keep Sam Carter", "#Remove Sam Carter", "#Remove",
		"?✓ Removed Sam Carter.", "?Carers: 0 carers.", "#Back",
		"#Share with a carer", "#Someone without a key", "*Medications (1)|Measurements (2)", "#Only some: choose them",
		"*2024-01-10, Metformin|2024-03-01, Weight", ">1m", "?could mean minutes or months", ">2 weeks",
		"?Readable until Sunday 6 December 2026", ">mine.age", "#Type my own passphrase", ">short", "?too weak",
		"#Suggest random words"})
	d.send(d.words())
	d.run([]string{"?Anyone who has the file and its passphrase will be able to read 2 entries (medications 1, measurements 1)",
		"#Share", "?✓ Shared. Wrote ", "?for anyone with the passphrase", "?never in the same email"})
	out := d.quit()
	checkLinear(t, out)
	if os.Getenv("SHOW") != "" {
		t.Log(out)
	}

	s := open(t, cfg)
	shares, err := s.Shares(context.Background())
	if err != nil || len(shares) != 2 || shares[0].Entries+shares[1].Entries != 3 {
		t.Fatalf("shares %+v, %v", shares, err)
	}
	if cs, err := s.Carers(context.Background()); err != nil || len(cs) != 0 {
		t.Fatalf("carers %+v, %v", cs, err)
	}
	if _, err := os.Stat("mine.age"); err != nil {
		t.Fatal(err)
	}
}

// TestStonesInCharts: a weight chosen in stones reads as people say it,
// "13 st 0 lb", in the chart as in the list, with no unit after it.
func TestStonesInCharts(t *testing.T) {
	cfg := seeded(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeSettings(context.Background(), app.SettingsChange{Units: map[string]string{"weight": "st"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Charts of measurements and results", "#Weight, 2 readings", "?2 readings from 2024-01-01 to 2024-03-01.",
		"?2024-03-01: 13 st 0 lb\n2024-01-01: 13 st 3 lb\n", "#Back", "#Back", "#Measurements: 2 entries", "?2024-03-01, Weight, 13 st 0 lb", "#Back"})
	checkLinear(t, d.quit())
}

// TestViewAttachment opens an attached file in the viewer ($PHR_VIEWER, a
// script that keeps what it was given) from a private folder in memory,
// and the copy is gone once the viewer exits.
func TestViewAttachment(t *testing.T) {
	shm, err := os.MkdirTemp("/dev/shm", "phr-test-")
	if err != nil || os.Chmod(shm, 0o700) != nil || app.PrivateViewDir(func(string) string { return shm }) == "" {
		t.Skip("no folder in memory to view from (/dev/shm)")
	}
	t.Cleanup(func() { os.RemoveAll(shm) })
	dir := t.TempDir()
	seen := filepath.Join(dir, "seen")
	viewer := filepath.Join(dir, "viewer")
	script := "#!/bin/sh\ncat \"$1\" > " + seen + "\necho \"$1\" >> " + seen + ".path\n"
	if err := os.WriteFile(viewer, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	letter := filepath.Join(dir, "letter.txt")
	if err := os.WriteFile(letter, []byte("Dear Ada"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := seeded(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(context.Background(), []record.Entry{{Category: record.Document, Title: "Letter"}}, []string{letter}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	env := map[string]string{"XDG_RUNTIME_DIR": shm, "PHR_VIEWER": viewer}
	d := startUIEnv(t, cfg, app.Unlock{Passphrase: []byte(testPass)}, func(k string) string { return env[k] })
	d.run([]string{"#Documents: 1 entry", "#Letter", "#Open letter.txt in your viewer",
		"?✓ Viewed letter.txt; phr removed the copy it made for the viewer.", "#Back", "#Back"})
	checkLinear(t, d.quit())
	if b, err := os.ReadFile(seen); err != nil || string(b) != "Dear Ada" {
		t.Fatalf("the viewer was given %q, %v", b, err)
	}
	p, _ := os.ReadFile(seen + ".path")
	if path := strings.TrimSpace(string(p)); !strings.HasPrefix(path, shm+"/") {
		t.Fatalf("the copy was at %q, not in %s", path, shm)
	} else if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the copy %s is still there after the viewer exited (%v)", path, err)
	}
}

// TestChangePassphrase: the current passphrase first (a wrong one is
// refused), then a new one rated by the policy (the current one refused as
// the new), and after the lock only the new one opens the record.
func TestChangePassphrase(t *testing.T) {
	cfg := seeded(t)
	const newPass = "velvet-orchard-compass-lantern-quay"
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Change your passphrase", "?== Change your passphrase ==", ">not-my-passphrase-at-all", "?✗ that is not your current passphrase",
		"#Type it again", ">" + testPass, "#Type my own passphrase", ">" + testPass, "?acceptable", ">" + testPass,
		"?✗ the new passphrase is the one you have now", "#Choose another", "#Type my own passphrase", ">" + newPass, ">" + newPass,
		"?✓ Your passphrase is changed", "#Lock", ">" + testPass, "?✗ ", ">" + newPass, "?✓ Your record is open."})
	checkLinear(t, d.quit())
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(newPass), NoKeyring: true}, app.ReadMostly)
	if err != nil {
		t.Fatalf("the new passphrase does not open the record: %v", err)
	}
	s.Close()
}

// TestAlreadyOpen: while another phr holds the record, accessible mode
// says so before it asks for anything, and opens it once that one closes.
func TestAlreadyOpen(t *testing.T) {
	cfg := seeded(t)
	other, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	out := d.waitFor("== Already open ==", "another window", "1. Try again")
	if strings.Contains(out, "Passphrase") {
		t.Fatalf("it asked for the passphrase first:\n%s", out)
	}
	d.run([]string{"#Try again", "?== Already open =="})
	other.Close()
	d.run([]string{"#Try again", "?== Home =="})
	checkLinear(t, d.quit())
}

// TestLongList: a category with more entries than a page says them a
// page at a time, newest first, with earlier and newer pages to choose.
func TestLongList(t *testing.T) {
	cfg := seeded(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	var es []record.Entry
	for i := range 70 {
		es = append(es, record.Entry{Category: record.Note, Title: fmt.Sprintf("Note %02d", i), Date: fmt.Sprintf("2025-01-%02d", i%28+1)})
	}
	if _, err := s.Add(context.Background(), es, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Notes: 71 entries", "?Entries 1 to 30, newest first.", "?31. Earlier entries (41 more)\n32. Add an entry to Notes\n33. Back",
		"#Earlier entries", "?Entries 31 to 60", "#Earlier entries (11 more)", "?Entries 61 to 71", "?12. Newer entries\n13. Add an entry",
		"#Newer entries", "?Entries 31 to 60", "#Back"})
	out := d.quit()
	checkLinear(t, out)
	for i := range 70 {
		if !strings.Contains(out, fmt.Sprintf("Note %02d", i)) {
			t.Errorf("Note %02d was never said", i)
		}
	}
}

// TestLockAndUnlock: the lock asks for the passphrase until it is right.
func TestLockAndUnlock(t *testing.T) {
	cfg := seeded(t)
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Lock", "?== Locked ==", ">not-the-passphrase-at-all", "?✗ ", ">" + testPass, "?✓ Your record is open.", "?== Home =="})
	checkLinear(t, d.quit())
}

// TestPrivacyMode: with privacy mode set to start on, a sensitive entry
// shows only its date (neither title nor kind) in lists and search until it
// is revealed, and home turns the mode off.
func TestPrivacyMode(t *testing.T) {
	cfg := seeded(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	on := true
	if err := s.SaveSettings(context.Background(), &on, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Conditions: 1 entry", "?1. 2023-05-01, sensitive, hidden\n", "#2023-05-01, sensitive, hidden",
		"?Privacy mode hides this entry.", "#Back", "#Back",
		"#Search the whole record", ">depression", "?1. 2023-05-01, sensitive, hidden, Conditions\n"})
	before := d.out.String()
	d.run([]string{"#2023-05-01, sensitive, hidden", "#Reveal it", "?== Details: Depression ==", "?Sensitive: mental health", "#Back",
		"#Privacy mode is on, sensitive entries are hidden: turn it off", "?✓ Privacy mode off.", "#Conditions: 1 entry",
		"?1. 2023-05-01, Depression", "#Back"})
	out := d.quit()
	checkLinear(t, out)
	for _, w := range []string{"Depression", "mental health"} {
		if strings.Contains(before, w) {
			t.Errorf("privacy mode let %q through before the reveal:\n%s", w, before)
		}
	}
}

// TestUnits: weights chosen in pounds read out in pounds in the list, the
// details (with what was recorded) and the chart, to the same precision
// (record.DisplayUnits.Convert), while the record keeps kilograms.
func TestUnits(t *testing.T) {
	cfg := seeded(t)
	s, err := app.Open(context.Background(), cfg, app.Unlock{Passphrase: []byte(testPass)}, app.ReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ChangeSettings(context.Background(), app.SettingsChange{Units: map[string]string{"weight": "lb"}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Measurements: 2 entries", "?2024-03-01, Weight, 181.9 lb", "#2024-03-01, Weight", "?Value: 181.9 lb",
		"?Recorded as: 82.5 kg", "#Back", "#Back",
		"#Charts of measurements and results", "#Weight, 2 readings", "?2 readings from 2024-01-01 to 2024-03-01, in lb.",
		"?lowest 181.9 on 2024-03-01, highest 185.2 on 2024-01-01", "?2024-03-01: 181.9 lb\n2024-01-01: 185.2 lb", "#Back", "#Back"})
	checkLinear(t, d.quit())
	for _, e := range entries(t, open(t, cfg), record.Measurement) {
		if e.Unit != "kg" {
			t.Errorf("a weight is stored in %q", e.Unit)
		}
	}
}

// TestEntrySaysItsSources: an entry that two imports sent says both, one
// "From" line each, as the full interface's details do.
func TestEntrySaysItsSources(t *testing.T) {
	cfg := seeded(t)
	s := open(t, cfg)
	imported := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	_, err := s.Add(context.Background(), []record.Entry{{Category: record.Allergy, Title: "Peanut", Date: "2020-02-02",
		Source: "ccda", SourceID: "1.2.3#4", Sources: []record.SourceRef{
			{File: "gp.xml", Format: "ccda", Producer: "Good Health", ID: "1.2.3#4", Imported: imported},
			{File: "gp.json", Format: "fhir", ID: "urn:uuid:9", Imported: imported},
		}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	d := startUI(t, cfg, app.Unlock{Passphrase: []byte(testPass)})
	d.run([]string{"#Allergies: 1 entry", "#2020-02-02, Peanut"})
	out := d.waitFor("From: ccda gp.xml (Good Health), id 1.2.3#4, imported 2026-11-01",
		"From: fhir gp.json, id urn:uuid:9, imported 2026-11-01")
	if strings.Contains(out, "Source: ") {
		t.Errorf("an entry with its sources also says the old Source line:\n%s", out)
	}
}
