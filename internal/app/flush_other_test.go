//go:build !unix

package app

// flushDisks does nothing where there is no sync(2).
func flushDisks() {}

// settleMachine does nothing where there is no sync(2).
func settleMachine() {}
