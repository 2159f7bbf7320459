package atomicfile

import (
	"io"

	"golang.org/x/sys/unix"
)

// writebackStep is how many bytes are written between two requests to the
// kernel to start writing them to disk.
const writebackStep = 4 << 20

// startWriteback returns a writer to w, which writes to f, that asks the
// kernel every writebackStep bytes to start writing the pages just written
// to disk (sync_file_range with SYNC_FILE_RANGE_WRITE, which does not wait
// for them). The disk then works while the rest of the record is encrypted,
// and the fsync that follows has less left to wait for. It is only a hint:
// durability still comes from that fsync, and a failed request is ignored
// (the fsync reports any error of the writes). A File without a descriptor
// (the tests' fault-injecting files) gets w unchanged.
func startWriteback(f any, w io.Writer) io.Writer {
	d, ok := f.(interface{ Fd() uintptr })
	if !ok {
		return w
	}
	return &writeback{w: w, fd: int(d.Fd())}
}

// writeback is startWriteback's writer.
type writeback struct {
	w                io.Writer
	fd               int
	written, started int64
	requests         int // how many ranges were handed to the kernel, for tests
}

func (wb *writeback) Write(p []byte) (int, error) {
	n, err := wb.w.Write(p)
	wb.written += int64(n)
	if wb.written-wb.started >= writebackStep {
		_ = unix.SyncFileRange(wb.fd, wb.started, wb.written-wb.started, unix.SYNC_FILE_RANGE_WRITE)
		wb.started = wb.written
		wb.requests++
	}
	return n, err
}
