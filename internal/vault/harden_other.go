//go:build !linux

package vault

// HardenProcess does nothing on this platform; on Linux it turns off core
// dumps for the process.
func HardenProcess() error { return nil }
