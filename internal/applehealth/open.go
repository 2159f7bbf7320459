package applehealth

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Export is an opened Apple Health export: its export.xml and the FHIR
// files of clinical-records/ (Health Records downloaded from providers).
// export_cda.xml is left alone: it repeats export.xml's samples as C-CDA.
type Export struct {
	// Name names the export for messages: "export.zip", "export.xml".
	Name string
	// XMLName names export.xml within it: "export.zip:
	// apple_health_export/export.xml", or the file's own name.
	XMLName string
	// Size is export.xml's size in bytes (uncompressed), for progress.
	Size     int64
	openXML  func() (io.ReadCloser, error)
	Clinical []ClinicalFile
	closer   io.Closer
}

// ClinicalFile is one file of clinical-records/.
type ClinicalFile struct {
	// Name is its path in the export, "clinical-records/Condition-1.json".
	Name string
	open func() (io.ReadCloser, error)
}

// Open opens the clinical record's file.
func (c ClinicalFile) Open() (io.ReadCloser, error) { return c.open() }

// OpenXML opens export.xml to be read once.
func (e *Export) OpenXML() (io.ReadCloser, error) { return e.openXML() }

// Close closes the export (its zip file).
func (e *Export) Close() error {
	if e.closer != nil {
		return e.closer.Close()
	}
	return nil
}

// LooksLikeExport reports an XML head whose root element (or doctype) is
// HealthData: an export.xml.
func LooksLikeExport(head []byte) bool {
	h := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for {
		h = bytes.TrimLeft(h, " \t\r\n")
		switch {
		case bytes.HasPrefix(h, []byte("<?")):
			i := bytes.Index(h, []byte("?>"))
			if i < 0 {
				return false
			}
			h = h[i+2:]
		case bytes.HasPrefix(h, []byte("<!--")):
			i := bytes.Index(h, []byte("-->"))
			if i < 0 {
				return false
			}
			h = h[i+3:]
		case bytes.HasPrefix(h, []byte("<!DOCTYPE")):
			return bytes.HasPrefix(bytes.TrimLeft(h[len("<!DOCTYPE"):], " \t\r\n"), []byte("HealthData"))
		default:
			return bytes.HasPrefix(h, []byte("<HealthData")) && len(h) > len("<HealthData") &&
				strings.ContainsRune(" \t\r\n>/", rune(h[len("<HealthData")]))
		}
	}
}

// zipMagic starts every zip file.
var zipMagic = []byte("PK\x03\x04")

// Detect reports whether path is an Apple Health export, by content: a
// zip holding an export.xml, a folder holding export.xml (or
// apple_health_export/export.xml), or an XML file whose root is
// HealthData. It reads only the start of a regular file, and never opens
// a pipe or a device.
func Detect(p string) bool {
	fi, err := os.Stat(p)
	if err != nil {
		return false
	}
	if fi.IsDir() {
		_, err := folderXML(p)
		return err == nil
	}
	if !fi.Mode().IsRegular() {
		// A pipe or a device can be read only once: opening it here would
		// take what the importer must read (or wait for a writer that
		// already left). An export is a file or a folder.
		return false
	}
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 8<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if bytes.HasPrefix(head, zipMagic) {
		zr, err := zip.NewReader(f, fi.Size())
		if err != nil {
			// A zip cut short: Open says so; call it an export when its
			// first file is one of an export's.
			return bytes.Contains(head[:min(len(head), 200)], []byte("apple_health_export/"))
		}
		return zipXML(zr) != nil
	}
	return LooksLikeExport(head)
}

func folderXML(dir string) (string, error) {
	for _, p := range []string{filepath.Join(dir, "export.xml"), filepath.Join(dir, "apple_health_export", "export.xml")} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: the folder holds no export.xml", filepath.Base(dir))
}

func zipXML(zr *zip.Reader) *zip.File {
	var best *zip.File
	for _, f := range zr.File {
		if path.Base(f.Name) != "export.xml" {
			continue
		}
		if best == nil || strings.Count(f.Name, "/") < strings.Count(best.Name, "/") {
			best = f
		}
	}
	return best
}

