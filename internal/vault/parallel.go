package vault

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"runtime"
	"sync"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// This file holds the parts of reading and saving that use more than one
// core. The age format encrypts in independent 64 KiB chunks, each with its
// own authentication tag, so age.DecryptReaderAt can decrypt (and
// authenticate) different chunks on different cores; encryption itself stays
// age.Encrypt's, on one goroutine, while other goroutines write and hash what
// it produces. The result is byte for byte what the sequential code made: a
// plain age file that `age -d` reads.

// ageChunk is the plaintext size of one age payload chunk.
const ageChunk = 64 << 10

// parallelChunks splits [0, size) into one range per core (at most), each
// a whole number of age chunks except the last, calls fn for every range
// on its own goroutine and returns the first error.
func parallelChunks(size int64, fn func(lo, hi int64) error) error {
	workers := int64(runtime.GOMAXPROCS(0))
	chunks := (size + ageChunk - 1) / ageChunk
	// Below about 16 chunks (1 MiB) a second goroutine costs more than it saves.
	workers = max(1, min(workers, chunks/16))
	per := (chunks + workers - 1) / workers * ageChunk
	errc := make(chan error, workers)
	var wg sync.WaitGroup
	for lo := int64(0); lo < size || lo == 0; lo += per {
		hi := min(lo+per, size)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fn(lo, hi); err != nil {
				errc <- err
			}
		}()
		if hi >= size {
			break
		}
	}
	wg.Wait()
	close(errc)
	return <-errc // nil when the channel is empty
}

