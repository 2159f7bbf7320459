package app

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/phrhealth/phr/internal/agent"
	"github.com/phrhealth/phr/internal/errs"
	"github.com/phrhealth/phr/internal/keyring"
	"github.com/phrhealth/phr/internal/passphrase"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/internal/vault"
)

// Unlock lists the ways to get the vault's secret, tried in the contract's
// order: a passphrase given directly (the interface's unlock screen), a
// passphrase file, a passphrase command, the unlock agent (phr unlock), the
// OS keyring, then a prompt.
type Unlock struct {
	// Passphrase is a passphrase the person typed into the interface.
	Passphrase []byte
	// PassphraseFile is --passphrase-file or $PHR_PASSPHRASE_FILE.
	PassphraseFile string
	// PassphraseCommand is $PHR_PASSPHRASE_COMMAND, run through the shell.
	PassphraseCommand string
	// NoKeyring skips the keyring (the interface's unlock after a lock must
	// take the typed passphrase only).
	NoKeyring bool
	// NoAgent skips the unlock agent (phr unlock itself must not renew an
	// agent from the agent's own key).
	NoAgent bool
	// Prompt asks for the passphrase on a terminal; nil when there is none.
	Prompt func(label string) ([]byte, error)
	// DeferAudit keeps the unlock's audit row in memory until the first
	// change is saved or FlushUnlock is called, so a command that fails
	// leaves the vault byte-for-byte unchanged. The interface leaves it off.
	DeferAudit bool
	// identity is the vault key itself, for reopening after a restore.
	identity string
	// acceptCurrent takes record.age as it is even when it is not the
	// version phr last saw on this computer (a restore, or the person's
	// choice: phr restore --keep-current).
	acceptCurrent bool
}

// noSourceMsg is the message when nothing can supply the passphrase: it
// names every way there is on this system.
func noSourceMsg() string {
	agentWay := ""
	if agent.Supported {
		agentWay = "an unlock agent (phr unlock), "
	}
	return "cannot unlock the vault: no passphrase source. Use one of: --passphrase-file FILE (or PHR_PASSPHRASE_FILE), " +
		"PHR_PASSPHRASE_COMMAND, " + agentWay + "the system keyring (phr remember), or run phr in a terminal to be asked"
}

// unlock opens the vault's identity and says which source did it.
func (u Unlock) unlock(cfg Config, v *vault.Vault) (string, error) {
	if u.identity != "" {
		return "vault key", v.UnlockIdentity(u.identity)
	}
	if u.Passphrase != nil {
		return "passphrase", v.UnlockPassphrase(normalized(u.Passphrase))
	}
	if u.PassphraseFile != "" || u.PassphraseCommand != "" {
		pass, via, err := u.fromFileOrCommand()
		if err != nil {
			return "", err
		}
		defer clear(pass)
		return via, v.UnlockPassphrase(normalized(pass))
	}
	var notes []string
	if !u.NoAgent {
		switch via, err := u.fromAgent(cfg, v); {
		case err == nil && via != "":
			return via, nil
		case err != nil:
			notes = append(notes, err.Error())
		}
	}
	if !u.NoKeyring {
		id, err := cfg.keyring().Get(keyring.Account(cfg.VaultDir))
		switch {
		case err == nil:
			if err := v.UnlockIdentity(id); err == nil {
				return "keyring", nil
			}
			notes = append(notes, "the key in the system keyring does not open this vault (run phr forget, then phr remember)")
		case errors.Is(err, keyring.ErrNotFound):
		default:
			notes = append(notes, fmt.Sprintf("the system keyring is not available (%v)", err))
		}
	}
	if u.Prompt == nil {
		if len(notes) > 0 {
			return "", errs.New(errs.Unlock, "%s; %s", noSourceMsg(), strings.Join(notes, "; "))
		}
		return "", errs.New(errs.Unlock, "%s", noSourceMsg())
	}
	label := "Passphrase for " + cfg.VaultDir + ": "
	for i := len(notes) - 1; i >= 0; i-- {
		label = "(" + notes[i] + ")\n" + label
	}
	pass, err := u.Prompt(label)
	if err != nil {
		return "", errs.New(errs.Unlock, "read passphrase: %w", err)
	}
	defer clear(pass)
	return "prompt", v.UnlockPassphrase(normalized(pass))
}

