package errs

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestMessagesAreNotRepeated(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		err  error
		want string
		kind Kind
	}{
		{New(Usage, "bad %q", "x"), `bad "x"`, Usage},
		{New(Busy, "save: %w", boom), "save: boom", Busy},
		{Wrap(Policy, boom), "boom", Policy},
		{fmt.Errorf("outer: %w", New(Extract, "inner")), "outer: inner", Extract},
		{boom, "boom", Failed},
	}
	for _, tt := range tests {
		if tt.err.Error() != tt.want {
			t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.want)
		}
		if KindOf(tt.err) != tt.kind {
			t.Errorf("KindOf(%v) = %v, want %v", tt.err, KindOf(tt.err), tt.kind)
		}
	}
	if !errors.Is(New(Busy, "save: %w", io.EOF), io.EOF) {
		t.Error("a wrapped error is not found by errors.Is")
	}
	if Wrap(Usage, nil) != nil {
		t.Error("Wrap(nil) is not nil")
	}
}

func TestItems(t *testing.T) {
	base := New(Policy, "2 entries are sensitive")
	err := fmt.Errorf("export: %w", WithItems(base, "a1", "b2"))
	if KindOf(err) != Policy || err.Error() != "export: 2 entries are sensitive" {
		t.Fatalf("kind %v, message %q", KindOf(err), err)
	}
	if got := ItemsOf(err); len(got) != 2 || got[0] != "a1" || got[1] != "b2" {
		t.Fatalf("items %q", got)
	}
	if ItemsOf(base) != nil || WithItems(nil, "x") != nil {
		t.Fatal("items where there are none")
	}
	if k := KindOf(WithItems(io.EOF, "x")); k != Failed {
		t.Fatalf("kind of a plain error with items = %v", k)
	}
	for k, want := range map[Kind]string{Failed: "failed", Usage: "usage", Unlock: "unlock", Policy: "policy", Extract: "extract", Busy: "busy"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q", k, k.String())
		}
	}
}