// readFullAt reads exactly len(p) bytes at off; an io.EOF that comes with
// all of them is not an error (io.ReaderAt allows it at the end).
func readFullAt(r io.ReaderAt, p []byte, off int64) error {
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// isArmored reports whether an age file starts with the armor header (after
// whitespace, as OpenFile accepts it).
func isArmored(start []byte) bool {
	if len(start) > maxArmorWhitespace+len(armor.Header) {
		start = start[:maxArmorWhitespace+len(armor.Header)]
	}
	return bytes.HasPrefix(bytes.TrimSpace(start), []byte(armor.Header))
}

// decryptInPlace authenticates and decrypts the age file ct into ct itself
// and returns the plaintext (a prefix of ct) and the file's fingerprint
// (taken first, from the header, nonce and chunk tags), so that opening a
// record needs one buffer of its size, not two. A plaintext chunk never
// lands beyond the ciphertext chunk it comes from (the plaintext is shorter
// by the header and 16 bytes a chunk), so every chunk is read before it is
// overwritten. Armored input is decrypted into a new buffer by decryptAll.
// On any error no plaintext is returned and ct is zeroed.
func decryptInPlace(ct []byte, id age.Identity) ([]byte, [32]byte, error) {
	sum := fingerprint(ct)
	if isArmored(ct) {
		plain, err := decryptAll(ct, id)
		return plain, sum, err
	}
	// DecryptReaderAt reads the header and authenticates the final chunk
	// before anything is written.
	r, size, err := age.DecryptReaderAt(bytes.NewReader(ct), int64(len(ct)), cappedIdentity{id})
	if err != nil {
		return nil, sum, err
	}
	if size > int64(len(ct)) {
		return nil, sum, errors.New("plaintext longer than its ciphertext")
	}
	if err := readFullAt(r, ct[:size], 0); err != nil {
		clear(ct)
		return nil, [32]byte{}, err
	}
	return ct[:size:size], sum, nil
}

// statReaderAt is what an opened file offers for a parallel check: os.File
// has both methods.
type statReaderAt interface {
	io.ReaderAt
	Stat() (fs.FileInfo, error)
}

// verifyParallel decrypts the whole age file f (authenticating every chunk,
// the header and the final-chunk marker) on every core and compares it with
// want. Files that cannot be read at an offset go through compareStream.
func verifyParallel(f io.Reader, want []byte, id age.Identity) error {
	ra, ok := f.(statReaderAt)
	if !ok {
		r, err := OpenFile(f, id)
		if err != nil {
			return err
		}
		return compareStream(r, want)
	}
	st, err := ra.Stat()
	if err != nil {
		return err
	}
	return verifyFrom(ra, st.Size(), want, 0, id)
}

// verifyFrom decrypts the age file of size bytes read through ra with
// age.DecryptReaderAt (which authenticates the header, the final chunk and
// its end marker first) and compares its plaintext from offset from (a
// multiple of the chunk size) to the end with want, on every core.
func verifyFrom(ra io.ReaderAt, size int64, want []byte, from int64, id age.Identity) error {
	r, plainSize, err := age.DecryptReaderAt(ra, size, cappedIdentity{id})
	if err != nil {
		return err
	}
	if plainSize != int64(len(want)) {
		return errMismatch
	}
	return parallelChunks(plainSize-from, func(lo, hi int64) error {
		lo, hi = lo+from, hi+from
		buf := make([]byte, min(hi-lo, 1<<20))
		defer clear(buf)
		for off := lo; off < hi; {
			n := min(int64(len(buf)), hi-off)
			if err := readFullAt(r, buf[:n], off); err != nil {
				return err
			}
			if !bytes.Equal(buf[:n], want[off:off+n]) {
				return errMismatch
			}
			off += n
		}
		return nil
	})
}

// Sizes of the buffers between the encrypting goroutine and the one that
// writes: small enough that the pipeline fills and drains quickly, enough
// of them that neither waits on the other for long.
const (
	pipeBufSize = 256 << 10
	pipeDepth   = 8
)

// pipeline is an io.Writer that copies what age.Encrypt writes into
// buffers and hands them to a goroutine that writes each to the file; the
// buffer then comes back for reuse.
// Write never fails; the first error of the file's Write is returned by
// finish, after everything was handed on.
type pipeline struct {
	free, toWrite chan []byte
	made          int
	cur           []byte
	done          chan struct{}
	werr          error // set by the writing goroutine before done closes
}

// newPipeline starts the writing goroutine for dst.
func newPipeline(dst io.Writer) *pipeline {
	p := &pipeline{
		free:    make(chan []byte, pipeDepth),
		toWrite: make(chan []byte, pipeDepth),
		done:    make(chan struct{}),
	}
	go func() {
		for b := range p.toWrite {
			if p.werr == nil {
				_, p.werr = dst.Write(b)
			}
			p.free <- b[:0]
		}
		close(p.done)
	}()
	return p
}

// buffer returns an empty buffer, making a new one while fewer than
// pipeDepth exist, else waiting for one to come back.
func (p *pipeline) buffer() []byte {
	select {
	case b := <-p.free:
		return b
	default:
	}
	if p.made < pipeDepth {
		p.made++
		return make([]byte, 0, pipeBufSize)
	}
	return <-p.free
}

// Write copies b into the pipeline.
func (p *pipeline) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		if p.cur == nil {
			p.cur = p.buffer()
		}
		k := copy(p.cur[len(p.cur):cap(p.cur)], b)
		p.cur = p.cur[:len(p.cur)+k]
		b = b[k:]
		if len(p.cur) == cap(p.cur) {
			p.toWrite <- p.cur
			p.cur = nil
		}
	}
	return n, nil
}

// finish hands on the last buffer, waits for the goroutine and returns the
// file's first write error.
func (p *pipeline) finish() error {
	if len(p.cur) > 0 {
		p.toWrite <- p.cur
		p.cur = nil
	}
	close(p.toWrite)
	<-p.done
	return p.werr
}

// encryptPipelined encrypts plain to r into dst through a pipeline, so that
// on two cores the encryption overlaps the write system calls.
func encryptPipelined(dst io.Writer, plain []byte, r age.Recipient) error {
	p := newPipeline(dst)
	err := encryptTo(p, plain, r)
	if werr := p.finish(); err == nil {
		err = werr
	}
	return err
}
