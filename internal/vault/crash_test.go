package vault

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const saveLoopEnv = "PHR_VAULT_TEST_SAVE_LOOP"

// crashRecord is the plaintext of save n: large enough that a kill often
// lands mid-write, and self-describing.
func crashRecord(n int) []byte {
	head := fmt.Sprintf("save %08d\n", n)
	return append([]byte(head), bytes.Repeat([]byte{byte(n)}, 300<<10)...)
}

// crashNumber reads which save a crashRecord is.
func crashNumber(plain []byte) int {
	head, _, _ := bytes.Cut(plain, []byte("\n"))
	n, err := strconv.Atoi(strings.TrimPrefix(string(head), "save "))
	if err != nil {
		return -1
	}
	return n
}

// TestHelperSaveLoop is not a test: run by TestKillDuringSaves in a child
// process, it saves records 1, 2, 3... into the vault named in the
// environment, printing "saved N" after each save returns, until killed.
func TestHelperSaveLoop(t *testing.T) {
	dir := os.Getenv(saveLoopEnv)
	if dir == "" {
		t.Skip("helper process for TestKillDuringSaves")
	}
	v, err := Open(dir, testOpts())
	if err == nil {
		err = v.UnlockPassphrase(testPass)
	}
	if err == nil {
		err = v.LockForWriting()
	}
	var plain []byte
	if err == nil {
		plain, err = v.ReadRecord()
	}
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	n := crashNumber(plain)
	for {
		n++
		if err := v.WriteRecord(crashRecord(n)); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Printf("saved %d\n", n)
	}
}

// TestKillDuringSaves kills a saving process with SIGKILL at random moments:
// every time, the vault opens, no save that was reported done is lost, and
// the next lock holder removes the leftover temporary files.
// PHR_CRASH_RUNS sets the number of kills (default 40, 200 or more for a
// long run).
func TestKillDuringSaves(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL test runs on Unix")
	}
	runs := 40
	if s := os.Getenv("PHR_CRASH_RUNS"); s != "" {
		runs, _ = strconv.Atoi(s)
	}
	if testing.Short() {
		runs = 5
	}
	v, dir := newTestVault(t, crashRecord(0), testOpts())
	v.Close()
	lastReported := 0
	leftovers := 0
	for run := range runs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSaveLoop$")
		cmd.Env = append(os.Environ(), saveLoopEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		reported := lastReported
		done := make(chan struct{})
		go func() {
			defer close(done)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				line := sc.Text()
				if n, ok := strings.CutPrefix(line, "saved "); ok {
					k, _ := strconv.Atoi(n)
					mu.Lock()
					reported = k
					mu.Unlock()
				} else if strings.HasPrefix(line, "error:") {
					t.Errorf("run %d: helper: %s", run, line)
				}
			}
		}()
		time.Sleep(time.Duration(20+rand.IntN(80)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		<-done
		mu.Lock()
		lastReported = reported
		mu.Unlock()

		leftovers += len(tempFiles(t, dir))
		w := openUnlocked(t, dir, testOpts())
		plain, err := w.ReadRecord()
		if err != nil {
			t.Fatalf("run %d: vault unreadable after kill: %v", run, err)
		}
		got := crashNumber(plain)
		if !bytes.Equal(plain, crashRecord(got)) {
			t.Fatalf("run %d: record is not a whole save", run)
		}
		if got < lastReported {
			t.Fatalf("run %d: record holds save %d, but save %d was reported done", run, got, lastReported)
		}
		lastReported = got
		if err := w.LockForWriting(); err != nil {
			t.Fatal(err)
		}
		if tmp := tempFiles(t, dir); len(tmp) != 0 {
			t.Fatalf("run %d: leftovers not removed: %v", run, tmp)
		}
		w.Close()
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "record.conflict-*")); len(m) != 0 {
		t.Fatalf("conflict files: %v", m)
	}
	t.Logf("%d kills, %d saves done, %d temporary files left behind by kills (all removed by the next lock holder)", runs, lastReported, leftovers)
}

// TestCloseDuringSaves closes the vault while another goroutine saves: each
// save either completes or is refused whole.
func TestCloseDuringSaves(t *testing.T) {
	v, dir := newTestVault(t, []byte("start"), testOpts())
	var wg sync.WaitGroup
	saved := make(chan int, 1000)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			if err := v.WriteRecord(crashRecord(i)); err != nil {
				if !strings.Contains(err.Error(), "not open for writing") {
					t.Errorf("save %d: %v", i, err)
				}
				return
			}
			saved <- i
		}
	}()
	time.Sleep(50 * time.Millisecond)
	v.Close()
	wg.Wait()
	close(saved)
	last := 0
	for i := range saved {
		last = i
	}
	got := readBack(t, dir)
	if last == 0 && string(got) == "start" {
		return
	}
	if !bytes.Equal(got, crashRecord(last)) {
		t.Fatalf("record is not the last completed save %d", last)
	}
	if tmp := tempFiles(t, dir); len(tmp) != 0 {
		t.Fatalf("temporary files left: %v", tmp)
	}
}
