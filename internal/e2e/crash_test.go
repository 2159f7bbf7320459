package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func killCount() int {
	if v := os.Getenv("PHR_CRASH_KILLS"); v != "" {
		n, _ := strconv.Atoi(v)
		return n
	}
	if *kills > 0 {
		return *kills
	}
	return 200
}

// change is one command that changes the vault, with the state it must
// leave: exactly before or exactly after, never anything in between.
type change struct {
	kind  string
	cmd   *exec.Cmd
	after map[string]string
}

// changer makes random changes: add (one entry, several as JSON, one with
// an attachment), edit, rm and import of a small CSV file.
type changer struct {
	r       runner
	rng     *rand.Rand
	scratch string
	n       int
}

func (c *changer) next(want map[string]string) change {
	c.n++
	i := c.n
	after := map[string]string{}
	for k, v := range want {
		after[k] = v
	}
	// pick returns an existing title at random.
	pick := func() string {
		ts := titles(want)
		return ts[c.rng.IntN(len(ts))]
	}
	p := c.rng.IntN(100)
	switch {
	case len(want) < 4 || p < 25:
		title := fmt.Sprintf("add-%d", i)
		after[title] = ""
		return change{"add", c.r.cmd("add", "note", "--title", title, "--note", strings.Repeat("x", c.rng.IntN(4000))), after}
	case p < 35:
		a, b := fmt.Sprintf("json-%d-a", i), fmt.Sprintf("json-%d-b", i)
		after[a], after[b] = "", ""
		cmd := c.r.cmd("add", "--json")
		cmd.Stdin = strings.NewReader(fmt.Sprintf(`[{"category":"note","title":%q},{"category":"allergy","title":%q}]`, a, b))
		return change{"add --json", cmd, after}
	case p < 45:
		title := fmt.Sprintf("doc-%d", i)
		file := filepath.Join(c.scratch, fmt.Sprintf("letter-%d.txt", i))
		body := make([]byte, 1000+c.rng.IntN(200_000))
		for j := range body {
			body[j] = byte('a' + c.rng.IntN(26))
		}
		if err := os.WriteFile(file, body, 0o600); err != nil {
			c.r.t.Fatal(err)
		}
		after[title] = ""
		return change{"add --attach", c.r.cmd("add", "document", "--title", title, "--attach", file), after}
	case p < 65:
		old := pick()
		title := fmt.Sprintf("edit-%d", i)
		delete(after, old)
		after[title] = want[old]
		return change{"edit", c.r.cmd("edit", want[old], "--title", title, "--note", fmt.Sprintf("edited %d", i)), after}
	case p < 82 || len(want) > 60:
		old := pick()
		delete(after, old)
		return change{"rm", c.r.cmd("rm", want[old]), after}
	default:
		file := filepath.Join(c.scratch, fmt.Sprintf("monitor-%d.csv", i))
		var b strings.Builder
		b.WriteString("Date,Type,Reading,Unit\n")
		rows := 2 + c.rng.IntN(3)
		for j := 0; j < rows; j++ {
			typ := fmt.Sprintf("imp%d %c", i, 'a'+j)
			fmt.Fprintf(&b, "2025-01-%02d,%s,%d,kg\n", j+1, typ, 60+j)
			after[typ] = ""
		}
		if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
			c.r.t.Fatal(err)
		}
		return change{"import", c.r.cmd("import", file), after}
	}
}

