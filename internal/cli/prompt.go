package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"
)

// promptTerminal asks for a secret on the controlling terminal without echo.
// It reads from the terminal device, never from a redirected stdin.
func promptTerminal(label string) ([]byte, error) {
	tty, err := openTTY()
	if err != nil {
		return nil, fmt.Errorf("no terminal to ask on: %w", err)
	}
	defer tty.Close()
	fmt.Fprint(tty, label)
	b, err := term.ReadPassword(int(tty.Fd()))
	fmt.Fprintln(tty)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// ConfirmTerminal asks a yes/no question on the terminal; the default is no.
func ConfirmTerminal(question string) (bool, error) {
	tty, err := openTTY()
	if err != nil {
		return false, err
	}
	defer tty.Close()
	fmt.Fprint(tty, question+" [y/N] ")
	line, err := bufio.NewReader(tty).ReadString('\n')
	if err != nil {
		return false, err
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes", nil
}

func openTTY() (*os.File, error) {
	if f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0); err == nil {
		return f, nil
	}
	// Windows: the console.
	if f, err := os.OpenFile("CONIN$", os.O_RDWR, 0); err == nil {
		return f, nil
	}
	return nil, fmt.Errorf("cannot open the terminal")
}
