package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZDebug(t *testing.T) {
	files, _ := filepath.Glob("/work/shared/fixtures/*/*")
	for _, f := range files {
		fh, _ := os.Open(f)
		res, err := Read(fh, filepath.Base(f), time.Now())
		fh.Close()
		if err != nil {
			fmt.Println(f, "ERR", err)
			continue
		}
		counts := map[string]int{}
		sens := 0
		for _, it := range res.Items {
			counts[string(it.Entry.Category)]++
			if len(it.Entry.Sensitive) > 0 {
				sens++
			}
		}
		fmt.Println(filepath.Base(f), counts, "unmapped", res.Unmapped, "sens", sens, "profile", res.Profile)
	}
}