// interruptStats counts what the interruptions hit.
type interruptStats struct {
	runs, completed, interrupted, landedAfter, tempsLeft, failures int
	// messages counts what stopped commands said (first line).
	messages map[string]int
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// interruptLoop runs n random changes, each sent sig after a random delay
// from 0 to a little more than the change usually takes, and checks after
// every one that the vault opens with exactly the state before or after the
// change, and exactly after when the command reported success.
func interruptLoop(t *testing.T, r runner, n int, signals []syscall.Signal, seed uint64) interruptStats {
	rng := rand.New(rand.NewPCG(seed, 7))
	c := &changer{r: r, rng: rng, scratch: t.TempDir()}
	want := r.entries()
	// How long each kind of change takes (the median of three uninterrupted
	// runs), and how long phr takes to start (phr version).
	runs := map[string][]time.Duration{}
	for done := false; !done; {
		ch := c.next(want)
		start := time.Now()
		res := runCmd(t, ch.cmd)
		if res.code != 0 {
			t.Fatalf("%s: exit %d: %s", ch.kind, res.code, res.stderr)
		}
		runs[ch.kind] = append(runs[ch.kind], time.Since(start))
		want = r.entries()
		if !sameTitles(want, ch.after) {
			t.Fatalf("%s did not do what it should: %v", ch.kind, titles(want))
		}
		done = len(runs) == 6
		for _, d := range runs {
			done = done && len(d) >= 3
		}
	}
	for i := 0; i < 3; i++ {
		start := time.Now()
		r.must("version")
		runs["start-up"] = append(runs["start-up"], time.Since(start))
	}
	spans := map[string]time.Duration{}
	for k, d := range runs {
		slices.Sort(d)
		spans[k] = d[len(d)/2]
	}
	startup := spans["start-up"]
	t.Logf("uninterrupted: %v", spans)
	st := interruptStats{messages: map[string]int{}}
	for i := 0; i < n; i++ {
		ch := c.next(want)
		sig := signals[rng.IntN(len(signals))]
		var stderr strings.Builder
		ch.cmd.Stderr = &stderr
		if err := ch.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Half the delays spread over the whole run, half over its second
		// half, where the save is.
		span := int64(spans[ch.kind])
		delay := rng.Int64N(span * 12 / 10)
		if rng.IntN(2) == 0 {
			delay = span/2 + rng.Int64N(span*6/10)
		}
		if sig != syscall.SIGKILL && rng.IntN(4) != 0 && span > int64(startup) {
			// Go's runtime and phr's start-up take a good part of a run,
			// and a signal then simply ends the process: aim most stop
			// requests past it.
			delay = int64(startup) + rng.Int64N((span-int64(startup))*11/10)
		}
		time.Sleep(time.Duration(delay))
		ch.cmd.Process.Signal(sig)
		err := ch.cmd.Wait()
		st.runs++
		done := err == nil
		if done {
			st.completed++
		} else {
			st.interrupted++
		}
		if !done && sig != syscall.SIGKILL {
			msg := firstLine(stderr.String())
			if ch.cmd.ProcessState.ExitCode() == -1 {
				// The default action: the signal came before phr set up
				// its handler, before it had opened anything.
				msg = "(ended by the signal itself, during start-up)"
			}
			st.messages[msg]++
		}
		if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "goroutine ") {
			st.failures++
			t.Errorf("run %d (%s, %v): a panic: %s", i, ch.kind, sig, stderr.String())
		}
		left := temps(r.dir)
		if len(left) > 0 {
			st.tempsLeft++
			if sig != syscall.SIGKILL {
				// A phr told to stop finishes or abandons its save and
				// cleans up before it exits.
				st.failures++
				t.Errorf("run %d (%s, %v): temporary files left: %v", i, ch.kind, sig, left)
			}
		}
		if fi, err := os.Stat(filepath.Join(r.dir, "record.age")); err != nil || fi.Size() == 0 {
			st.failures++
			t.Errorf("run %d (%s, %v): record.age missing or empty: %v", i, ch.kind, sig, err)
		}
		got := r.entries()
		switch {
		case sameTitles(got, ch.after):
			if !done {
				st.landedAfter++
			}
		case sameTitles(got, want) && !done:
		default:
			st.failures++
			t.Errorf("run %d: %s (%v, done=%v, stderr %q) left %v; before %v, after %v", i, ch.kind, sig, done,
				strings.TrimSpace(stderr.String()), titles(got), titles(want), titles(ch.after))
		}
		want = got
		// The next writer (the list above takes the write lock) removed the
		// temporary files of the interrupted one.
		if left := temps(r.dir); len(left) > 0 {
			st.failures++
			t.Errorf("run %d: temporary files still there after the next command: %v", i, left)
		}
		if st.failures > 10 {
			t.Fatalf("stopping after %d failures", st.failures)
		}
	}
	// Whatever was interrupted, the vault is whole: doctor finds nothing
	// missing and the audit chain holds.
	if res := r.run("doctor", "--read-data"); res.code != 0 {
		st.failures++
		t.Errorf("doctor after the interruptions: exit %d: %s%s", res.code, res.stdout, res.stderr)
	}
	if res := r.run("audit", "--verify"); res.code != 0 {
		st.failures++
		t.Errorf("audit --verify after the interruptions: exit %d: %s%s", res.code, res.stdout, res.stderr)
	}
	return st
}

