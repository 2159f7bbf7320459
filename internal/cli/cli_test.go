package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/phrhealth/phr/internal/applehealth"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/testkit"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestMain lets testscript run phr in-process as the "phr" command. The
// test-only hooks come from the environment of each script:
//   - PHR_TEST_SCRYPT_LOG2 lowers the key-derivation cost (default 10 here);
//   - PHR_TEST_NOW fixes the clock (RFC 3339);
//   - PHR_TEST_KEYRING is a JSON file standing in for the OS keyring
//     (unset: the real keyring);
//   - PHR_TEST_TTY=1 pretends stdin and stdout are a terminal and answers
//     prompts with the lines of $PHR_TEST_ANSWERS (a file).
//
// None of these exist in the real binary.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"phr": phrMain})
}

func phrMain() {
	env := Env{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		ScryptLog2: 10,
	}
	if v := os.Getenv("PHR_TEST_SCRYPT_LOG2"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			panic(err)
		}
		env.ScryptLog2 = n
	}
	if v := os.Getenv("PHR_TEST_NOW"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			panic(err)
		}
		env.Clock = clock.Fixed(t)
	}
	if f := os.Getenv("PHR_TEST_KEYRING"); f != "" {
		env.Keyring = &fileKeyring{path: f}
	}
	if os.Getenv("PHR_TEST_TTY") == "1" {
		env.StdinIsTerminal, env.StdoutIsTerminal = true, true
		answers := readAnswers(os.Getenv("PHR_TEST_ANSWERS"))
		env.Prompt = func(label string) ([]byte, error) {
			os.Stderr.WriteString(label + "\n")
			if len(*answers) == 0 {
				return nil, errors.New("no more answers")
			}
			a := (*answers)[0]
			*answers = (*answers)[1:]
			return []byte(a), nil
		}
	}
	os.Exit(Run(context.Background(), os.Args[1:], env))
}

func readAnswers(path string) *[]string {
	var out []string
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			panic(err)
		}
		out = append(out, splitLines(string(b))...)
	}
	return &out
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// fileKeyring is a test stand-in for the OS keyring that survives between
// the separate phr runs of one script.
type fileKeyring struct {
	mu   sync.Mutex
	path string
}

func (k *fileKeyring) load() map[string]string {
	m := map[string]string{}
	if b, err := os.ReadFile(k.path); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

func (k *fileKeyring) Get(account string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.load()[account]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}

func (k *fileKeyring) Set(account, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	m := k.load()
	m[account] = secret
	b, _ := json.Marshal(m)
	return os.WriteFile(k.path, b, 0o600)
}

func (k *fileKeyring) Delete(account string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	m := k.load()
	if _, ok := m[account]; !ok {
		return keyring.ErrNotFound
	}
	delete(m, account)
	b, _ := json.Marshal(m)
	return os.WriteFile(k.path, b, 0o600)
}

// cmdExits runs a command and checks its exit code: exits CODE CMD ARGS...
// Its stdout and stderr are available to the next stdout/stderr checks.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Logf("stderr: %s", ts.ReadFile("stderr"))
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// cmdX25519Key makes a fresh classic X25519 age key for a script, so that
// no secret key is kept in the repository: x25519key NAME writes NAME.key
// (as age-keygen writes it), NAME.pub (the recipient) and NAME.secret (the
// secret key alone, for scripts that check it is never echoed).
func cmdX25519Key(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: x25519key NAME")
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		ts.Fatalf("x25519key: %v", err)
	}
	pub, secret := id.Recipient().String(), id.String()
	for ext, text := range map[string]string{
		".key":    "# created: by the test script\n# public key: " + pub + "\n" + secret + "\n",
		".pub":    pub + "\n",
		".secret": secret + "\n",
	} {
		if err := os.WriteFile(ts.MkAbs(args[0]+ext), []byte(text), 0o600); err != nil {
			ts.Fatalf("x25519key: %v", err)
		}
	}
}

