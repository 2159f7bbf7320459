package importer

import (
	"fmt"
	"io"
	"time"
)

func readCCDA(r io.Reader, name string, now time.Time) (*Result, error) {
	return nil, fmt.Errorf("import %s: C-CDA not yet supported", name)
}
