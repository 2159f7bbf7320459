package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// benchPassphrase passes phr's passphrase policy; the vault it opens is made
// for the measurement and removed afterwards.
const benchPassphrase = "glacier omelette tundra walnut lantern harbour"

// addTimes is how long n `phr add` commands took with each unlock source.
type addTimes struct {
	n          int
	passphrase time.Duration
	keyring    time.Duration // zero when not measured
	why        string        // why the keyring was not measured
	// agent is the adds with the unlock agent; agentUnlock the one
	// `phr unlock --for` before them. Zero when not measured (agentWhy).
	agent, agentUnlock time.Duration
	agentWhy           string
}

// rows returns the table rows for the adds.
func (a *addTimes) rows(ms func(float64) string) []row {
	per := func(d time.Duration) float64 { return float64(d) / float64(a.n) / 1e6 }
	pass := row{figure: fmt.Sprintf("%d × phr add, passphrase file (scrypt every time)", a.n),
		measured: fmt.Sprintf("%.1f s (%s each)", a.passphrase.Seconds(), ms(per(a.passphrase)))}
	key := row{figure: fmt.Sprintf("%d × phr add, system keyring (phr remember)", a.n)}
	if a.keyring == 0 {
		key.measured = "not measured: " + a.why
	} else {
		key.measured = fmt.Sprintf("%.1f s (%s each)", a.keyring.Seconds(), ms(per(a.keyring)))
		key.against = fmt.Sprintf("passphrase file %.1f s", a.passphrase.Seconds())
		key.ratio = float64(a.keyring) / float64(a.passphrase)
	}
	// The agent's ratio counts the one phr unlock too: a script pays it.
	ag := row{figure: fmt.Sprintf("%d × phr add, unlock agent (phr unlock --for)", a.n)}
	if a.agent == 0 {
		ag.measured = "not measured: " + a.agentWhy
	} else {
		ag.measured = fmt.Sprintf("%.1f s (%s each) + phr unlock %.1f s", a.agent.Seconds(), ms(per(a.agent)), a.agentUnlock.Seconds())
		ag.against = fmt.Sprintf("passphrase file %.1f s", a.passphrase.Seconds())
		ag.ratio = float64(a.agent+a.agentUnlock) / float64(a.passphrase)
	}
	return []row{pass, key, ag}
}

// timeAdds builds the real phr binary, makes a new vault with age's default
// scrypt work factor, and times o.adds commands `phr add measurement` with
// the passphrase in a file, then (inside a private D-Bus session with a
// fresh gnome-keyring, when there is one) with the vault key in the keyring.
func timeAdds(ctx context.Context, root string, o options) (*addTimes, error) {
	tmp, err := os.MkdirTemp("", "phr-bench-adds-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "phr")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/phr")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/phr: %w\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(tmp, "pass"), []byte(benchPassphrase+"\n"), 0o600); err != nil {
		return nil, err
	}
	if err := os.Mkdir(filepath.Join(tmp, "home"), 0o700); err != nil {
		return nil, err
	}
	env := addEnv(tmp)
	if err := runPhr(ctx, bin, env, "init", "--passphrase-file", filepath.Join(tmp, "pass")); err != nil {
		return nil, err
	}
	res := &addTimes{n: o.adds}
	if res.passphrase, err = timeN(ctx, bin, append(env, "PHR_PASSPHRASE_FILE="+filepath.Join(tmp, "pass")), o.adds); err != nil {
		return nil, err
	}
	res.keyring, res.why, err = timeKeyringAdds(ctx, tmp, o)
	if err != nil {
		return nil, err
	}
	res.agentUnlock, res.agent, res.agentWhy, err = timeAgentAdds(ctx, bin, tmp, env, o.adds)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// timeAgentAdds starts an unlock agent with `phr unlock --for 1h` (its
