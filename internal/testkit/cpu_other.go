//go:build !unix

package testkit

import (
	"testing"
	"time"
)

// ProcessCPU is not measured here: it returns 0.
func ProcessCPU(testing.TB) time.Duration { return 0 }