// TestCrashDuringSaves kills phr add (one entry, several as JSON, with an
// attachment), edit, rm and import with SIGKILL at random moments. After
// every kill the vault opens and holds exactly the state before or after
// the interrupted change; a change reported done is never lost; the next
// writer removes the leftover temporary files. 200 kills under PHR_E2E=1;
// PHR_CRASH_KILLS=2000 (or -phr.kills) for the long run.
func TestCrashDuringSaves(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	seed := uint64(time.Now().UnixNano())
	start := time.Now()
	st := interruptLoop(t, r, killCount(), []syscall.Signal{syscall.SIGKILL}, seed)
	t.Logf("seed %d: %d SIGKILLs in %v: %d killed mid-way (%d of them after the new record.age was in place, %d leaving temporary files), %d completed first, %d failures",
		seed, st.runs, time.Since(start).Round(time.Second), st.interrupted, st.landedAfter, st.tempsLeft, st.completed, st.failures)
}

// TestSignalsDuringSaves sends SIGTERM or SIGINT (what a closing terminal,
// a logout or ctrl+c sends) at random moments: every save completes or is
// abandoned whole, the process cleans its temporary files before exiting,
// and a change reported done is kept.
func TestSignalsDuringSaves(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	seed := uint64(time.Now().UnixNano())
	n := killCount() / 2
	st := interruptLoop(t, r, n, []syscall.Signal{syscall.SIGTERM, syscall.SIGINT}, seed)
	t.Logf("seed %d: %d SIGTERM/SIGINT: %d stopped mid-way (%d after the change was saved), %d completed first, %d failures",
		seed, st.runs, st.interrupted, st.landedAfter, st.completed, st.failures)
	for m, n := range st.messages {
		t.Logf("%4d x %q", n, m)
		if !strings.HasPrefix(m, "(") && !strings.HasPrefix(m, "phr: ") {
			t.Errorf("a stopped command should say why on one line starting phr: %q", m)
		}
	}
}

// TestManyWriters starts many phr add at once: each succeeds or is refused
// at once with exit 6 naming the other process, and every success is kept.
func TestManyWriters(t *testing.T) {
	requireE2E(t)
	r := newRunner(t)
	const n = 24
	type outcome struct {
		title string
		res   result
		took  time.Duration
	}
	results := make(chan outcome, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			title := fmt.Sprintf("writer-%d", i)
			start := time.Now()
			res := runCmd(t, r.cmd("add", "note", "--title", title))
			results <- outcome{title, res, time.Since(start)}
		}(i)
	}
	ok, busy := map[string]bool{}, 0
	for i := 0; i < n; i++ {
		o := <-results
		switch o.res.code {
		case 0:
			ok[o.title] = true
		case 6:
			busy++
			if !strings.Contains(o.res.stderr, "pid") || o.took > 5*time.Second {
				t.Errorf("a refused writer should say which process holds the vault, at once: %q after %v", o.res.stderr, o.took)
			}
		default:
			t.Errorf("writer %s: exit %d: %s", o.title, o.res.code, o.res.stderr)
		}
	}
	got := r.entries()
	for title := range ok {
		if _, found := got[title]; !found {
			t.Errorf("%s reported success but is missing", title)
		}
	}
	for title := range got {
		if strings.HasPrefix(title, "writer-") && !ok[title] {
			t.Errorf("%s is in the vault but its writer was refused", title)
		}
	}
	if len(temps(r.dir)) > 0 {
		t.Errorf("temporary files left: %v", temps(r.dir))
	}
	t.Logf("%d writers: %d succeeded, %d refused with exit 6", n, len(ok), busy)
}
