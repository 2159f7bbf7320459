package vault

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/errs"
)

const holdEnv = "PHR_VAULT_TEST_HOLD_LOCK"

// TestHelperHoldLock is not a test: run by TestLockOtherProcess in a child
// process, it takes the lock of the vault named in the environment, says
// "locked" and waits to be killed.
func TestHelperHoldLock(t *testing.T) {
	dir := os.Getenv(holdEnv)
	if dir == "" {
		t.Skip("helper process for TestLockOtherProcess")
	}
	v, err := Open(dir, testOpts())
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	if err := v.LockForWriting(); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(0)
}

func TestLockSameProcess(t *testing.T) {
	v, dir := newTestVault(t, []byte("x"), testOpts())
	if err := v.LockForWriting(); err != nil {
		t.Fatalf("second LockForWriting on the holder: %v", err)
	}
	w := openUnlocked(t, dir, testOpts())
	err := w.LockForWriting()
	wantKind(t, err, errs.Busy)
	mustContain(t, err, fmt.Sprintf("held by phr pid %d", os.Getpid()))
	v.Close()
	if err := w.LockForWriting(); err != nil {
		t.Fatalf("lock after the holder closed: %v", err)
	}
}

func TestLockOtherProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("kill -9 semantics checked on Unix")
	}
	v, dir := newTestVault(t, []byte("x"), testOpts())
	// Leave a stale temporary file to be cleaned by the next lock holder.
	stale := dir + "/.phr-stale.tmp"
	os.WriteFile(stale, []byte("half a save"), 0o600)
	v.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), holdEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		t.Fatalf("helper said %q (%v)", line, err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("the new holder left the stale temporary file: %v", err)
	}

	w := openUnlocked(t, dir, testOpts())
	for range 20 {
		start := time.Now()
		err := w.LockForWriting()
		wantKind(t, err, errs.Busy)
		mustContain(t, err, fmt.Sprintf("held by phr pid %d", cmd.Process.Pid), "open for writing in another phr process")
		if d := time.Since(start); d > time.Second {
			t.Fatalf("refusal took %v", d)
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()
	if err := w.LockForWriting(); err != nil {
		t.Fatalf("lock not free at once after kill -9: %v", err)
	}
	if _, err := w.ReadRecord(); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRecord([]byte("y")); err != nil {
		t.Fatal(err)
	}
}

// TestCheckFree: CheckFree says Busy while another Vault holds the lock,
// nothing once it is free, and never keeps the lock itself.
func TestCheckFree(t *testing.T) {
	v, dir := newTestVault(t, []byte("x"), testOpts())
	if err := v.CheckFree(); err != nil {
		t.Fatalf("the holder's own check: %v", err)
	}
	w := openUnlocked(t, dir, testOpts())
	wantKind(t, w.CheckFree(), errs.Busy)
	v.Close()
	if err := w.CheckFree(); err != nil {
		t.Fatalf("check after the holder closed: %v", err)
	}
	x := openUnlocked(t, dir, testOpts())
	if err := x.LockForWriting(); err != nil {
		t.Fatalf("CheckFree kept the lock: %v", err)
	}
}
