//go:build !linux

package app

import "os"

// inMemory is false where phr cannot tell a memory-backed folder: the
// interface then offers only to save a copy.
func inMemory(string) bool { return false }

func ownedByMe(os.FileInfo) bool { return false }

// processRuns is true where phr cannot tell: nothing is swept.
func processRuns(int) bool { return true }
