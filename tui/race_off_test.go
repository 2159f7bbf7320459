//go:build !race

package tui

// raceDetector is true under go test -race.
const raceDetector = false
