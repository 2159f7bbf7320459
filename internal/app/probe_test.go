package app

import "testing"

func TestProbeLifetime(t *testing.T) {
	bv := buildLifetimeVault(t)
	t.Log(bv)
}
