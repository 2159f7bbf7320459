package seen

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func hash(c string) string { return strings.Repeat(c, 64) }

func TestCompare(t *testing.T) {
	mark := Mark{Seq: 10, Hash: hash("a"), First: hash("f")}
	tests := []struct {
		name   string
		head   Mark
		hashAt string
		has    bool
		want   Verdict
	}{
		{"the same version", Mark{Seq: 10, Hash: hash("a"), First: hash("f")}, hash("a"), true, Newer},
		{"a newer version of the same history", Mark{Seq: 12, Hash: hash("b"), First: hash("f")}, hash("a"), true, Newer},
		{"an older copy", Mark{Seq: 9, Hash: hash("c"), First: hash("f")}, "", false, Older},
		{"another history at the mark", Mark{Seq: 10, Hash: hash("d"), First: hash("f")}, hash("d"), true, Diverged},
		{"another history, now longer", Mark{Seq: 14, Hash: hash("e"), First: hash("f")}, hash("e"), true, Diverged},
		{"a hole where the mark was", Mark{Seq: 14, Hash: hash("e"), First: hash("f")}, "", false, Diverged},
		{"another vault in the same folder", Mark{Seq: 2, Hash: hash("e"), First: hash("g")}, "", false, Newer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compare(mark, tt.head, tt.hashAt, tt.has); got != tt.want {
				t.Fatalf("Compare = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBookSaveLoad(t *testing.T) {
	b := Book{Dir: filepath.Join(t.TempDir(), "state", "seen")}
	vault := t.TempDir()
	if _, ok := b.Load(vault); ok {
		t.Fatal("a new book found a mark")
	}
	m := Mark{Seq: 3, Hash: hash("a"), First: hash("b")}
	if err := b.Save(vault, m); err != nil {
		t.Fatal(err)
	}
	got, ok := b.Load(vault)
	if !ok || got != m {
		t.Fatalf("Load = %+v %v, want %+v", got, ok, m)
	}
	// The same vault through a symbolic link shares the mark; another does not.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(vault, link); err == nil {
		if got, ok := b.Load(link); !ok || got != m {
			t.Fatalf("through a link: %+v %v", got, ok)
		}
	}
	if _, ok := b.Load(t.TempDir()); ok {
		t.Fatal("another vault found this one's mark")
	}
	m2 := Mark{Seq: 4, Hash: hash("c"), First: hash("b")}
	if err := b.Save(vault, m2); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Load(vault); got != m2 {
		t.Fatalf("after a second save: %+v", got)
	}
	entries, _ := os.ReadDir(b.Dir)
	if len(entries) != 1 {
		t.Fatalf("the book holds %d files, want 1 (no temporary file left)", len(entries))
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(b.Dir)
		if fi.Mode().Perm() != 0o700 {
			t.Fatalf("book folder mode %v, want 0700", fi.Mode().Perm())
		}
	}
	if err := b.Forget(vault); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Load(vault); ok {
		t.Fatal("a forgotten mark was found")
	}
	if err := b.Forget(vault); err != nil {
		t.Fatalf("forgetting twice: %v", err)
	}
}

// A damaged, empty or foreign mark file is no mark: it never stops phr.
func TestBadMarksAreIgnored(t *testing.T) {
	b := Book{Dir: t.TempDir()}
	vault := t.TempDir()
	name, err := b.name(vault)
	if err != nil {
		t.Fatal(err)
	}
	for _, content := range []string{"", "{", "null", `{"seq":0}`, `{"seq":3,"hash":"short","first":"x"}`,
		`{"seq":-1,"hash":"` + hash("a") + `","first":"` + hash("b") + `"}`, strings.Repeat(" ", 5000)} {
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if m, ok := b.Load(vault); ok {
			t.Errorf("mark %q loaded as %+v", content, m)
		}
	}
}

func TestZeroBookKeepsNothing(t *testing.T) {
	var b Book
	if err := b.Save(t.TempDir(), Mark{Seq: 1, Hash: hash("a"), First: hash("a")}); err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Load(t.TempDir()); ok {
		t.Fatal("the zero book found a mark")
	}
}

func TestDefaultDir(t *testing.T) {
	env := map[string]string{"HOME": "/home/p", "XDG_STATE_HOME": "", "LocalAppData": `C:\Users\p\AppData\Local`}
	get := func(k string) string { return env[k] }
	d, err := DefaultDir(get)
	if err != nil {
		t.Fatal(err)
	}
	switch runtime.GOOS {
	case "windows":
		if !strings.HasSuffix(d, filepath.Join("phr", "seen")) {
			t.Fatalf("DefaultDir = %q", d)
		}
	case "darwin":
		if d != "/home/p/Library/Application Support/phr/seen" {
			t.Fatalf("DefaultDir = %q", d)
		}
	default:
		if d != "/home/p/.local/state/phr/seen" {
			t.Fatalf("DefaultDir = %q", d)
		}
		env["XDG_STATE_HOME"] = "/state"
		if d, _ := DefaultDir(get); d != "/state/phr/seen" {
			t.Fatalf("with XDG_STATE_HOME: %q", d)
		}
		env["XDG_STATE_HOME"], env["HOME"] = "", ""
		if _, err := DefaultDir(get); err == nil {
			t.Fatal("no home, no error")
		}
	}
}