// fromAgent asks the vault's unlock agent for the key. It returns "agent"
// when the key opened the vault, "" with a nil error when no agent runs,
// and an error (a note for the person, holding no secret) when an agent
// answered but could not be used.
func (u Unlock) fromAgent(cfg Config, v *vault.Vault) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*agent.IOTimeout)
	defer cancel()
	key, _, err := cfg.agentClient().Key(ctx)
	switch {
	case errors.Is(err, agent.ErrNoAgent) || errors.Is(err, agent.ErrUnsupported):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("the unlock agent is not usable (%v)", err)
	}
	// age parses identities from strings: this copy cannot be cleared.
	err = v.UnlockIdentity(string(key))
	clear(key)
	if err != nil {
		return "", errors.New("the key held by the unlock agent does not open this vault (run phr lock, then phr unlock)")
	}
	return "agent", nil
}

// fromFileOrCommand reads the passphrase from the file, else the command.
func (u Unlock) fromFileOrCommand() ([]byte, string, error) {
	if u.PassphraseFile != "" {
		p, err := ReadSecretFile(u.PassphraseFile)
		return p, "passphrase file", err
	}
	p, err := RunSecretCommand(u.PassphraseCommand)
	return p, "passphrase command", err
}

// ReadSecretFile returns the first line of a file, without its line ending.
func ReadSecretFile(path string) ([]byte, error) {
	b, err := readFileLimited(path, maxSecretFile)
	if errors.Is(err, errTooLarge) {
		return nil, errs.New(errs.Usage, "the passphrase file %s is larger than %s: name the file that holds only the passphrase", path, record.Size(maxSecretFile))
	}
	if err != nil {
		// A file that is not there or cannot be read is bad input (exit 2),
		// as for every other input file; a wrong passphrase in it is exit 3.
		return nil, errs.New(errs.Usage, "read the passphrase file %w: check the name given", pathErr(err))
	}
	defer clear(b)
	line := firstLine(b)
	if len(line) == 0 {
		return nil, errs.New(errs.Unlock, "the passphrase file %s is empty: put the passphrase on its first line", path)
	}
	return line, nil
}

// RunSecretCommand runs a command through the shell and returns the first
// line of its standard output.
func RunSecretCommand(command string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "/bin/sh", "-c", command)
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	defer clear(out)
	if err != nil {
		return nil, errs.New(errs.Unlock, "PHR_PASSPHRASE_COMMAND failed: %v", err)
	}
	line := firstLine(out)
	if len(line) == 0 {
		return nil, errs.New(errs.Unlock, "PHR_PASSPHRASE_COMMAND printed nothing: it must print the passphrase on its first line")
	}
	return line, nil
}

// firstLine copies the first line of b without "\n" or "\r\n".
func firstLine(b []byte) []byte {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	if !sc.Scan() {
		return nil
	}
	return bytes.Clone(bytes.TrimSuffix(sc.Bytes(), []byte("\r")))
}

// pathErr drops the operation prefix Go adds, keeping the path and reason.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}

// normalized returns the passphrase in the form keys are derived from
// (NFKC), so composed and decomposed forms open the same vault.
func normalized(p []byte) []byte { return passphrase.Normalize(p) }

// CheckPassphrase applies the passphrase policy and returns an errs.Policy
// error that says what would make a weak passphrase stronger.
func CheckPassphrase(p []byte, userWords []string) error {
	r := passphrase.Check(p, userWords)
	if r.Acceptable {
		return nil
	}
	msg := "this passphrase is too weak"
	if r.Warning != "" {
		msg += ": " + strings.TrimSuffix(r.Warning, ".")
	}
	if len(r.Suggestions) > 0 {
		msg += ". " + strings.Join(r.Suggestions, " ")
	}
	return errs.New(errs.Policy, "%s (try phr password generate)", strings.TrimSuffix(msg, "."))
}

// RatePassphrase returns the policy's full verdict on a candidate, for a
// strength meter. userWords are the person's own words (name, birth year).
func RatePassphrase(p []byte, userWords []string) passphrase.Result {
	return passphrase.Check(p, userWords)
}

// maxSecretFile bounds a passphrase file: a passphrase is at most a few
// kilobytes (1,024 characters are accepted).
const maxSecretFile = 64 << 10

// errTooLarge is readFileLimited's error for a file beyond its limit.
var errTooLarge = errors.New("file too large")

// readFileLimited reads a whole file of at most limit bytes; a larger one
// is errTooLarge, read no further than the limit.
func readFileLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		clear(b)
		return nil, errTooLarge
	}
	return b, nil
}
