// Package paths finds files that live beside the repository (assets set up
// by scripts/setup.sh, shared data) from wherever a program or notebook runs.
package paths

import (
	"os"
	"path/filepath"
)

// FindUp looks for each relative path in $GONB_DIR (the notebook's folder)
// and in the working directory, then in their parents, and returns the
// first that exists.
func FindUp(rels ...string) (string, bool) {
	var starts []string
	if d := os.Getenv("GONB_DIR"); d != "" {
		starts = append(starts, d)
	}
	if d, err := os.Getwd(); err == nil {
		starts = append(starts, d)
	}
	for _, d := range starts {
		for dir := d; ; dir = filepath.Dir(dir) {
			for _, rel := range rels {
				p := filepath.Join(dir, rel)
				if _, err := os.Stat(p); err == nil {
					return p, true
				}
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return "", false
}
