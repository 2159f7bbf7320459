//go:build unix

package applehealth

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestDetectLeavesPipesAlone: a named pipe is read once, by the importer.
// Detect used to open it, which waits for a writer (or takes the data the
// importer then never sees): phr import of a pipe hung.
func TestDetectLeavesPipesAlone(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "readings.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan bool, 1)
	go func() { done <- Detect(fifo) }()
	select {
	case got := <-done:
		if got {
			t.Error("a pipe was called an Apple Health export")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Detect opened the pipe and waits for a writer")
	}
}