// socket in a folder of the bench's own), times the adds with no passphrase
// source at all (only the agent can unlock), and ends it with phr lock. It
// returns a reason instead of times where there is no agent (Windows).
func timeAgentAdds(ctx context.Context, bin, dir string, env []string, n int) (unlock, adds time.Duration, why string, err error) {
	if runtime.GOOS != "darwin" && runtime.GOOS != "linux" {
		return 0, 0, "no unlock agent on " + runtime.GOOS, nil
	}
	// A short folder: socket paths are limited to about 100 bytes.
	run, err := os.MkdirTemp("", "phrb")
	if err != nil {
		return 0, 0, "", err
	}
	defer os.RemoveAll(run)
	env = append(env, "XDG_RUNTIME_DIR="+run)
	start := time.Now()
	if err := runPhr(ctx, bin, env, "unlock", "--for", "1h", "--passphrase-file", filepath.Join(dir, "pass")); err != nil {
		return 0, 0, "", fmt.Errorf("agent adds: %w", err)
	}
	unlock = time.Since(start)
	defer func() {
		if lerr := runPhr(context.WithoutCancel(ctx), bin, env, "lock"); lerr != nil && err == nil {
			err = fmt.Errorf("agent adds: %w", lerr)
		}
	}()
	adds, err = timeN(ctx, bin, env, n)
	if err != nil {
		return 0, 0, "", fmt.Errorf("agent adds: %w", err)
	}
	return unlock, adds, "", nil
}

// addEnv is the environment of the phr commands: the vault in dir, a HOME
// of their own, and no passphrase or keyring from the caller's session.
func addEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "PHR_") || k == "HOME" || k == "DBUS_SESSION_BUS_ADDRESS" || k == "XDG_DATA_HOME" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "PHR_VAULT="+filepath.Join(dir, "vault"), "HOME="+filepath.Join(dir, "home"))
}

// runPhr runs one phr command and returns its error with its output.
func runPhr(ctx context.Context, bin string, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("phr %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// timeN runs n `phr add measurement` commands one after another.
func timeN(ctx context.Context, bin string, env []string, n int) (time.Duration, error) {
	start := time.Now()
	for i := range n {
		err := runPhr(ctx, bin, env, "add", "measurement", "--title", "Weight", "--unit", "kg",
			"--value", strconv.FormatFloat(80+float64(i%50)/10, 'f', 1, 64), "--date", "2026-01-02")
		if err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// timeKeyringAdds runs phr-bench itself as -keyring-child inside
// dbus-run-session with a new, unlocked gnome-keyring (secrets only) and a
// fresh HOME, so the person's own keyring is never touched. It returns a
// reason instead of a time when there is no such keyring here.
func timeKeyringAdds(ctx context.Context, dir string, o options) (time.Duration, string, error) {
	if o.keyring == "off" {
		return 0, "-keyring off", nil
	}
	var missing []string
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		why := "no " + strings.Join(missing, ", ") + " (apt-get install dbus gnome-keyring)"
		if o.keyring == "on" {
			return 0, "", errors.New("keyring adds: " + why)
		}
		return 0, why, nil
	}
	self, err := os.Executable()
	if err != nil {
		return 0, "", err
	}
	script := `echo -n phr-bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$0" -keyring-child "$1" -adds "$2"`
	cmd := exec.CommandContext(ctx, "dbus-run-session", "--", "sh", "-c", script, self, dir, strconv.Itoa(o.adds))
	cmd.Env = addEnv(dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return 0, "", fmt.Errorf("keyring adds: %w\n%s", err, out.Bytes())
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "KEYRING_ADDS_NS "); ok {
			ns, err := strconv.ParseInt(rest, 10, 64)
			if err != nil {
				break
			}
			return time.Duration(ns), "", nil
		}
	}
	return 0, "", fmt.Errorf("keyring adds: no result in\n%s", out.Bytes())
}

// keyringChild runs inside the private D-Bus session: it stores the vault
// key with phr remember, times the adds with no passphrase source at all (so
// only the keyring can unlock; with no terminal phr would otherwise fail),
// and forgets the key.
func keyringChild(ctx context.Context, o options) error {
	dir := o.keyringChild
	bin := filepath.Join(dir, "phr")
	env := append(os.Environ(), "PHR_VAULT="+filepath.Join(dir, "vault"))
	if err := runPhr(ctx, bin, env, "remember", "--passphrase-file", filepath.Join(dir, "pass")); err != nil {
		return err
	}
	d, err := timeN(ctx, bin, env, o.adds)
	if err != nil {
		return err
	}
	if err := runPhr(ctx, bin, env, "forget"); err != nil {
		return err
	}
	fmt.Printf("KEYRING_ADDS_NS %d\n", d.Nanoseconds())
	return nil
}
