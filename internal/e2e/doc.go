// Package e2e holds end-to-end tests that build the real phr binary and try
// hard to break its promises: SIGKILL, SIGTERM and ctrl+c at random moments
// during saves (commands and the interface in tmux), many writers at once,
// a real full disk, an older copy put in place mid-command, the fsync and
// rename order under strace, wrong passphrases, secrets in output, file
// modes. They run under PHR_E2E=1 (as .ci/run sets) or with -phr.long (or
// -phr.kills N); otherwise they skip with a message.
//
// The long crash run: PHR_CRASH_KILLS=2000 go test -timeout 60m ./internal/e2e
package e2e
