package unlock

import (
	"strings"
	"testing"

	"github.com/phrhealth/phr/internal/app"
	"github.com/phrhealth/phr/internal/errs"
)

func TestDescribe(t *testing.T) {
	older := &errs.Error{Kind: errs.Busy, Msg: "record.age is older than the version phr last saw on this computer: run phr restore --keep-current", Err: app.ErrOlderCopy}
	tests := []struct {
		err  error
		want string
	}{
		{errs.New(errs.Unlock, "wrong passphrase"), "does not open this vault"},
		{errs.New(errs.Busy, "held by pid 42"), "already open for this record in another window"},
		{older, "phr restore --keep-current"},
	}
	for _, tt := range tests {
		if got := describe(tt.err); !strings.Contains(got, tt.want) {
			t.Errorf("describe(%v) = %q, want it to say %q", tt.err, got, tt.want)
		}
	}
}
