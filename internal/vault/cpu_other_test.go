//go:build !unix

package vault

import (
	"testing"
	"time"
)

// processCPU is not measured here.
func processCPU(testing.TB) time.Duration { return 0 }