// Open opens an Apple Health export: an export.zip, the folder it unzips
// to, or export.xml alone.
func Open(p string) (*Export, error) {
	name := filepath.Base(p)
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		x, err := folderXML(p)
		if err != nil {
			return nil, err
		}
		e, err := openFile(x, name+"/"+relName(p, x))
		if err != nil {
			return nil, err
		}
		e.Name = name
		dir := filepath.Join(filepath.Dir(x), "clinical-records")
		ents, _ := os.ReadDir(dir)
		for _, d := range ents {
			if d.Type().IsRegular() && strings.HasSuffix(strings.ToLower(d.Name()), ".json") {
				fp := filepath.Join(dir, d.Name())
				e.Clinical = append(e.Clinical, ClinicalFile{Name: "clinical-records/" + d.Name(), open: func() (io.ReadCloser, error) { return os.Open(fp) }})
			}
		}
		return e, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if n == 4 && bytes.Equal(head, zipMagic) {
		zr, err := zip.NewReader(f, fi.Size())
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: the zip file is damaged or cut short (%v): export it again from the Health app", name, err)
		}
		x := zipXML(zr)
		if x == nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w (the zip holds no export.xml)", name, ErrNotExport)
		}
		e := &Export{Name: name, XMLName: name + ": " + x.Name, Size: int64(x.UncompressedSize64), closer: f,
			openXML: func() (io.ReadCloser, error) {
				rc, err := x.Open()
				if err != nil {
					return nil, fmt.Errorf("%s: %s: %w", name, x.Name, err)
				}
				return &zipErrReader{rc: rc, name: name + ": " + x.Name}, nil
			}}
		dir := path.Join(path.Dir(x.Name), "clinical-records") + "/"
		var files []*zip.File
		for _, zf := range zr.File {
			if strings.HasPrefix(zf.Name, dir) && strings.HasSuffix(strings.ToLower(zf.Name), ".json") {
				files = append(files, zf)
			}
		}
		sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
		for _, zf := range files {
			e.Clinical = append(e.Clinical, ClinicalFile{Name: strings.TrimPrefix(zf.Name, path.Dir(x.Name)+"/"), open: zf.Open})
		}
		return e, nil
	}
	f.Close()
	return openFile(p, name)
}

// FromStream is an export.xml read from a stream that can be read only
// once (stdin, a pipe): its Size is unknown (0), it has no
// clinical-records/, and OpenXML gives the stream the first time only.
// The caller tells it by its head (LooksLikeExport) and hands on the
// reader it peeked with, so nothing is read twice or held.
func FromStream(r io.Reader, name string) *Export {
	used := false
	return &Export{Name: name, XMLName: name, openXML: func() (io.ReadCloser, error) {
		if used {
			return nil, fmt.Errorf("%s: a stream is read only once", name)
		}
		used = true
		return io.NopCloser(r), nil
	}}
}

// IsZip reports a head that starts as every zip file does.
func IsZip(head []byte) bool { return bytes.HasPrefix(head, zipMagic) }

func relName(dir, p string) string {
	r, err := filepath.Rel(dir, p)
	if err != nil {
		return filepath.Base(p)
	}
	return filepath.ToSlash(r)
}

func openFile(p, name string) (*Export, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	return &Export{Name: name, XMLName: name, Size: fi.Size(), openXML: func() (io.ReadCloser, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		return struct {
			io.Reader
			io.Closer
		}{bufio.NewReaderSize(f, 1<<20), f}, nil
	}}, nil
}

// zipErrReader says that a read error inside a zip is a damaged zip.
type zipErrReader struct {
	rc   io.ReadCloser
	name string
}

func (z *zipErrReader) Read(p []byte) (int, error) {
	n, err := z.rc.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, &DamagedError{Msg: fmt.Sprintf("%s: the zip file is damaged or cut short (%v): export it again from the Health app", z.name, err)}
	}
	return n, err
}

func (z *zipErrReader) Close() error { return z.rc.Close() }

// DamagedError is a zip that could not be read to its end.
type DamagedError struct{ Msg string }

func (e *DamagedError) Error() string { return e.Msg }
