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
