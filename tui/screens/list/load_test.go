package list

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/clock"
	"github.com/phrhealth/phr/internal/demo"
	"github.com/phrhealth/phr/internal/record"
	"github.com/phrhealth/phr/tui/keys"
	"github.com/phrhealth/phr/tui/screen"
	"github.com/phrhealth/phr/tui/styles"
)

// TestNewestPageFirst: a long category shows its newest page at once, then
// the whole category, with the selected entry still selected; a reload
// after a change loads the whole category in one go, and the answer of an
// older load is dropped.
func TestNewestPageFirst(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	cfg := app.Config{VaultDir: filepath.Join(t.TempDir(), "vault"), Clock: clock.Fixed(now),
		Keyring: app.NewMemoryKeyring(), ScryptLog2: 10}
	s, err := app.Init(ctx, cfg, []byte("correct-horse-lantern-meadow-violin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FillDemo(ctx, demo.Generate(3, demo.Size{Measurements: 1000, Others: 1, Years: 5}, now)); err != nil {
		t.Fatal(err)
	}
	gate := screen.NewGate(s)
	t.Cleanup(gate.Close)
	st, km := styles.New(true), keys.Default()
	env := screen.Env{Ctx: ctx, Gate: gate, Keys: &km, Styles: &st, Width: 80, Height: 24}

	l := New(record.Measurement)
	first := l.Load(env)()
	more := l.Update(env, first)
	if len(l.all) != firstPage || l.complete || more == nil {
		t.Fatalf("first load: %d entries, complete %v, loads more %v; want the newest %d, then the rest", len(l.all), l.complete, more != nil, firstPage)
	}
	if v := l.View(env, 80, 20); !strings.Contains(v, "newest 300, loading the rest") {
		t.Fatalf("the first page does not say the rest is loading:\n%s", v)
	}
	l.cursor = 42
	selected := l.all[l.shown[42]].ID
	if cmd := l.Update(env, more()); cmd != nil {
		t.Fatal("the whole category asks for more")
	}
	if !l.complete || len(l.all) != 1000 {
		t.Fatalf("after the rest: %d entries, complete %v", len(l.all), l.complete)
	}
	if got := l.all[l.shown[l.cursor]].ID; got != selected {
		t.Fatalf("the selection moved from %s to %s", selected, got)
	}
	if v := l.View(env, 80, 20); !strings.Contains(v, "Measurements · 1000") {
		t.Fatalf("the whole list's heading:\n%s", v)
	}

	// After a change the whole category loads at once; the first page's
	// answer, arriving late, is dropped.
	reload := l.Load(env)()
	if msg, ok := reload.(loadedMsg); !ok || !msg.complete || len(msg.entries) != 1000 {
		t.Fatalf("a reload loads %T, not the whole category", reload)
	}
	l.Update(env, first)
	if len(l.all) != 1000 || !l.complete {
		t.Fatalf("an older load's answer was shown: %d entries", len(l.all))
	}
}
