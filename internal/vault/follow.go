package vault

import (
	"errors"
	"io"
	"sync"
)

// written tracks a temporary file while it is being written, so that its
// check can read it back as it grows instead of after the last byte: on two
// cores the record's decrypt-and-compare then runs beside its encryption.
type written struct {
	mu   sync.Mutex
	cond *sync.Cond
	n    int64 // bytes the file's writes have taken so far
	done bool
	sum  [32]byte // the fill's hash, once done
	err  error    // the fill's error, once done
}

// errFillFailed ends a check that was reading a file whose writing failed.
var errFillFailed = errors.New("the file could not be written")

func newWritten() *written {
	w := &written{}
	w.cond = sync.NewCond(&w.mu)
	return w
}

// counter returns a writer to dst that adds every byte dst takes to w.
func (w *written) counter(dst io.Writer) io.Writer { return writtenCounter{dst, w} }

type writtenCounter struct {
	dst io.Writer
	w   *written
}

func (c writtenCounter) Write(p []byte) (int, error) {
	n, err := c.dst.Write(p)
	if n > 0 {
		c.w.mu.Lock()
		c.w.n += int64(n)
		c.w.mu.Unlock()
		c.w.cond.Broadcast()
	}
	return n, err
}

// finish records the end of the writing, with the fill's hash and error.
func (w *written) finish(sum [32]byte, err error) {
	w.mu.Lock()
	w.done, w.sum, w.err = true, sum, err
	w.mu.Unlock()
	w.cond.Broadcast()
}

// wait waits for the end of the writing and returns the fill's hash, or
// errFillFailed.
func (w *written) wait() ([32]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for !w.done {
		w.cond.Wait()
	}
	if w.err != nil {
		return [32]byte{}, errFillFailed
	}
	return w.sum, nil
}

// waitSize waits for the end of the writing and returns how many bytes the
// file took, or errFillFailed.
func (w *written) waitSize() (int64, error) {
	if _, err := w.wait(); err != nil {
		return 0, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n, nil
}

// waitFor waits until the file's writes have taken end bytes or the
// writing has ended, and returns how many they have taken and whether the
// writing has ended; errFillFailed if it failed.
func (w *written) waitFor(end int64) (n int64, done bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.n < end && !w.done {
		w.cond.Wait()
	}
	if w.err != nil {
		return w.n, true, errFillFailed
	}
	return w.n, w.done, nil
}

// follow returns a reader of the file through ra that reads only bytes
// whose write has returned, waits while the writing goes on, ends with
// io.EOF where a finished file ends and with errFillFailed if the writing
// failed. A file that gives back fewer bytes than were written to it ends
// with io.ErrUnexpectedEOF.
func (w *written) follow(ra io.ReaderAt) io.Reader { return &follower{w: w, ra: ra} }

type follower struct {
	w   *written
	ra  io.ReaderAt
	off int64
}

func (f *follower) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	w := f.w
	w.mu.Lock()
	for f.off >= w.n && !w.done {
		w.cond.Wait()
	}
	avail, done, failed := w.n-f.off, w.done, w.err != nil
	w.mu.Unlock()
	if failed {
		return 0, errFillFailed
	}
	if avail <= 0 && done {
		return 0, io.EOF
	}
	want := min(int64(len(p)), avail)
	n, err := f.ra.ReadAt(p[:want], f.off)
	f.off += int64(n)
	if int64(n) == want {
		return n, nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return n, err
}
