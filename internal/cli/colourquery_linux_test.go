package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestNoColourQuery runs phr on a real pseudo-terminal that never answers
// and checks that it sends no colour query (OSC 11, whose unanswered wait
// stalled every error and --help for four seconds) where nothing is
// styled: a failure (always one plain line), and any output under NO_COLOR
// or TERM=dumb.
func TestNoColourQuery(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  []string
		exit int
	}{
		{"unknown command", []string{"lsit"}, []string{"TERM=xterm-256color"}, ExitUsage},
		{"unknown flag", []string{"list", "--bogus"}, []string{"TERM=xterm-256color"}, ExitUsage},
		{"help under NO_COLOR", []string{"--help"}, []string{"TERM=xterm-256color", "NO_COLOR=1"}, ExitOK},
		{"help on a dumb terminal", []string{"export", "--help"}, []string{"TERM=dumb"}, ExitOK},
		{"error under NO_COLOR", []string{"show"}, []string{"TERM=xterm-256color", "NO_COLOR=1"}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code := runOnPTY(t, tt.args, tt.env)
			if bytes.Contains(out, []byte("\x1b]11;?")) || bytes.Contains(out, []byte("\x1b[c")) {
				t.Errorf("phr %s asked the terminal for its colours:\n%q", strings.Join(tt.args, " "), out)
			}
			if code != tt.exit {
				t.Errorf("phr %s: exit %d, want %d:\n%q", strings.Join(tt.args, " "), code, tt.exit, out)
			}
		})
	}
}

// runOnPTY runs this test binary as phr with stdin, stdout and stderr on a
// new pseudo-terminal, and returns all it wrote there and its exit code.
func runOnPTY(t *testing.T, args, env []string) ([]byte, int) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer master.Close()
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlock a pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Skipf("name a pseudo-terminal: %v", err)
	}
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open a pseudo-terminal: %v", err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(exe, args...)
	cmd.Args[0] = "phr" // testscript.Main runs phrMain for this name
	cmd.Env = append([]string{
		"PHR_VAULT=" + dir + "/vault", "HOME=" + dir, "XDG_RUNTIME_DIR=" + dir,
		"PHR_TEST_TTY=1", "PATH=" + os.Getenv("PATH"),
	}, env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&out, master) // ends with EIO once phr has exited
		close(done)
	}()
	err = cmd.Wait()
	<-done
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), code
}