// cmdAppleHealth writes a generated Apple Health export of DAYS days:
// applehealth DAYS FILE (a zip, with a clinical record, when FILE ends
// in .zip).
func cmdAppleHealth(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: applehealth DAYS FILE")
	}
	days, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("applehealth: %v", err)
	}
	f, err := os.Create(ts.MkAbs(args[1]))
	if err != nil {
		ts.Fatalf("applehealth: %v", err)
	}
	defer f.Close()
	opt := applehealth.GenOptions{Days: days, HeartRate: 24, Seed: 9}
	if strings.HasSuffix(args[1], ".zip") {
		_, err = applehealth.GenerateZip(f, opt, []byte(`{"resourceType":"Condition","id":"c1","code":{"text":"Hypertension"},"onsetDateTime":"2019-04-02"}`))
	} else {
		_, err = applehealth.Generate(f, opt)
	}
	if err != nil {
		ts.Fatalf("applehealth: %v", err)
	}
}

// TestScripts runs every script in testdata/script: one per command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(e *testscript.Env) error {
			e.Setenv("PHR_VAULT", filepath.Join(e.WorkDir, "vault"))
			e.Setenv("PHR_TEST_KEYRING", filepath.Join(e.WorkDir, ".keyring.json"))
			e.Setenv("XDG_DATA_HOME", filepath.Join(e.WorkDir, ".data"))
			e.Setenv("NO_COLOR", "1")
			fixtures, _ := testkit.FindFixtures()
			e.Setenv("FIXTURES", fixtures)
			home := filepath.Join(e.WorkDir, "home")
			e.Setenv("HOME", home)
			// The unlock agents' sockets go in a short folder of the
			// script's own (socket paths are limited to about 100 bytes);
			// any agent still running when the script ends is stopped.
			run, err := os.MkdirTemp("", "phrrun")
			if err != nil {
				return err
			}
			e.Setenv("XDG_RUNTIME_DIR", run)
			e.Defer(func() {
				if left := stopAgents(filepath.Join(run, "phr")); len(left) > 0 {
					e.T().Fatal(fmt.Sprintf("unlock agents still running after the script: %v", left))
				}
				os.RemoveAll(run)
			})
			return os.MkdirAll(home, 0o700)
		},
		Condition: func(cond string) (bool, error) {
			if cond == "fixtures" {
				_, err := testkit.FindFixtures()
				if err != nil && os.Getenv("PHR_E2E") == "1" {
					return false, fmt.Errorf("PHR_E2E=1 but the fixtures are missing: %v", err)
				}
				return err == nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":       cmdExits,
			"x25519key":   cmdX25519Key,
			"applehealth": cmdAppleHealth,
		},
	})
}

func TestClosest(t *testing.T) {
	tests := []struct {
		typed string
		from  []string
		want  []string
	}{
		{"lsit", []string{"edit", "init", "list"}, []string{"list"}},
		{"exprot", []string{"export"}, []string{"export"}},
		{"se", []string{"search", "settings", "shares"}, []string{"search", "settings"}},
		{"LIST", []string{"list"}, []string{"list"}},
		{"zzz", nil, nil},
	}
	for _, tt := range tests {
		if got := closest(tt.typed, tt.from); !slices.Equal(got, tt.want) {
			t.Errorf("closest(%q, %q) = %q, want %q", tt.typed, tt.from, got, tt.want)
		}
	}
	for _, d := range []struct {
		a, b string
		n    int
	}{{"", "abc", 3}, {"list", "list", 0}, {"lsit", "list", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3}} {
		if got := editDistance(d.a, d.b); got != d.n {
			t.Errorf("editDistance(%q, %q) = %d, want %d", d.a, d.b, got, d.n)
		}
	}
}

// TestHelpShowsFormatsAndExamples: every command a person can see has at
// least one example (cobra's help and completion commands too), and every flag that takes a value names its form
// (`--since DATE|AGO`, `--out FILE`), not pflag's bare "string" or "int".
func TestHelpShowsFormatsAndExamples(t *testing.T) {
	r := &runner{env: Env{}}
	root := r.rootCommand()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		if c.Example == "" {
			t.Errorf("%s has no example in its help", c.CommandPath())
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() == "bool" {
				return
			}
			if name, _ := pflag.UnquoteUsage(f); slices.Contains([]string{"string", "strings", "int", "uint", "duration", "stringArray"}, name) {
				t.Errorf("%s --%s shows its value as %q: name its form in the usage with backquotes", c.CommandPath(), f.Name, name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}
