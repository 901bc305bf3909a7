package dca

import (
	"os"
	"path/filepath"

	"github.com/plmlab/plmlab/data"
)

// WithInput sets c's alignment and structure: the given files if
// alignment is not empty; else plmc's DHFR example when it is in the data
// folder (focus DYR_ECOLI); else a synthetic alignment of 60 columns with
// 30 known contacts (data.DemoAlignment, focus DEMO) written to a scratch
// folder under the system's temporary directory.
func WithInput(c Config, alignment, structure string, seed uint64) (Config, error) {
	if alignment != "" {
		c.Alignment, c.Structure = alignment, structure
		return c, nil
	}
	if p, err := data.DHFRAlignment.Find(); err == nil {
		c.Alignment, c.Structure, c.Focus = p, "", "DYR_ECOLI"
		return c, nil
	}
	dir := filepath.Join(os.TempDir(), "plmlab-demo")
	ali, st, err := data.DemoAlignment(dir, 60, 2000, 30, seed)
	if err != nil {
		return c, err
	}
	c.Alignment, c.Structure, c.Focus = ali, st, "DEMO"
	return c, nil
}
