// Package e2e holds end-to-end tests that build the real phr binary and try
// hard to break its promises: SIGKILL at random moments during saves, many
// writers at once. They run under PHR_E2E=1 (as .ci/run sets) or when asked
// for with the flags in each test; otherwise they skip with a message.
package e2e
