package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/phrhealth/phr/internal/atomicfile/faultfs"
)

// faultVault makes a vault with three backups whose writer goes through a
// faultFS.
func faultVault(t *testing.T) (*Vault, *faultfs.FS, string) {
	t.Helper()
	ffs := &faultfs.FS{}
	opts := testOpts()
	opts.FS = ffs
	v, dir := newTestVault(t, []byte("v0"), opts)
	for i := 1; i <= 3; i++ {
		if err := v.WriteRecord([]byte(fmt.Sprintf("v%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	return v, ffs, dir
}

// TestSaveFaults fails every step of a save with every common error: the
// vault stays byte-identical, the error says what failed, nothing is renamed
// after a failed write, fsync or close, and a retry succeeds.
func TestSaveFaults(t *testing.T) {
	steps := []struct {
		op   string
		want string // words the error must hold
	}{
		{"create", "create a temporary file"},
		{"write", "write the temporary file"},
		{"shortwrite", "short write"},
		{"corrupt", "check the temporary file"},
		{"fsync", "fsync the temporary file"},
		{"close", "close the temporary file"},
		{"open", "check the temporary file"},
		{"link", "rotate backups"},
		{"syncdir", "rotate backups: sync the folder"},
		{"rename", "rotate backups"},
	}
	errnos := []syscall.Errno{syscall.EIO, syscall.ENOSPC, syscall.EDQUOT, syscall.EACCES, syscall.EROFS}
	for _, step := range steps {
		for _, errno := range errnos {
			if (step.op == "shortwrite" || step.op == "corrupt") && errno != syscall.EIO {
				continue // these lie without an error
			}
			t.Run(step.op+"/"+errnoName(errno), func(t *testing.T) {
				t.Parallel()
				v, ffs, dir := faultVault(t)
				before := snapshot(t, dir)
				ffs.Arm(step.op, 1, errno)
				err := v.WriteRecord([]byte("v4 edited"))
				if err == nil {
					t.Fatalf("save succeeded with %s failing", step.op)
				}
				mustContain(t, err, "save vault", step.want, "record.age was not changed")
				if step.op != "shortwrite" && step.op != "corrupt" {
					mustContain(t, err, errno.Error())
					if !errors.Is(err, errno) {
						t.Errorf("error does not wrap %v", errno)
					}
				}
				sameSnapshot(t, before, snapshot(t, dir))
				failed := false
				for _, e := range ffs.Entries() {
					if strings.HasPrefix(e, "FAIL ") {
						failed = true
					}
					if failed && strings.HasPrefix(e, "rename") {
						t.Errorf("renamed after a failure: %v", ffs.Entries())
					}
				}
				if !failed {
					t.Fatalf("the fault was never hit: %v", ffs.Entries())
				}
				ffs.Disarm()
				if err := v.WriteRecord([]byte("v4 edited")); err != nil {
					t.Fatalf("retry: %v", err)
				}
				if got := readBack(t, dir); string(got) != "v4 edited" {
					t.Fatalf("after retry read %q", got)
				}
				v.bg.Wait() // a save removes the backup it pushed out after it returns
				if tmp := tempFiles(t, dir); len(tmp) != 0 {
					t.Fatalf("temporary files left: %v", tmp)
				}
			})
		}
	}
}

// TestSaveFaultsLate fails the steps after the backups have rotated: the
// rename over record.age and the final folder sync.
func TestSaveFaultsLate(t *testing.T) {
	t.Run("rename over record.age", func(t *testing.T) {
		v, ffs, dir := faultVault(t)
		old, _ := os.ReadFile(filepath.Join(dir, "record.age"))
		ffs.Arm("rename", 4, syscall.EIO) // three backup renames, then record.age
		err := v.WriteRecord([]byte("v4"))
		mustContain(t, err, "put the new record.age in place", "input/output error", "record.age was not changed")
		now, _ := os.ReadFile(filepath.Join(dir, "record.age"))
		if !bytes.Equal(old, now) {
			t.Fatal("record.age changed")
		}
		for _, n := range v.Backups() {
			ct, _ := os.ReadFile(filepath.Join(dir, backupName(n)))
			if _, err := decryptAll(ct, v.id); err != nil {
				t.Fatalf("record.age.%d unreadable: %v", n, err)
			}
		}
		v.bg.Wait() // a save removes the backup it pushed out after it returns
		if tmp := tempFiles(t, dir); len(tmp) != 0 {
			t.Fatalf("temporary files left: %v", tmp)
		}
		ffs.Disarm()
		if err := v.WriteRecord([]byte("v4")); err != nil {
			t.Fatalf("retry: %v", err)
		}
		if got := readBack(t, dir); string(got) != "v4" {
			t.Fatalf("read %q", got)
		}
	})
	t.Run("final folder sync", func(t *testing.T) {
		v, ffs, dir := faultVault(t)
		ffs.Arm("syncdir", 2, syscall.EIO)
		err := v.WriteRecord([]byte("v4"))
		mustContain(t, err, "may not survive a crash", "input/output error")
		if got := readBack(t, dir); string(got) != "v4" && string(got) != "v3" {
			t.Fatalf("read %q", got)
		}
		ffs.Disarm()
		if err := v.WriteRecord([]byte("v5")); err != nil {
			t.Fatalf("retry: %v", err)
		}
		if got := readBack(t, dir); string(got) != "v5" {
			t.Fatalf("read %q", got)
		}
	})
}

// TestSaveOrder checks the order of a save's durable steps: fsync of the
// temporary file, its check, the rotation, the rename, the folder sync.
func TestSaveOrder(t *testing.T) {
	v, ffs, _ := faultVault(t)
	ffs.Arm("", 0, nil)
	if err := v.WriteRecord([]byte("v4")); err != nil {
		t.Fatal(err)
	}
	var seq []string
	for _, e := range ffs.Entries() {
		op, detail, _ := strings.Cut(e, " ")
		switch op {
		case "fsync", "syncdir", "link":
			seq = append(seq, op)
		case "rename":
			if strings.HasSuffix(detail, "-> record.age") {
				seq = append(seq, "rename record.age")
			} else {
				seq = append(seq, "rename backup")
			}
		}
	}
	// The fourth link keeps the oldest backup's file alive through the
	// renames (see rotateBackups); it is removed after the save returns.
	want := "fsync link link link link syncdir rename backup rename backup rename backup rename record.age syncdir"
	if got := strings.Join(seq, " "); got != want {
		t.Fatalf("save steps:\n got %s\nwant %s", got, want)
	}
}

func TestAttachmentFaults(t *testing.T) {
	for _, op := range []string{"create", "write", "fsync", "close", "rename", "corrupt"} {
		t.Run(op, func(t *testing.T) {
			v, ffs, dir := faultVault(t)
			before := snapshot(t, dir)
			ffs.Arm(op, 1, syscall.ENOSPC)
			_, _, _, err := v.PutAttachment(strings.NewReader(strings.Repeat("scan ", 50000)))
			mustContain(t, err, "store attachment")
			sameSnapshot(t, before, snapshot(t, dir))
			ffs.Disarm()
			id, _, _, err := v.PutAttachment(strings.NewReader("scan"))
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			if ids, _ := v.AttachmentIDs(); len(ids) != 1 || ids[0] != id {
				t.Fatalf("ids %v, want [%s]", ids, id)
			}
		})
	}
}

func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which ignores folder permissions; EACCES and EROFS are covered by TestSaveFaults")
	}
	v, dir := newTestVault(t, []byte("x"), testOpts())
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	err := v.WriteRecord([]byte("y"))
	mustContain(t, err, "permission denied", "read-only", "record.age was not changed")
	v.Close()
	_, err = Create(filepath.Join(dir, "sub"), testPass, nil, testOpts())
	mustContain(t, err, "permission denied")
}

func errnoName(e syscall.Errno) string {
	switch e {
	case syscall.EIO:
		return "EIO"
	case syscall.ENOSPC:
		return "ENOSPC"
	case syscall.EDQUOT:
		return "EDQUOT"
	case syscall.EACCES:
		return "EACCES"
	case syscall.EROFS:
		return "EROFS"
	}
	return fmt.Sprint(int(e))
}
